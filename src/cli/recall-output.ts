import { RecallResult } from '../core/recall/rank-fusion';

/** The JSON shape of `twin recall --json`: stable for scripts and evaluations. */
export function recallJson(results: RecallResult[]): Array<Record<string, unknown>> {
  return results.map(({ memory, score, why }) => ({
    id: memory.id,
    text: memory.text,
    score,
    timestamp: new Date(memory.timestamp).toISOString(),
    source: memory.source,
    author: memory.author ?? null,
    kind: memory.kind,
    why,
  }));
}

export function formatRecallResult(result: RecallResult, position: number): string {
  const { memory, score, why } = result;
  const when = new Date(memory.timestamp).toISOString().replace('T', ' ').slice(0, 16);
  const who = memory.author ? ` · ${memory.author}` : '';
  const reasons = [
    why.vectorRank ? `meaning #${why.vectorRank} (similarity ${why.similarity})` : undefined,
    why.textRank ? `words #${why.textRank} (bm25 ${why.textScore})` : undefined,
    `importance ${why.importance}`,
    `recency ${why.recency}`,
  ].filter(Boolean);
  const text = memory.text.length > 400 ? `${memory.text.slice(0, 400)}…` : memory.text;
  return `${position}. [${score.toFixed(3)}] ${when} · ${memory.sources.join('+')}${who} · ${memory.id}\n   ${text.replace(/\n/g, '\n   ')}\n   why: ${reasons.join(', ')}`;
}
