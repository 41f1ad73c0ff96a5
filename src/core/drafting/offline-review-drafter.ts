/**
 * The honest offline review drafter, for when no model is configured or it failed. It is not a language
 * model and reads no meaning into the code: it runs a few mechanical checks over the pull request's diff
 * — only those for things the user's own past reviews show they look for — and words each finding the
 * way the user asks for changes (their request phrase, their nit prefix). Every finding states only what
 * the diff shows (a `console.log` added on line 12; source files changed with no test file changed).
 */
import type { PullRequest, PullRequestFile } from '../github/pull-request';
import { addedLines, parsePatch } from '../github/patch-lines';
import type { ReviewFocus, ReviewVoice } from '../style/review-voice';

export interface DraftedReviewComment {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  body: string;
}

export interface OfflineReviewFinding {
  check: OfflineCheck;
  category: ReviewFocus;
  /** Absent for findings about the whole pull request (they go into the summary). */
  path?: string;
  line?: number;
  /** What to do, as a verb phrase: "remove this debug output". */
  action: string;
  /** Minor findings are marked with the user's nit prefix. */
  minor: boolean;
}

export type OfflineCheck = 'missing-tests' | 'debug-output' | 'todo' | 'long-addition' | 'undocumented-export' | 'swallowed-error' | 'any-type' | 'unsafe-eval';

export interface OfflineReview {
  summary: string;
  comments: DraftedReviewComment[];
  findings: OfflineReviewFinding[];
  /** Which checks ran, and why those. */
  checksRun: OfflineCheck[];
  basis: string;
}

