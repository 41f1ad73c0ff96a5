/**
 * `learnStyle(repo)`: the code style of a repository's files and the commit style of the user's commits
 * in it, read side by side (the commit pass is mostly git's work in its own process), with progress.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repositoryRoot } from '../git/commit-reader';
import type { Progress } from '../twin';
import { CodeStyleOptions, learnCodeStyle } from './code-style';
import { CommitStyleOptions, learnCommitStyle } from './commit-style';
import type { RepositoryStyle } from './style-profile';

const run = promisify(execFile);

export interface LearnStyleOptions {
  /** The user's commit emails; `git config user.email` of the repository when none are given. */
  authorEmails?: readonly string[];
  onProgress?: (progress: Progress) => void;
  /** Caps for the code sample (files per language, bytes). */
  code?: Omit<CodeStyleOptions, 'onProgress' | 'learnedAt'>;
  /** Commit options besides the emails (fallback threshold, commit cap, revisions). */
  commits?: Omit<CommitStyleOptions, 'authorEmails' | 'onProgress' | 'learnedAt'>;
  learnedAt?: string;
}

export async function learnStyle(repositoryPath: string, options: LearnStyleOptions = {}): Promise<RepositoryStyle> {
  const repository = await repositoryRoot(repositoryPath);
  const learnedAt = options.learnedAt ?? new Date().toISOString();
  const onProgress = options.onProgress;
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = Date.now();
    const result = await work();
    return [result, (Date.now() - started) / 1000];
  };
  const [[code, codeSeconds], [commits, commitSeconds], head] = await Promise.all([
    timed(() => learnCodeStyle(repository, { ...options.code, learnedAt, onProgress })),
    timed(() => learnCommitStyle(repository, { ...options.commits, authorEmails: options.authorEmails, learnedAt, onProgress })),
    headOf(repository),
  ]);
  return {
    repository,
    ...(head ? { head } : {}),
    learnedAt,
    code: code.languages,
    ...(commits ? { commits } : {}),
    skipped: code.skipped,
    seconds: { code: codeSeconds, commits: commitSeconds },
  };
}

async function headOf(repository: string): Promise<string | undefined> {
  try {
    return (await run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repository, encoding: 'utf8' })).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
