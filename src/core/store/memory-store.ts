import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Memory } from '../types';
import { MEMORY_COLUMNS_WITHOUT_VECTOR, MemoryRow, memorySchema, rowToMemory } from './memory-row';
import { MemoryFilter, filterToSql, quoteSql } from './memory-filter';
import { AccessRecord, AccessStats } from './access-stats';

/** Below this many rows an exact vector scan is fast enough (≈20 ms at 100k×100-d) and needs no upkeep. */
export const VECTOR_INDEX_MIN_ROWS = 20_000;

/** What ranking needs of a candidate; the full memory is read only for the few that are returned. */
export interface Candidate {
  id: string;
  importance: number;
  timestamp: number;
}

export interface VectorHit {
  memory: Candidate;
  /** Cosine distance (0 = same direction, 2 = opposite). */
  distance: number;
}

export interface TextHit {
  memory: Candidate;
  /** BM25 score from LanceDB's full-text index. */
  score: number;
}

const CANDIDATE_COLUMNS = ['id', 'importance', 'timestamp'];

function toCandidate(row: Record<string, unknown>): Candidate {
  return { id: String(row.id), importance: Math.round(Number(row.importance) * 1e6) / 1e6, timestamp: Number(row.timestamp) };
}

export interface StoredMemory {
  memory: Memory;
  signature: string;
  explicitId: boolean;
}

/**
 * The memories table in LanceDB. It knows rows, indexes and files; what a memory means (merging, decay,
 * recall scoring) lives above it.
 */
export class MemoryStore {
  private constructor(
    readonly folder: string,
    private readonly db: lancedb.Connection,
    private table: lancedb.Table,
    readonly tableName: string,
    readonly dimensions: number,
    private readonly access: AccessStats,
  ) {}

  /** Opens the table, creating it (empty, with its full-text index) when it does not exist yet. */
  static async open(folder: string, tableName: string, dimensions: number): Promise<MemoryStore> {
    const db = await connect(folder);
    const existing = await db.tableNames();
    let table: lancedb.Table;
    if (existing.includes(tableName)) {
      table = await db.openTable(tableName);
      const vectorField = (await table.schema()).fields.find((field) => field.name === 'vector');
      const storedDimensions = (vectorField?.type as { listSize?: number } | undefined)?.listSize;
      if (storedDimensions !== dimensions) {
        throw new Error(
          `The memory table ${tableName} holds ${storedDimensions}-dimensional vectors but the embedder gives ${dimensions}. ` +
            `Twin re-embeds when the model changes; if you see this, the manifest and the table disagree: restore twin.json from a backup.`,
        );
      }
    } else {
      table = await db.createEmptyTable(tableName, memorySchema(dimensions));
    }
    const store = new MemoryStore(folder, db, table, tableName, dimensions, await AccessStats.open(db));
    await store.ensureTextIndex();
    return store;
  }

  static async tableExists(folder: string, tableName: string): Promise<boolean> {
    const db = await connect(folder);
    return (await db.tableNames()).includes(tableName);
  }

  static async dropTable(folder: string, tableName: string): Promise<void> {
    const db = await connect(folder);
    if ((await db.tableNames()).includes(tableName)) await db.dropTable(tableName);
  }

  async count(filter?: MemoryFilter): Promise<number> {
    const where = filter ? filterToSql(filter) : undefined;
    return this.table.countRows(where);
  }

  async add(rows: MemoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table.add(rows as unknown as Record<string, unknown>[]);
  }

  /** Replaces rows whose id exists and inserts the others, in one commit. */
  async upsert(rows: MemoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(rows as unknown as Record<string, unknown>[]);
  }

