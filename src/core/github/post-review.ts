/**
 * Posts a drafted review to GitHub: one `pulls.createReview` with event COMMENT (never APPROVE or
 * REQUEST_CHANGES: that verdict is the user's), the summary as its body and each comment on its line.
 * Surfaces call it only after the user said yes to this very draft.
 */
import type { GitHubClient } from './github-client';
import { GitHubError } from './github-errors';
import { formatPullRequestRef, type PullRequestRef } from './pr-reference';

export interface PostableReview {
  pr: PullRequestRef;
  /** The head commit the comment lines refer to; GitHub uses the latest when absent. */
  headSha?: string;
  summary: string;
  comments: Array<{ path: string; line: number; side: 'LEFT' | 'RIGHT'; body: string }>;
}

export interface PostedReviewResult {
  id: number;
  url?: string;
  comments: number;
}

export async function postReview(client: GitHubClient, review: PostableReview): Promise<PostedReviewResult> {
  const summary = review.summary.trim();
  if (!summary && review.comments.length === 0) {
    throw new GitHubError(`The draft for ${formatPullRequestRef(review.pr)} has no comments and no summary: there is nothing to post.`, 'validation');
  }
  const posted = await client.createReview({
    owner: review.pr.owner,
    repo: review.pr.repo,
    pull_number: review.pr.number,
    event: 'COMMENT',
    // GitHub requires a body for a COMMENT review; a review of inline comments only gets a plain one.
    body: summary || `${review.comments.length} comment${review.comments.length === 1 ? '' : 's'} inline.`,
    ...(review.headSha ? { commit_id: review.headSha } : {}),
    comments: review.comments.map((comment) => ({ path: comment.path, line: comment.line, side: comment.side, body: comment.body })),
  });
  return { id: posted.id, ...(posted.html_url ? { url: posted.html_url } : {}), comments: review.comments.length };
}
