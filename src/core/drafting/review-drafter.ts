/**
 * `draftReview`: review comments on a pull request in the user's own review voice. Exemplars are the
 * user's past review comments (source `github-review`, by their login), nearest to this diff first and
 * shifted by 👍/👎 feedback; the voice is the learned one from the style profile, or is measured from
 * those exemplars when none was learned. With a model, the prompt carries the voice, the exemplars,
 * related memories and the diff with every line numbered, and asks for JSON; without one (or when it
 * fails) the offline drafter runs the mechanical checks the user cares about and says it did.
 *
 * Every comment is checked against the diff's hunks before anyone sees it: GitHub refuses a whole review
 * when one comment sits on a line the diff does not show, so such comments are dropped and listed.
 */
import { randomUUID } from 'node:crypto';
import { GITHUB_REVIEW_SOURCE } from '../github/review-history';
import { isCommentableLine, parsePatch, type PatchLine } from '../github/patch-lines';
import { formatPullRequestRef, type PullRequestRef } from '../github/pr-reference';
import type { PullRequest } from '../github/pull-request';
import { ModelCancelledError, type ChatMessage, type ModelProvider } from '../models';
import { OFFLINE_NOTICE_PREFIX } from '../models/offline-draft';
import type { RecallResult } from '../recall/rank-fusion';
import { describeReviewVoice, learnReviewVoice, type ReviewVoice } from '../style/review-voice';
import { excerpt, roundScore, type Draft, type ExemplarProvenance, type MemoryProvenance } from './draft';
import { adjustedSimilarity, exemplarAdjustments, readFeedback, type ExemplarAdjustments } from './feedback';
import { recallSimilarity, type MemoryRecaller } from './memory-recaller';
import { draftOfflineReview, type DraftedReviewComment } from './offline-review-drafter';

export type { DraftedReviewComment } from './offline-review-drafter';

export interface DroppedReviewComment extends DraftedReviewComment {
  reason: string;
}

export interface ReviewDraft extends Draft {
  channel: 'review';
  pr: PullRequestRef;
  /** The head commit the comments' lines refer to. */
  headSha?: string;
  /** The review's body. */
  summary: string;
  /** Comments on lines of the diff, checked against its hunks. */
  comments: DraftedReviewComment[];
  /** Comments the model wrote on lines the diff does not show (never posted). */
  dropped: DroppedReviewComment[];
}

export interface DraftReviewOptions {
  pr: PullRequest;
  twin: MemoryRecaller;
  provider?: ModelProvider;
  /** The learned voice (`reviews` of the style profile); measured from the exemplars when absent. */
  voice?: ReviewVoice;
  /** The user's GitHub login, to pick their own past comments; default the voice's. */
  login?: string;
  /** TWIN_HOME, for draft feedback. */
  home?: string;
  feedback?: ExemplarAdjustments;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  timeoutMs?: number;
}

const EXEMPLAR_POOL = 16;
const PROMPT_EXEMPLARS = 8;
const MEMORIES = 5;
const MAX_DIFF_CHARS = 40_000;
const QUERY_CHARS = 1500;

interface Candidate {
  id: string;
  text: string;
  similarity: number;
  timestamp: number;
  meta: Record<string, unknown>;
}

