/**
 * Reads one commit message for style: conventional prefix, capitalization, mood, length, body, issue and
 * pull-request references, emoji and trailers. Heuristics, kept small and predictable: the evaluation in
 * bench/style-eval.mjs measures how well they predict later commits.
 */
import type { Mood, ReferencePlacement, ReferenceStyle } from './style-profile';

export type MessageMood = Exclude<Mood, 'mixed'>;

export interface MessageFeatures {
  subject: string;
  /** Set for `type(scope)!: description` subjects. */
  conventional?: { type: string; scope?: string; breaking: boolean };
  /** The subject without emoji, ticket prefix and conventional prefix: what the author wrote in words. */
  description: string;
  /** Undefined when the description starts with something other than a letter. */
  capitalized?: boolean;
  mood: MessageMood;
  /** In characters (an emoji counts as one). */
  subjectLength: number;
  endsWithPeriod: boolean;
  /** Non-blank body lines, trailers left out. */
  bodyLines: number;
  reference: { style: ReferenceStyle; placement?: ReferencePlacement; issueKey?: string };
  emoji?: string;
  /** Trailer keys of the last paragraph (`Signed-off-by`, `Co-authored-by`, …). */
  trailers: string[];
  /** Written by git, not by the author: `Revert "…"`, `Merge branch …`. */
  generated: boolean;
}

/** The types of conventional commits and the common extensions people use with them. */
export const CONVENTIONAL_TYPES: ReadonlySet<string> = new Set([
  'feat', 'feature', 'fix', 'bugfix', 'hotfix', 'docs', 'doc', 'style', 'refactor', 'perf', 'test', 'tests', 'build', 'ci',
  'chore', 'revert', 'deps', 'release', 'wip', 'security', 'i18n', 'l10n', 'types', 'ops', 'infra', 'config', 'cleanup',
  'improvement', 'enhancement', 'lint', 'format', 'misc', 'bench', 'example', 'examples',
]);

