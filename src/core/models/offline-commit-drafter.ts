/**
 * A commit message for staged changes without a language model: the kind of change decides the type,
 * the user's path→scope map the scope, the touched symbols (or files) the subject, and the user's
 * learned convention the form — conventional or not, mood, capitalization, length, body, references.
 * It describes what changed, never why: that only the user (or a model reading the diff) knows.
 */
import * as path from 'node:path';
import { displayName, documentName, fileKind, isLockfile, type FileKind } from './change-kinds';
import { capitalizeFirst, conjugate, joinNames, joinSome, lowercaseFirst, wrap, type CommitMood } from './commit-wording';
import { clampConfidence, offlineNotice, type OfflineDraft, type ProvenanceItem } from './offline-draft';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied';

export interface ChangedSymbols {
  added: string[];
  modified: string[];
  removed: string[];
}

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** The path before a rename or copy. */
  oldPath?: string;
  insertions: number;
  deletions: number;
  /** Functions, classes, … the change touched (tree-sitter), when known. */
  symbols?: ChangedSymbols;
}

/**
 * How the user cites issues, in the style learner's terms: `pr-suffix` "… (#12)", `closing-keyword`
 * "Fixes #12" in the body, `hash` "#12" and `jira` "PAY-12" where `referencePlacement` says, `url` a
 * link in the body, `none` no reference.
 */
export type ReferenceStyle = 'pr-suffix' | 'closing-keyword' | 'hash' | 'jira' | 'url' | 'none';
export type ReferencePlacement = 'subject-start' | 'subject-end' | 'subject' | 'body';

/**
 * The learned commit convention, as far as the drafter uses it. Field names and value domains follow
 * the style profile's `commits` (src/core/style), so a profile converts with
 * `{...commits, subjectMedianLength: commits.subjectLength.median, bodyUse: commits.body.share}`.
 */
export interface OfflineCommitStyle {
  conventional: boolean;
  /** Conventional types the user writes, most used first, or with their counts. */
  types?: string[] | Record<string, number>;
  /**
   * Scope → the path prefixes it covers, e.g. `{"api": ["src/api/"], "cli": ["src/cli/", "bin/"]}`, or the
   * profile's `{count, paths: [{path, share}]}` per scope. A prefix without a trailing slash matches a
   * whole path segment.
   */
  scopes?: Record<string, string[] | { paths: Array<{ path: string }> }>;
  /** Whether the description starts with a capital letter. */
  capitalized: boolean;
  mood?: CommitMood;
  /** Median length of the user's whole subject line (type and scope included). */
  subjectMedianLength?: number;
  referenceStyle?: ReferenceStyle;
  referencePlacement?: ReferencePlacement;
  /** Share of the user's commits with a body (0..1), or whether they write one. */
  bodyUse?: number | boolean;
  endsWithPeriod?: boolean;
  /** The profile's own confidence (0..1); a weak profile lowers the draft's. */
  confidence?: number;
}

export interface CommitDraftInput {
  files: ChangedFile[];
  style: OfflineCommitStyle;
  /** Issue references to cite (`#123`, `PAY-42`, a URL), e.g. from the branch name. */
  references?: string[];
}

export interface CommitDraft extends OfflineDraft {
  subject: string;
  body?: string;
  /** The conventional type and scope, when the style is conventional. */
  type?: string;
  scope?: string;
}

type StandardType = 'feat' | 'fix' | 'refactor' | 'test' | 'docs' | 'build' | 'ci' | 'chore';

/** What the subject says, before the user's form is applied. */
interface ChangePlan {
  type: StandardType;
  verb: string;
  names: string[];
  /** How the names read in a sentence. */
  shape: 'names' | 'tests' | 'workflows' | 'phrase' | 'rename';
  /** The file the names live in, when they are symbols of one file. */
  inFile?: string;
  reason: string;
  confidence: number;
}