export async function draftReview(options: DraftReviewOptions): Promise<ReviewDraft> {
  const { pr } = options;
  const reviewable = pr.files.filter((file) => file.patch);
  const login = options.login ?? options.voice?.login;
  const adjustments = options.feedback ?? (options.home ? exemplarAdjustments(readFeedback(options.home), 'review') : undefined);
  const query = reviewQuery(pr);
  const candidates = await exemplarCandidates(options.twin, query, login, adjustments);
  const voice = options.voice ?? learnReviewVoice(candidates.map((candidate) => ({ id: candidate.id, body: candidate.text, type: candidate.meta.type === 'review' ? 'review' : 'line-comment', ...(typeof candidate.meta.state === 'string' ? { state: candidate.meta.state } : {}) })));
  const additions = pr.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = pr.files.reduce((sum, file) => sum + file.deletions, 0);
  const style = [
    `pull request: ${formatPullRequestRef(pr.ref)} (${pr.files.length} file${pr.files.length === 1 ? '' : 's'}, +${additions} −${deletions})`,
    options.voice ? `voice: learned from ${options.voice.lineComments} line comments and ${options.voice.reviewBodies} review bodies${options.voice.login ? ` by ${options.voice.login}` : ''}` : voice ? `voice: measured from ${candidates.length} recalled review comments (run \`twin learn-reviews\` for the full profile)` : 'voice: none learned yet (run `twin learn-reviews`)',
    ...(voice ? describeReviewVoice(voice).map((line) => `voice ${line}`) : []),
  ];
  const skipped = pr.files.length - reviewable.length;
  if (skipped) style.push(`not shown by GitHub (binary or too large): ${skipped} file${skipped === 1 ? '' : 's'}`);
  const patches = new Map(reviewable.map((file) => [file.path, parsePatch(file.patch)]));

  const base = { channel: 'review' as const, pr: pr.ref, ...(pr.headSha ? { headSha: pr.headSha } : {}) };
  const offline = (prefix = ''): ReviewDraft => {
    const review = draftOfflineReview(pr, voice);
    const used = findingsWording(review.findings.length > 0, voice, candidates);
    const findings = review.findings.length;
    const text = renderReview(review.summary, review.comments);
    return {
      ...base,
      id: randomUUID(),
      text,
      drafter: 'offline',
      summary: review.summary,
      comments: review.comments,
      dropped: [],
      provenance: { style: [...style, `offline checks: ${review.basis}`], exemplars: used, memories: [] },
      // Mechanical checks find real things, but they are not the user's judgment of the change.
      confidence: findings ? Math.round(Math.min(0.6, 0.3 + 0.3 * (voice?.confidence ?? 0)) * 100) / 100 : 0.2,
      notice:
        prefix +
        `${OFFLINE_NOTICE_PREFIX}: the offline drafter does not read the code for meaning; it ran mechanical checks over the diff (${review.basis}) ` +
        `and found ${findings || 'nothing'}${findings ? ` thing${findings === 1 ? '' : 's'}` : ''} to mention, worded the way you ask for changes. Configure a model for a real review.`,
    };
  };
  if (!options.provider) return offline();

  const exemplarIds = new Set(candidates.map((candidate) => candidate.id));
  const related = (await options.twin.recall(query, { limit: MEMORIES + exemplarIds.size })).filter((result) => !exemplarIds.has(result.memory.id) && !result.memory.sources.includes(GITHUB_REVIEW_SOURCE)).slice(0, MEMORIES);
  const chosen = candidates.slice(0, PROMPT_EXEMPLARS);
  const messages = reviewPrompt(pr, voice, chosen, related, patches);
  let answer: { text: string; model: string };
  try {
    const result = await options.provider.chat({ messages, task: 'review', difficulty: 'hard', temperature: 0.3, maxTokens: 2000 }, { signal: options.signal, onToken: options.onToken, timeoutMs: options.timeoutMs });
    answer = { text: result.text, model: result.model };
  } catch (error) {
    if (error instanceof ModelCancelledError) throw error;
    return offline(`The model failed (${(error as Error).message}), so this is the offline draft instead. `);
  }
  const parsed = parseReviewAnswer(answer.text);
  if (!parsed) return offline('The model did not answer with the JSON review asked for, so this is the offline draft instead. ');
  const { comments, dropped } = validateComments(parsed.comments, patches);
  const best = chosen[0]?.similarity ?? 0;
  const kept = parsed.comments.length ? comments.length / parsed.comments.length : 1;
  return {
    ...base,
    id: randomUUID(),
    text: renderReview(parsed.summary, comments),
    drafter: 'model',
    model: answer.model,
    summary: parsed.summary,
    comments,
    dropped,
    provenance: {
      style: [...style, ...dropped.map((item) => `dropped: ${item.path}:${item.line} (${item.reason})`)],
      exemplars: chosen.map(toProvenance),
      memories: related.map((result): MemoryProvenance => ({ id: result.memory.id, excerpt: excerpt(result.memory.text), score: roundScore(result.score) })),
    },
    // Without the user's own comments to follow the model guesses at their voice; comments it placed on lines outside the diff lower it too.
    confidence: Math.round(Math.min(0.9, (0.35 + 0.5 * best) * (0.5 + 0.5 * kept)) * 100) / 100,
    ...(dropped.length ? { notice: `${dropped.length} comment${dropped.length === 1 ? ' was' : 's were'} on lines the diff does not show and ${dropped.length === 1 ? 'was' : 'were'} dropped (see provenance).` } : {}),
  };
}

