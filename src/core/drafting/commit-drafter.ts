/**
 * `draftCommit`: a commit message for the staged change in the user's learned convention. With a model,
 * the prompt states the convention, shows 5–8 of the user's own commit messages (the profile's exemplars
 * and, given a memory, recalled commits similar to this change) and the change itself; the answer is
 * cleaned and held to the convention. Without a model, or when the model fails, the offline drafter
 * writes it and the draft says so.
 */
import { randomUUID } from 'node:crypto';
import { configuredEmails, currentBranch } from '../git/commit-reader';
import { GIT_SOURCE } from '../git/commit-memory';
import { ModelCancelledError, type ModelProvider } from '../models';
import { draftCommitMessage, type CommitDraft } from '../models/offline-drafter';
import { learnCommitStyle } from '../style/commit-style';
import { readStyleProfile } from '../style/style-profile-store';
import type { CommitStyle } from '../style/style-profile';
import { checkAgainstConvention, conventionLines, styleFields, toOfflineStyle } from './commit-convention';
import { excerpt, roundScore, type Draft, type ExemplarProvenance, type MemoryProvenance } from './draft';
import { adjustedSimilarity, exemplarAdjustments, readFeedback, type ExemplarAdjustments } from './feedback';
import { recallSimilarity, type MemoryRecaller } from './memory-recaller';
import { readStagedChange, type StagedChange } from './staged-change';

export interface DraftCommitOptions {
  /** Any folder inside the working tree. */
  repo: string;
  /** The memory, for recalled commits of the user's similar to this change. */
  twin?: MemoryRecaller;
  /** Without one, the offline drafter writes the message. */
  provider?: ModelProvider;
  /** The convention to follow; default: the profile in `home` for this repository, else learned from it now. */
  style?: CommitStyle;
  /** TWIN_HOME, for the style profile and draft feedback. */
  home?: string;
  /** The user's commit emails (recalled commits are theirs); default `git config user.email`. */
  authorEmails?: string[];
  /** Verdicts already read (tests); default: read from `home`. */
  feedback?: ExemplarAdjustments;
  /** The change, when the caller has read it already. */
  staged?: StagedChange;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  timeoutMs?: number;
}

export const MAX_EXEMPLARS = 8;
export const MIN_EXEMPLARS = 5;
const DIFF_CHARS = 6000;

/** Used when the repository has no history to learn from and no profile: the most common habits. */
const DEFAULT_STYLE: CommitStyle = {
  source: 'repository', authors: [], commits: 0, confidence: 0.3, conventional: false, types: {}, scopes: {}, capitalized: true,
  mood: 'imperative', subjectLength: { p10: 20, median: 45, p90: 65 }, endsWithPeriod: false, body: { share: 0, medianLines: 0 },
  referenceStyle: 'none', emoji: { share: 0, top: [] }, trailers: {}, agreement: {},
  evidence: {} as CommitStyle['evidence'], exemplars: [], sources: [],
};