const FALLBACK_TYPES: Record<StandardType, string[]> = {
  feat: ['feat', 'feature'],
  fix: ['fix', 'bugfix', 'hotfix'],
  refactor: ['refactor', 'chore'],
  test: ['test', 'tests', 'chore'],
  docs: ['docs', 'doc', 'chore'],
  build: ['build', 'deps', 'chore'],
  ci: ['ci', 'build', 'chore'],
  chore: ['chore', 'build'],
};
const FIX_WORDS = /fix|bug|error|fail|crash|handle|guard|valid|check|retry|fallback|escape|saniti[sz]|leak|race|null|undefined|timeout|overflow|edge|wrong|broken|invalid/i;
const SMALL_FIX_LINES = 60;
const TINY_CHANGE_LINES = 8;
const BODY_WIDTH = 72;
const BODY_FILES = 10;

export function draftCommitMessage(input: CommitDraftInput): CommitDraft {
  const files = input.files.filter((file) => file.path);
  if (files.length === 0) throw new Error('Nothing is staged: stage the changes to describe (git add), then ask again.');
  const { style } = input;
  const mood = style.mood ?? 'imperative';
  const provenance: ProvenanceItem[] = [];

  const plan = planChange(files);
  provenance.push({ kind: 'rule', detail: plan.reason });

  let type: string | undefined;
  let scope: string | undefined;
  if (style.conventional) {
    const known = orderedTypes(style.types);
    type = chooseType(plan.type, known);
    provenance.push({
      kind: 'style',
      detail: known.length
        ? `conventional commits; your types: ${known.join(', ')}${type !== plan.type ? ` ("${plan.type}" is not among them, so "${type}")` : ''}`
        : 'conventional commits',
    });
  } else {
    provenance.push({ kind: 'style', detail: 'plain subjects (not conventional commits)' });
  }
  const scoped = chooseScope(files, style.scopes);
  if (scoped) {
    scope = scoped.scope;
    provenance.push({ kind: 'style', detail: scoped.reason });
  }

  const limit = subjectLimit(style.subjectMedianLength);
  const references = (input.references ?? []).filter(Boolean);
  const referenceStyle = style.referenceStyle ?? 'none';
  const cite = placeReferences(references, referenceStyle, style.referencePlacement, plan.type);
  const prefix = style.conventional ? `${type}${scope ? `(${scope})` : ''}: ` : scope ? `${scope}: ` : '';
  const refPrefix = cite.start ? `${cite.start} ` : '';
  const refSuffix = cite.end ? ` ${cite.end}` : '';
  const period = style.endsWithPeriod ? '.' : '';

  const area = scope ?? commonArea(files);
  const descriptions = describe(plan, mood, area);
  const line = (description: string) => {
    const cased = style.capitalized ? capitalizeFirst(description) : lowercaseFirst(description);
    return `${refPrefix}${prefix}${cased}${period}${refSuffix}`;
  };
  const subject = descriptions.map(line).find((candidate) => candidate.length <= limit) ?? line(descriptions[descriptions.length - 1]);
  provenance.push({
    kind: 'style',
    detail: `${mood === 'mixed' ? 'imperative mood (no habit of yours stands out)' : `${mood} mood`}, ${style.capitalized ? 'capitalized' : 'lowercase'}, subject within ${limit} characters${style.subjectMedianLength ? ` (your median is ${style.subjectMedianLength})` : ''}`,
  });

  const bodyLines: string[] = [];
  const writesBodies = typeof style.bodyUse === 'boolean' ? style.bodyUse : (style.bodyUse ?? 0) >= 0.5;
  if (writesBodies && (files.length > 1 || files.some((file) => hasSymbols(file)))) {
    bodyLines.push(...bodyFor(files, mood));
    provenance.push({ kind: 'style', detail: 'a body listing the touched symbols per file, since you usually write bodies' });
  }
  if (cite.body) {
    if (bodyLines.length) bodyLines.push('');
    bodyLines.push(cite.body);
  }
  if (references.length) {
    provenance.push({
      kind: 'style',
      detail: referenceStyle === 'none' ? `left out ${references.join(', ')}: you do not cite issues in commits` : `cited ${references.join(', ')} as your commits do (${referenceStyle})`,
    });
  }
  for (const file of files) {
    provenance.push({ kind: 'change', detail: `${file.path} (${file.status}, +${file.insertions} −${file.deletions}${symbolSummary(file)})` });
  }

  const body = bodyLines.length ? bodyLines.join('\n') : undefined;
  const styleConfidence = style.confidence ?? 1;
  return {
    text: body ? `${subject}\n\n${body}` : subject,
    subject,
    ...(body ? { body } : {}),
    ...(type ? { type } : {}),
    ...(scope ? { scope } : {}),
    provenance,
    confidence: clampConfidence(plan.confidence * (0.5 + 0.5 * styleConfidence)),
    drafter: 'offline',
    notice: offlineNotice('a rule-based summary of the staged changes in your commit style; it says what changed, not why'),
  };
}

