/** Recalled memories as chat markdown: what, where from, when, and why it matched. */
import type { RecallItem } from '../../core/protocol/sidecar-protocol';

const MAX_TEXT = 400;

/** Keeps a memory's text from turning into links, emphasis, headings or HTML in the chat view. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!<>|~]/g, (char) => `\\${char}`);
}

export function formatWhen(timestamp: number): string {
  return new Date(timestamp).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** Why recall ranked it where it did, in words. */
export function describeWhy(item: RecallItem): string {
  const { why } = item;
  const reasons = [
    why.vectorRank ? `meaning #${why.vectorRank}${why.similarity !== undefined ? ` (similarity ${round(why.similarity)})` : ''}` : undefined,
    why.textRank ? `words #${why.textRank}${why.textScore !== undefined ? ` (bm25 ${round(why.textScore)})` : ''}` : undefined,
    `relevance ${round(why.relevance)}`,
    `importance ${round(why.importance)}`,
    `recency ${round(why.recency)}`,
  ].filter(Boolean);
  return reasons.join(', ');
}

export function oneLine(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One numbered list entry (without the file link, which the stream adds as an anchor). */
export function recallItemMarkdown(item: RecallItem, position: number): string {
  const { memory } = item;
  const where = [memory.sources.join('+') || memory.source, memory.author, memory.project].filter(Boolean).map((part) => escapeMarkdown(String(part)));
  return [
    `${position}. ${escapeMarkdown(oneLine(memory.text))}`,
    `   - _${where.join(' · ')}_ · ${formatWhen(memory.timestamp)} · \`${memory.id}\``,
    `   - why: ${describeWhy(item)}`,
  ].join('\n');
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