export async function draftCommit(options: DraftCommitOptions): Promise<Draft> {
  const staged = options.staged ?? (await readStagedChange(options.repo));
  if (staged.files.length === 0) throw new Error(`Nothing is staged in ${staged.repository}: stage the changes to describe (git add), then ask again.`);
  const { style, styleNote } = await resolveStyle(options, staged.repository);
  const adjustments = options.feedback ?? (options.home ? exemplarAdjustments(readFeedback(options.home), 'commit') : undefined);
  const references = referencesFromBranch(await currentBranch(staged.repository));
  const offline = draftCommitMessage({ files: staged.files, style: toOfflineStyle(style), references });
  const { chosen, memories } = await gatherExemplars(options, style, staged, adjustments);
  const exemplars = chosen.map((exemplar): ExemplarProvenance => ({ ...exemplar, text: excerpt(exemplar.text, 200) }));
  const fields = [...styleFields(style), ...(styleNote ? [styleNote] : [])];

  const offlineDraft = (notice: string): Draft => ({
    id: randomUUID(),
    text: offline.text,
    channel: 'commit',
    drafter: 'offline',
    provenance: { style: [...fields, ...offline.provenance.filter((item) => item.kind !== 'style').map((item) => `${item.kind}: ${item.detail}`)], exemplars, memories },
    confidence: offline.confidence,
    notice,
  });
  if (!options.provider) return offlineDraft(offline.notice);

  const messages = commitPrompt(style, chosen, staged, references);
  let answer: { text: string; model: string };
  try {
    const result = await options.provider.chat(
      { messages, task: 'commit', difficulty: staged.files.length > 8 || staged.insertions + staged.deletions > 400 ? 'hard' : 'simple', temperature: 0.2, maxTokens: 400 },
      { signal: options.signal, onToken: options.onToken, timeoutMs: options.timeoutMs },
    );
    answer = { text: result.text, model: result.model };
  } catch (error) {
    if (error instanceof ModelCancelledError) throw error;
    return offlineDraft(`The model failed (${(error as Error).message}), so this is the offline drafter's message instead. ${offline.notice}`);
  }
  const checked = checkAgainstConvention(answer.text, style, prefixOf(offline));
  if (!checked.text) return offlineDraft(`The model answered with no message, so this is the offline drafter's message instead. ${offline.notice}`);
  const confidence = Math.round(Math.min(0.95, style.confidence * (0.6 + 0.35 * checked.agreement)) * 100) / 100;
  return {
    id: randomUUID(),
    text: checked.text,
    channel: 'commit',
    drafter: 'model',
    model: answer.model,
    provenance: { style: fields, exemplars, memories },
    confidence,
    ...(checked.corrections.length ? { notice: `Twin corrected the model's answer to your convention: ${checked.corrections.join('; ')}.` } : {}),
  };
}

async function resolveStyle(options: DraftCommitOptions, repository: string): Promise<{ style: CommitStyle; styleNote?: string }> {
  if (options.style) return { style: options.style };
  const profile = options.home ? readStyleProfile(options.home) : undefined;
  const stored = profile?.repositories[repository]?.commits ?? profile?.commits;
  if (stored) return { style: stored };
  const learned = await learnCommitStyle(repository, options.authorEmails ? { authorEmails: options.authorEmails } : {}).catch(() => undefined);
  if (learned) return { style: learned, styleNote: 'note: learned from this repository just now (run `twin learn` to keep it)' };
  return { style: DEFAULT_STYLE, styleNote: 'note: no commits to learn a convention from; plain capitalized imperative subjects assumed' };
}

/** The profile's exemplars and the user's recalled commits (whole messages), nearest to this change first, 5–8 of them. */
async function gatherExemplars(
  options: DraftCommitOptions,
  style: CommitStyle,
  staged: StagedChange,
  adjustments: ExemplarAdjustments | undefined,
): Promise<{ chosen: ExemplarProvenance[]; memories: MemoryProvenance[] }> {
  const changeWords = wordsOf(changeQuery(staged));
  const candidates = new Map<string, { id: string; message: string; similarity: number }>();
  for (const exemplar of style.exemplars) {
    candidates.set(exemplar.hash, { id: exemplar.hash, message: exemplar.message, similarity: overlap(changeWords, wordsOf(exemplar.message)) });
  }
  const memories: MemoryProvenance[] = [];
  if (options.twin) {
    const emails = options.authorEmails ?? (await configuredEmails(staged.repository));
    const filters = emails.length ? emails.map((author) => ({ source: GIT_SOURCE, author })) : [{ source: GIT_SOURCE }];
    for (const filter of filters) {
      for (const result of await options.twin.recall(changeQuery(staged), { limit: MAX_EXEMPLARS, filter })) {
        const hash = typeof result.memory.meta.hash === 'string' ? result.memory.meta.hash : result.memory.id;
        const message = commitMessageOf(result.memory.text);
        const similarity = recallSimilarity(result);
        const known = candidates.get(hash);
        if (known) known.similarity = Math.max(known.similarity, similarity);
        else candidates.set(hash, { id: hash, message, similarity });
        memories.push({ id: result.memory.id, excerpt: excerpt(result.memory.text), score: roundScore(result.score) });
      }
    }
  }
  const ranked = [...candidates.values()]
    .map((candidate) => ({ ...candidate, similarity: adjustedSimilarity(candidate.id, candidate.similarity, adjustments) }))
    .sort((a, b) => b.similarity - a.similarity);
  // Exemplars the user rejected drafts for fall to the end; they are dropped when enough others remain.
  const rejected = (id: string) => (adjustments?.get(id) ?? 0) < 0;
  const liked = ranked.filter((candidate) => !rejected(candidate.id));
  const chosen = (liked.length >= MIN_EXEMPLARS ? liked : ranked).slice(0, MAX_EXEMPLARS);
  return {
    chosen: chosen.map((candidate) => ({ id: candidate.id, text: candidate.message, similarity: roundScore(candidate.similarity) })),
    memories,
  };
}