function planChange(files: ChangedFile[]): ChangePlan {
  const kinds = files.map((file) => fileKind(file.path));
  const only = (...allowed: FileKind[]) => kinds.every((kind) => allowed.includes(kind));
  const verbFor = (subset: ChangedFile[]) =>
    subset.every((file) => file.status === 'added') ? 'add' : subset.every((file) => file.status === 'deleted') ? 'remove' : 'update';
  const unique = (names: string[]) => [...new Set(names)];

  if (only('test')) {
    const verb = verbFor(files) === 'remove' ? 'remove' : files.some((f) => f.status === 'added') ? 'add' : 'update';
    return { type: 'test', verb, names: unique(files.map((f) => displayName(f.path))), shape: 'tests', reason: 'type test: only test files changed', confidence: 0.75 };
  }
  if (only('docs')) {
    const names = unique(files.map((f) => documentName(f.path)));
    return { type: 'docs', verb: verbFor(files), names, shape: 'names', reason: 'type docs: only documentation changed', confidence: 0.75 };
  }
  if (only('ci')) {
    return { type: 'ci', verb: verbFor(files), names: unique(files.map((f) => displayName(f.path))), shape: 'workflows', reason: 'type ci: only CI configuration changed', confidence: 0.65 };
  }
  if (only('build', 'ci')) {
    const manifestsOnly = files.every((f) => isLockfile(f.path) || /(^|\/)(package\.json|cargo\.toml|go\.mod|pyproject\.toml|requirements[^/]*\.txt|gemfile|composer\.json)$/i.test(f.path));
    if (manifestsOnly && files.some((f) => isLockfile(f.path))) {
      return { type: 'build', verb: 'update', names: ['dependencies'], shape: 'phrase', reason: 'type build: only dependency manifests and lockfiles changed', confidence: 0.6 };
    }
    return { type: 'build', verb: verbFor(files), names: unique(files.filter((f) => !isLockfile(f.path)).map((f) => path.posix.basename(f.path))), shape: 'names', reason: 'type build: only build files changed', confidence: 0.55 };
  }
  if (only('build', 'ci', 'config')) {
    return { type: 'chore', verb: verbFor(files), names: unique(files.filter((f) => !isLockfile(f.path)).map((f) => path.posix.basename(f.path))), shape: 'names', reason: 'type chore: only tooling configuration changed', confidence: 0.5 };
  }
  if (files.every((f) => (f.status === 'renamed' || f.status === 'copied') && f.oldPath && f.insertions + f.deletions <= 4)) {
    const moved = files.some((f) => path.posix.dirname(f.oldPath!) !== path.posix.dirname(f.path));
    const names = files.length === 1 ? [displayName(files[0].oldPath!), moved ? `${path.posix.dirname(files[0].path)}/` : displayName(files[0].path)] : unique(files.map((f) => displayName(f.oldPath!)));
    return { type: 'refactor', verb: moved ? 'move' : 'rename', names, shape: files.length === 1 ? 'rename' : 'names', reason: `type refactor: only ${moved ? 'moves' : 'renames'}, no content changes`, confidence: 0.7 };
  }

  // Mixed or source changes: the source files decide; tests and docs that come along do not change the type.
  const source = files.filter((_file, i) => kinds[i] === 'source');
  const deciding = source.length ? source : files;
  const added = unique(deciding.flatMap((f) => f.symbols?.added ?? []));
  const modified = unique(deciding.flatMap((f) => f.symbols?.modified ?? []));
  const removed = unique(deciding.flatMap((f) => f.symbols?.removed ?? []));
  const newFiles = deciding.filter((f) => f.status === 'added');
  const deletedFiles = deciding.filter((f) => f.status === 'deleted');
  const insertions = deciding.reduce((sum, f) => sum + f.insertions, 0);
  const deletions = deciding.reduce((sum, f) => sum + f.deletions, 0);
  const fileNames = unique(deciding.map((f) => displayName(f.path)));
  const inFile = (names: string[]) => {
    const holders = deciding.filter((f) => names.some((name) => symbolNames(f).includes(name)));
    return holders.length === 1 ? displayName(holders[0].path) : undefined;
  };

  if (added.length || newFiles.length) {
    const names = added.length ? added : unique(newFiles.map((f) => displayName(f.path)));
    const what = added.length ? `${added.length} new symbol${added.length > 1 ? 's' : ''}` : `${newFiles.length} new file${newFiles.length > 1 ? 's' : ''}`;
    return { type: 'feat', verb: 'add', names, shape: 'names', inFile: added.length ? inFile(added) : undefined, reason: `type feat: ${what} (${joinSome(names, 3)})`, confidence: added.length ? 0.7 : 0.6 };
  }
  if ((removed.length || deletedFiles.length) && !modified.length && insertions <= deletions) {
    const names = removed.length ? removed : unique(deletedFiles.map((f) => displayName(f.path)));
    return { type: 'refactor', verb: 'remove', names, shape: 'names', inFile: removed.length ? inFile(removed) : undefined, reason: `type refactor: only removals (${joinSome(names, 3)})`, confidence: 0.6 };
  }
  const touched = modified.length ? modified : fileNames;
  const lines = insertions + deletions;
  const fixLike = [...touched, ...fileNames].filter((name) => FIX_WORDS.test(name));
  if (fixLike.length && lines <= SMALL_FIX_LINES) {
    return { type: 'fix', verb: 'fix', names: touched, shape: 'names', inFile: modified.length ? inFile(modified) : undefined, reason: `type fix: a small change (${lines} lines) to ${joinSome(fixLike, 2)}`, confidence: 0.6 };
  }
  if (lines <= TINY_CHANGE_LINES) {
    return { type: 'fix', verb: 'fix', names: touched, shape: 'names', inFile: modified.length ? inFile(modified) : undefined, reason: `type fix (a guess): a tiny change of ${lines} lines to existing code`, confidence: 0.4 };
  }
  if (deletions >= 0.6 * insertions) {
    return { type: 'refactor', verb: 'refactor', names: touched, shape: 'names', inFile: modified.length ? inFile(modified) : undefined, reason: `type refactor (a guess): existing code reworked (+${insertions} −${deletions}) without new symbols`, confidence: 0.45 };
  }
  return { type: 'feat', verb: 'extend', names: touched, shape: 'names', inFile: modified.length ? inFile(modified) : undefined, reason: `type feat (a guess): existing code grew (+${insertions} −${deletions}) without new symbols`, confidence: 0.4 };
}

