import type { CommitObservedEvent, DwellEvent, EditSessionEvent, JumpEvent } from '../../protocol/events';

export const T0 = Date.parse('2026-11-02T09:00:00Z');
export const MINUTE = 60_000;

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export function editEvent(overrides: Partial<EditSessionEvent> = {}): EditSessionEvent {
  return {
    id: nextId('edit'),
    type: 'edit',
    start: T0,
    duration: 2 * MINUTE,
    project: 'demo',
    file: 'src/config/loader.ts',
    language: 'typescript',
    charsInserted: 100,
    charsDeleted: 20,
    changes: 30,
    saves: 1,
    undos: 0,
    redos: 0,
    symbols: ['parseConfig'],
    ...overrides,
  };
}

export function dwellEvent(overrides: Partial<DwellEvent> = {}): DwellEvent {
  return {
    id: nextId('dwell'),
    type: 'dwell',
    start: T0,
    duration: 3 * MINUTE,
    project: 'demo',
    file: 'src/parser.ts',
    language: 'typescript',
    symbol: 'Parser.parse',
    ...overrides,
  };
}

export function jumpEvent(overrides: Partial<JumpEvent> = {}): JumpEvent {
  return {
    id: nextId('jump'),
    type: 'jump',
    start: T0,
    duration: 0,
    project: 'demo',
    kind: 'definition',
    fromFile: 'src/main.ts',
    fromSymbol: 'main',
    toFile: 'src/parser.ts',
    toSymbol: 'Parser.parse',
    language: 'typescript',
    ...overrides,
  };
}

export function commitEvent(repository: string, overrides: Partial<CommitObservedEvent> = {}): CommitObservedEvent {
  return { id: nextId('commit'), type: 'commit', start: T0, duration: 0, repository, ...overrides };
}
