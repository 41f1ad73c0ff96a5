/**
 * The learned commit convention in the three forms drafting needs: the offline drafter's input, the
 * fields a draft's provenance names, the sentences a model's prompt states — and the check of a model's
 * answer against it.
 */
import type { OfflineCommitStyle } from '../models/offline-drafter';
import type { CommitStyle } from '../style/style-profile';

export function toOfflineStyle(style: CommitStyle): OfflineCommitStyle {
  return {
    conventional: style.conventional,
    types: style.types,
    scopes: style.scopes,
    capitalized: style.capitalized,
    mood: style.mood === 'descriptive' ? 'mixed' : style.mood,
    subjectMedianLength: style.subjectLength.median,
    referenceStyle: style.referenceStyle,
    ...(style.referencePlacement ? { referencePlacement: style.referencePlacement } : {}),
    bodyUse: style.body.share,
    endsWithPeriod: style.endsWithPeriod,
    confidence: style.confidence,
  };
}

function topTypes(style: CommitStyle): string[] {
  return Object.entries(style.types)
    .sort((a, b) => b[1] - a[1])
    .map(([type]) => type);
}

function scopeMap(style: CommitStyle): string[] {
  return Object.entries(style.scopes)
    .sort((a, b) => b[1].count - a[1].count)
    .slice(0, 12)
    .map(([scope, info]) => `${scope} → ${info.paths.slice(0, 3).map((entry) => entry.path).join(', ') || '(no typical folder)'}`);
}

const MOOD_EXAMPLE: Record<CommitStyle['mood'], string> = {
  imperative: 'imperative ("Add", "Fix")',
  past: 'past tense ("Added", "Fixed")',
  'third-person': 'third person ("Adds", "Fixes")',
  gerund: 'gerund ("Adding", "Fixing")',
  descriptive: 'a noun phrase ("Faster recall")',
  mixed: 'no single habit (prefer the imperative)',
};

/** `field: value` lines for a draft's provenance. */
export function styleFields(style: CommitStyle): string[] {
  const fields = [
    `learned from: ${style.source === 'author' ? 'your' : "the repository's"} ${style.commits} commits (confidence ${style.confidence.toFixed(2)})`,
    `conventional: ${style.conventional}`,
  ];
  if (style.conventional && Object.keys(style.types).length) fields.push(`types: ${topTypes(style).join(', ')}`);
  const scopes = scopeMap(style);
  if (scopes.length) fields.push(`scopes: ${scopes.join('; ')}`);
  fields.push(
    `capitalized: ${style.capitalized}`,
    `mood: ${style.mood}`,
    `subject length: median ${style.subjectLength.median}, p90 ${style.subjectLength.p90}`,
    `body: ${Math.round(style.body.share * 100)}% of commits`,
    `references: ${style.referenceStyle}${style.referencePlacement ? ` (${style.referencePlacement})` : ''}`,
    `ends with period: ${style.endsWithPeriod}`,
  );
  return fields;
}

/** The convention as instructions for a model. */
export function conventionLines(style: CommitStyle): string[] {
  const lines: string[] = [];
  if (style.conventional) {
    const types = topTypes(style);
    lines.push(`- Conventional Commits: every subject is \`type(scope): description\` (scope optional).${types.length ? ` Types they use, most used first: ${types.join(', ')}.` : ''}`);
    const scopes = scopeMap(style);
    if (scopes.length) lines.push(`- Scopes and the paths they cover: ${scopes.join('; ')}.`);
    lines.push(`- The description after the colon starts with ${style.capitalized ? 'a capital letter' : 'a lowercase letter'}.`);
  } else {
    lines.push('- Not Conventional Commits: a plain subject line with no `type:` prefix.');
    lines.push(`- The subject starts with ${style.capitalized ? 'a capital letter' : 'a lowercase letter'}.`);
  }
  lines.push(`- Mood: ${MOOD_EXAMPLE[style.mood]}.`);
  lines.push(`- Subject length: median ${style.subjectLength.median} characters, rarely over ${style.subjectLength.p90}.`);
  lines.push(`- The subject ${style.endsWithPeriod ? 'ends with a period' : 'has no period at the end'}.`);
  lines.push(
    style.body.share >= 0.5
      ? `- Usually a body after a blank line (${Math.round(style.body.share * 100)}% of commits, median ${style.body.medianLines} lines) saying why.`
      : `- Usually no body (${Math.round(style.body.share * 100)}% of commits have one); add one only when the change needs explaining.`,
  );
  const references: Record<CommitStyle['referenceStyle'], string> = {
    'pr-suffix': 'issue/PR references as a suffix: "… (#123)"',
    'closing-keyword': 'issue references as a closing keyword in the body: "Fixes #123"',
    hash: 'issue references as "#123"',
    jira: `JIRA keys like ${style.issueKeys?.[0] ?? 'PROJ'}-123`,
    url: 'issue links in the body',
    none: 'no issue references',
  };
  lines.push(`- References: ${references[style.referenceStyle]}${style.referencePlacement ? ` (${style.referencePlacement})` : ''}; never invent an issue number.`);
  const trailers = Object.entries(style.trailers).filter(([, share]) => share >= 0.5).map(([name]) => name);
  if (trailers.length) lines.push(`- Trailers they add: ${trailers.join(', ')}.`);
  if (style.emoji.share >= 0.3) lines.push(`- Emoji they use: ${style.emoji.top.join(' ')}.`);
  return lines;
}

