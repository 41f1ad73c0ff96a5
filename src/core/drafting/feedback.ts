/**
 * 👍/👎 on drafts, kept in `TWIN_HOME/drafting/feedback.jsonl` (0600 in a 0700 folder). Each verdict is
 * tied to the exemplars the draft was built from, so later drafts lean towards exemplars the user liked
 * and away from those behind drafts they rejected.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder } from '../config/twin-home';
import type { Draft, DraftChannel } from './draft';

export type Verdict = 'up' | 'down';

export interface FeedbackEntry {
  draftId: string;
  channel: DraftChannel;
  verdict: Verdict;
  exemplarIds: string[];
  /** ISO-8601. */
  at: string;
}

/** How far one verdict moves an exemplar's similarity; a rejection counts more than a approval. */
export const POSITIVE_STEP = 0.05;
export const NEGATIVE_STEP = 0.15;
const MAX_BOOST = 0.15;
const MAX_PENALTY = 0.45;

export function feedbackPath(home: string): string {
  return path.join(home, 'drafting', 'feedback.jsonl');
}

export function recordFeedback(home: string, draft: Pick<Draft, 'id' | 'channel' | 'provenance'>, verdict: Verdict, at = new Date()): FeedbackEntry {
  const entry: FeedbackEntry = {
    draftId: draft.id,
    channel: draft.channel,
    verdict,
    exemplarIds: draft.provenance.exemplars.map((exemplar) => exemplar.id),
    at: at.toISOString(),
  };
  appendFeedback(home, entry);
  return entry;
}

export function appendFeedback(home: string, entry: FeedbackEntry): void {
  ensurePrivateFolder(home);
  const file = feedbackPath(home);
  ensurePrivateFolder(path.dirname(file));
  fs.appendFileSync(file, JSON.stringify(entry) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Every verdict recorded, oldest first; lines that do not parse are skipped. */
export function readFeedback(home: string): FeedbackEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(feedbackPath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read draft feedback at ${feedbackPath(home)}: ${(error as Error).message}.`);
  }
  const entries: FeedbackEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as FeedbackEntry;
      if ((entry.verdict === 'up' || entry.verdict === 'down') && Array.isArray(entry.exemplarIds)) entries.push(entry);
    } catch {
      // A torn last line from a crash loses one verdict, not the file.
    }
  }
  return entries;
}

/** Exemplar id → how much to add to its similarity, from the verdicts on drafts of this channel. */
export type ExemplarAdjustments = Map<string, number>;

export function exemplarAdjustments(entries: readonly FeedbackEntry[], channel?: DraftChannel): ExemplarAdjustments {
  const adjustments: ExemplarAdjustments = new Map();
  for (const entry of entries) {
    if (channel && entry.channel !== channel) continue;
    const step = entry.verdict === 'up' ? POSITIVE_STEP : -NEGATIVE_STEP;
    for (const id of new Set(entry.exemplarIds)) adjustments.set(id, (adjustments.get(id) ?? 0) + step);
  }
  for (const [id, value] of adjustments) adjustments.set(id, Math.max(-MAX_PENALTY, Math.min(MAX_BOOST, value)));
  return adjustments;
}

/** The similarity a draft ranks an exemplar by, once the user's verdicts are counted (kept in 0..1). */
export function adjustedSimilarity(id: string | undefined, similarity: number, adjustments: ExemplarAdjustments | undefined): number {
  const delta = id && adjustments ? (adjustments.get(id) ?? 0) : 0;
  return Math.round(Math.max(0, Math.min(1, similarity + delta)) * 1e6) / 1e6;
}

/**
 * Which exemplars each draft used (ids only, never text), so a verdict given later can find them; with the
 * drafter and confidence, which the dashboard lists. The draft's words stay where the user put them.
 */
export function draftsLogPath(home: string): string {
  return path.join(home, 'drafting', 'drafts.jsonl');
}

export function recordDraft(home: string, draft: Pick<Draft, 'id' | 'channel' | 'provenance'> & Partial<Pick<Draft, 'drafter' | 'confidence'>>, at = new Date()): void {
  ensurePrivateFolder(home);
  const file = draftsLogPath(home);
  ensurePrivateFolder(path.dirname(file));
  const entry = {
    draftId: draft.id,
    channel: draft.channel,
    exemplarIds: draft.provenance.exemplars.map((exemplar) => exemplar.id),
    ...(draft.drafter ? { drafter: draft.drafter } : {}),
    ...(typeof draft.confidence === 'number' ? { confidence: draft.confidence } : {}),
    at: at.toISOString(),
  };
  fs.appendFileSync(file, JSON.stringify(entry) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Records a verdict on a draft recorded with `recordDraft`. */
export function feedbackOnDraft(home: string, draftId: string, verdict: Verdict, at = new Date()): FeedbackEntry {
  let text = '';
  try {
    text = fs.readFileSync(draftsLogPath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let found: { channel: DraftChannel; exemplarIds: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (!line.includes(draftId)) continue;
    try {
      const entry = JSON.parse(line) as { draftId: string; channel: DraftChannel; exemplarIds: string[] };
      if (entry.draftId === draftId) found = entry;
    } catch {
      // A torn line is skipped.
    }
  }
  if (!found) throw new Error(`No draft ${draftId} is recorded in ${draftsLogPath(home)}: give the id \`twin draft\` printed on stderr ("draft …").`);
  const entry: FeedbackEntry = { draftId, channel: found.channel, verdict, exemplarIds: found.exemplarIds, at: at.toISOString() };
  appendFeedback(home, entry);
  return entry;
}