/** Where each reference goes, in the user's way of citing. */
function placeReferences(
  references: string[],
  style: ReferenceStyle,
  placement: ReferencePlacement | undefined,
  type: StandardType,
): { start?: string; end?: string; body?: string } {
  if (references.length === 0 || style === 'none') return {};
  const list = references.join(' ');
  switch (style) {
    case 'pr-suffix':
      return { end: `(${references.join(', ')})` };
    case 'closing-keyword':
      return { body: references.map((reference) => `${type === 'fix' ? 'Fixes' : 'Closes'} ${reference}`).join('\n') };
    case 'url':
      return { body: references.join('\n') };
    case 'hash':
    case 'jira': {
      const where = placement ?? (style === 'jira' ? 'subject-start' : 'subject-end');
      if (where === 'subject-start') return { start: list };
      if (where === 'body') return { body: `Refs: ${references.join(', ')}` };
      return { end: list };
    }
  }
}

/** Descriptions from most to least specific; the first that fits the user's length wins. */
function describe(plan: ChangePlan, mood: CommitMood, area: string): string[] {
  const verb = conjugate(plan.verb, mood);
  const object = (keep: number) => {
    const names = keep >= plan.names.length ? joinNames(plan.names) : joinSome(plan.names, keep);
    switch (plan.shape) {
      case 'tests':
        return `tests for ${names}`;
      case 'workflows':
        return `${names} workflow${plan.names.length > 1 ? 's' : ''}`;
      case 'rename':
        return `${plan.names[0]} to ${plan.names[1]}`;
      default:
        return names;
    }
  };
  const candidates: string[] = [];
  const full = object(3);
  if (plan.inFile && !plan.names.includes(plan.inFile)) candidates.push(`${verb} ${full} in ${plan.inFile}`);
  candidates.push(`${verb} ${full}`);
  if (plan.shape !== 'rename' && plan.shape !== 'phrase') {
    if (plan.names.length > 2) candidates.push(`${verb} ${object(2)}`);
    if (plan.names.length > 1) candidates.push(`${verb} ${object(1)}`);
    const general = plan.shape === 'tests' ? `${verb} ${area} tests` : `${verb} ${area}`;
    candidates.push(general);
  }
  return [...new Set(candidates)];
}

