/**
 * What the developer did, as rows in the `activity` table beside the memories (same LanceDB folder), with
 * exactly-once ingest by event id and heartbeat merging.
 *
 * Exactly-once: every ingested event id is written to `activity_ids` (id → row), checked before a batch is
 * planned. The rows themselves list the ids they absorbed and are committed first, in one commit per batch;
 * so if the process dies between the two commits, a resend is still recognised from the rows (the candidate
 * rows of its time range are read anyway for merging) and the missing seen-ids are written then.
 *
 * Callers serialise `ingest`/`plan`+`commit`/`putCommits`: the sidecar holds one writer queue.
 */
import * as path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Twin } from '../twin';
import type { TimeZoneOffset } from './activity-summary';
import { localTimeZone, summarizeActivity } from './activity-summary';
import type { ActivitySummary } from '../protocol/dashboard';
import {
  ACTIVITY_TABLE,
  ActivityRecord,
  CommitRecord,
  HeartbeatRecord,
  SEEN_IDS_TABLE,
  activitySchema,
  recordToRow,
  rowToRecord,
  seenIdsSchema,
} from './activity-record';
import { DEFAULT_PULSE_MS, HeartbeatEvent, absorb, continues, heartbeatKey, recordFromEvent } from './heartbeat';

export interface ActivityStoreOptions {
  /** How long after a row ends an event of the same key still extends it (ActivityWatch's pulsetime). */
  pulseMs?: number;
}

export interface IngestPlan {
  /** Ids stored before this batch (resends and repeats within the batch); acknowledged, not stored again. */
  known: string[];
  /** Ids this batch stores. */
  added: string[];
  /** The rows this batch creates or extends, in their final state. */
  rows: HeartbeatRecord[];
  /** Seen-id entries to write: the added ids, and known ids the seen table lost to a crash. */
  seen: Array<{ id: string; row: string }>;
}

const COMMITS_BETWEEN_OPTIMIZE = 50;
const HEARTBEAT_TYPES = "'edit', 'dwell', 'jump'";

export class ActivityStore {
  private commitsSinceOptimize = 0;

  private constructor(
    private readonly db: lancedb.Connection,
    private activity: lancedb.Table,
    private readonly seenIds: lancedb.Table,
    readonly pulseMs: number,
  ) {}

  /** Opens (creating when missing) the activity tables in a LanceDB folder, normally the twin's `memory.lancedb`. */
  static async open(lanceFolder: string, options: ActivityStoreOptions = {}): Promise<ActivityStore> {
    // Small caches, like the memory store's: the sidecar shares a laptop with the editor.
    const db = await lancedb.connect(lanceFolder, {}, new lancedb.Session(BigInt(16 << 20), BigInt(16 << 20)));
    const names = await db.tableNames();
    const openOrCreate = async (name: string, schema: ReturnType<typeof activitySchema>) =>
      names.includes(name) ? db.openTable(name) : db.createEmptyTable(name, schema, { existOk: true });
    const activity = await openOrCreate(ACTIVITY_TABLE, activitySchema());
    const seenIds = await openOrCreate(SEEN_IDS_TABLE, seenIdsSchema());
    for (const table of [activity, seenIds]) {
      const indices = await table.listIndices();
      if (!indices.some((index) => index.columns.includes('id'))) await table.createIndex('id', { config: lancedb.Index.btree() });
    }
    return new ActivityStore(db, activity, seenIds, options.pulseMs ?? DEFAULT_PULSE_MS);
  }

  /** The activity tables of a twin: beside its memories, in its LanceDB folder. */
  static forTwin(twin: Twin, options?: ActivityStoreOptions): Promise<ActivityStore> {
    return ActivityStore.open(path.join(twin.home, 'memory.lancedb'), options);
  }

