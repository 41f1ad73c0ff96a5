/**
 * Learns the user's pull request review voice from what they wrote in past reviews (line comments and
 * review bodies, `src/core/github/review-history.ts`): how long their comments are, whether they hedge
 * ("maybe", "could we", "I think", questions) or direct ("Rename this"), the words they ask for changes
 * with, how they mark nits, what they write when approving, what they look for (tests, naming, error
 * handling, …) and their emoji. Every value carries a confidence and the ids of the comments that show it,
 * as the commit style does, so a draft can name its evidence.
 */
import { add, ranked, round, type Counts } from './stats';

/** One thing the user wrote in a review; `id` is the memory id it is stored under. */
export interface ReviewText {
  id: string;
  body: string;
  type: 'line-comment' | 'review';
  /** For reviews: APPROVED, CHANGES_REQUESTED, COMMENTED, … */
  state?: string;
}

export type ReviewTone = 'hedged' | 'direct' | 'mixed';
export type ReviewFocus = 'tests' | 'naming' | 'error handling' | 'performance' | 'docs' | 'types' | 'security' | 'readability' | 'debug output' | 'formatting';

/** A learned value's evidence: how sure, and which of the user's comments show it. */
export interface VoiceEvidence {
  confidence: number;
  exemplars: string[];
}

export interface ReviewVoice {
  /** The GitHub login it was learned for. */
  login?: string;
  /** Where it was learned from (the API root), and when. */
  apiUrl?: string;
  learnedAt: string;
  lineComments: number;
  reviewBodies: number;
  /** Approvals submitted with no text at all. */
  bareApprovals: number;
  /** 0..1, from how much the user has written. */
  confidence: number;
  length: { medianWords: number; p90Words: number } & VoiceEvidence;
  tone: { style: ReviewTone; hedgedShare: number; questionShare: number; imperativeShare: number } & VoiceEvidence;
  /** How they ask for a change, most used first (`could we`, `please`, imperative `rename`, …). */
  requests: Array<{ phrase: string; share: number } & VoiceEvidence>;
  nits: { share: number; prefix?: string } & VoiceEvidence;
  approvals: { count: number; typical?: string; bareShare: number } & VoiceEvidence;
  /** What their comments are about, most frequent first. */
  focus: Array<{ category: ReviewFocus; share: number } & VoiceEvidence>;
  emoji: { share: number; top: string[] } & VoiceEvidence;
  /** A few typical comments, for prompts and provenance. */
  exemplars: Array<{ id: string; text: string }>;
}

export interface LearnReviewVoiceOptions {
  login?: string;
  apiUrl?: string;
  bareApprovals?: number;
  learnedAt?: string;
}

const EXEMPLARS_PER_VALUE = 3;
const TYPICAL_EXEMPLARS = 6;
const EXEMPLAR_CHARS = 400;

