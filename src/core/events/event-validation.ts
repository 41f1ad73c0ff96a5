/**
 * Events cross a process boundary; a malformed one must be refused with a reason, not half-stored.
 */
import type { TwinEvent } from '../protocol/events';

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isOptionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';

/** Why `value` is not a TwinEvent, or undefined when it is one. */
export function invalidEventReason(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'not an object';
  const event = value as Record<string, unknown>;
  if (!isString(event.id)) return '"id" must be a non-empty string';
  if (!isCount(event.start)) return '"start" must be epoch milliseconds';
  if (!isCount(event.duration)) return '"duration" must be a non-negative number of milliseconds';
  if (!isOptionalString(event.project)) return '"project" must be a string';
  switch (event.type) {
    case 'edit':
      if (!isString(event.file) || !isString(event.language)) return 'an edit needs "file" and "language"';
      for (const field of ['charsInserted', 'charsDeleted', 'changes', 'saves', 'undos', 'redos']) {
        if (!isCount(event[field])) return `an edit's "${field}" must be a non-negative number`;
      }
      if (!Array.isArray(event.symbols) || event.symbols.some((symbol) => typeof symbol !== 'string')) return `an edit's "symbols" must be an array of strings`;
      return undefined;
    case 'dwell':
      if (!isString(event.file) || !isString(event.language)) return 'a dwell needs "file" and "language"';
      return isOptionalString(event.symbol) ? undefined : '"symbol" must be a string';
    case 'jump':
      if (!isString(event.toFile) || !isString(event.kind)) return 'a jump needs "kind" and "toFile"';
      return ['fromFile', 'fromSymbol', 'toSymbol', 'language'].every((field) => isOptionalString(event[field])) ? undefined : 'a jump\'s optional fields must be strings';
    case 'commit':
      if (!isString(event.repository)) return 'a commit needs "repository" (the working tree path)';
      return isOptionalString(event.head) && isOptionalString(event.previousHead) ? undefined : '"head" and "previousHead" must be strings';
    default:
      return `unknown event type ${JSON.stringify(event.type)} (expected edit, dwell, jump or commit)`;
  }
}

export function isTwinEvent(value: unknown): value is TwinEvent {
  return invalidEventReason(value) === undefined;
}
