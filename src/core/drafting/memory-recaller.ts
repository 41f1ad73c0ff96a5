/**
 * What drafters need of the memory: recall. A `Twin` is one; so is the CLI's sidecar client wrapped in a
 * function, which lets drafting work while VS Code's sidecar holds the store.
 */
import type { RecallResult } from '../recall/rank-fusion';
import type { RecallOptions } from '../twin';

export interface MemoryRecaller {
  recall(query: string, options?: RecallOptions): Promise<RecallResult[]>;
}

/** How close a recalled memory is to the query, 0..1: cosine when the vector search found it, else fused relevance. */
export function recallSimilarity(result: RecallResult): number {
  return result.why.similarity ?? result.why.relevance;
}