  async getByIds(ids: string[]): Promise<StoredMemory[]> {
    const found: StoredMemory[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = await this.table
        .query()
        .where(`id IN (${chunk.map(quoteSql).join(', ')})`)
        .select([...MEMORY_COLUMNS_WITHOUT_VECTOR])
        .toArray();
      for (const row of rows) found.push({ memory: rowToMemory(row), signature: String(row.signature), explicitId: Boolean(row.explicit_id) });
    }
    withAccess(found, await this.access.get(found.map((item) => item.memory.id)));
    return found;
  }

  async getVectors(ids: string[]): Promise<Map<string, Float32Array>> {
    const vectors = new Map<string, Float32Array>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = await this.table.query().where(`id IN (${chunk.map(quoteSql).join(', ')})`).select(['id', 'vector']).toArray();
      for (const row of rows) vectors.set(String(row.id), Float32Array.from(row.vector.toArray ? row.vector.toArray() : row.vector));
    }
    return vectors;
  }

  /** Every (id, signature) pair: enough to rebuild the near-duplicate index without reading texts. */
  async *scanSignatures(): AsyncGenerator<{ id: string; signature: string }[]> {
    for await (const batch of this.table.query().select(['id', 'signature'])) {
      yield batchRows(batch) as { id: string; signature: string }[];
    }
  }

  /** All memories in batches, for export, consolidation and re-embedding. */
  async *scan(options: { withVectors?: boolean; where?: string } = {}): AsyncGenerator<Array<StoredMemory & { vector?: Float32Array }>> {
    const columns: string[] = [...MEMORY_COLUMNS_WITHOUT_VECTOR];
    if (options.withVectors) columns.push('vector');
    let query = this.table.query().select(columns);
    if (options.where) query = query.where(options.where);
    const access = await this.access.all();
    for await (const batch of query) {
      yield withAccess(batchRows(batch).map((row) => ({
        memory: rowToMemory(row),
        signature: String(row.signature),
        explicitId: Boolean(row.explicit_id),
        vector: options.withVectors ? Float32Array.from((row.vector as { toArray(): Float32Array }).toArray()) : undefined,
      })), access);
    }
  }

  /** `exact` scans every vector, ignoring the index (to measure what the index gives up). */
  async vectorSearch(vector: Float32Array, limit: number, filter?: MemoryFilter, exact = false): Promise<VectorHit[]> {
    let query = this.table
      .query()
      .nearestTo(Array.from(vector))
      .distanceType('cosine')
      .select([...CANDIDATE_COLUMNS, '_distance'])
      .limit(limit);
    if (exact) {
      query = query.bypassVectorIndex();
    } else if (this.vectorIndexed) {
      // Probing half the partitions keeps recall@10 above 0.95 of an exact scan at a third of its latency
      // (bench/vector-index-recall.mjs; a quarter gave 0.87).
      query = query.nprobes(Math.max(4, Math.ceil(this.partitionsFor(this.indexedRowEstimate) * 0.5)));
    }
    const where = filter ? filterToSql(filter) : undefined;
    if (where) query = query.where(where);
    const rows = await query.toArray();
    return rows.map((row) => ({ memory: toCandidate(row), distance: Number(row._distance) }));
  }

  async textSearch(text: string, limit: number, filter?: MemoryFilter): Promise<TextHit[]> {
    const cleaned = cleanFullTextQuery(text);
    if (!cleaned) return [];
    let query = this.table
      .query()
      .fullTextSearch(cleaned, { columns: ['search_text'] })
      .select([...CANDIDATE_COLUMNS, '_score'])
      .limit(limit);
    const where = filter ? filterToSql(filter) : undefined;
    if (where) query = query.where(where);
    const rows = await query.toArray();
    return rows.map((row) => ({ memory: toCandidate(row), score: Number(row._score) }));
  }

  /** Adds `increment` recalls to each id and sets their last access. */
  async recordAccess(increments: Map<string, number>, at: number): Promise<void> {
    await this.access.record(increments, at);
  }

  /** Sets recall statistics outright (restoring an export, merging two memories). */
  async setAccess(records: Array<{ id: string; count: number; last?: number }>): Promise<void> {
    await this.access.set(records);
  }

  async setImportance(changes: Array<{ id: string; importance: number }>): Promise<void> {
    // Grouping by rounded value keeps the number of commits small when thousands of memories decay at once.
    const byValue = new Map<string, string[]>();
    for (const change of changes) {
      const key = change.importance.toFixed(4);
      const ids = byValue.get(key) ?? [];
      ids.push(change.id);
      byValue.set(key, ids);
    }
    for (const [value, ids] of byValue) {
      for (let start = 0; start < ids.length; start += 1000) {
        const chunk = ids.slice(start, start + 1000);
        await this.table.update({ where: `id IN (${chunk.map(quoteSql).join(', ')})`, valuesSql: { importance: value } });
      }
    }
  }

  async deleteByIds(ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += 1000) {
      const chunk = ids.slice(start, start + 1000);
      await this.table.delete(`id IN (${chunk.map(quoteSql).join(', ')})`);
    }
    await this.access.delete(ids);
  }

  /**
   * Makes deletions physical: LanceDB first only marks deleted rows, and its full-text index still holds
   * their words. Rebuild the text index, compact, and drop every old version and unreferenced file. When
   * compaction leaves a fragment with deletion marks (it only rewrites fragments past a threshold), the
   * whole table is rewritten so that no data file keeps a forgotten row.
   */
  async purgeDeleted(onProgress?: (message: string) => void): Promise<void> {
    onProgress?.('Rebuilding the full-text index without the forgotten memories');
    await this.table.createIndex('search_text', { config: textIndexConfig(), replace: true });
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
    if (this.hasDeletionMarks()) {
      onProgress?.('Rewriting the memory table so no file keeps a forgotten memory');
      await this.rewriteTable();
    }
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() + 1000), deleteUnverified: true });
    await this.access.optimize(new Date(Date.now() + 1000));
  }

  private hasDeletionMarks(): boolean {
    const deletions = path.join(this.folder, `${this.tableName}.lance`, '_deletions');
    try {
      return fs.readdirSync(deletions).length > 0;
    } catch {
      return false;
    }
  }

  /** Copies the live rows into a fresh table of the same name, then rebuilds its indexes. */
  private async rewriteTable(): Promise<void> {
    const liveRows = await this.table.query().toArrow();
    const hadVectorIndex = this.vectorIndexed === true;
    this.table = await this.db.createTable(this.tableName, liveRows, { mode: 'overwrite' });
    await this.table.createIndex('search_text', { config: textIndexConfig(), replace: true });
    await this.table.createIndex('id', { config: lancedb.Index.btree(), replace: true });
    this.vectorIndexed = false;
    if (hadVectorIndex) await this.ensureVectorIndex(true);
  }

  /** Whether a vector index exists (undefined until first checked), and how many rows it was sized for. */
  private vectorIndexed: boolean | undefined;
  private indexedRowEstimate = 0;

  async refreshIndexState(): Promise<void> {
    const indices = await this.table.listIndices();
    this.vectorIndexed = indices.some((index) => index.columns.includes('vector'));
    this.indexedRowEstimate = this.vectorIndexed ? await this.count() : 0;
  }

  /** LanceDB's k-means wants thousands of rows per partition; fewer, larger partitions also build faster. */
  private partitionsFor(rows: number): number {
    return Math.max(8, Math.min(256, Math.round(rows / 4096)));
  }

  /**
   * Builds the IVF vector index once the table is large enough. IVF_FLAT keeps full vectors, so with
   * enough probes its recall stays within a hair of an exact scan; at 100-d it builds in about a second
   * per 100k rows (HNSW variants took 15–35 s here for the same recall).
   */
  async ensureVectorIndex(force = false): Promise<boolean> {
    if (this.vectorIndexed === undefined) await this.refreshIndexState();
    if (this.vectorIndexed && !force) return false;
    const rows = await this.count();
    if (rows < VECTOR_INDEX_MIN_ROWS && !force) return false;
    if (rows < 256) return false;
    await this.table.createIndex('vector', {
      config: lancedb.Index.ivfFlat({ distanceType: 'cosine', numPartitions: this.partitionsFor(rows) }),
      replace: true,
    });
    this.vectorIndexed = true;
    this.indexedRowEstimate = rows;
    return true;
  }

  private async ensureTextIndex(): Promise<void> {
    const indices = await this.table.listIndices();
    if (!indices.some((index) => index.columns.includes('search_text'))) {
      await this.table.createIndex('search_text', { config: textIndexConfig() });
    }
    // Recall reads its final results by id; without this index each lookup scans the id column (~9 ms at 100k).
    if (!indices.some((index) => index.columns.includes('id'))) {
      await this.table.createIndex('id', { config: lancedb.Index.btree() });
    }
    if (this.vectorIndexed === undefined) await this.refreshIndexState();
  }

  /** Folds small appends into larger fragments, brings indexes up to date and drops old versions. */
  async optimize(): Promise<void> {
    await this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) });
    await this.access.optimize(new Date(Date.now() - 60_000));
  }

  /** The earliest and latest memory times (epoch ms), reading only that column. */
  async timeRange(): Promise<{ oldest?: number; newest?: number }> {
    let oldest = Infinity;
    let newest = -Infinity;
    for await (const batch of this.table.query().select(['timestamp'])) {
      for (const row of batchRows(batch)) {
        const time = Number(row.timestamp);
        if (time < oldest) oldest = time;
        if (time > newest) newest = time;
      }
    }
    return Number.isFinite(oldest) ? { oldest, newest } : {};
  }

  async versionCount(): Promise<number> {
    return (await this.table.listVersions()).length;
  }

  async countBy(column: 'source' | 'kind'): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const select = column === 'source' ? ['sources'] : ['kind'];
    for await (const batch of this.table.query().select(select)) {
      for (const row of batchRows(batch)) {
        const values = column === 'source' ? rowToMemory({ ...row, meta: '{}' }).sources : [String(row.kind)];
        for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
      }
    }
    return counts;
  }

  close(): void {
    this.access.close();
    this.table.close();
    this.db.close();
  }
}

