/**
 * A pull request as a drafter reads it: title, description, branches, and every changed file with its
 * patch (GitHub leaves the patch out of very large or binary files; those are marked so). Files come
 * paginated, 100 a page, up to GitHub's own limit of 3,000.
 */
import type { GitHubClient } from './github-client';
import { formatPullRequestRef, type PullRequestRef } from './pr-reference';

export type PullRequestFileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface PullRequestFile {
  path: string;
  previousPath?: string;
  status: PullRequestFileStatus;
  additions: number;
  deletions: number;
  /** The unified diff hunks; absent for binary files and diffs too large for GitHub to show. */
  patch?: string;
}

export interface PullRequest {
  ref: PullRequestRef;
  title: string;
  body: string;
  author?: string;
  state: string;
  draft: boolean;
  url?: string;
  baseRef?: string;
  headRef?: string;
  /** The head commit, which a posted review is tied to. */
  headSha?: string;
  files: PullRequestFile[];
}

const MAX_FILES = 3000;

interface PullResponse {
  title?: string;
  body?: string | null;
  user?: { login?: string } | null;
  state?: string;
  draft?: boolean;
  html_url?: string;
  base?: { ref?: string };
  head?: { ref?: string; sha?: string };
}

interface FileResponse {
  filename: string;
  previous_filename?: string;
  status: PullRequestFileStatus;
  additions?: number;
  deletions?: number;
  patch?: string;
}

export async function fetchPullRequest(client: GitHubClient, ref: PullRequestRef): Promise<PullRequest> {
  const what = `pull request ${formatPullRequestRef(ref)}`;
  const params = { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
  const pull = await client.get<PullResponse>('GET /repos/{owner}/{repo}/pulls/{pull_number}', params, what);
  const files = await client.list<FileResponse>('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', params, `the files of ${what}`, MAX_FILES);
  return {
    ref,
    title: pull.title ?? '',
    body: pull.body ?? '',
    ...(pull.user?.login ? { author: pull.user.login } : {}),
    state: pull.state ?? 'open',
    draft: pull.draft === true,
    ...(pull.html_url ? { url: pull.html_url } : {}),
    ...(pull.base?.ref ? { baseRef: pull.base.ref } : {}),
    ...(pull.head?.ref ? { headRef: pull.head.ref } : {}),
    ...(pull.head?.sha ? { headSha: pull.head.sha } : {}),
    files: files.map((file) => ({
      path: file.filename,
      ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
      status: file.status,
      additions: file.additions ?? 0,
      deletions: file.deletions ?? 0,
      ...(typeof file.patch === 'string' ? { patch: file.patch } : {}),
    })),
  };
}