export function commitPrompt(style: CommitStyle, exemplars: ExemplarProvenance[], staged: StagedChange, references: string[]) {
  const system = [
    'You write git commit messages exactly the way this developer writes them: their convention, their wording, their length.',
    'Answer with the commit message only — no code fences, no quotes, no explanation. Describe what the change does; never invent reasons, issue numbers or facts the change does not show.',
  ].join(' ');
  const lines: string[] = [];
  lines.push(`The developer's commit convention (learned from ${style.commits} ${style.source === 'author' ? 'of their own' : "of the repository's"} commits):`);
  lines.push(...conventionLines(style));
  if (exemplars.length) {
    lines.push('', 'Commit messages they wrote (follow their form and voice):');
    for (const exemplar of exemplars) lines.push('---', exemplar.text.trim());
    lines.push('---');
  }
  lines.push('', `The staged change (${staged.files.length} file${staged.files.length === 1 ? '' : 's'}, +${staged.insertions} −${staged.deletions}):`);
  for (const file of staged.files.slice(0, 40)) {
    const symbols = file.symbols
      ? [
          file.symbols.added.length ? `added ${file.symbols.added.join(', ')}` : '',
          file.symbols.modified.length ? `modified ${file.symbols.modified.join(', ')}` : '',
          file.symbols.removed.length ? `removed ${file.symbols.removed.join(', ')}` : '',
        ].filter(Boolean).join('; ')
      : '';
    const moved = file.oldPath ? ` (from ${file.oldPath})` : '';
    lines.push(`- ${file.status} ${file.path}${moved} (+${file.insertions} −${file.deletions})${file.binary ? ' binary' : ''}${symbols ? `: ${symbols}` : ''}`);
  }
  if (staged.files.length > 40) lines.push(`- … and ${staged.files.length - 40} more files`);
  if (references.length) lines.push('', `The branch name refers to ${references.join(', ')}.`);
  const diff = staged.diff.length > DIFF_CHARS ? `${staged.diff.slice(0, DIFF_CHARS)}\n… (diff trimmed)` : staged.diff;
  lines.push('', 'The diff (no context lines):', '```diff', diff.trimEnd(), '```', '', 'Write the commit message for this change.');
  return [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: lines.join('\n') },
  ];
}

function prefixOf(draft: CommitDraft): string | undefined {
  return draft.type ? `${draft.type}${draft.scope ? `(${draft.scope})` : ''}: ` : undefined;
}

function changeQuery(staged: StagedChange): string {
  const parts: string[] = [];
  for (const file of staged.files) {
    parts.push(file.path);
    if (file.symbols) parts.push(...file.symbols.added, ...file.symbols.modified, ...file.symbols.removed);
  }
  return parts.join(' ').slice(0, 1000);
}

/** Lower-cased words of paths, identifiers (camelCase split) and prose. */
function wordsOf(text: string): Set<string> {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 2);
  return new Set(words);
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** The message inside a commit memory's text ("Committed 1a2b3c4 on main: <subject> — touched …; 3 files, +4 −1\n\n<body>"). */
export function commitMessageOf(memoryText: string): string {
  const [head, ...bodyLines] = memoryText.split('\n');
  const match = /^Committed [0-9a-f]+(?: on [^:]+)?: (.*?)(?: — (?:touched|changed) .*)?; \d+ files?, \+\d+ −\d+$/.exec(head);
  const subject = match ? match[1] : head;
  const body = bodyLines.join('\n').trim();
  return body ? `${subject}\n\n${body}` : subject;
}

/** Issue references a branch name carries: `PAY-42-fix-login` → PAY-42, `fix/123-login` → #123. */
export function referencesFromBranch(branch: string | undefined): string[] {
  if (!branch) return [];
  const jira = /\b([A-Z][A-Z0-9]+-\d+)\b/.exec(branch);
  if (jira) return [jira[1]];
  const number = /(?:^|[/_-])(\d{2,})(?:[/_-]|$)/.exec(branch);
  return number ? [`#${number[1]}`] : [];
}