/** A bit over the user's median, so most drafts read like theirs; within git's 72-column habit. */
function subjectLimit(median: number | undefined): number {
  if (!median || median <= 0) return 72;
  return Math.min(72, Math.max(24, Math.round(median * 1.3)));
}

function orderedTypes(types: OfflineCommitStyle['types']): string[] {
  if (!types) return [];
  if (Array.isArray(types)) return types;
  return Object.entries(types)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
}

function chooseType(wanted: StandardType, known: string[]): string {
  if (known.length === 0) return wanted;
  return FALLBACK_TYPES[wanted].find((candidate) => known.includes(candidate)) ?? wanted;
}

/**
 * The scope whose path prefixes cover the change: mapped files must hold most (60%) of the changed lines,
 * and then all fall in one scope, or one scope holds three quarters of them. Lockfiles do not count.
 */
function chooseScope(files: ChangedFile[], scopes: OfflineCommitStyle['scopes']): { scope: string; reason: string } | undefined {
  if (!scopes || Object.keys(scopes).length === 0) return undefined;
  const weights = new Map<string, number>();
  const matchedPrefix = new Map<string, string>();
  let total = 0;
  let allWeight = 0;
  for (const file of files) {
    if (isLockfile(file.path)) continue;
    allWeight += Math.max(1, file.insertions + file.deletions);
    const match = scopeOf(file.path, scopes);
    if (!match) continue;
    const weight = Math.max(1, file.insertions + file.deletions);
    total += weight;
    weights.set(match.scope, (weights.get(match.scope) ?? 0) + weight);
    if (!matchedPrefix.has(match.scope)) matchedPrefix.set(match.scope, match.prefix);
  }
  // Files no scope maps still count against one: a scope must cover most of the change to name it.
  if (total === 0 || total < 0.6 * allWeight) return undefined;
  const [best, weight] = [...weights.entries()].sort((a, b) => b[1] - a[1])[0];
  if (weights.size === 1) return { scope: best, reason: `scope ${best}: ${matchedPrefix.get(best)} covers the changed files` };
  if (weight / total >= 0.75) return { scope: best, reason: `scope ${best}: ${matchedPrefix.get(best)} holds ${Math.round((100 * weight) / total)}% of the changed lines` };
  return undefined;
}

