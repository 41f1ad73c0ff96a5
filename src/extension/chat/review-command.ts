/**
 * `@twin /review PR`: review comments on a pull request in the user's review voice. The pull request (a
 * URL, OWNER/REPO#N, or a number in the workspace's repository) and its diff come from GitHub over HTTP
 * — in the sidecar (`twin/draft`), with the drafting; the extension host only passes the token on. The answer
 * lists each comment at its file and line with the draft's provenance and confidence, then a
 * "Post review to GitHub" button: nothing is posted unless it is clicked. The button carries only the
 * draft's id; the draft waits in memory (ReviewDraftStore), and the API URL and token are read when posting
 * from the user's settings and SecretStorage — never from a folder's settings or the command's arguments.
 *
 * Also the two commands around it: `twin.setGitHubToken` (kept in SecretStorage) and
 * `twin.chat.postReview` (what the button runs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReviewDraft } from '../../core/drafting/review-drafter';
import { GitHubClient } from '../../core/github/github-client';
import { formatPullRequestRef } from '../../core/github/pr-reference';
import { postReview, type PostableReview } from '../../core/github/post-review';
import { userText } from '../user-scope-settings';
import type { TwinChatResult } from './chat-result';
import { draftMetadata } from './draft-feedback';
import { escapeMarkdown } from './recall-markdown';
import { draftIdOf, ReviewDraftStore } from './review-drafts';
import type { ChatDrafter } from './sidecar-drafting';

export const SET_GITHUB_TOKEN_COMMAND = 'twin.setGitHubToken';
export const POST_REVIEW_COMMAND = 'twin.chat.postReview';
export const GITHUB_TOKEN_SECRET = 'twin.github.token';

/** What the "Post review to GitHub" button carries: only the id of the draft it shows. */
export interface PostReviewArguments {
  draftId: string;
}

/** The drafts the buttons of this window's chat refer to. */
export const reviewDrafts = new ReviewDraftStore();

export interface GitHubAccess {
  /** The token from SecretStorage, else TWIN_GITHUB_TOKEN/GITHUB_TOKEN of the environment. */
  token(): Promise<string | undefined>;
  /** `twin.github.apiUrl` from the user's settings (a folder's value is ignored). */
  apiUrl(): string;
}

export interface ReviewCommandDeps {
  /** Drafts in the sidecar (`twin/draft`), which fetches the pull request and drafts with the chat's model. */
  draft: ChatDrafter;
  github: GitHubAccess;
  log: (message: string) => void;
  /** Where the shown drafts wait for their button; `reviewDrafts` by default. */
  drafts?: ReviewDraftStore;
}

export function gitHubAccess(secrets: vscode.SecretStorage): GitHubAccess {
  return {
    token: async () => (await secrets.get(GITHUB_TOKEN_SECRET)) || process.env.TWIN_GITHUB_TOKEN || process.env.GITHUB_TOKEN || undefined,
    // The user's settings only: the token goes to this URL, so a cloned folder's settings must not choose it.
    apiUrl: () => {
      const config = vscode.workspace.getConfiguration('twin');
      return userText((name) => config.inspect(name), 'github.apiUrl') ?? 'https://api.github.com';
    },
  };
}

export async function reviewCommand(deps: ReviewCommandDeps, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
  const input = request.prompt.trim();
  if (!input) {
    stream.markdown(
      'Give the pull request to review: `/review https://github.com/OWNER/REPO/pull/N`, `/review OWNER/REPO#N`, or `/review N` for the workspace’s repository. ' +
        'Twin drafts comments in your review voice; nothing is posted unless you click **Post review to GitHub**.',
    );
    return { metadata: { command: 'review', failure: 'usage' } };
  }
  const apiUrl = deps.github.apiUrl();
  const githubToken = await deps.github.token();
  const repository = workspaceRepository();
  const answer = await deps.draft(
    { channel: 'review', pullRequest: input, ...(repository ? { repository } : {}), github: { apiUrl, ...(githubToken ? { token: githubToken } : {}) } },
    { request, stream, token, justification: 'Twin drafts review comments on a pull request in your review voice.' },
  );
  if (answer.status === 'cancelled' || token.isCancellationRequested) return { metadata: { command: 'review', query: input, cancelled: true } };
  if (answer.status === 'failed') {
    if (answer.reason === 'pull-request' || !answer.pullRequest) {
      stream.markdown(`**Which pull request?** ${escapeMarkdown(answer.message)}`);
      return { metadata: { command: 'review', query: input, failure: 'usage' } };
    }
    deps.log(`@twin /review: ${formatPullRequestRef(answer.pullRequest)} failed: ${answer.githubFailure ?? 'error'}`);
    stream.markdown(`**Twin could not draft a review of ${escapeMarkdown(formatPullRequestRef(answer.pullRequest))}.** ${escapeMarkdown(answer.message)}`);
    if (answer.githubFailure === 'auth') stream.button({ command: SET_GITHUB_TOKEN_COMMAND, title: 'Set GitHub Token' });
    return { metadata: { command: 'review', query: input, failure: answer.failure } };
  }
  if (answer.channel !== 'review') throw new Error(`The sidecar answered /review with a ${answer.channel} draft.`);
  const draft = answer.draft;
  const ref = draft.pr;
  if (answer.models !== 'available') stream.markdown('**No chat model is available**, so Twin’s offline drafter ran its mechanical checks on the diff instead of reviewing it.\n\n');
  stream.markdown(`Review of **${escapeMarkdown(formatPullRequestRef(ref))}**, drafted in your voice. **Nothing is posted** until you click the button below.\n\n`);
  stream.markdown(reviewMarkdown(draft));
  stream.markdown(provenanceMarkdown(draft));
  if (draft.comments.length || draft.summary.trim()) {
    const review: PostableReview = { pr: draft.pr, ...(draft.headSha ? { headSha: draft.headSha } : {}), summary: draft.summary, comments: draft.comments };
    (deps.drafts ?? reviewDrafts).put(draft.id, review);
    const args: PostReviewArguments = { draftId: draft.id };
    stream.button({ command: POST_REVIEW_COMMAND, arguments: [args], title: 'Post review to GitHub' });
  }
  return { metadata: { command: 'review', query: input, ...draftMetadata(draft) } };
}

