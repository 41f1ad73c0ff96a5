/**
 * A draft as every surface shows it (CLI, chat participant): the text, which drafter wrote it, and its
 * provenance — the style fields, the user's own exemplars and the memories that shaped it — with a
 * confidence. `id` ties 👍/👎 feedback back to the exemplars the draft used.
 */

export type DraftChannel = 'commit' | 'reply' | 'review' | 'code';

export interface ExemplarProvenance {
  /** A memory id or a commit hash. */
  id: string;
  /** The start of the exemplar's text. */
  text: string;
  /** 0..1, how close it is to the task (after feedback weighting). */
  similarity: number;
}

export interface MemoryProvenance {
  id: string;
  excerpt: string;
  score: number;
}

export interface DraftProvenance {
  /** The learned style fields the draft followed, as `field: value`. */
  style: string[];
  exemplars: ExemplarProvenance[];
  memories: MemoryProvenance[];
}

export interface Draft {
  id: string;
  text: string;
  channel: DraftChannel;
  drafter: 'model' | 'offline';
  /** The model that answered, when one did. */
  model?: string;
  provenance: DraftProvenance;
  /** 0..1. */
  confidence: number;
  /** What the user should know: drafted offline, the model failed, the answer was corrected, … */
  notice?: string;
}

export const EXCERPT_CHARS = 160;

export function excerpt(text: string, chars = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > chars ? `${flat.slice(0, chars - 1).trimEnd()}…` : flat;
}

export function roundScore(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** What `--json` prints and the chat participant renders. */
export function draftJson(draft: Draft): { id: string; text: string; channel: DraftChannel; drafter: Draft['drafter']; model?: string; provenance: DraftProvenance; confidence: number; notice?: string } {
  return {
    id: draft.id,
    text: draft.text,
    channel: draft.channel,
    drafter: draft.drafter,
    ...(draft.model ? { model: draft.model } : {}),
    provenance: draft.provenance,
    confidence: draft.confidence,
    ...(draft.notice ? { notice: draft.notice } : {}),
  };
}

/** Provenance for people, one fact a line (the CLI prints it on stderr). */
export function renderProvenance(draft: Draft): string {
  const lines: string[] = [];
  lines.push(`drafter: ${draft.drafter}${draft.model ? ` (${draft.model})` : ''}; confidence ${draft.confidence.toFixed(2)}; draft ${draft.id}`);
  if (draft.notice) lines.push(`notice: ${draft.notice}`);
  if (draft.provenance.style.length) lines.push('style:', ...draft.provenance.style.map((field) => `  ${field}`));
  if (draft.provenance.exemplars.length) {
    lines.push('exemplars (your own writing):', ...draft.provenance.exemplars.map((item) => `  ${item.similarity.toFixed(2)}  ${item.id}  ${item.text}`));
  }
  if (draft.provenance.memories.length) {
    lines.push('memories:', ...draft.provenance.memories.map((item) => `  ${item.score.toFixed(2)}  ${item.id}  ${item.excerpt}`));
  }
  return lines.join('\n');
}