const CONVENTIONAL_PREFIX = /^([a-z][\w-]*)(\([^)]*\))?!?: \S/i;

export interface ConventionCheck {
  text: string;
  /** What was corrected, for the draft's notice. */
  corrections: string[];
  /** Share of the checks the model's answer passed as given (0..1). */
  agreement: number;
}

/**
 * Cleans a model's answer (code fences, quotes, a "Commit message:" label) and holds it to the
 * convention: a conventional prefix when the user always writes one (taken from the offline draft when
 * missing), none when they never do, and their capitalization.
 */
export function checkAgainstConvention(answer: string, style: CommitStyle, fallbackPrefix: string | undefined): ConventionCheck {
  const corrections: string[] = [];
  let text = cleanAnswer(answer);
  let [subject, ...rest] = text.split('\n');
  let checks = 0;
  let passed = 0;

  checks++;
  const prefix = CONVENTIONAL_PREFIX.exec(subject);
  if (style.conventional) {
    if (prefix) passed++;
    else if (fallbackPrefix) {
      subject = fallbackPrefix + subject.trim();
      corrections.push(`added the conventional prefix "${fallbackPrefix.trim()}" the model left out`);
    }
  } else if (prefix && /^(feat|fix|chore|docs|refactor|test|tests|build|ci|perf|style)\b/i.test(subject)) {
    subject = subject.slice(subject.indexOf(':') + 1).trim();
    corrections.push('removed a conventional prefix you do not use');
  } else passed++;

  checks++;
  const descriptionStart = style.conventional ? subject.indexOf(': ') + 2 : 0;
  const first = subject.charAt(descriptionStart);
  const wantsCapital = style.capitalized;
  const isLetter = first.toLowerCase() !== first.toUpperCase();
  const looksLikeIdentifier = /^\S*[A-Z_.]\S*/.test(subject.slice(descriptionStart + 1).split(' ')[0] ?? '') && /[a-z]/.test(first);
  if (!isLetter || (wantsCapital ? first === first.toUpperCase() : first === first.toLowerCase())) passed++;
  else if (!looksLikeIdentifier) {
    subject = subject.slice(0, descriptionStart) + (wantsCapital ? first.toUpperCase() : first.toLowerCase()) + subject.slice(descriptionStart + 1);
    corrections.push(wantsCapital ? 'capitalized the subject' : 'lowercased the start of the subject');
  } else passed++;

  checks++;
  if (!style.endsWithPeriod && /[^.]\.$/.test(subject)) {
    subject = subject.slice(0, -1);
    corrections.push('dropped the period at the end of the subject');
  } else passed++;

  text = [subject, ...rest].join('\n').trim();
  return { text, corrections, agreement: checks ? passed / checks : 1 };
}

/** The message inside whatever a chatty model wrapped it in. */
export function cleanAnswer(answer: string): string {
  let text = answer.replace(/\r\n/g, '\n').trim();
  const fenced = /```[\w-]*\n([\s\S]*?)\n?```/.exec(text);
  if (fenced) text = fenced[1].trim();
  text = text.replace(/^(?:here(?:'s| is) (?:the |a )?commit message:?|commit message:|message:)\s*/i, '').trim();
  for (const [open, close] of [['"', '"'], ["'", "'"], ['`', '`'], ['“', '”']]) {
    if (text.length > 1 && text.startsWith(open) && text.endsWith(close) && !text.slice(1, -1).includes(close)) text = text.slice(1, -1).trim();
  }
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
