import { Embedder } from '../embedding/embedder';
import { redactMemoryInput } from '../privacy/redact-memory';
import { MemoryRow, memoryToRow } from '../store/memory-row';
import { MemoryStore } from '../store/memory-store';
import { Memory } from '../types';
import { materializeMemory, RestorableMemoryInput } from './memory-input';
import { mergeMemories } from './merge-memories';
import { NearDuplicateIndex, encodeSignature, signatureOf, tryDecodeSignature } from './near-duplicates';

/** Texts shorter than this many words ("ok, thanks", "LGTM") recur as distinct events; merge them only when identical in one conversation. */
const SHORT_TEXT_WORDS = 6;
const NEAR_DUPLICATE_THRESHOLD = 0.8;

export type WriteOutcome = 'created' | 'merged' | 'updated';

export interface WriteResult {
  /** The id the memory is stored under (for a merge, the surviving memory's id). */
  id: string;
  outcome: WriteOutcome;
  /** Number of secrets replaced by placeholders before storing. */
  redactions: number;
}

interface Pending {
  memory: Memory;
  signature: Uint32Array;
  explicitId: boolean;
  /** Whether the row already exists in the table (update) or is new in this batch (insert). */
  stored: boolean;
}

/**
 * The one way memories get into the store: redact, find near-duplicates, merge, embed, write in a batch.
 * It keeps an in-memory near-duplicate index of every stored memory, built on first use from the
 * signature column, so checking a new memory costs microseconds rather than a search.
 */
export class MemoryWriter {
  private index: NearDuplicateIndex | undefined;

  constructor(
    private readonly store: MemoryStore,
    private readonly embedder: Embedder,
  ) {}

  private async dedupIndex(): Promise<NearDuplicateIndex> {
    if (this.index) return this.index;
    const index = new NearDuplicateIndex();
    const outdated: string[] = [];
    for await (const batch of this.store.scanSignatures()) {
      for (const { id, signature } of batch) {
        const decoded = tryDecodeSignature(signature);
        if (decoded) index.add(id, decoded);
        else outdated.push(id);
      }
    }
    // Signatures from an older scheme are recomputed from the text rather than trusted.
    for (const stored of await this.store.getByIds(outdated)) index.add(stored.memory.id, signatureOf(stored.memory.text));
    this.index = index;
    return index;
  }

  /** Writes a batch; results are in input order. Everything is stored in at most two commits. */
  async write(inputs: RestorableMemoryInput[], now = Date.now()): Promise<WriteResult[]> {
    const index = await this.dedupIndex();
    const prepared = inputs.map((input) => {
      const { input: clean, redactions } = redactMemoryInput(input);
      const memory = materializeMemory(clean, now);
      return { memory, signature: signatureOf(memory.text), explicitId: input.id !== undefined, redactions };
    });

    // Which stored memories do we need to read? Explicit ids that exist, and near-duplicate targets.
    const targets = new Map<string, string>();
    const batchIds = new Set<string>();
    for (const item of prepared) {
      if (item.explicitId) {
        if (index.has(item.memory.id) && !batchIds.has(item.memory.id)) targets.set(item.memory.id, item.memory.id);
      } else {
        const near = index.findNearest(item.signature, NEAR_DUPLICATE_THRESHOLD);
        if (near && !batchIds.has(near.id)) targets.set(near.id, near.id);
      }
      batchIds.add(item.memory.id);
    }
    const pending = new Map<string, Pending>();
    for (const stored of await this.store.getByIds([...targets.keys()])) {
      pending.set(stored.memory.id, {
        memory: stored.memory,
        signature: tryDecodeSignature(stored.signature) ?? signatureOf(stored.memory.text),
        explicitId: stored.explicitId,
        stored: true,
      });
    }

    const results: WriteResult[] = [];
    const changed = new Set<string>();
    for (const item of prepared) {
      const { memory, signature, explicitId, redactions } = item;
      if (explicitId) {
        const existing = pending.get(memory.id);
        if (existing) {
          // Re-importing a record with the same id replaces its content but keeps its history.
          existing.memory = {
            ...memory,
            accessCount: Math.max(existing.memory.accessCount, memory.accessCount),
            lastAccess: existing.memory.lastAccess ?? memory.lastAccess,
            createdAt: Math.min(existing.memory.createdAt, memory.createdAt),
          };
          existing.signature = signature;
          existing.explicitId = true;
          changed.add(memory.id);
          results.push({ id: memory.id, outcome: 'updated', redactions });
          index.add(memory.id, signature);
          continue;
        }
      } else {
        const near = index.findNearest(signature, NEAR_DUPLICATE_THRESHOLD);
        const target = near ? pending.get(near.id) : undefined;
        if (target && near && mayMerge(target.memory, memory, near.similarity)) {
          target.memory = mergeMemories(target.memory, memory, now);
          target.signature = signatureOf(target.memory.text);
          index.add(target.memory.id, target.signature);
          changed.add(target.memory.id);
          results.push({ id: target.memory.id, outcome: 'merged', redactions });
          continue;
        }
      }
      pending.set(memory.id, { memory, signature, explicitId, stored: false });
      index.add(memory.id, signature);
      changed.add(memory.id);
      results.push({ id: memory.id, outcome: 'created', redactions });
    }

    const toWrite = [...changed].map((id) => pending.get(id)!);
    if (toWrite.length === 0) return results;
    const vectors = await this.embedder.embed(toWrite.map((item) => item.memory.text));
    const inserts: MemoryRow[] = [];
    const updates: MemoryRow[] = [];
    toWrite.forEach((item, position) => {
      const row = memoryToRow(item.memory, encodeSignature(item.signature), vectors[position], item.explicitId);
      (item.stored ? updates : inserts).push(row);
    });
    await this.store.add(inserts);
    await this.store.upsert(updates);
    const recalled = toWrite.filter((item) => item.memory.accessCount > 0 || item.memory.lastAccess !== undefined);
    await this.store.setAccess(recalled.map((item) => ({ id: item.memory.id, count: item.memory.accessCount, last: item.memory.lastAccess })));
    return results;
  }

  /** Keeps the dedup index in step after memories are deleted. */
  forgetIds(ids: Iterable<string>): void {
    if (!this.index) return;
    for (const id of ids) this.index.remove(id);
  }

  /** Drops the index so it is rebuilt from the table on next use (after a wholesale change). */
  invalidate(): void {
    this.index = undefined;
  }
}

/**
 * Near-duplicate text is not always the same memory. A short reply ("sounds good") said in two
 * conversations is two events. Short texts merge only when identical, by the same person, in one place.
 */
function mayMerge(existing: Memory, incoming: Memory, similarity: number): boolean {
  // Edits to two different functions, or of two files, are two memories however alike their wording.
  if (existing.symbol && incoming.symbol && existing.symbol !== incoming.symbol) return false;
  if (existing.file && incoming.file && existing.file !== incoming.file) return false;
  const words = incoming.text.trim().split(/\s+/).length;
  if (words >= SHORT_TEXT_WORDS) return true;
  return (
    similarity >= 0.999 &&
    existing.author === incoming.author &&
    existing.channel === incoming.channel &&
    existing.thread === incoming.thread
  );
}
