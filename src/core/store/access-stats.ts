import * as arrow from 'apache-arrow';
import * as lancedb from '@lancedb/lancedb';
import { quoteSql } from './memory-filter';

export interface AccessRecord {
  count: number;
  last?: number;
}

const TABLE = 'access';

/**
 * How often and when each memory was recalled, in a small table of its own. Recall happens far more
 * often than writing; updating the wide memory rows (text, vectors) on every recall moved them out of
 * their indexed fragments and, within a few hundred queries, doubled recall latency at 100k memories.
 */
export class AccessStats {
  private constructor(private readonly table: lancedb.Table) {}

  static async open(db: lancedb.Connection): Promise<AccessStats> {
    if ((await db.tableNames()).includes(TABLE)) return new AccessStats(await db.openTable(TABLE));
    const schema = new arrow.Schema([
      new arrow.Field('id', new arrow.Utf8(), false),
      new arrow.Field('count', new arrow.Int32(), false),
      new arrow.Field('last', new arrow.Float64(), true),
    ]);
    return new AccessStats(await db.createEmptyTable(TABLE, schema, { existOk: true }));
  }

  async get(ids: string[]): Promise<Map<string, AccessRecord>> {
    const found = new Map<string, AccessRecord>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = await this.table.query().where(`id IN (${chunk.map(quoteSql).join(', ')})`).toArray();
      for (const row of rows) found.set(String(row.id), toRecord(row));
    }
    return found;
  }

  async all(): Promise<Map<string, AccessRecord>> {
    const found = new Map<string, AccessRecord>();
    for (const row of await this.table.query().toArray()) found.set(String(row.id), toRecord(row));
    return found;
  }

  /** Adds recalls: `increments` maps id → how many times it was returned since the last flush. */
  async record(increments: Map<string, number>, at: number): Promise<void> {
    const current = await this.get([...increments.keys()]);
    await this.set(
      [...increments].map(([id, increment]) => ({ id, count: (current.get(id)?.count ?? 0) + increment, last: at })),
    );
  }

  /** Replaces the records of these ids (restores, merges). */
  async set(records: Array<{ id: string; count: number; last?: number }>): Promise<void> {
    if (records.length === 0) return;
    await this.table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(records.map((record) => ({ id: record.id, count: record.count, last: record.last ?? null })));
  }

  async delete(ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += 1000) {
      await this.table.delete(`id IN (${ids.slice(start, start + 1000).map(quoteSql).join(', ')})`);
    }
  }

  async optimize(cleanupOlderThan: Date): Promise<void> {
    await this.table.optimize({ cleanupOlderThan, deleteUnverified: true });
  }

  close(): void {
    this.table.close();
  }
}

function toRecord(row: Record<string, unknown>): AccessRecord {
  return { count: Number(row.count), last: row.last == null ? undefined : Number(row.last) };
}
