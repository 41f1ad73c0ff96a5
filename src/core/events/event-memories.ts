/**
 * Episodic memories from what the editor observed. A memory describes one activity row (a heartbeat-merged
 * run of edit sessions or dwells), and carries the row's id in its own (`editor:<row id>`): when the row
 * grows, the memory is rewritten in place, and a resent event cannot make a second one. Jumps are too many
 * and too small to remember one by one; they stay in the activity table for the dashboard.
 */
import type { DwellRecord, EditRecord, HeartbeatRecord } from '../activity/activity-record';
import { recordFromEvent } from '../activity/heartbeat';
import type { TwinEvent } from '../protocol/events';
import type { MemoryInput } from '../types';

export const EDITOR_SOURCE = 'editor';
/** Shorter looks are glances, not reading. */
export const DWELL_MEMORY_MIN_MS = 60_000;
const EXTRA_SYMBOLS_NAMED = 3;

export function editorMemoryId(rowId: string): string {
  return `${EDITOR_SOURCE}:${rowId}`;
}

/** The memory an activity row stands for, or undefined when it is not worth one (jumps, short dwells). */
export function memoryForRecord(record: HeartbeatRecord): MemoryInput | undefined {
  if (record.type === 'edit') return editMemory(record);
  if (record.type === 'dwell' && record.duration >= DWELL_MEMORY_MIN_MS) return dwellMemory(record);
  return undefined;
}

/** The memory of a single observed event, as if it were the only one of its row. Commits: see git/commit-memory. */
export function memoryForEvent(event: TwinEvent): MemoryInput | undefined {
  return event.type === 'commit' ? undefined : memoryForRecord(recordFromEvent(event));
}

function editMemory(record: EditRecord): MemoryInput {
  const { data } = record;
  const [primary, ...others] = data.symbols;
  const what = primary ? `${primary}${otherSymbols(others)} in ${record.file}` : record.file;
  const language = record.language ? ` (${record.language})` : '';
  const details = [
    `+${data.charsInserted} −${data.charsDeleted} characters`,
    count(data.saves, 'save'),
    count(data.undos, 'undo'),
    count(data.redos, 'redo'),
    data.ids.length > 1 ? `${data.ids.length} sessions` : undefined,
  ].filter(Boolean);
  return {
    id: editorMemoryId(record.id),
    text: `Edited ${what}${language} for ${formatDuration(record.duration)}: ${details.join(', ')}`,
    kind: 'episodic',
    source: EDITOR_SOURCE,
    timestamp: record.start,
    project: record.project,
    file: record.file,
    symbol: primary,
    meta: {
      activity: record.id,
      event: 'edit',
      durationMs: record.duration,
      language: record.language,
      symbols: data.symbols,
      charsInserted: data.charsInserted,
      charsDeleted: data.charsDeleted,
      saves: data.saves,
      sessions: data.ids.length,
    },
  };
}

function dwellMemory(record: DwellRecord): MemoryInput {
  const around = record.symbol ? ` around ${record.symbol}` : '';
  return {
    id: editorMemoryId(record.id),
    text: `Read ${record.file}${around} for ${formatDuration(record.duration)}`,
    kind: 'episodic',
    source: EDITOR_SOURCE,
    timestamp: record.start,
    project: record.project,
    file: record.file,
    symbol: record.symbol,
    importance: 0.4,
    meta: { activity: record.id, event: 'dwell', durationMs: record.duration, language: record.language, sessions: record.data.ids.length },
  };
}

function otherSymbols(others: readonly string[]): string {
  if (others.length === 0) return '';
  const named = others.slice(0, EXTRA_SYMBOLS_NAMED).join(', ');
  const rest = others.length - EXTRA_SYMBOLS_NAMED;
  return ` (and ${named}${rest > 0 ? ` and ${rest} more` : ''})`;
}

function count(value: number, noun: string): string | undefined {
  if (!value) return undefined;
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** `40 s`, `4 min`, `1 h 20 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