/** The user's comments the offline wording followed: those showing their request phrase and nit prefix. */
function findingsWording(found: boolean, voice: ReviewVoice | undefined, candidates: Candidate[]): ExemplarProvenance[] {
  if (!found || !voice) return [];
  const known = new Map<string, { text: string; similarity?: number }>([
    ...voice.exemplars.map((exemplar): [string, { text: string }] => [exemplar.id, { text: exemplar.text }]),
    ...candidates.map((candidate): [string, { text: string; similarity: number }] => [candidate.id, { text: candidate.text, similarity: candidate.similarity }]),
  ]);
  const request = voice.requests[0];
  const ids = [...(request?.exemplars.slice(0, 2) ?? []), ...(voice.nits.prefix ? voice.nits.exemplars.slice(0, 1) : [])];
  return [...new Set(ids)].map((id) => {
    const seen = known.get(id);
    const shows = request?.exemplars.includes(id) ? `asks with "${request.phrase}"` : `nit prefix "${voice.nits.prefix}"`;
    return { id, text: seen ? excerpt(seen.text) : `(${shows})`, similarity: roundScore(seen?.similarity ?? (request?.exemplars.includes(id) ? request.confidence : voice.nits.confidence)) };
  });
}

/** What the exemplars are recalled by: the title and the changed code. */
function reviewQuery(pr: PullRequest): string {
  const added = pr.files.flatMap((file) => parsePatch(file.patch).filter((line) => line.kind === 'added').map((line) => line.text.trim())).filter(Boolean);
  return [pr.title, pr.files.map((file) => file.path).join(' '), added.join('\n')].join('\n').slice(0, QUERY_CHARS);
}

async function exemplarCandidates(twin: MemoryRecaller, query: string, login: string | undefined, adjustments: ExemplarAdjustments | undefined): Promise<Candidate[]> {
  const results = await twin.recall(query, { limit: EXEMPLAR_POOL, filter: { source: GITHUB_REVIEW_SOURCE, ...(login ? { author: login } : {}) } });
  return results
    .map((result) => ({
      id: result.memory.id,
      text: result.memory.text,
      similarity: adjustedSimilarity(result.memory.id, recallSimilarity(result), adjustments),
      timestamp: result.memory.timestamp,
      meta: result.memory.meta ?? {},
    }))
    .sort((a, b) => b.similarity - a.similarity || b.timestamp - a.timestamp);
}

function toProvenance(candidate: Candidate): ExemplarProvenance {
  return { id: candidate.id, text: excerpt(candidate.text), similarity: roundScore(candidate.similarity) };
}

/** The diff with each line's number and side, as the model must cite them. */
export function numberedDiff(pr: PullRequest, patches: Map<string, PatchLine[]>, maxChars = MAX_DIFF_CHARS): string {
  const out: string[] = [];
  let size = 0;
  let omitted = 0;
  for (const file of pr.files) {
    const lines = patches.get(file.path);
    const header = `=== ${file.path} (${file.status}${file.previousPath ? ` from ${file.previousPath}` : ''}, +${file.additions} −${file.deletions})`;
    if (!lines) {
      out.push(header, '(no diff shown: binary or too large)');
      continue;
    }
    const body = lines.map((line) => (line.kind === 'removed' ? `L${line.oldLine} -${line.text}` : line.kind === 'added' ? `R${line.newLine} +${line.text}` : `R${line.newLine}  ${line.text}`));
    const block = [header, ...body].join('\n');
    if (size + block.length > maxChars) {
      omitted++;
      continue;
    }
    size += block.length;
    out.push(block);
  }
  if (omitted) out.push(`(${omitted} more file${omitted === 1 ? '' : 's'} left out to keep the prompt short)`);
  return out.join('\n');
}