const CHECK_CATEGORY: Record<OfflineCheck, ReviewFocus> = {
  'missing-tests': 'tests',
  'debug-output': 'debug output',
  todo: 'debug output',
  'long-addition': 'readability',
  'undocumented-export': 'docs',
  'swallowed-error': 'error handling',
  'any-type': 'types',
  'unsafe-eval': 'security',
};
/** A category counts as something the user looks for when this share of their comments is about it. */
const FOCUS_SHARE = 0.1;
const LONG_ADDITION_LINES = 50;
const MAX_COMMENTS = 20;

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|rb|php|cs|c|cc|cpp|h|hpp|swift|scala)$/i;
const TEST_FILE = /(^|\/)(tests?|__tests__|spec|specs)\/|[._-](test|spec)s?\.[a-z]+$|_test\.go$|(^|\/)test_[^/]+\.py$/i;
const DEBUG_OUTPUT = /\bconsole\.(log|debug|trace)\s*\(|\bdebugger\s*;?|^\s*print\s*\(|\bfmt\.Print(ln|f)?\s*\(|\bSystem\.out\.print(ln)?\s*\(|\bdbg!\s*\(|\bpp\s*\(|\bvar_dump\s*\(/;
const TODO = /\b(TODO|FIXME|XXX|HACK)\b/;
const EXPORTED_DECLARATION = /^\s*export\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?|class)\s+([A-Za-z_$][\w$]*)/;
const SWALLOWED = /catch\s*(?:\([^)]*\))?\s*\{\s*\}|^\s*except\s*(?:\w+\s*)?:\s*pass\b/;
const ANY_TYPE = /(?::\s*any\b|\bas\s+any\b|<any>)/;
const EVAL = /\beval\s*\(|\.innerHTML\s*=|\bnew Function\s*\(/;

export function draftOfflineReview(pr: PullRequest, voice: ReviewVoice | undefined): OfflineReview {
  const cared = new Set((voice?.focus ?? []).filter((focus) => focus.share >= FOCUS_SHARE).map((focus) => focus.category));
  const allChecks = Object.keys(CHECK_CATEGORY) as OfflineCheck[];
  const checksRun = cared.size ? allChecks.filter((check) => cared.has(CHECK_CATEGORY[check])) : allChecks;
  const basis = cared.size
    ? `checks for what your past reviews look for: ${[...new Set(checksRun.map((check) => CHECK_CATEGORY[check]))].join(', ') || 'none of the mechanical checks apply'}`
    : voice
      ? 'your past reviews show no clear focus, so every mechanical check ran'
      : 'no review history learned (`twin learn-reviews`), so every mechanical check ran, in plain wording';
  const run = new Set(checksRun);
  const findings: OfflineReviewFinding[] = [];
  const finding = (check: OfflineCheck, action: string, minor: boolean, where?: { path: string; line: number }) => {
    if (run.has(check)) findings.push({ check, category: CHECK_CATEGORY[check], action, minor, ...(where ?? {}) });
  };

  const changed = pr.files.filter((file) => file.status !== 'removed');
  const sources = changed.filter((file) => SOURCE_FILE.test(file.path) && !TEST_FILE.test(file.path) && file.additions > 0);
  const tests = pr.files.filter((file) => TEST_FILE.test(file.path));
  if (sources.length && tests.length === 0) {
    finding('missing-tests', `add tests for the change to ${listPaths(sources)} (no test file changes in this pull request)`, false);
  }
  for (const file of changed) checkFile(file, finding);

  const lineFindings = findings.filter((item) => item.path !== undefined).slice(0, MAX_COMMENTS);
  const comments = lineFindings.map((item) => ({ path: item.path!, line: item.line!, side: 'RIGHT' as const, body: phrase(item, voice) }));
  const overall = findings.filter((item) => item.path === undefined).map((item) => phrase(item, voice));
  const summaryParts = [...overall];
  if (comments.length) summaryParts.push(`${comments.length} comment${comments.length === 1 ? '' : 's'} inline.`);
  return { summary: summaryParts.join('\n\n'), comments, findings: [...findings.filter((item) => item.path === undefined), ...lineFindings], checksRun, basis };
}

function checkFile(file: PullRequestFile, finding: (check: OfflineCheck, action: string, minor: boolean, where?: { path: string; line: number }) => void): void {
  const lines = parsePatch(file.patch);
  const added = addedLines(lines);
  const typescript = /\.(ts|tsx|mts|cts)$/i.test(file.path);
  const isTest = TEST_FILE.test(file.path);
  for (const [index, { line, text }] of added.entries()) {
    const where = { path: file.path, line };
    if (!isTest && DEBUG_OUTPUT.test(text)) finding('debug-output', 'remove this debug output before merging', true, where);
    const todo = TODO.exec(text);
    if (todo) finding('todo', `resolve this ${todo[1]} or link it to an issue`, true, where);
    if (SWALLOWED.test(text)) finding('swallowed-error', 'handle or at least log the error here instead of swallowing it', false, where);
    if (typescript && ANY_TYPE.test(text)) finding('any-type', 'give this a real type instead of `any`', true, where);
    if (EVAL.test(text)) finding('unsafe-eval', 'avoid evaluating strings as code or markup here; it is an injection risk', false, where);
    const declared = EXPORTED_DECLARATION.exec(text);
    if (declared && !isTest && /\.(ts|tsx|js|jsx|mjs|cjs)$/i.test(file.path)) {
      const before = index > 0 && added[index - 1].line === line - 1 ? added[index - 1].text : previousLine(lines, line);
      if (!/\*\/\s*$|^\s*\/\//.test(before ?? '')) finding('undocumented-export', `add a doc comment to \`${declared[1]}\` (it is exported)`, true, where);
    }
  }
  // A long run of consecutive added lines: one new block that may want splitting.
  let runStart = 0;
  for (let index = 1; index <= added.length; index++) {
    if (index < added.length && added[index].line === added[index - 1].line + 1) continue;
    const length = index - runStart;
    if (length > LONG_ADDITION_LINES && !isTest) finding('long-addition', `split this up: it adds ${length} lines in one block`, false, { path: file.path, line: added[runStart].line });
    runStart = index;
  }
}

function previousLine(lines: ReturnType<typeof parsePatch>, line: number): string | undefined {
  return lines.find((entry) => entry.newLine === line - 1)?.text;
}

function listPaths(files: readonly PullRequestFile[]): string {
  const names = files.slice(0, 3).map((file) => file.path);
  return files.length > 3 ? `${names.join(', ')} and ${files.length - 3} more` : names.join(names.length === 2 ? ' and ' : ', ');
}

/** The finding worded the way the user asks for changes, with their nit prefix on minor ones. */
export function phrase(finding: Pick<OfflineReviewFinding, 'action' | 'minor'>, voice: ReviewVoice | undefined): string {
  const request = voice?.requests[0]?.phrase;
  const action = finding.action;
  let text: string;
  switch (request) {
    case 'could we':
    case 'can we':
    case 'could you':
    case 'can you':
    case 'would you':
    case 'should we':
      text = `${capitalize(request)} ${action}?`;
      break;
    case "let's":
      text = `Let's ${action}.`;
      break;
    case 'please':
      text = `Please ${action}.`;
      break;
    case 'maybe':
      text = `Maybe ${action}?`;
      break;
    case 'I think':
      text = `I think we should ${action}.`;
      break;
    case 'I would':
      text = `I'd ${action}.`;
      break;
    case 'consider':
    case 'suggest':
      text = `Consider this: ${action}.`;
      break;
    case 'what about':
      text = `What do you think, ${action}?`;
      break;
    default:
      text = `${capitalize(action)}.`;
  }
  const prefix = voice?.nits.prefix;
  if (finding.minor && prefix && voice.nits.share > 0) return `${prefix} ${/^I\b/.test(text) ? text : text[0].toLowerCase() + text.slice(1)}`;
  return text;
}

function capitalize(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