const HEDGES = /\b(maybe|perhaps|might|i think|i wonder|not sure|i'm not sure|could we|would it|wdyt|what do you think|i'd suggest|i would suggest|possibly|probably|consider|feel free|if you want|up to you|optional)\b/i;
const IMPERATIVE_VERBS = new Set([
  'add', 'remove', 'rename', 'use', 'move', 'extract', 'drop', 'avoid', 'make', 'return', 'handle', 'check', 'split', 'inline', 'change', 'fix', 'replace',
  'delete', 'prefer', 'keep', 'pass', 'log', 'throw', 'catch', 'document', 'test', 'wrap', 'guard', 'validate', 'cache', 'revert', 'update', 'put', 'simplify', "don't", 'do',
]);
/** Request phrasings, checked in order; the first that appears in a comment counts for it. */
const REQUEST_PHRASES: Array<[string, RegExp]> = [
  ['could we', /\bcould we\b/i],
  ['can we', /\bcan we\b/i],
  ['could you', /\bcould you\b/i],
  ['can you', /\bcan you\b/i],
  ['would you', /\bwould you\b/i],
  ['should we', /\bshould we\b/i],
  ["let's", /\blet'?s\b/i],
  ['please', /\bplease\b/i],
  ['maybe', /\bmaybe\b/i],
  ['I think', /\bi think\b/i],
  ['consider', /\bconsider\b/i],
  ['what about', /\b(what|how) about\b/i],
  ['I would', /\bi('d| would)\b/i],
  ['suggest', /\bsuggest\b/i],
];
const NIT_PREFIX = /^\s*(?:\*\*)?((?:nit(?:pick)?|minor|optional|style|nb|small)(?:\s*\([^)]*\))?\s*:)/i;
const EMOJI = /\p{Extended_Pictographic}|:[a-z0-9_+-]+:/gu;
const FOCUS: Array<[ReviewFocus, RegExp]> = [
  ['tests', /\b(tests?|testing|spec|coverage|assert\w*|mock\w*|fixtures?|e2e|unit)\b/i],
  ['naming', /\b(name[ds]?|naming|rename\w*|call (it|this))\b/i],
  ['error handling', /\b(errors?|exceptions?|throws?|catch|handl\w+|fail\w*|reject\w*|null check|undefined|retry|retries)\b/i],
  ['performance', /\b(perf\w*|slow\w*|faster|O\(n|allocat\w+|cache\w*|memory|latency|n\+1|quadratic|hot path)\b/i],
  ['docs', /\b(docs?|document\w*|readme|jsdoc|docstring|changelog|comments?)\b/i],
  ['types', /\b(types?|typing|typed|any|interface|generics?|cast\w*|nullable|optional chaining)\b/i],
  ['security', /\b(security|secrets?|tokens?|passwords?|inject\w*|saniti[sz]\w*|escap\w+|xss|csrf|permissions?|auth\w*)\b/i],
  ['readability', /\b(extract|split|simplif\w+|readab\w+|duplicat\w+|helper|refactor\w*|complex\w*|nested|too long)\b/i],
  ['debug output', /\b(console\.log|print(ln)?|debug\w*|leftover|stray)\b/i],
  ['formatting', /\b(format\w*|whitespace|lint\w*|prettier|indent\w*|trailing)\b/i],
];

/** The review voice from the user's review texts; undefined when there is nothing to learn from. */
export function learnReviewVoice(texts: readonly ReviewText[], options: LearnReviewVoiceOptions = {}): ReviewVoice | undefined {
  const usable = texts.filter((text) => text.body.trim());
  const bare = options.bareApprovals ?? 0;
  if (usable.length === 0 && bare === 0) return undefined;
  const comments = usable.filter((text) => text.type === 'line-comment');
  const reviews = usable.filter((text) => text.type === 'review');
  // Tone, requests and focus are about what they ask of code: line comments, and review bodies that are not plain approvals.
  const asks = usable.filter((text) => !(text.type === 'review' && text.state === 'APPROVED'));
  const samples = usable.length;
  const sampleConfidence = samples / (samples + 8);
  const evidence = (matching: readonly ReviewText[], share: number): VoiceEvidence => ({
    confidence: round(Math.min(1, share) * (matching.length / (matching.length + 4)) * (0.5 + 0.5 * sampleConfidence)),
    exemplars: matching.slice(0, EXEMPLARS_PER_VALUE).map((text) => text.id),
  });

  const words = usable.map((text) => wordCount(text.body)).sort((a, b) => a - b);
  const medianWords = words.length ? words[Math.floor((words.length - 1) / 2)] : 0;
  const p90Words = words.length ? words[Math.min(words.length - 1, Math.ceil(0.9 * words.length) - 1)] : 0;
  const typicalLength = usable.filter((text) => Math.abs(wordCount(text.body) - medianWords) <= Math.max(2, medianWords * 0.3));

  const hedged = asks.filter((text) => HEDGES.test(stripNit(text.body)));
  const questions = asks.filter((text) => text.body.includes('?'));
  const imperative = asks.filter((text) => isImperative(text.body) && !HEDGES.test(stripNit(text.body)));
  const ofAsks = (list: readonly ReviewText[]) => (asks.length ? list.length / asks.length : 0);
  const soft = asks.filter((text) => HEDGES.test(stripNit(text.body)) || text.body.includes('?'));
  const softShare = ofAsks(soft);
  const directShare = ofAsks(imperative);
  const style: ReviewTone = softShare >= 1.5 * directShare && softShare >= 0.4 ? 'hedged' : directShare >= 1.5 * softShare && directShare >= 0.4 ? 'direct' : 'mixed';
  const toneEvidence = style === 'hedged' ? soft : style === 'direct' ? imperative : asks;
  const toneShare = style === 'hedged' ? softShare : style === 'direct' ? directShare : Math.max(softShare, directShare);

  const phraseCounts: Counts = {};
  const phraseExemplars = new Map<string, ReviewText[]>();
  for (const text of asks) {
    const phrase = requestPhrase(text.body);
    if (!phrase) continue;
    add(phraseCounts, phrase);
    phraseExemplars.set(phrase, [...(phraseExemplars.get(phrase) ?? []), text]);
  }
  const requests = ranked(phraseCounts)
    .slice(0, 5)
    .map(([phrase, count]) => ({ phrase, share: round(count / Math.max(1, asks.length)), ...evidence(phraseExemplars.get(phrase) ?? [], count / Math.max(1, asks.length)) }));

  const nitTexts = comments.filter((text) => NIT_PREFIX.test(text.body));
  const prefixCounts: Counts = {};
  for (const text of nitTexts) add(prefixCounts, NIT_PREFIX.exec(text.body)![1].replace(/\s+:/, ':'));
  const nitShare = comments.length ? nitTexts.length / comments.length : 0;
  const prefix = ranked(prefixCounts)[0]?.[0];

  const approvalTexts = reviews.filter((text) => text.state === 'APPROVED');
  const approvalCounts: Counts = {};
  for (const text of approvalTexts) add(approvalCounts, text.body.trim());
  const approvalsTotal = approvalTexts.length + bare;
  // The most repeated approval, else the shortest (their habitual one-liner shows up as the shortest).
  const repeated = ranked(approvalCounts)[0];
  const typical = repeated && repeated[1] > 1 ? repeated[0] : [...approvalTexts].sort((a, b) => a.body.length - b.body.length)[0]?.body.trim();
  const bareShare = approvalsTotal ? bare / approvalsTotal : 0;

  const focus = FOCUS.map(([category, pattern]) => {
    const matching = asks.filter((text) => pattern.test(text.body));
    const share = asks.length ? matching.length / asks.length : 0;
    return { category, share: round(share), ...evidence(matching, share * 2) };
  })
    .filter((entry) => entry.share > 0)
    .sort((a, b) => b.share - a.share);

  const emojiCounts: Counts = {};
  const withEmoji = usable.filter((text) => {
    const found = text.body.match(EMOJI) ?? [];
    for (const emoji of found) add(emojiCounts, emoji);
    return found.length > 0;
  });
  const emojiShare = samples ? withEmoji.length / samples : 0;

  return {
    ...(options.login ? { login: options.login } : {}),
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    learnedAt: options.learnedAt ?? new Date().toISOString(),
    lineComments: comments.length,
    reviewBodies: reviews.length,
    bareApprovals: bare,
    confidence: round(sampleConfidence),
    length: { medianWords, p90Words, ...evidence(typicalLength, typicalLength.length / Math.max(1, samples)) },
    tone: { style, hedgedShare: round(ofAsks(hedged)), questionShare: round(ofAsks(questions)), imperativeShare: round(directShare), ...evidence(toneEvidence, toneShare) },
    requests,
    nits: { share: round(nitShare), ...(prefix ? { prefix } : {}), ...evidence(nitTexts, nitTexts.length ? 1 : 0) },
    approvals: { count: approvalsTotal, ...(typical ? { typical } : {}), bareShare: round(bareShare), ...evidence(approvalTexts, approvalsTotal ? Math.max(repeated ? repeated[1] / approvalsTotal : 0, bareShare) : 0) },
    focus,
    emoji: { share: round(emojiShare), top: ranked(emojiCounts).slice(0, 5).map(([emoji]) => emoji), ...evidence(withEmoji, emojiShare >= 0.5 ? emojiShare : 1 - emojiShare) },
    exemplars: typicalExemplars(asks.length ? asks : usable, medianWords),
  };
}

/** The voice as short `field: value` lines, for prompts and provenance. */
export function describeReviewVoice(voice: ReviewVoice): string[] {
  const lines = [
    `length: median ${voice.length.medianWords} words, p90 ${voice.length.p90Words}`,
    `tone: ${voice.tone.style} (${pct(voice.tone.hedgedShare)} hedged, ${pct(voice.tone.questionShare)} questions, ${pct(voice.tone.imperativeShare)} plain imperatives)`,
  ];
  if (voice.requests.length) lines.push(`requests: asked with ${voice.requests.slice(0, 3).map((request) => `"${request.phrase}" (${pct(request.share)})`).join(', ')}`);
  lines.push(voice.nits.prefix ? `nits: prefixed "${voice.nits.prefix}" (${pct(voice.nits.share)} of line comments)` : 'nits: no nit prefix');
  if (voice.approvals.count) lines.push(`approvals: ${voice.approvals.typical ? `"${oneLine(voice.approvals.typical, 80)}"` : 'without a comment'}${voice.approvals.bareShare ? ` (${pct(voice.approvals.bareShare)} bare)` : ''}`);
  if (voice.focus.length) lines.push(`looks for: ${voice.focus.slice(0, 5).map((focus) => `${focus.category} (${pct(focus.share)})`).join(', ')}`);
  lines.push(voice.emoji.share >= 0.2 ? `emoji: ${voice.emoji.top.join(' ')} (${pct(voice.emoji.share)})` : 'emoji: rarely or never');
  return lines;
}

export function wordCount(text: string): number {
  return stripCode(text).split(/\s+/).filter(Boolean).length;
}

/** The phrasing a comment asks with: a request phrase, else `imperative <verb>`, else undefined. */
export function requestPhrase(body: string): string | undefined {
  const text = stripNit(stripCode(body));
  for (const [phrase, pattern] of REQUEST_PHRASES) if (pattern.test(text)) return phrase;
  const verb = firstWord(text);
  return verb && IMPERATIVE_VERBS.has(verb) ? `imperative "${verb}"` : undefined;
}

function isImperative(body: string): boolean {
  const verb = firstWord(stripNit(stripCode(body)));
  return verb !== undefined && IMPERATIVE_VERBS.has(verb);
}

function firstWord(text: string): string | undefined {
  return /^[\s*_>`"']*([A-Za-z']+)/.exec(text)?.[1]?.toLowerCase();
}

function stripNit(text: string): string {
  return text.replace(NIT_PREFIX, '').trim();
}

function stripCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, 'code');
}

/** Comments near the median length, one per opening word, so the exemplars show the range of what they write. */
function typicalExemplars(texts: readonly ReviewText[], medianWords: number): Array<{ id: string; text: string }> {
  const seen = new Set<string>();
  const picked: Array<{ id: string; text: string }> = [];
  const byTypicality = [...texts].sort((a, b) => Math.abs(wordCount(a.body) - medianWords) - Math.abs(wordCount(b.body) - medianWords));
  for (const text of byTypicality) {
    const opening = firstWord(stripNit(text.body)) ?? '';
    if (seen.has(opening)) continue;
    seen.add(opening);
    picked.push({ id: text.id, text: text.body.slice(0, EXEMPLAR_CHARS) });
    if (picked.length === TYPICAL_EXEMPLARS) break;
  }
  return picked;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
