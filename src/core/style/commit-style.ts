/**
 * Learns how the user writes commit messages from their own commits in a repository (their author
 * emails, else `git config user.email`). With fewer than a handful of their own, the repository's
 * dominant style stands in, and the profile says so.
 *
 * One streaming `git log --no-merges --name-only` pass reads every commit (message and touched paths);
 * the user's commits and everyone's are counted side by side, so the fallback costs nothing extra.
 */
import { configuredEmails, repositoryRoot } from '../git/commit-reader';
import type { Progress } from '../twin';
import { emptyCommitEvidence } from './commit-evidence';
import { LoggedCommit, streamCommitLog } from './commit-log';
import { analyzeCommitMessage, MessageFeatures } from './commit-message';
import { round } from './stats';
import type { CommitExemplar, CommitStyle } from './style-profile';
import { addCommit, deriveCommitStyle, DerivedCommitStyle } from './summarize-commits';

export interface CommitStyleOptions {
  /** The user's emails; `git config user.email` of the repository when none are given. */
  authorEmails?: readonly string[];
  /** With fewer of the user's own commits than this, learn the repository's style instead. */
  minOwnCommits?: number;
  /** Read at most this many commits, newest first. */
  maxCommits?: number;
  /** `git log` revision arguments instead of HEAD (the evaluation learns from `--skip=N HEAD`). */
  revisions?: readonly string[];
  onProgress?: (progress: Progress) => void;
  /** When the profile is stamped as learned (ISO-8601); now by default. */
  learnedAt?: string;
}

export const DEFAULT_MIN_OWN_COMMITS = 20;
export const DEFAULT_MAX_COMMITS = 50_000;
const EXEMPLARS = 5;
const EXEMPLARS_PER_TYPE = 2;
const EXEMPLAR_CHARS = 1200;
/** Style learned from other people's commits is a weaker guess at the user's own. */
const FALLBACK_CONFIDENCE = 0.75;
const PROGRESS_EVERY = 500;
/** Exemplars are chosen among this many newest commits; older ones still count as evidence. */
const EXEMPLAR_POOL = 5000;

interface Sample {
  commit: Pick<LoggedCommit, 'hash' | 'message'>;
  features: MessageFeatures;
}

/** The commit style of the user in a repository, or undefined when the repository has no commits. */
export async function learnCommitStyle(folder: string, options: CommitStyleOptions = {}): Promise<CommitStyle | undefined> {
  const repository = await repositoryRoot(folder);
  const learnedAt = options.learnedAt ?? new Date().toISOString();
  const given = (options.authorEmails ?? []).map((email) => email.trim().toLowerCase()).filter(Boolean);
  const emails = given.length > 0 ? [...new Set(given)] : await configuredEmails(repository);
  const mine = new Set(emails);
  const minOwn = options.minOwnCommits ?? DEFAULT_MIN_OWN_COMMITS;

  const own = { evidence: emptyCommitEvidence(), samples: [] as Sample[] };
  const everyone = { evidence: emptyCommitEvidence(), samples: [] as Sample[] };
  const args = [`--max-count=${options.maxCommits ?? DEFAULT_MAX_COMMITS}`, ...(options.revisions ?? ['HEAD'])];
  options.onProgress?.({ phase: 'commit style', done: 0, message: 'reading commit messages' });
  let read = 0;
  for await (const commit of streamCommitLog(repository, { args })) {
    const features = analyzeCommitMessage(commit.message);
    const sample = { commit: { hash: commit.hash, message: commit.message.slice(0, EXEMPLAR_CHARS) }, features };
    addCommit(everyone.evidence, features, commit.files);
    if (everyone.samples.length < EXEMPLAR_POOL) everyone.samples.push(sample);
    if (mine.has(commit.authorEmail)) {
      addCommit(own.evidence, features, commit.files);
      if (own.samples.length < EXEMPLAR_POOL) own.samples.push(sample);
    }
    if (++read % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'commit style', done: read, message: `${read} commit messages read` });
  }
  options.onProgress?.({ phase: 'commit style', done: read, total: read, message: `${read} commit messages read` });
  if (read === 0) return undefined;

  const useOwn = own.evidence.commits >= minOwn;
  const chosen = useOwn ? own : everyone;
  const derived = deriveCommitStyle(chosen.evidence);
  let fallback: string | undefined;
  if (!useOwn) {
    const who = emails.length ? emails.join(', ') : 'you (no author email given and `git config user.email` is unset)';
    fallback =
      `Only ${own.evidence.commits} commit${own.evidence.commits === 1 ? '' : 's'} by ${who}, fewer than ${minOwn}: ` +
      `this is the repository's dominant style, from its ${everyone.evidence.commits} commits.`;
    derived.confidence = round(derived.confidence * FALLBACK_CONFIDENCE);
  }
  return {
    source: useOwn ? 'author' : 'repository',
    authors: emails,
    ...(fallback ? { fallback } : {}),
    ...derived,
    exemplars: pickCommitExemplars(chosen.samples, derived),
    sources: [{ repository, learnedAt }],
  };
}

/** How many of the learned conventions a message follows. */
export function followsStyle(features: MessageFeatures, style: DerivedCommitStyle): number {
  let score = 0;
  if (Boolean(features.conventional) === style.conventional) score++;
  if (features.capitalized === style.capitalized) score++;
  if (features.mood === style.mood) score++;
  if (features.subjectLength >= style.subjectLength.p10 && features.subjectLength <= style.subjectLength.p90) score++;
  if (features.reference.style === style.referenceStyle) score++;
  if (features.bodyLines > 0 === style.body.share >= 0.5) score++;
  if (features.endsWithPeriod === style.endsWithPeriod) score++;
  return score;
}

/**
 * A few of the most typical messages: those following the most learned conventions, newest first among
 * equals, and no more than two of one conventional type so the exemplars show the range of types.
 */
export function pickCommitExemplars(samples: readonly Sample[], style: DerivedCommitStyle): CommitExemplar[] {
  const scored = samples
    .map((sample, index) => ({ sample, index, score: followsStyle(sample.features, style) }))
    .filter(({ sample }) => !sample.features.generated)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  // A message two conventions off the best is not typical, however few typical ones there are.
  const floor = (scored[0]?.score ?? 0) - 1;
  const picked: CommitExemplar[] = [];
  const perType = new Map<string, number>();
  for (const { sample, score } of scored) {
    if (score < floor) break;
    const type = sample.features.conventional?.type;
    if (type !== undefined) {
      if ((perType.get(type) ?? 0) >= EXEMPLARS_PER_TYPE) continue;
      perType.set(type, (perType.get(type) ?? 0) + 1);
    }
    picked.push({ hash: sample.commit.hash, message: sample.commit.message });
    if (picked.length === EXEMPLARS) break;
  }
  return picked;
}