const CONVENTIONAL = /^([A-Za-z]+)(?:\(([^()\r\n]*)\))?(!)?:\s+(.*)$/;
const LEADING_EMOJI = /^(?::[a-z0-9_+-]+:|(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\u200D|\p{Extended_Pictographic}|\p{Emoji_Modifier})*)\s*/u;
const TICKET_PREFIX = /^(?:\[(?:[A-Z][A-Z0-9]+-\d+|#\d+)\]|(?:[A-Z][A-Z0-9]+-\d+|#\d+)(?::|\s+-|\s))\s*/;
const ISSUE_KEY = /\b([A-Z][A-Z0-9]{1,9})-(\d+)\b/g;
/** Upper-case words with a number that are standards and algorithms, not issue keys. */
const NOT_ISSUE_KEYS = new Set(['UTF', 'SHA', 'ISO', 'RFC', 'CVE', 'HTTP', 'TLS', 'SSL', 'AES', 'MD', 'PEP', 'ES', 'ECMA', 'IEEE', 'CP', 'WIN', 'X', 'GPL', 'LGPL', 'AGPL', 'BSD', 'MIT', 'RSA', 'ECDSA', 'HMAC', 'CRC', 'IPV', 'MPEG', 'H', 'COVID', 'GPT', 'CLI']);
const CLOSING = /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(#\d+|[A-Z][A-Z0-9]{1,9}-\d+|https?:\/\/\S+\/(?:issues|pull|pulls)\/\d+)/i;
const PR_SUFFIX = /\(#\d+\)\s*$/;
const HASH_REF = /(^|[\s([,])#\d+\b/;
const URL_REF = /https?:\/\/\S+\/(?:issues|pull|pulls|merge_requests|-\/issues)\/\d+/;
const TRAILER = /^([A-Za-z][A-Za-z0-9-]*):\s+\S/;

/** Base forms of the verbs commit subjects start with. */
const VERBS: ReadonlySet<string> = new Set(
  (
    'add allow adapt address adjust align apply accept avoid bail bench benchmark break bring build bump cache call catch ' +
    'change check clarify clean cleanup close compute cover configure convert copy correct count create debounce declare ' +
    'decode deduplicate default defer define delete deploy deprecate describe detect disable display document downgrade drop ' +
    'emit enable encode enforce ensure escape exclude expand explain export expose extend extract fail fetch fill filter finish ' +
    'fix flag flatten flush format generate guard handle harden hide hoist honor honour ignore implement import improve ' +
    'include increase inline initialize init install integrate introduce invalidate keep label launch limit lint list load ' +
    'localize lock log lower make mark measure memoize merge migrate mock move name normalize normalise note omit open ' +
    'optimize optimise order parse pass patch pin polish port prefer prepare prevent print profile publish pull push quote ' +
    'raise read rebuild recover reduce refactor refresh regenerate reject release reload remove rename render reorder ' +
    'reorganize repair replace report require rerun reset resolve restore restructure retry return reuse revert review revise ' +
    'rework rewrite run save scope send separate serve set share show shrink silence simplify skip sort speed split start ' +
    'stop store strip stub support suppress switch sync tag test throttle throw tidy track translate trim tune turn tweak ' +
    'unify unlock unpin unwrap update upgrade use validate verify warn wire wrap write'
  ).split(' '),
);
const IRREGULAR_PAST: ReadonlySet<string> = new Set(['made', 'wrote', 'rewrote', 'built', 'rebuilt', 'ran', 'reran', 'took', 'kept', 'left', 'got', 'broke', 'found', 'gave', 'did', 'undid', 'went', 'began', 'brought', 'fed', 'led', 'hid', 'overrode', 'threw', 'sent', 'spent', 'shrank', 'split', 'withdrew']);

/** `Revert "…"` and merge subjects are git's words, not the author's. */
export function isGeneratedSubject(subject: string): boolean {
  return /^Revert "/.test(subject) || /^Merge (branch|pull request|remote-tracking branch|tag|commit) /.test(subject);
}

export function analyzeCommitMessage(message: string): MessageFeatures {
  const lines = message.replace(/\r\n?/g, '\n').trim().split('\n');
  const subject = (lines[0] ?? '').trim();
  const { bodyLines, trailers } = readBody(lines.slice(1));

  let rest = subject;
  let emoji = LEADING_EMOJI.exec(rest)?.[0].trim();
  if (emoji) rest = rest.slice(LEADING_EMOJI.exec(rest)![0].length);
  rest = rest.replace(TICKET_PREFIX, '');
  let conventional: MessageFeatures['conventional'];
  const match = CONVENTIONAL.exec(rest);
  if (match && CONVENTIONAL_TYPES.has(match[1].toLowerCase())) {
    conventional = { type: match[1].toLowerCase(), ...(match[2]?.trim() ? { scope: match[2].trim() } : {}), breaking: match[3] === '!' };
    rest = match[4];
    const inner = LEADING_EMOJI.exec(rest);
    if (inner) {
      emoji ??= inner[0].trim();
      rest = rest.slice(inner[0].length);
    }
  }
  const description = rest.replace(TICKET_PREFIX, '').trim();
  const first = description.charAt(0);
  const capitalized = /\p{Lu}/u.test(first) ? true : /\p{Ll}/u.test(first) ? false : undefined;
  return {
    subject,
    ...(conventional ? { conventional } : {}),
    description,
    ...(capitalized !== undefined ? { capitalized } : {}),
    mood: moodOf(description),
    subjectLength: [...subject].length,
    endsWithPeriod: /[^.]\.$/.test(subject),
    bodyLines,
    reference: referenceOf(subject, lines.slice(1).join('\n')),
    ...(emoji ? { emoji } : {}),
    trailers,
    generated: isGeneratedSubject(subject),
  };
}

function readBody(lines: string[]): { bodyLines: number; trailers: string[] } {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length) paragraphs.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length) paragraphs.push(current);
  let trailers: string[] = [];
  const last = paragraphs[paragraphs.length - 1];
  if (last && last.every((line) => TRAILER.test(line))) {
    trailers = [...new Set(last.map((line) => TRAILER.exec(line)![1]))];
    paragraphs.pop();
  }
  return { bodyLines: paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0), trailers };
}

/** The first word's verb form: `add` imperative, `added` past, `adds` third person, `adding` gerund. */
export function moodOf(description: string): MessageMood {
  const word = /^[A-Za-z]+/.exec(description)?.[0].toLowerCase();
  if (!word) return 'descriptive';
  if (VERBS.has(word)) return 'imperative';
  if (IRREGULAR_PAST.has(word)) return 'past';
  if (word.endsWith('ed') && hasBase(word, ['ed', 'd'], true, 'ied')) return 'past';
  if (word.endsWith('ing') && hasBase(word, ['ing'], true, undefined, 'e')) return 'gerund';
  if (word.endsWith('s') && hasBase(word, ['es', 's'], false, 'ies')) return 'third-person';
  return 'descriptive';
}

/** Whether stripping a suffix (undoing a doubled consonant, `ied`/`ies` → `y`, or adding back an `e`) leaves a known verb. */
function hasBase(word: string, suffixes: string[], undouble: boolean, yForm?: string, addBack?: string): boolean {
  if (yForm && word.endsWith(yForm) && VERBS.has(word.slice(0, -yForm.length) + 'y')) return true;
  for (const suffix of suffixes) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    if (VERBS.has(stem)) return true;
    if (addBack && VERBS.has(stem + addBack)) return true;
    if (undouble && stem.length > 2 && stem[stem.length - 1] === stem[stem.length - 2] && VERBS.has(stem.slice(0, -1))) return true;
  }
  return false;
}

function issueKeyIn(text: string): { key: string; index: number } | undefined {
  for (const match of text.matchAll(ISSUE_KEY)) {
    if (!NOT_ISSUE_KEYS.has(match[1])) return { key: match[1], index: match.index ?? 0 };
  }
  return undefined;
}

function placementIn(subject: string, index: number, length: number): ReferencePlacement {
  const before = subject.slice(0, index).replace(/[\s[(]/g, '');
  const after = subject.slice(index + length).replace(/[\s\])]/g, '');
  if (before === '' || before.length <= 1) return 'subject-start';
  if (after === '' || after === '.') return 'subject-end';
  return 'subject';
}

export function referenceOf(subject: string, body: string): MessageFeatures['reference'] {
  if (PR_SUFFIX.test(subject)) return { style: 'pr-suffix', placement: 'subject-end' };
  const closingInSubject = CLOSING.exec(subject);
  const closing = closingInSubject ?? CLOSING.exec(body);
  if (closing) {
    const key = issueKeyIn(closing[2]);
    return {
      style: 'closing-keyword',
      placement: closingInSubject ? placementIn(subject, closing.index, closing[0].length) : 'body',
      ...(key ? { issueKey: key.key } : {}),
    };
  }
  const subjectKey = issueKeyIn(subject);
  if (subjectKey) {
    const length = /^[A-Z][A-Z0-9]*-\d+/.exec(subject.slice(subjectKey.index))![0].length;
    return { style: 'jira', placement: placementIn(subject, subjectKey.index, length), issueKey: subjectKey.key };
  }
  const bodyKey = issueKeyIn(body);
  if (bodyKey) return { style: 'jira', placement: 'body', issueKey: bodyKey.key };
  const hashInSubject = HASH_REF.exec(subject);
  if (hashInSubject) {
    const index = hashInSubject.index + hashInSubject[1].length;
    return { style: 'hash', placement: placementIn(subject, index, /#\d+/.exec(subject.slice(index))![0].length) };
  }
  if (HASH_REF.test(body)) return { style: 'hash', placement: 'body' };
  if (URL_REF.test(subject)) return { style: 'url', placement: 'subject' };
  if (URL_REF.test(body)) return { style: 'url', placement: 'body' };
  return { style: 'none' };
}
