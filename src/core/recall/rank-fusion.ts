import { Memory } from '../types';
import { Candidate, TextHit, VectorHit } from '../store/memory-store';

export type RecallMode = 'hybrid' | 'vector' | 'text';

/** Why a memory was returned: every number that went into its score. */
export interface RecallExplanation {
  /** 1-based rank in the vector search and cosine similarity, when the vector search found it. */
  vectorRank?: number;
  similarity?: number;
  /** 1-based rank in the full-text search and its BM25 score, when full-text search found it. */
  textRank?: number;
  textScore?: number;
  /** The fused relevance of the two lists, 0..1 (1 = best in both); see RankingWeights.fusion. */
  relevance: number;
  importance: number;
  /** 0..1, halving every `recencyHalfLifeDays` since the memory's time. */
  recency: number;
}

export interface RecallResult {
  memory: Memory;
  score: number;
  why: RecallExplanation;
}

/** A ranked candidate before its full memory is read. */
export interface RankedCandidate {
  memory: Candidate;
  score: number;
  why: RecallExplanation;
}

export interface RankingWeights {
  /**
   * How the two lists combine. `relative`: each list's scores are divided by its best score and the two
   * are averaged, so a clearly better match keeps its margin. `rrf`: reciprocal rank fusion, which only
   * sees ranks (rank 1 and rank 3 differ by 3%), so importance and recency can overturn clear matches.
   * bench/retrieval-quality.mjs compares both.
   */
  fusion: 'relative' | 'minmax' | 'rrf';
  /** Share of the fused relevance given to the vector list (the full-text list gets the rest). */
  vectorWeight: number;
  /** RRF's damping constant: larger flattens the advantage of the very first ranks. */
  rrfK: number;
  /** How much importance and recency may move a result; relevance always dominates. */
  importanceWeight: number;
  recencyWeight: number;
  recencyHalfLifeDays: number;
}

export const DEFAULT_RANKING: RankingWeights = {
  fusion: 'minmax',
  // Chosen on half of bench/retrieval-quality's questions (0.2–0.4 tied there) and checked on the other
  // half: the offline word-vector model is a weaker retriever than full text, so it gets the smaller share.
  vectorWeight: 0.3,
  rrfK: 60,
  importanceWeight: 0.2,
  recencyWeight: 0.1,
  recencyHalfLifeDays: 60,
};

const DAY_MS = 86_400_000;

/**
 * Fuses vector and full-text candidates (their raw scores are on incomparable scales, so each list is
 * normalised first, or only ranks are used), then re-ranks by relevance × importance × recency. In the
 * single modes only that list counts.
 */
export function fuseAndRank(
  vectorHits: VectorHit[],
  textHits: TextHit[],
  options: { limit: number; now: number; mode: RecallMode; weights?: RankingWeights; /** Candidates asked of each search. */ pool: number },
): RankedCandidate[] {
  const weights = options.weights ?? DEFAULT_RANKING;
  const byId = new Map<string, { memory: Candidate; why: Partial<RecallExplanation>; fused: number }>();
  const consider = (memory: Candidate, contribution: number, describe: (why: Partial<RecallExplanation>) => void) => {
    let entry = byId.get(memory.id);
    if (!entry) {
      entry = { memory, why: {}, fused: 0 };
      byId.set(memory.id, entry);
    }
    entry.fused += contribution;
    describe(entry.why);
  };
  const contributions = (scores: number[]): number[] => {
    if (weights.fusion === 'rrf') return scores.map((_, index) => 1 / (weights.rrfK + index + 1));
    if (weights.fusion === 'minmax') {
      // When the search filled the pool, its weakest candidate marks this query's background level of
      // similarity, and only the margin above it is evidence. A pool that did not fill (a small store)
      // has no such sample, so the floor is zero.
      const top = Math.max(...scores);
      const floor = scores.length >= options.pool ? Math.min(...scores) : 0;
      return scores.map((score) => (top > floor ? Math.max(0, score - floor) / (top - floor) : 1));
    }
    // Divide by the list's best score: the top match gets 1 and the others keep their distance from it
    // (min-max would send the last of a short list to 0 however good it is).
    const max = Math.max(...scores);
    return scores.map((score) => (max > 0 ? Math.max(0, score) / max : 0));
  };
  if (options.mode !== 'text' && vectorHits.length) {
    const listWeight = options.mode === 'hybrid' ? weights.vectorWeight : 1;
    const shares = contributions(vectorHits.map((hit) => 1 - hit.distance)).map((share) => share * listWeight);
    vectorHits.forEach((hit, index) =>
      consider(hit.memory, shares[index], (why) => {
        why.vectorRank = index + 1;
        why.similarity = round(1 - hit.distance);
      }),
    );
  }
  if (options.mode !== 'vector' && textHits.length) {
    const listWeight = options.mode === 'hybrid' ? 1 - weights.vectorWeight : 1;
    const shares = contributions(textHits.map((hit) => hit.score)).map((share) => share * listWeight);
    textHits.forEach((hit, index) =>
      consider(hit.memory, shares[index], (why) => {
        why.textRank = index + 1;
        why.textScore = round(hit.score);
      }),
    );
  }
  const best = weights.fusion === 'rrf' ? 1 / (weights.rrfK + 1) : 1;
  const results: RankedCandidate[] = [];
  for (const { memory, why, fused } of byId.values()) {
    const relevance = fused / best;
    const ageDays = Math.max(0, (options.now - memory.timestamp) / DAY_MS);
    const recency = Math.pow(0.5, ageDays / weights.recencyHalfLifeDays);
    const importance = clamp01(memory.importance);
    const score =
      relevance *
      (1 - weights.importanceWeight + weights.importanceWeight * importance) *
      (1 - weights.recencyWeight + weights.recencyWeight * recency);
    results.push({
      memory,
      score: round(score),
      why: { ...why, relevance: round(relevance), importance: round(importance), recency: round(recency) },
    });
  }
  results.sort((a, b) => b.score - a.score || b.memory.timestamp - a.memory.timestamp);
  return results.slice(0, options.limit);
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
