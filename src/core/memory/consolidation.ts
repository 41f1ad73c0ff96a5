import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryToRow, MemoryRow } from '../store/memory-row';
import { Twin } from '../twin';
import { Memory } from '../types';
import { mergeMemories } from './merge-memories';
import { signatureOf, signatureSimilarity, encodeSignature } from './near-duplicates';

export interface ConsolidationOptions {
  now?: number;
  /** Importance of a never-recalled memory halves every this many days. */
  halfLifeDays?: number;
  /** Never-recalled observations (see OBSERVATION_SOURCES) whose importance falls below this are deleted; 0 disables pruning. */
  pruneFloor?: number;
  /** Cosine similarity above which two memories of one kind are considered for merging. */
  mergeSimilarity?: number;
  /** At most this many recently changed memories are compared per run, so a run stays short. */
  maxMergeChecks?: number;
}

export interface ConsolidationReport {
  at: string;
  checkedForMerge: number;
  merged: Array<{ into: string; absorbed: string }>;
  decayed: number;
  pruned: string[];
  seconds: number;
}

const DAY_MS = 86_400_000;

/**
 * Only what Twin observed on its own may be pruned when it decays: editor activity, screen and browser
 * history. What people wrote (mail, chat, commits, reviews, notes, imports) is never pruned automatically.
 */
const OBSERVATION_SOURCES = new Set(['editor', 'screen', 'browser']);

/**
 * The twin's sleep: merge paraphrased duplicates that slipped past write-time checks, let importance of
 * never-recalled memories decay, prune observed episodes that decayed below the floor, and log what it
 * did (ids and counts only: the log must not become a second copy of forgotten text).
 */
export async function consolidate(twin: Twin, options: ConsolidationOptions = {}): Promise<ConsolidationReport> {
  const started = Date.now();
  const now = options.now ?? Date.now();
  const halfLifeDays = options.halfLifeDays ?? 30;
  const pruneFloor = options.pruneFloor ?? 0.05;
  const mergeSimilarity = options.mergeSimilarity ?? 0.95;
  const maxMergeChecks = options.maxMergeChecks ?? 2000;
  await twin.flushAccess();
  const { store, writer, embedder, manifest, updateManifest } = twin.internals;
  const since = manifest.lastConsolidatedAt ?? 0;

  // 1. Merge: compare what changed since the last run against its nearest neighbours of the same kind.
  const recent: Array<{ memory: Memory; vector: Float32Array; explicitId: boolean }> = [];
  for await (const batch of store.scan({ withVectors: true, where: `updated_at > ${since}` })) {
    for (const item of batch) recent.push({ memory: item.memory, vector: item.vector!, explicitId: item.explicitId });
  }
  recent.sort((a, b) => b.memory.updatedAt - a.memory.updatedAt);
  const toCheck = recent.slice(0, maxMergeChecks);
  const absorbed = new Set<string>();
  const survivors = new Map<string, { memory: Memory; explicitId: boolean }>();
  const merged: ConsolidationReport['merged'] = [];
  for (const candidate of toCheck) {
    if (absorbed.has(candidate.memory.id)) continue;
    const hits = await store.vectorSearch(candidate.vector, 4, { kind: candidate.memory.kind });
    for (const hit of hits) {
      const otherId = hit.memory.id;
      if (otherId === candidate.memory.id || absorbed.has(otherId) || survivors.has(otherId)) continue;
      if (1 - hit.distance < mergeSimilarity) continue;
      const stored = (await store.getByIds([otherId]))[0];
      if (!stored) continue;
      const other = stored.memory;
      // A vector match alone could join two different events about one topic; require shared wording too.
      if (signatureSimilarity(signatureOf(candidate.memory.text), signatureOf(other.text)) < 0.5) continue;
      if (stored.explicitId && candidate.explicitId) continue;
      const keepCandidate = candidate.explicitId || (!stored.explicitId && candidate.memory.createdAt <= other.createdAt);
      const [keep, drop] = keepCandidate ? [candidate.memory, stored.memory] : [stored.memory, candidate.memory];
      const base = survivors.get(keep.id)?.memory ?? keep;
      survivors.set(keep.id, { memory: mergeMemories(base, drop, now), explicitId: keepCandidate ? candidate.explicitId : stored.explicitId });
      absorbed.add(drop.id);
      merged.push({ into: keep.id, absorbed: drop.id });
      if (!keepCandidate) break;
    }
  }
  for (const id of absorbed) survivors.delete(id);
  if (survivors.size > 0) {
    const items = [...survivors.values()];
    const vectors = await embedder.embed(items.map((item) => item.memory.text));
    await store.upsert(items.map((item, index) => memoryToRow(item.memory, encodeSignature(signatureOf(item.memory.text)), vectors[index], item.explicitId)));
    await store.setAccess(
      items.filter((item) => item.memory.accessCount > 0).map((item) => ({ id: item.memory.id, count: item.memory.accessCount, last: item.memory.lastAccess })),
    );
  }
  if (absorbed.size > 0) await store.deleteByIds([...absorbed]);

  // 2. Decay and 3. prune, in one pass over never-recalled memories.
  let decayed = 0;
  const pruned: string[] = [];
  let rewrites: MemoryRow[] = [];
  for await (const batch of store.scan({ withVectors: true })) {
    for (const item of batch) {
      const memory = item.memory;
      if (memory.accessCount > 0) continue;
      const elapsedDays = Math.max(0, now - Math.max(memory.createdAt, since)) / DAY_MS;
      const importance = memory.importance * Math.pow(0.5, elapsedDays / halfLifeDays);
      const prunable = memory.kind === 'episodic' && memory.sources.every((source) => OBSERVATION_SOURCES.has(source));
      if (prunable && importance < pruneFloor) {
        pruned.push(memory.id);
        continue;
      }
      if (memory.importance - importance < 0.0005) continue;
      decayed++;
      rewrites.push(memoryToRow({ ...memory, importance }, item.signature, item.vector!, item.explicitId));
    }
    if (rewrites.length >= 5000) {
      await store.upsert(rewrites);
      rewrites = [];
    }
  }
  await store.upsert(rewrites);
  if (pruned.length > 0) await store.deleteByIds(pruned);
  if (pruned.length > 0 || absorbed.size > 0) {
    await store.purgeDeleted();
    writer.invalidate();
  } else if (survivors.size > 0) {
    writer.invalidate();
  }
  await twin.compact();
  await store.ensureVectorIndex();
  updateManifest({ ...twin.internals.manifest, lastConsolidatedAt: now });

  const report: ConsolidationReport = {
    at: new Date(now).toISOString(),
    checkedForMerge: toCheck.length,
    merged,
    decayed,
    pruned,
    seconds: (Date.now() - started) / 1000,
  };
  appendLog(twin.home, report);
  return report;
}

function appendLog(home: string, report: ConsolidationReport): void {
  const folder = path.join(home, 'logs');
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  fs.appendFileSync(path.join(folder, 'consolidation.jsonl'), JSON.stringify(report) + '\n', { mode: 0o600 });
}
