/**
 * The user's own past reviews on GitHub, the material the review voice is learned from and the exemplars
 * review drafts follow: pull requests they reviewed (`reviewed-by:LOGIN` search, newest first, capped),
 * then on each, their line comments and their review bodies (approvals included, even when bare).
 * Each becomes a memory with a deterministic id, so learning again updates instead of duplicating.
 */
import type { MemoryInput } from '../types';
import type { GitHubClient } from './github-client';
import { formatPullRequestRef, type PullRequestRef } from './pr-reference';

export const GITHUB_REVIEW_SOURCE = 'github-review';
export const DEFAULT_REVIEWED_PULLS = 50;

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

/** One thing the user wrote in a review: a comment on a line, or the review's own body. */
export interface PastReviewComment {
  /** `comment:ID` for a line comment, `review:ID` for a review body (GitHub's ids). */
  githubId: string;
  type: 'line-comment' | 'review';
  login: string;
  pr: PullRequestRef;
  prTitle?: string;
  body: string;
  /** Line comments: where. */
  path?: string;
  line?: number;
  side?: 'LEFT' | 'RIGHT';
  /** Line comments: the end of the diff hunk it was written on (the code it is about). */
  diffHunk?: string;
  /** Reviews: the verdict. */
  state?: ReviewState;
  /** Line comments: whether it answers another comment (a reply in a thread). */
  reply?: boolean;
  createdAt?: string;
  url?: string;
}

export interface ReviewHistoryOptions {
  /** Whose reviews; default: the token's user. */
  login?: string;
  /** At most this many reviewed pull requests, newest first (default 50). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ReviewHistory {
  login: string;
  pulls: number;
  comments: PastReviewComment[];
  /** Approvals submitted without a word (part of how the user approves, but nothing to store). */
  bareApprovals: number;
}

interface SearchItem {
  number: number;
  title?: string;
  repository_url?: string;
  pull_request?: unknown;
}
interface CommentResponse {
  id: number;
  body?: string;
  user?: { login?: string } | null;
  path?: string;
  line?: number | null;
  original_line?: number | null;
  side?: 'LEFT' | 'RIGHT' | null;
  diff_hunk?: string;
  in_reply_to_id?: number;
  created_at?: string;
  html_url?: string;
}
interface ReviewResponse {
  id: number;
  body?: string | null;
  user?: { login?: string } | null;
  state?: ReviewState;
  submitted_at?: string;
  html_url?: string;
}

const HUNK_TAIL_LINES = 6;

export async function fetchReviewHistory(client: GitHubClient, options: ReviewHistoryOptions = {}): Promise<ReviewHistory> {
  const login = options.login?.trim() || (await client.login());
  const limit = options.limit ?? DEFAULT_REVIEWED_PULLS;
  const found = await client.list<SearchItem>(
    'GET /search/issues',
    { q: `reviewed-by:${login} type:pr`, sort: 'updated', order: 'desc' },
    `the pull requests reviewed by ${login}`,
    limit,
  );
  const pulls = found.map((item) => ({ item, ref: refFromSearchItem(item) })).filter((entry): entry is { item: SearchItem; ref: PullRequestRef } => entry.ref !== undefined);
  const mine = (user: { login?: string } | null | undefined) => user?.login?.toLowerCase() === login.toLowerCase();
  const comments: PastReviewComment[] = [];
  let bareApprovals = 0;
  let done = 0;
  options.onProgress?.(done, pulls.length);
  for (const { item, ref } of pulls) {
    const params = { owner: ref.owner, repo: ref.repo, pull_number: ref.number };
    const name = formatPullRequestRef(ref);
    const common = { login, pr: ref, ...(item.title ? { prTitle: item.title } : {}) };
    for (const comment of await client.list<CommentResponse>('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', params, `the review comments of ${name}`)) {
      if (!mine(comment.user) || !comment.body?.trim()) continue;
      const line = comment.line ?? comment.original_line ?? undefined;
      comments.push({
        ...common,
        githubId: `comment:${comment.id}`,
        type: 'line-comment',
        body: comment.body.trim(),
        ...(comment.path ? { path: comment.path } : {}),
        ...(line ? { line } : {}),
        ...(comment.side ? { side: comment.side } : {}),
        ...(comment.diff_hunk ? { diffHunk: comment.diff_hunk.split('\n').slice(-HUNK_TAIL_LINES).join('\n') } : {}),
        ...(comment.in_reply_to_id ? { reply: true } : {}),
        ...(comment.created_at ? { createdAt: comment.created_at } : {}),
        ...(comment.html_url ? { url: comment.html_url } : {}),
      });
    }
    for (const review of await client.list<ReviewResponse>('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', params, `the reviews of ${name}`)) {
      if (!mine(review.user) || review.state === 'PENDING') continue;
      if (!review.body?.trim()) {
        if (review.state === 'APPROVED') bareApprovals++;
        continue;
      }
      comments.push({
        ...common,
        githubId: `review:${review.id}`,
        type: 'review',
        body: review.body.trim(),
        ...(review.state ? { state: review.state } : {}),
        ...(review.submitted_at ? { createdAt: review.submitted_at } : {}),
        ...(review.html_url ? { url: review.html_url } : {}),
      });
    }
    options.onProgress?.(++done, pulls.length);
  }
  return { login, pulls: pulls.length, comments, bareApprovals };
}

/** owner/repo from the search item's `repository_url` (`…/repos/OWNER/REPO`, on github.com and Enterprise alike). */
function refFromSearchItem(item: SearchItem): PullRequestRef | undefined {
  const match = /\/repos\/([^/]+)\/([^/]+)\/?$/.exec(item.repository_url ?? '');
  if (!match || !Number.isInteger(item.number)) return undefined;
  return { owner: decodeURIComponent(match[1]), repo: decodeURIComponent(match[2]), number: item.number };
}

/** The memory id of a past review comment: stable across re-learning, distinct per host. */
export function reviewMemoryId(comment: Pick<PastReviewComment, 'githubId' | 'pr'>, apiUrl: string): string {
  const host = safeHost(apiUrl);
  return `github-review:${host === 'api.github.com' ? '' : `${host}:`}${comment.pr.owner}/${comment.pr.repo}:${comment.githubId}`;
}

/** A past review comment as a memory: the user's words as text; where it was written in thread/file/meta. */
export function reviewMemory(comment: PastReviewComment, apiUrl: string): MemoryInput {
  const created = comment.createdAt ? Date.parse(comment.createdAt) : NaN;
  return {
    id: reviewMemoryId(comment, apiUrl),
    text: comment.body,
    kind: 'episodic',
    source: GITHUB_REVIEW_SOURCE,
    author: comment.login,
    channel: `${comment.pr.owner}/${comment.pr.repo}`,
    thread: formatPullRequestRef(comment.pr),
    ...(comment.path ? { file: comment.path } : {}),
    ...(Number.isFinite(created) ? { timestamp: created } : {}),
    meta: {
      type: comment.type,
      pr: formatPullRequestRef(comment.pr),
      ...(comment.prTitle ? { prTitle: comment.prTitle } : {}),
      ...(comment.path ? { path: comment.path } : {}),
      ...(comment.line ? { line: comment.line } : {}),
      ...(comment.side ? { side: comment.side } : {}),
      ...(comment.state ? { state: comment.state } : {}),
      ...(comment.reply ? { reply: true } : {}),
      ...(comment.diffHunk ? { diffHunk: comment.diffHunk } : {}),
      ...(comment.url ? { url: comment.url } : {}),
    },
  };
}

function safeHost(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return 'github';
  }
}
