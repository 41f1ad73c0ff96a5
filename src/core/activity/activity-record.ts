/**
 * One row of the `activity` table: an event, or a run of events merged heartbeat-style (same kind, file
 * and symbol, each starting within the pulse window of the previous one's end). Rows keep every event id
 * they absorbed, so a resend is recognised even when the seen-ids table lags behind after a crash.
 */
import * as arrow from 'apache-arrow';
import { redact } from '../privacy/redact';
import type { TwinEventType } from '../protocol/events';

interface RecordBase {
  /** The first absorbed event's id (commits: `git:<hash>`). */
  id: string;
  start: number;
  duration: number;
  file?: string;
  language?: string;
  symbol?: string;
  project?: string;
}

export interface EditData {
  charsInserted: number;
  charsDeleted: number;
  changes: number;
  saves: number;
  undos: number;
  redos: number;
  /** Every symbol the merged sessions touched, innermost of the first session first. */
  symbols: string[];
  /** Event ids merged into this row, the row's own id first. */
  ids: string[];
}

export interface DwellData {
  ids: string[];
}

export interface JumpData {
  kind: string;
  fromFile?: string;
  fromSymbol?: string;
  ids: string[];
}

export interface CommitData {
  hash: string;
  /** The subject line. */
  message: string;
  branch?: string;
  repository: string;
  author?: string;
  /** Paths (new side), at most COMMIT_FILES_KEPT of them; `fileCount` has the real number. */
  files: string[];
  fileCount: number;
  insertions: number;
  deletions: number;
  symbols: string[];
}

export interface EditRecord extends RecordBase { type: 'edit'; file: string; data: EditData }
export interface DwellRecord extends RecordBase { type: 'dwell'; file: string; data: DwellData }
export interface JumpRecord extends RecordBase { type: 'jump'; file: string; data: JumpData }
export interface CommitRecord extends RecordBase { type: 'commit'; data: CommitData }

export type ActivityRecord = EditRecord | DwellRecord | JumpRecord | CommitRecord;
export type HeartbeatRecord = EditRecord | DwellRecord | JumpRecord;

export const COMMIT_FILES_KEPT = 50;

export const ACTIVITY_TABLE = 'activity';
/** Every ingested event id and the row that holds it: the exactly-once check. */
export const SEEN_IDS_TABLE = 'activity_ids';

/** The LanceDB row: snake-free flat columns, `data` as JSON. */
export interface ActivityRow {
  id: string;
  type: string;
  start: number;
  duration: number;
  file: string | null;
  language: string | null;
  symbol: string | null;
  project: string | null;
  data: string;
}

export function activitySchema(): arrow.Schema {
  const text = (name: string, nullable = false) => new arrow.Field(name, new arrow.Utf8(), nullable);
  return new arrow.Schema([
    text('id'),
    text('type'),
    new arrow.Field('start', new arrow.Float64(), false),
    new arrow.Field('duration', new arrow.Float64(), false),
    text('file', true),
    text('language', true),
    text('symbol', true),
    text('project', true),
    text('data'),
  ]);
}

export function seenIdsSchema(): arrow.Schema {
  return new arrow.Schema([new arrow.Field('id', new arrow.Utf8(), false), new arrow.Field('row', new arrow.Utf8(), false)]);
}

/** Data fields that are identifiers Twin chose or git computed: never secrets, and must stay exact. */
const VERBATIM_FIELDS = new Set(['ids', 'hash']);

/** Secrets never reach the store: every text a row carries is redacted, as a memory's is. */
function clean(value: unknown, key?: string): unknown {
  if (key !== undefined && VERBATIM_FIELDS.has(key)) return value;
  if (typeof value === 'string') return redact(value).text;
  if (Array.isArray(value)) return value.map((item) => clean(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, clean(item, name)]));
  return value;
}

const cleanText = (value: string | undefined) => (value === undefined ? null : redact(value).text);

export function recordToRow(record: ActivityRecord): ActivityRow {
  return {
    id: record.id,
    type: record.type,
    start: record.start,
    duration: record.duration,
    file: cleanText(record.file),
    language: record.language ?? null,
    symbol: cleanText(record.symbol),
    project: cleanText(record.project),
    data: JSON.stringify(clean(record.data)),
  };
}

export function rowToRecord(row: Record<string, unknown>): ActivityRecord {
  const optional = (value: unknown) => (value === null || value === undefined ? undefined : String(value));
  return {
    id: String(row.id),
    type: String(row.type) as TwinEventType,
    start: Number(row.start),
    duration: Number(row.duration),
    file: optional(row.file),
    language: optional(row.language),
    symbol: optional(row.symbol),
    project: optional(row.project),
    data: JSON.parse(String(row.data)),
  } as ActivityRecord;
}

export function recordEnd(record: ActivityRecord): number {
  return record.start + record.duration;
}

/** The event ids a row holds (a commit row holds none: commit events are tracked by the seen-ids table alone). */
export function recordEventIds(record: ActivityRecord): string[] {
  return record.type === 'commit' ? [] : record.data.ids;
}
