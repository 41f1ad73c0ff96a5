import { randomUUID } from 'node:crypto';
import { MEMORY_KINDS, Memory, MemoryInput, MemoryKind } from '../types';

export class InvalidMemoryError extends Error {}

/** Fields an export carries beyond the import format, so a restore brings memories back as they were. */
export interface RestorableMemoryInput extends MemoryInput {
  sources?: string[];
  accessCount?: number;
  lastAccess?: number;
  createdAt?: number;
  updatedAt?: number;
}

const KNOWN_FIELDS = new Set([
  'id', 'text', 'timestamp', 'source', 'sources', 'author', 'recipients', 'channel', 'thread', 'kind', 'meta',
  'project', 'file', 'symbol', 'importance', 'accessCount', 'lastAccess', 'createdAt', 'updatedAt',
]);

/**
 * Validates one record of the import format. Unknown fields are kept under `meta` rather than dropped,
 * so nothing a user hands Twin is silently lost.
 */
export function parseMemoryRecord(value: unknown): RestorableMemoryInput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidMemoryError('expected a JSON object like {"text": "…"}');
  }
  const record = value as Record<string, unknown>;
  if (typeof record.text !== 'string') throw new InvalidMemoryError('"text" is missing or not a string');
  if (record.text.trim() === '') throw new InvalidMemoryError('"text" is empty');
  const optionalString = (field: string): string | undefined => {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) return undefined;
    if (typeof fieldValue !== 'string') throw new InvalidMemoryError(`"${field}" must be a string`);
    return fieldValue.trim() === '' ? undefined : fieldValue;
  };
  const optionalNumber = (field: string): number | undefined => {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) return undefined;
    if (typeof fieldValue !== 'number' || !Number.isFinite(fieldValue)) throw new InvalidMemoryError(`"${field}" must be a number`);
    return fieldValue;
  };
  const stringList = (field: string): string[] | undefined => {
    const fieldValue = record[field];
    if (fieldValue === undefined || fieldValue === null) return undefined;
    if (typeof fieldValue === 'string') return fieldValue.trim() ? [fieldValue] : [];
    if (!Array.isArray(fieldValue) || fieldValue.some((item) => typeof item !== 'string')) {
      throw new InvalidMemoryError(`"${field}" must be a string or an array of strings`);
    }
    return fieldValue as string[];
  };
  const kind = optionalString('kind');
  if (kind !== undefined && !MEMORY_KINDS.includes(kind as MemoryKind)) {
    throw new InvalidMemoryError(`"kind" must be one of ${MEMORY_KINDS.join(', ')} (got "${kind}")`);
  }
  let meta: Record<string, unknown> | undefined;
  if (record.meta !== undefined && record.meta !== null) {
    if (typeof record.meta !== 'object' || Array.isArray(record.meta)) throw new InvalidMemoryError('"meta" must be an object');
    meta = { ...(record.meta as Record<string, unknown>) };
  }
  for (const [field, fieldValue] of Object.entries(record)) {
    if (!KNOWN_FIELDS.has(field)) (meta ??= {})[field] = fieldValue;
  }
  const importance = optionalNumber('importance');
  if (importance !== undefined && (importance < 0 || importance > 1)) throw new InvalidMemoryError('"importance" must be between 0 and 1');
  const id = record.id === undefined || record.id === null ? undefined : String(record.id);
  if (id !== undefined && id.trim() === '') throw new InvalidMemoryError('"id" is empty');
  return {
    id,
    text: record.text,
    timestamp: record.timestamp === undefined || record.timestamp === null ? undefined : parseTimestamp(record.timestamp),
    source: optionalString('source'),
    sources: stringList('sources'),
    author: optionalString('author'),
    recipients: stringList('recipients'),
    channel: optionalString('channel'),
    thread: optionalString('thread'),
    project: optionalString('project'),
    file: optionalString('file'),
    symbol: optionalString('symbol'),
    kind: kind as MemoryKind | undefined,
    importance,
    meta,
    accessCount: optionalNumber('accessCount'),
    lastAccess: optionalNumber('lastAccess'),
    createdAt: optionalNumber('createdAt'),
    updatedAt: optionalNumber('updatedAt'),
  };
}

/** ISO-8601 text or epoch milliseconds (a number, or digits in a string). */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InvalidMemoryError(`"timestamp" ${value} is not a valid epoch-ms time`);
    return Math.round(value);
  }
  if (typeof value === 'string') {
    if (/^\d+$/.test(value.trim())) return parseTimestamp(Number(value.trim()));
    const parsed = Date.parse(value);
    if (Number.isNaN(parsed)) throw new InvalidMemoryError(`"timestamp" "${value}" is neither ISO-8601 nor epoch milliseconds`);
    return parsed;
  }
  throw new InvalidMemoryError('"timestamp" must be an ISO-8601 string or epoch milliseconds');
}

/** Default kind by source: notes the user tells Twin are facts; everything observed is an episode. */
function defaultKind(source: string): MemoryKind {
  return source === 'note' ? 'semantic' : 'episodic';
}

/** Fills every default, giving the memory an id and times. `text` is used as given (redact before). */
export function materializeMemory(input: RestorableMemoryInput, now: number): Memory {
  const source = input.source ?? input.sources?.[0] ?? 'import';
  const sources = [...new Set([source, ...(input.sources ?? [])])];
  return {
    id: input.id ?? `m-${randomUUID()}`,
    text: input.text,
    kind: input.kind ?? defaultKind(source),
    source,
    sources,
    timestamp: input.timestamp ?? now,
    author: input.author,
    recipients: [...new Set(input.recipients ?? [])],
    channel: input.channel,
    thread: input.thread,
    project: input.project,
    file: input.file,
    symbol: input.symbol,
    importance: input.importance ?? (source === 'note' ? 0.8 : 0.5),
    accessCount: input.accessCount ?? 0,
    lastAccess: input.lastAccess,
    meta: input.meta ?? {},
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
  };
}
