/**
 * `twin learn REPO`: backfills the user's own past commits (their git emails) into memories and activity
 * rows, with progress. Each commit's memory has the id `git:<hash>`, so learning twice rewrites rather
 * than duplicates, and commits already learned are not read again.
 *
 * Speed: one streaming `git log -p -U0` for all commits and one `git cat-file --batch` for file contents
 * (see CommitReader), symbols cached per blob, and the next batch is read while the previous one is
 * embedded and written (embedding runs in its worker, LanceDB on its own threads).
 */
import type { ActivityStore } from '../activity/activity-store';
import type { Progress, Twin } from '../twin';
import { commitMemory, commitId, commitRecord } from './commit-memory';
import { CommitInfo, CommitReader, configuredEmails, listAuthorCommits, repositoryRoot } from './commit-reader';

export interface LearnOptions {
  /** Emails besides the repository's `git config user.email`. */
  authorEmails?: readonly string[];
  onProgress?: (progress: Progress) => void;
  /** Extract symbols for the newest N commits only (all by default). */
  symbolLimit?: number;
  /** Extract symbols only during the first this-many seconds of reading (newest commits first); see DEFAULT_SYMBOL_BUDGET_S. */
  symbolBudgetSeconds?: number;
  /** Commits per write. */
  batchSize?: number;
  /** Re-read commits that were learned before. */
  relearn?: boolean;
  /**
   * Runs each write; the sidecar passes its writer queue so observed events are not held up for the whole
   * backfill, only for one batch.
   */
  serialize?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface LearnReport {
  repository: string;
  emails: string[];
  /** Commits by those emails in HEAD's history (merges excluded). */
  commits: number;
  /** Commits read and written this time. */
  learned: number;
  /** Of those, the ones whose touched symbols were read (the newest; see symbolBudgetSeconds). */
  withSymbols: number;
  /** Commits skipped because they were learned before. */
  alreadyLearned: number;
  memories: number;
  seconds: number;
}

const BATCH = 500;
/**
 * Naming the symbols a commit touched means parsing each file version with tree-sitter: about 140–250
 * commits/s here, against 2,000–4,000/s for files and counts alone (bench/learn-repository.mjs). The
 * newest commits matter most, so symbols are read newest-first for this long and older commits keep
 * files, counts and message: a 7,000-commit history gets symbols throughout on an idle machine, and a
 * longer one pays about a second per 2,000 commits past the budget instead of many minutes.
 */
export const DEFAULT_SYMBOL_BUDGET_S = 40;
const PROGRESS_EVERY_MS = 250;

export async function learnRepository(twin: Twin, activity: ActivityStore, folder: string, options: LearnOptions = {}): Promise<LearnReport> {
  const started = Date.now();
  const repository = await repositoryRoot(folder);
  const emails = [...new Set([...(await configuredEmails(repository)), ...(options.authorEmails ?? []).map((email) => email.trim().toLowerCase())])].filter(Boolean);
  if (emails.length === 0) {
    throw new Error(`Which commits are yours? ${repository} has no \`git config user.email\`; pass --author-email you@example.com.`);
  }
  const serialize = options.serialize ?? (<T>(work: () => Promise<T>) => work());
  const progress = throttled(options.onProgress);

  progress({ phase: 'learn', done: 0, message: `listing commits by ${emails.join(', ')}` }, true);
  const hashes = await listAuthorCommits(repository, emails);
  const learned = options.relearn ? new Set<string>() : await alreadyLearned(twin, activity, hashes);
  const toRead = hashes.filter((hash) => !learned.has(hash));
  const total = toRead.length;

  let memories = 0;
  let done = 0;
  let withSymbols = 0;
  let writing: Promise<void> | undefined;
  const write = async (batch: CommitInfo[]) => {
    await serialize(async () => {
      const results = await twin.remember(batch.map(commitMemory));
      await activity.putCommits(batch.map(commitRecord));
      memories += results.length;
    });
  };
  const reader = await CommitReader.open(repository);
  try {
    let batch: CommitInfo[] = [];
    const flush = async () => {
      // One write in flight while the next batch is read.
      await writing;
      writing = write(batch);
      writing.catch(() => undefined);
      batch = [];
    };
    if (total > 0) {
      const readOptions = { symbolLimit: options.symbolLimit, symbolBudgetMs: (options.symbolBudgetSeconds ?? DEFAULT_SYMBOL_BUDGET_S) * 1000 };
      for await (const commit of reader.readHashes(toRead, readOptions)) {
        batch.push(commit);
        done++;
        if (commit.symbolsRead) withSymbols++;
        const symbolNote = withSymbols < done ? ` (symbols for the newest ${withSymbols})` : '';
        progress({ phase: 'learn', done, total, message: `${done}/${total} commits read${symbolNote}` });
        if (batch.length >= (options.batchSize ?? BATCH)) await flush();
      }
    }
    if (batch.length > 0) await flush();
    await writing;
  } finally {
    reader.close();
  }
  await serialize(() => activity.optimize());
  progress({ phase: 'learn', done, total, message: `${done} commits learned, ${learned.size} known before` }, true);
  return {
    repository,
    emails,
    commits: hashes.length,
    learned: done,
    withSymbols,
    alreadyLearned: learned.size,
    memories,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Hashes whose commit row and memory both exist already. */
async function alreadyLearned(twin: Twin, activity: ActivityStore, hashes: readonly string[]): Promise<Set<string>> {
  const ids = hashes.map(commitId);
  const rows = new Set((await activity.getRows(ids)).map((row) => row.id));
  const withRows = ids.filter((id) => rows.has(id));
  const memories = new Set((await twin.internals.store.getByIds(withRows)).map((stored) => stored.memory.id));
  return new Set(hashes.filter((hash) => memories.has(commitId(hash))));
}

function throttled(listener: ((progress: Progress) => void) | undefined): (progress: Progress, force?: boolean) => void {
  let last = 0;
  return (progress, force = false) => {
    if (!listener) return;
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS && progress.done !== progress.total) return;
    last = now;
    listener(progress);
  };
}