function reviewPrompt(pr: PullRequest, voice: ReviewVoice | undefined, exemplars: Candidate[], related: RecallResult[], patches: Map<string, PatchLine[]>): ChatMessage[] {
  const system = [
    "You draft a pull request review in this reviewer's own voice, for them to check before anything is posted.",
    'Write like their past review comments: their length, tone, the way they ask for changes, their nit prefix, what they look for.',
    'Comment only on what the diff shows; do not invent facts about code you cannot see. Fewer, useful comments beat many.',
    'Each comment sits on one line of the diff: use the number after R (new file, side RIGHT) for added or unchanged lines, or after L (old file, side LEFT) for removed lines.',
    'Answer with JSON only, no prose around it: {"summary": "the review body", "comments": [{"path": "file path", "line": 12, "side": "RIGHT", "body": "the comment"}]}.',
  ].join(' ');
  const lines: string[] = [];
  if (voice) lines.push('How they review:', ...describeReviewVoice(voice).map((note) => `- ${note}`), '');
  if (exemplars.length) {
    lines.push('Review comments they wrote (their voice):');
    for (const exemplar of exemplars) {
      const where = typeof exemplar.meta.path === 'string' ? ` (on ${exemplar.meta.path}${typeof exemplar.meta.line === 'number' ? `:${exemplar.meta.line}` : ''})` : '';
      lines.push(`---${where}`, exemplar.text.trim());
    }
    lines.push('---', '');
  }
  if (related.length) {
    lines.push('Notes from their memory that may be relevant:');
    for (const result of related) lines.push(`- [${result.memory.source}] ${excerpt(result.memory.text, 300)}`);
    lines.push('');
  }
  lines.push(`Pull request ${formatPullRequestRef(pr.ref)}: ${pr.title}${pr.author ? ` (by ${pr.author})` : ''}`);
  if (pr.body.trim()) lines.push('Description:', excerpt(pr.body, 1500));
  lines.push('', 'The diff, each line numbered:', numberedDiff(pr, patches), '', 'Write their review as JSON.');
  return [
    { role: 'system', content: system },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** The model's JSON, found inside fences or prose and forgiving about field names; undefined when there is none. */
export function parseReviewAnswer(text: string): { summary: string; comments: DraftedReviewComment[] } | undefined {
  const candidates: string[] = [];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/i.exec(text);
  if (fenced) candidates.push(fenced[1]);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start >= 0 && end > start) candidates.push(text.slice(start, end + 1));
  for (const candidate of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    const list = Array.isArray(record.comments) ? record.comments : [];
    const comments: DraftedReviewComment[] = [];
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const entry = item as Record<string, unknown>;
      const path = typeof entry.path === 'string' ? entry.path.trim() : typeof entry.file === 'string' ? entry.file.trim() : '';
      const line = Number(entry.line);
      const body = typeof entry.body === 'string' ? entry.body.trim() : typeof entry.comment === 'string' ? entry.comment.trim() : '';
      const side = String(entry.side ?? 'RIGHT').toUpperCase() === 'LEFT' ? 'LEFT' : 'RIGHT';
      if (path && body) comments.push({ path, line, side, body });
    }
    const summary = typeof record.summary === 'string' ? record.summary.trim() : typeof record.body === 'string' ? record.body.trim() : '';
    if (summary || comments.length) return { summary, comments };
  }
  return undefined;
}

/** Keeps the comments GitHub would accept on this diff; the rest are returned with why. */
export function validateComments(comments: readonly DraftedReviewComment[], patches: Map<string, PatchLine[]>): { comments: DraftedReviewComment[]; dropped: DroppedReviewComment[] } {
  const kept: DraftedReviewComment[] = [];
  const dropped: DroppedReviewComment[] = [];
  const seen = new Set<string>();
  for (const comment of comments) {
    const lines = patches.get(comment.path);
    let reason: string | undefined;
    if (!lines) reason = 'the file is not in the diff';
    else if (!Number.isInteger(comment.line) || comment.line < 1) reason = 'no valid line number';
    else if (!isCommentableLine(lines, comment.line, comment.side)) reason = `line ${comment.line} (${comment.side}) is not in the diff's hunks`;
    const key = `${comment.path}:${comment.side}:${comment.line}:${comment.body}`;
    if (!reason && seen.has(key)) reason = 'a repeat of another comment';
    if (reason) dropped.push({ ...comment, reason });
    else {
      seen.add(key);
      kept.push(comment);
    }
  }
  return { comments: kept, dropped };
}

/** The review as people read it: one `path:line: body` a comment, then the summary. */
export function renderReview(summary: string, comments: readonly DraftedReviewComment[]): string {
  const lines = comments.map((comment) => `${comment.path}:${comment.line}${comment.side === 'LEFT' ? ' (old)' : ''}: ${comment.body.replace(/\n/g, '\n  ')}`);
  if (summary.trim()) {
    if (lines.length) lines.push('');
    lines.push(summary.trim());
  }
  return lines.join('\n');
}
