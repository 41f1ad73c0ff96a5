/**
 * ActivityWatch-style heartbeat merging: an event of the same kind, file and symbol that starts within the
 * pulse window after the previous row ends (or overlaps it) extends that row instead of adding one, so an
 * hour of typing in one function is one row.
 */
import type { DwellEvent, EditSessionEvent, JumpEvent } from '../protocol/events';
import type { DwellRecord, EditRecord, HeartbeatRecord, JumpRecord } from './activity-record';
import { recordEnd } from './activity-record';

export type HeartbeatEvent = EditSessionEvent | DwellEvent | JumpEvent;

export const DEFAULT_PULSE_MS = 60_000;
/** A row stops absorbing events once it holds this many ids, so its data stays small. */
export const MAX_IDS_PER_ROW = 1000;

/** What must match for two events to merge: kind, place and (for jumps) where they came from. */
export function heartbeatKey(item: HeartbeatEvent | HeartbeatRecord): string {
  const parts: Array<string | undefined> = [item.type, item.project];
  if ('data' in item) {
    parts.push(item.file, item.symbol);
    if (item.type === 'jump') parts.push(item.data.kind, item.data.fromFile, item.data.fromSymbol);
  } else if (item.type === 'edit') {
    parts.push(item.file, item.symbols[0]);
  } else if (item.type === 'dwell') {
    parts.push(item.file, item.symbol);
  } else {
    parts.push(item.toFile, item.toSymbol, item.kind, item.fromFile, item.fromSymbol);
  }
  return parts.map((part) => part ?? '').join('\u0000');
}

export function recordFromEvent(event: HeartbeatEvent): HeartbeatRecord {
  const base = { id: event.id, start: event.start, duration: Math.max(0, event.duration), project: event.project };
  switch (event.type) {
    case 'edit':
      return {
        ...base,
        type: 'edit',
        file: event.file,
        language: event.language,
        symbol: event.symbols[0],
        data: {
          charsInserted: event.charsInserted,
          charsDeleted: event.charsDeleted,
          changes: event.changes,
          saves: event.saves,
          undos: event.undos,
          redos: event.redos,
          symbols: [...new Set(event.symbols)],
          ids: [event.id],
        },
      } satisfies EditRecord;
    case 'dwell':
      return { ...base, type: 'dwell', file: event.file, language: event.language, symbol: event.symbol, data: { ids: [event.id] } } satisfies DwellRecord;
    case 'jump':
      return {
        ...base,
        type: 'jump',
        file: event.toFile,
        language: event.language,
        symbol: event.toSymbol,
        data: { kind: event.kind, fromFile: event.fromFile, fromSymbol: event.fromSymbol, ids: [event.id] },
      } satisfies JumpRecord;
  }
}

/** Whether `event` continues `row`: same key, within the pulse window on either side, and room for its id. */
export function continues(row: HeartbeatRecord, event: HeartbeatEvent, pulseMs: number): boolean {
  if (row.data.ids.length >= MAX_IDS_PER_ROW) return false;
  const eventEnd = event.start + Math.max(0, event.duration);
  return event.start <= recordEnd(row) + pulseMs && eventEnd >= row.start - pulseMs;
}

/** `row` extended by `event` (a new object; the inputs are not changed). Assumes the keys match. */
export function absorb(row: HeartbeatRecord, event: HeartbeatEvent): HeartbeatRecord {
  const start = Math.min(row.start, event.start);
  const end = Math.max(recordEnd(row), event.start + Math.max(0, event.duration));
  const ids = [...row.data.ids, event.id];
  if (row.type === 'edit' && event.type === 'edit') {
    const data = row.data;
    return {
      ...row,
      start,
      duration: end - start,
      data: {
        charsInserted: data.charsInserted + event.charsInserted,
        charsDeleted: data.charsDeleted + event.charsDeleted,
        changes: data.changes + event.changes,
        saves: data.saves + event.saves,
        undos: data.undos + event.undos,
        redos: data.redos + event.redos,
        symbols: [...new Set([...data.symbols, ...event.symbols])],
        ids,
      },
    };
  }
  return { ...row, start, duration: end - start, data: { ...row.data, ids } } as HeartbeatRecord;
}