function withAccess<T extends { memory: Memory }>(items: T[], access: Map<string, AccessRecord>): T[] {
  for (const item of items) {
    const record = access.get(item.memory.id);
    if (record) {
      item.memory.accessCount = record.count;
      item.memory.lastAccess = record.last;
    }
  }
  return items;
}

/**
 * LanceDB's default caches (6 GB of index, 1 GB of metadata) suit a server; Twin shares a laptop with
 * the editor. Small caches kept recall latency the same on 100k memories while capping resident memory.
 */
function connect(folder: string): Promise<lancedb.Connection> {
  return lancedb.connect(folder, {}, new lancedb.Session(BigInt(96 << 20), BigInt(32 << 20)));
}

function textIndexConfig(): lancedb.Index {
  return lancedb.Index.fts({ withPosition: false, stem: true, removeStopWords: true, asciiFolding: true });
}

/** Turns an Arrow RecordBatch into plain row objects. */
function batchRows(batch: unknown): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const table = batch as { numRows: number; get(index: number): { toJSON(): Record<string, unknown> } | null };
  for (let index = 0; index < table.numRows; index++) {
    const row = table.get(index);
    if (row) rows.push(row.toJSON());
  }
  return rows;
}

/**
 * LanceDB parses some characters in full-text queries as syntax; a user's query is words, so keep words
 * (letters and digits of any script, plus inner dots, dashes and underscores of identifiers).
 */
export function cleanFullTextQuery(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}_.\-\s]+/gu, ' ')
    .replace(/(^|\s)[.\-]+|[.\-]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
