import * as arrow from 'apache-arrow';
import { Memory, MemoryKind } from '../types';
import { searchTextOf } from './search-text';

/** A memory as LanceDB stores it: snake_case columns, JSON for the free-form metadata. */
export interface MemoryRow {
  id: string;
  text: string;
  kind: string;
  source: string;
  sources: string[];
  timestamp: number;
  author: string | null;
  recipients: string[];
  channel: string | null;
  thread: string | null;
  project: string | null;
  file: string | null;
  symbol: string | null;
  importance: number;
  created_at: number;
  updated_at: number;
  meta: string;
  /** True when the id came from the user (an import line's `id`): such memories are never merged into another. */
  explicit_id: boolean;
  /** What full-text search indexes: the text plus identifier parts, symbol and file, so `parseConfig` matches "parse config". */
  search_text: string;
  /** Near-duplicate signature (MinHash, base64) so the dedup index rebuilds without re-reading texts. */
  signature: string;
  vector: number[] | Float32Array;
}

/** Every column but the vector: what recall and scans read back. */
export const MEMORY_COLUMNS_WITHOUT_VECTOR = [
  'id', 'text', 'kind', 'source', 'sources', 'timestamp', 'author', 'recipients', 'channel', 'thread',
  'project', 'file', 'symbol', 'importance', 'created_at', 'updated_at', 'meta',
  'signature', 'explicit_id',
] as const;

export function memorySchema(dimensions: number): arrow.Schema {
  const text = (name: string, nullable = false) => new arrow.Field(name, new arrow.Utf8(), nullable);
  const textList = (name: string) =>
    new arrow.Field(name, new arrow.List(new arrow.Field('item', new arrow.Utf8(), true)), false);
  const float = (name: string, nullable = false) => new arrow.Field(name, new arrow.Float64(), nullable);
  return new arrow.Schema([
    text('id'),
    text('text'),
    text('kind'),
    text('source'),
    textList('sources'),
    float('timestamp'),
    text('author', true),
    textList('recipients'),
    text('channel', true),
    text('thread', true),
    text('project', true),
    text('file', true),
    text('symbol', true),
    new arrow.Field('importance', new arrow.Float32(), false),
    float('created_at'),
    float('updated_at'),
    text('meta'),
    new arrow.Field('explicit_id', new arrow.Bool(), false),
    text('search_text'),
    text('signature'),
    new arrow.Field(
      'vector',
      new arrow.FixedSizeList(dimensions, new arrow.Field('item', new arrow.Float32(), true)),
      false,
    ),
  ]);
}

export function memoryToRow(memory: Memory, signature: string, vector: Float32Array, explicitId: boolean): MemoryRow {
  return {
    id: memory.id,
    text: memory.text,
    kind: memory.kind,
    source: memory.source,
    sources: memory.sources,
    timestamp: memory.timestamp,
    author: memory.author ?? null,
    recipients: memory.recipients,
    channel: memory.channel ?? null,
    thread: memory.thread ?? null,
    project: memory.project ?? null,
    file: memory.file ?? null,
    symbol: memory.symbol ?? null,
    importance: memory.importance,
    created_at: memory.createdAt,
    updated_at: memory.updatedAt,
    meta: JSON.stringify(memory.meta ?? {}),
    explicit_id: explicitId,
    search_text: searchTextOf(memory),
    signature,
    vector: Array.from(vector),
  };
}

/** Turns a row read back from LanceDB (Arrow vectors for lists) into a Memory. */
export function rowToMemory(row: Record<string, unknown>): Memory {
  const list = (value: unknown): string[] => {
    if (value == null) return [];
    if (Array.isArray(value)) return value as string[];
    const maybeVector = value as { toArray?: () => unknown[] };
    return maybeVector.toArray ? (Array.from(maybeVector.toArray()) as string[]) : [];
  };
  const optional = (value: unknown): string | undefined => (value == null ? undefined : String(value));
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(String(row.meta ?? '{}'));
  } catch {
    meta = {};
  }
  return {
    id: String(row.id),
    text: String(row.text),
    kind: String(row.kind) as MemoryKind,
    source: String(row.source),
    sources: list(row.sources),
    timestamp: Number(row.timestamp),
    author: optional(row.author),
    recipients: list(row.recipients),
    channel: optional(row.channel),
    thread: optional(row.thread),
    project: optional(row.project),
    file: optional(row.file),
    symbol: optional(row.symbol),
    // Stored as float32; round away the binary noise (0.9 → 0.8999999761) so values read back as written.
    importance: Math.round(Number(row.importance) * 1e6) / 1e6,
    // Recall statistics live in their own table (see access-stats.ts); the store fills them in.
    accessCount: 0,
    lastAccess: undefined,
    meta,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
