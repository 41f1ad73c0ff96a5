/**
 * Which pull request the user means: `OWNER/REPO#N`, a pull request URL (github.com or a GitHub
 * Enterprise host, any tab: `/pull/7/files` too), or a bare number (`7`, `#7`) in the repository that the
 * working tree's `origin` remote points at.
 */
import { execFile } from 'node:child_process';

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export function formatPullRequestRef(ref: PullRequestRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}

const NAME = '[A-Za-z0-9_.-]+';
const SHORT = new RegExp(`^(${NAME})/(${NAME})#(\\d+)$`);
const URL_PATH = new RegExp(`^/(${NAME})/(${NAME})/pull/(\\d+)(?:/.*)?$`);
const BARE = /^#?(\d+)$/;

const USAGE = 'Give the pull request as OWNER/REPO#N, its URL (https://github.com/OWNER/REPO/pull/N), or its number inside a clone of the repository.';

/** Parses a reference; a bare number needs `cwd` inside a git working tree with an `origin` on GitHub. */
export async function parsePullRequestRef(input: string, cwd?: string): Promise<PullRequestRef> {
  const text = input.trim();
  const short = SHORT.exec(text);
  if (short) return { owner: short[1], repo: short[2].replace(/\.git$/, ''), number: positive(short[3], text) };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`"${text}" is not a valid URL. ${USAGE}`);
    }
    const match = URL_PATH.exec(url.pathname);
    if (!match) throw new Error(`${text} is not a pull request URL (it should end in /OWNER/REPO/pull/N). ${USAGE}`);
    return { owner: match[1], repo: match[2], number: positive(match[3], text) };
  }
  const bare = BARE.exec(text);
  if (bare) {
    if (!cwd) throw new Error(`"${text}" is only a number, and there is no working tree to take the repository from. ${USAGE}`);
    const origin = await originRepository(cwd);
    return { ...origin, number: positive(bare[1], text) };
  }
  throw new Error(`"${text}" is not a pull request reference. ${USAGE}`);
}

/** `owner/repo` of the `origin` remote of the working tree at `cwd`. */
export async function originRepository(cwd: string): Promise<{ owner: string; repo: string }> {
  let remote: string;
  try {
    remote = (await git(cwd, ['remote', 'get-url', 'origin'])).trim();
  } catch (error) {
    throw new Error(`Cannot tell which repository a bare pull request number belongs to: ${cwd} has no \`origin\` remote (${(error as Error).message}). Give OWNER/REPO#N instead.`);
  }
  const parsed = repositoryFromRemote(remote);
  if (!parsed) throw new Error(`The \`origin\` remote of ${cwd} (${remote}) does not look like a GitHub repository URL. Give OWNER/REPO#N instead.`);
  return parsed;
}

/** `owner/repo` from `git@host:owner/repo.git`, `https://host/owner/repo(.git)`, `ssh://git@host/owner/repo.git`. */
export function repositoryFromRemote(remote: string): { owner: string; repo: string } | undefined {
  const scp = new RegExp(`^[^@/\\s]+@[^:/\\s]+:(${NAME})/(${NAME}?)/?$`).exec(remote);
  let owner: string | undefined;
  let repo: string | undefined;
  if (scp) [owner, repo] = [scp[1], scp[2]];
  else {
    try {
      const url = new URL(remote);
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts.length >= 2) [owner, repo] = parts.slice(-2);
    } catch {
      return undefined;
    }
  }
  if (!owner || !repo) return undefined;
  repo = repo.replace(/\.git$/, '');
  return new RegExp(`^${NAME}$`).test(owner) && new RegExp(`^${NAME}$`).test(repo) ? { owner, repo } : undefined;
}

function positive(digits: string, text: string): number {
  const number = Number(digits);
  if (!Number.isSafeInteger(number) || number < 1) throw new Error(`"${text}" has no valid pull request number. ${USAGE}`);
  return number;
}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd }, (error, stdout, stderr) => (error ? reject(new Error((stderr || error.message).trim())) : resolve(stdout)));
  });
}