/** Each comment under its `path:line`, then the summary. */
export function reviewMarkdown(draft: ReviewDraft): string {
  const lines: string[] = [];
  if (!draft.comments.length && !draft.summary.trim()) lines.push('_No comments: the drafter found nothing to say about this diff._');
  for (const comment of draft.comments) {
    lines.push(`- **\`${comment.path.replace(/`/g, "'")}:${comment.line}\`**${comment.side === 'LEFT' ? ' (old side)' : ''} — ${escapeMarkdown(comment.body).replace(/\n/g, '\n  ')}`);
  }
  if (draft.summary.trim()) lines.push('', '**Summary:** ' + escapeMarkdown(draft.summary.trim()));
  return `${lines.join('\n')}\n\n`;
}

function provenanceMarkdown(draft: ReviewDraft): string {
  const lines: string[] = ['---', '', '**▸ How Twin drafted this**', ''];
  lines.push(`- **Drafter:** ${draft.drafter === 'model' ? `the model${draft.model ? ` \`${draft.model.replace(/`/g, "'")}\`` : ''}` : 'the offline drafter'} · **confidence** ${draft.confidence.toFixed(2)}`);
  if (draft.notice) lines.push(`- **Notice:** ${escapeMarkdown(draft.notice)}`);
  if (draft.provenance.style.length) {
    lines.push('- **Voice and checks followed:**');
    for (const field of draft.provenance.style) lines.push(`  - ${escapeMarkdown(field)}`);
  }
  if (draft.provenance.exemplars.length) {
    lines.push('- **Your past review comments it followed:**');
    for (const exemplar of draft.provenance.exemplars) lines.push(`  - (${exemplar.similarity.toFixed(2)}) ${escapeMarkdown(exemplar.text)}`);
  }
  if (draft.provenance.memories.length) {
    lines.push('- **Memories recalled:**');
    for (const memory of draft.provenance.memories) lines.push(`  - (${memory.score.toFixed(2)}) ${escapeMarkdown(memory.excerpt)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** The workspace folder a bare pull request number refers to (the first that is a git repository). */
function workspaceRepository(): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.find((folder) => folder.uri.scheme === 'file' && fs.existsSync(path.join(folder.uri.fsPath, '.git')))?.uri.fsPath;
}

/**
 * `twin.chat.postReview`: posts the draft the button names (by id) to the user's `twin.github.apiUrl`;
 * resolves to the review's URL or id, undefined when it failed (and said why).
 */
export async function postReviewCommand(github: GitHubAccess, args: unknown, drafts: ReviewDraftStore = reviewDrafts): Promise<string | undefined> {
  const draftId = draftIdOf(args);
  if (!draftId) {
    void vscode.window.showErrorMessage('Twin: nothing to post — run `@twin /review PR` in the chat and use its “Post review to GitHub” button.');
    return undefined;
  }
  const review = drafts.get(draftId);
  if (!review) {
    void vscode.window.showErrorMessage(
      'Twin: this review draft is no longer available (it was posted already, or VS Code was reloaded, or it is older than the last drafts Twin keeps): run `@twin /review PR` again.',
    );
    return undefined;
  }
  try {
    const client = GitHubClient.create({ apiUrl: github.apiUrl(), token: (await github.token()) ?? '', env: {} });
    const posted = await postReview(client, review);
    drafts.delete(draftId);
    void vscode.window.showInformationMessage(`Twin posted your review of ${formatPullRequestRef(review.pr)} (${posted.comments} comment${posted.comments === 1 ? '' : 's'}).`);
    return posted.url ?? String(posted.id);
  } catch (error) {
    void vscode.window.showErrorMessage(`Twin could not post the review: ${(error as Error).message}`);
    return undefined;
  }
}

/** `twin.setGitHubToken`: asks for the token (hidden input) and keeps it in SecretStorage; an empty answer removes it. */
export async function setGitHubToken(secrets: vscode.SecretStorage, given?: unknown): Promise<boolean> {
  const value =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: 'Twin: GitHub token',
          prompt: 'A token that can read pull requests (and write reviews, to post them). Kept in VS Code’s secret storage. Leave empty to remove it.',
          password: true,
          ignoreFocusOut: true,
        });
  if (value === undefined) return false;
  if (value.trim()) await secrets.store(GITHUB_TOKEN_SECRET, value.trim());
  else await secrets.delete(GITHUB_TOKEN_SECRET);
  return true;
}