  /** Which of `ids` were ingested before (by the seen-ids table). */
  async knownIds(ids: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = await this.seenIds.query().where(`id IN (${chunk.map(quote).join(', ')})`).select(['id']).toArray();
      for (const row of rows) known.add(String(row.id));
    }
    return known;
  }

  /** Works out what a batch changes without writing anything: `commit` writes it. */
  async plan(events: readonly HeartbeatEvent[]): Promise<IngestPlan> {
    const plan: IngestPlan = { known: [], added: [], rows: [], seen: [] };
    const unique = new Map<string, HeartbeatEvent>();
    for (const event of events) {
      if (unique.has(event.id)) plan.known.push(event.id);
      else unique.set(event.id, event);
    }
    if (unique.size === 0) return plan;
    const seen = await this.knownIds([...unique.keys()]);
    const fresh = [...unique.values()].filter((event) => {
      if (!seen.has(event.id)) return true;
      plan.known.push(event.id);
      return false;
    });
    if (fresh.length === 0) return plan;
    fresh.sort((a, b) => a.start - b.start);

    const candidates = await this.rowsNear(
      Math.min(...fresh.map((event) => event.start)) - this.pulseMs,
      Math.max(...fresh.map((event) => event.start + Math.max(0, event.duration))) + this.pulseMs,
    );
    const byKey = new Map<string, HeartbeatRecord[]>();
    const rowOfId = new Map<string, string>();
    for (const row of candidates) {
      const list = byKey.get(heartbeatKey(row)) ?? [];
      list.push(row);
      byKey.set(heartbeatKey(row), list);
      for (const id of row.data.ids) rowOfId.set(id, row.id);
    }
    const changed = new Map<string, HeartbeatRecord>();
    for (const event of fresh) {
      const holder = rowOfId.get(event.id);
      if (holder) {
        // Stored by a batch whose seen-ids commit did not happen: acknowledge it, and repair the table.
        plan.known.push(event.id);
        plan.seen.push({ id: event.id, row: holder });
        continue;
      }
      const key = heartbeatKey(event);
      const list = byKey.get(key) ?? [];
      byKey.set(key, list);
      const index = list.findIndex((row) => continues(row, event, this.pulseMs));
      let row: HeartbeatRecord;
      if (index >= 0) {
        row = absorb(list[index], event);
        list[index] = row;
      } else {
        row = recordFromEvent(event);
        list.push(row);
      }
      changed.set(row.id, row);
      rowOfId.set(event.id, row.id);
      plan.added.push(event.id);
      plan.seen.push({ id: event.id, row: row.id });
    }
    plan.rows = [...changed.values()];
    return plan;
  }

  /** Writes a plan: the rows in one commit, then the seen ids. */
  async commit(plan: IngestPlan): Promise<void> {
    if (plan.rows.length > 0) await this.upsertRows(plan.rows);
    if (plan.seen.length === 0) return;
    // A plain append: `plan` found none of these ids in the table, and writes are serialised.
    await this.seenIds.add(plan.seen.map((entry) => ({ ...entry })));
    await this.afterCommit();
  }

  async ingest(events: readonly HeartbeatEvent[]): Promise<IngestPlan> {
    const plan = await this.plan(events);
    await this.commit(plan);
    return plan;
  }

  /** Stores commit rows (ids `git:<hash>`), replacing earlier versions of the same commit. */
  async putCommits(records: readonly CommitRecord[]): Promise<void> {
    if (records.length > 0) await this.upsertRows(records);
  }

  /** Records event ids as ingested (commit events, whose rows are their commits). Idempotent. */
  async markSeen(entries: ReadonlyArray<{ id: string; row: string }>): Promise<void> {
    if (entries.length === 0) return;
    await this.seenIds.mergeInsert('id').whenNotMatchedInsertAll().execute(entries.map((entry) => ({ ...entry })));
    await this.afterCommit();
  }

  /** Rows by id (for tests and the commit learner's "already learned" check). */
  async getRows(ids: readonly string[]): Promise<ActivityRecord[]> {
    const found: ActivityRecord[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      const rows = await this.activity.query().where(`id IN (${chunk.map(quote).join(', ')})`).toArray();
      found.push(...rows.map(rowToRecord));
    }
    return found;
  }

  /** Every row overlapping [from, to], oldest first. */
  async rowsBetween(from: number, to: number): Promise<ActivityRecord[]> {
    const rows = await this.activity.query().where(`start <= ${Number(to)} AND start + duration >= ${Number(from)}`).toArray();
    return rows.map(rowToRecord).sort((a, b) => a.start - b.start);
  }

  async summarize(from: number, to: number, zone: TimeZoneOffset = localTimeZone): Promise<ActivitySummary> {
    // Rows are read from the local midnight before `from`, which the summary's window starts at.
    return summarizeActivity(await this.rowsBetween(from - 86_400_000, to), from, to, zone);
  }

  /** Rows, and event ids ingested. */
  async counts(): Promise<{ rows: number; events: number }> {
    return { rows: await this.activity.countRows(), events: await this.seenIds.countRows() };
  }

  /**
   * Forgets the rows `matches` picks, for real: the table is rewritten from the rows kept (activity is
   * small), so no data file still holds a forgotten path or symbol. Seen ids stay, so a resent event of
   * a forgotten row is not recorded again. Returns how many rows were forgotten.
   */
  async forget(matches: (record: ActivityRecord) => boolean): Promise<number> {
    const all = (await this.activity.query().toArray()).map(rowToRecord);
    const keep = all.filter((record) => !matches(record));
    if (keep.length === all.length) return 0;
    this.activity = await this.db.createEmptyTable(ACTIVITY_TABLE, activitySchema(), { mode: 'overwrite' });
    if (keep.length > 0) await this.activity.add(keep.map((record) => ({ ...recordToRow(record) })));
    await this.activity.createIndex('id', { config: lancedb.Index.btree(), replace: true });
    await this.optimize(true);
    return all.length - keep.length;
  }

  /** Deletes every row and seen id for real (the twin forgetting everything). */
  async clear(): Promise<void> {
    await this.activity.delete('true');
    await this.seenIds.delete('true');
    await this.optimize(true);
  }

  /** Folds small appends into larger fragments and drops old versions. */
  async optimize(dropAllOldVersions = false): Promise<void> {
    this.commitsSinceOptimize = 0;
    const cleanupOlderThan = new Date(Date.now() + (dropAllOldVersions ? 1000 : -60_000));
    for (const table of [this.activity, this.seenIds]) await table.optimize({ cleanupOlderThan, deleteUnverified: dropAllOldVersions });
  }

  close(): void {
    this.activity.close();
    this.seenIds.close();
    this.db.close();
  }

  private async rowsNear(from: number, to: number): Promise<HeartbeatRecord[]> {
    const rows = await this.activity
      .query()
      .where(`type IN (${HEARTBEAT_TYPES}) AND start <= ${Number(to)} AND start + duration >= ${Number(from)}`)
      .toArray();
    return rows.map(rowToRecord) as HeartbeatRecord[];
  }

  private async upsertRows(records: readonly ActivityRecord[]): Promise<void> {
    await this.activity
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(records.map((record) => ({ ...recordToRow(record) })));
    await this.afterCommit();
  }

  private async afterCommit(): Promise<void> {
    if (++this.commitsSinceOptimize >= COMMITS_BETWEEN_OPTIMIZE) await this.optimize();
  }
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

