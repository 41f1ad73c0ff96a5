/**
 * `twin/draft` and its callbacks: drafting (commit, code, review, reply) runs in the sidecar, never on the
 * VS Code extension host's thread, while the model the user picked in VS Code chat exists only in the
 * extension host. So a draft request names a `session`; the sidecar asks the client that sent it for that
 * model with `twin/modelChat` (a request from sidecar to client on the same JSON-RPC connection), the
 * client streams the answer back as `twin/modelToken` notifications, and the sidecar tells it what it is
 * doing with `twin/draftProgress`. Cancelling `twin/draft` aborts the drafter, which cancels its
 * `twin/modelChat`. Types only; both sides share them.
 */
import type { CodeDraft } from '../drafting/code-drafter';
import type { Draft } from '../drafting/draft';
import type { ReviewDraft } from '../drafting/review-drafter';
import type { PullRequestRef } from '../github/pr-reference';
import type { ChatRequest, ChatResult, ModelInfo } from '../models/model-provider';
import type { ModelSettings } from '../models/settings-models';

/** Which models a draft may use, in order: the client's picked model, the configured endpoint, none. */
export interface DraftModels {
  /** The model the user picked in the client, described; the sidecar calls it through `twin/modelChat`. */
  picked?: Pick<ModelInfo, 'id' | 'model' | 'description'>;
  /**
   * The OpenAI-compatible endpoint from the client's settings (with its key). When absent or empty, the
   * sidecar uses `models` in TWIN_HOME/config.json or TWIN_MODEL_URL, as the CLI does.
   */
  settings?: ModelSettings;
  /** What to configure, in the client's words; added to the error when every model failed. */
  configure?: string;
  /** Deadline of one model answer in ms (default two minutes). */
  timeoutMs?: number;
}

interface DraftRequestBase {
  /** Chosen by the client, unique among its requests in flight: `twin/modelChat` and `twin/draftProgress` name it. */
  session: string;
  models?: DraftModels;
}

export interface CommitDraftRequest extends DraftRequestBase {
  channel: 'commit';
  /** A folder inside the git repository whose staged change to describe. */
  repository: string;
}

export interface CodeDraftRequest extends DraftRequestBase {
  channel: 'code';
  task: string;
  languageId?: string;
  selection?: { text: string; file?: string; startLine?: number; endLine?: number };
  /** The workspace folder the code belongs to (the user's own code there is the exemplars). */
  repository?: string;
  /** What to configure when there is no model, in the client's words. */
  noModelHelp?: string;
}

export interface ReviewDraftRequest extends DraftRequestBase {
  channel: 'review';
  /** The pull request as the user gave it: a URL, OWNER/REPO#N, or a number in `repository`'s origin. */
  pullRequest: string;
  /** The workspace's git repository, for a bare number. */
  repository?: string;
  github: { apiUrl: string; token?: string };
}

export interface ReplyDraftRequest extends DraftRequestBase {
  channel: 'reply';
  replyChannel: 'slack' | 'email';
  incoming: string;
  audience?: string;
}

export type DraftRequest = CommitDraftRequest | CodeDraftRequest | ReviewDraftRequest | ReplyDraftRequest;

/** The staged change a commit message was drafted for, as the chat summarises it. */
export interface StagedSummary {
  repository: string;
  files: number;
  insertions: number;
  deletions: number;
}

/**
 * How the models went: `none` (no model at all, the offline drafter or no code), `unusable` (the
 * configured one is misconfigured: `modelProblem` says which setting), else `available`.
 */
export interface DraftModelOutcome {
  models: 'available' | 'none' | 'unusable';
  modelProblem?: string;
}

/** A request that could not be drafted; `message` says what happened and what to do. */
export interface DraftFailed {
  status: 'failed';
  failure: 'usage' | 'model';
  message: string;
  /** For `/review`: the pull request it was about, and GitHub's kind of failure (`auth` offers the token command). */
  pullRequest?: PullRequestRef;
  githubFailure?: string;
  /** For `/commit`: the repository. */
  repository?: string;
  /** What went wrong, so the client can word it. */
  reason?: 'unreadable' | 'nothing-staged' | 'model-unusable' | 'pull-request' | 'github' | 'drafting';
}

export type DraftResponse =
  | ({ status: 'drafted'; channel: 'commit'; staged: StagedSummary; draft: Draft } & DraftModelOutcome)
  | ({ status: 'drafted'; channel: 'code'; draft: CodeDraft } & DraftModelOutcome)
  | ({ status: 'drafted'; channel: 'review'; draft: ReviewDraft } & DraftModelOutcome)
  | ({ status: 'drafted'; channel: 'reply'; draft: Draft } & DraftModelOutcome)
  | { status: 'cancelled' }
  | DraftFailed;

/** `twin/modelChat`: the sidecar asks the client's picked model of `session` for one answer. */
export interface ModelChatParams {
  session: string;
  /** Names this call in `twin/modelToken`; present when the sidecar wants the answer streamed. */
  call?: string;
  request: ChatRequest;
  timeoutMs?: number;
}

/** A model failure as it crosses the connection (`ResponseError.data`), so the sidecar rebuilds the typed error. */
export interface ModelErrorData {
  modelError: 'unavailable' | 'timeout' | 'cancelled' | 'rate-limit' | 'auth' | 'bad-request';
  providerId?: string;
  partialText?: string;
  configure?: string;
  timeoutMs?: number;
}

/** Methods the sidecar calls on its client. */
export interface ClientMethods {
  'twin/modelChat': { params: ModelChatParams; result: ChatResult };
}

/** Notifications about a draft in flight. */
export interface DraftNotifications {
  /** Client → sidecar: a piece of the picked model's answer to `call`. */
  'twin/modelToken': { call: string; text: string };
  /** Sidecar → client: what the draft of `session` is doing now, for the chat's progress line. */
  'twin/draftProgress': { session: string; message: string };
}