function scopeOf(filePath: string, scopes: NonNullable<OfflineCommitStyle['scopes']>): { scope: string; prefix: string } | undefined {
  let best: { scope: string; prefix: string } | undefined;
  for (const [scope, covered] of Object.entries(scopes)) {
    const prefixes = Array.isArray(covered) ? covered : (covered?.paths ?? []).map((entry) => entry.path);
    for (const prefix of prefixes) {
      const clean = prefix.replace(/^\.\//, '');
      const covers = clean.endsWith('/') ? filePath.startsWith(clean) : filePath === clean || filePath.startsWith(`${clean}/`);
      if (covers && (!best || clean.length > best.prefix.length)) best = { scope, prefix: clean };
    }
  }
  return best;
}

/** The folder the changes share, by its last name (`src/core/models/a.ts`, `…/b.ts` → `models`), else "N files". */
function commonArea(files: ChangedFile[]): string {
  const folders = files.map((file) => path.posix.dirname(file.path.replace(/\\/g, '/')).split('/'));
  const shared: string[] = [];
  for (let i = 0; folders.every((parts) => i < parts.length && parts[i] === folders[0][i]); i++) shared.push(folders[0][i]);
  const last = shared.filter((part) => part !== '.' && part !== 'src' && part !== 'lib').pop();
  if (files.length === 1) return displayName(files[0].path);
  return last ?? `${files.length} files`;
}

function bodyFor(files: ChangedFile[], mood: CommitMood): string[] {
  const lines: string[] = [];
  const ordered = [...files].sort((a, b) => b.insertions + b.deletions - (a.insertions + a.deletions));
  for (const file of ordered.slice(0, BODY_FILES)) {
    const parts: string[] = [];
    if (file.symbols?.added.length) parts.push(`${conjugate('add', mood)} ${joinNames(file.symbols.added)}`);
    if (file.symbols?.modified.length) parts.push(`${conjugate('change', mood)} ${joinNames(file.symbols.modified)}`);
    if (file.symbols?.removed.length) parts.push(`${conjugate('remove', mood)} ${joinNames(file.symbols.removed)}`);
    let bullet: string;
    if (parts.length) bullet = `- ${file.path}: ${parts.join('; ')}`;
    else if (file.status === 'added') bullet = `- ${file.path} (new)`;
    else if (file.status === 'deleted') bullet = `- ${file.path} (deleted)`;
    else if (file.status === 'renamed' && file.oldPath) bullet = `- ${file.path} (renamed from ${file.oldPath})`;
    else bullet = `- ${file.path}`;
    lines.push(...wrap(bullet, BODY_WIDTH, '  '));
  }
  if (ordered.length > BODY_FILES) lines.push(`- and ${ordered.length - BODY_FILES} more files`);
  return lines;
}

function hasSymbols(file: ChangedFile): boolean {
  return symbolNames(file).length > 0;
}

function symbolNames(file: ChangedFile): string[] {
  return file.symbols ? [...file.symbols.added, ...file.symbols.modified, ...file.symbols.removed] : [];
}

function symbolSummary(file: ChangedFile): string {
  if (!file.symbols) return '';
  const parts = [
    file.symbols.added.length ? `added ${joinNames(file.symbols.added)}` : '',
    file.symbols.modified.length ? `changed ${joinNames(file.symbols.modified)}` : '',
    file.symbols.removed.length ? `removed ${joinNames(file.symbols.removed)}` : '',
  ].filter(Boolean);
  return parts.length ? `; ${parts.join('; ')}` : '';
}
