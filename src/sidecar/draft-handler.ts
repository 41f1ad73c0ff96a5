/**
 * `twin/draft`: the drafters run here, in the sidecar, so reading the staged diff, parsing files with
 * tree-sitter, running git log, learning a style on the fly and fetching a pull request never block the
 * VS Code extension host. The client sends what only it knows (the repository folder, the selection, the
 * pull request as typed, the GitHub token, its model settings) and, when the user picked a model in chat,
 * a session the sidecar calls that model through (client-model-provider.ts).
 *
 * Models, in the order the chat has always used: the client's picked model, then the configured
 * OpenAI-compatible endpoint (the client's settings, else TWIN_HOME/config.json / TWIN_MODEL_URL), then
 * none — the offline drafter for commits, replies and reviews, and honestly no code for `/code`.
 *
 * The answer is the draft plus what the chat shows around it; expected failures (nothing staged, an
 * unknown pull request, a model that failed) are answers too, with `failure` and a message saying what
 * to do. Recall goes straight to the sidecar's Twin. Logged: channel, drafter, ids, counts and timings.
 */
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { draftCode } from '../core/drafting/code-drafter';
import { draftCommit } from '../core/drafting/commit-drafter';
import type { MemoryRecaller } from '../core/drafting/memory-recaller';
import { draftReply } from '../core/drafting/reply-drafter';
import { draftReview } from '../core/drafting/review-drafter';
import { readStagedChange, type StagedChange } from '../core/drafting/staged-change';
import { GitHubClient } from '../core/github/github-client';
import { GitHubError } from '../core/github/github-errors';
import { formatPullRequestRef, parsePullRequestRef, type PullRequestRef } from '../core/github/pr-reference';
import { fetchPullRequest } from '../core/github/pull-request';
import { FallbackProvider } from '../core/models/fallback-provider';
import { ModelCancelledError } from '../core/models/model-errors';
import type { ModelProvider } from '../core/models/model-provider';
import { createModelRouter } from '../core/models/models-config';
import { createSettingsModelRouter } from '../core/models/settings-models';
import type {
  CodeDraftRequest,
  CommitDraftRequest,
  DraftFailed,
  DraftModelOutcome,
  DraftRequest,
  DraftResponse,
  ReplyDraftRequest,
  ReviewDraftRequest,
} from '../core/protocol/draft-protocol';
import { readStyleProfile } from '../core/style/style-profile-store';
import type { Twin } from '../core/twin';
import { ClientModelProvider } from './client-model-provider';
import type { Logger } from './logger';
import type { RequestContext } from './sidecar-handlers';

const DEFAULT_TIMEOUT_MS = 120_000;

export interface DraftHandlerDeps {
  /** Its home holds the style profile, the feedback and the model configuration. */
  twin: Pick<Twin, 'home'>;
  /** Recall for the drafters (the sidecar's Twin, counting accesses). */
  recaller: MemoryRecaller;
  log: Logger;
  /** The environment the configured models read (OPENAI_API_KEY, TWIN_MODEL_URL); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** What one draft request has to work with. */
interface DraftRun {
  context: RequestContext;
  signal: AbortSignal;
  timeoutMs: number;
  progress(message: string): void;
}

export function createDraftHandler(deps: DraftHandlerDeps): (params: DraftRequest, context: RequestContext) => Promise<DraftResponse> {
  const { log } = deps;
  const home = () => deps.twin.home;

  /** The model for this draft, or why there is none usable. */
  function chooseModel(params: DraftRequest, run: DraftRun): { provider?: ModelProvider; outcome: DraftModelOutcome } {
    const models = params.models ?? {};
    const picked = models.picked && run.context.peer ? new ClientModelProvider(run.context.peer, params.session, models.picked, models.timeoutMs) : undefined;
    let configured: ModelProvider | undefined;
    try {
      configured =
        createSettingsModelRouter(models.settings ?? {}, { home: home(), ...(deps.env ? { env: deps.env } : {}) }) ??
        createModelRouter({ home: home(), ...(deps.env ? { env: deps.env } : {}), onLedgerError: (error) => log.warn(`draft: could not log model usage: ${(error as Error).message}`) });
    } catch (error) {
      if (!picked) return { outcome: { models: 'unusable', modelProblem: (error as Error).message } };
      log.warn(`draft: the configured models are not usable, using the picked model alone: ${(error as Error).message}`);
    }
    if (picked && configured) {
      const fallback = new FallbackProvider([picked, configured], {
        ...(models.configure ? { configure: models.configure } : {}),
        onFallback: (from, error) => log.info(`draft: ${from.id} failed (${error.name}); trying ${configured!.info.id}`),
      });
      return { provider: fallback, outcome: { models: 'available' } };
    }
    const provider = picked ?? configured;
    return provider ? { provider, outcome: { models: 'available' } } : { outcome: { models: 'none' } };
  }

  async function commit(params: CommitDraftRequest, run: DraftRun): Promise<DraftResponse> {
    if (typeof params.repository !== 'string' || params.repository === '') throw invalidParams('twin/draft commit needs the "repository" folder.');
    run.progress('Reading the staged changes…');
    let staged: StagedChange;
    try {
      staged = await readStagedChange(params.repository);
    } catch (error) {
      return failed('usage', (error as Error).message, { reason: 'unreadable', repository: params.repository });
    }
    if (run.signal.aborted) return { status: 'cancelled' };
    if (staged.files.length === 0) return failed('usage', `Nothing is staged in ${staged.repository}.`, { reason: 'nothing-staged', repository: staged.repository });
    const { provider, outcome } = chooseModel(params, run);
    run.progress(`Drafting a message for ${staged.files.length} staged file${staged.files.length === 1 ? '' : 's'}…`);
    return drafting(run, { repository: staged.repository }, async () => {
      const draft = await draftCommit({ repo: staged.repository, staged, provider, twin: deps.recaller, home: home(), signal: run.signal, timeoutMs: run.timeoutMs });
      return {
        status: 'drafted',
        channel: 'commit',
        staged: { repository: staged.repository, files: staged.files.length, insertions: staged.insertions, deletions: staged.deletions },
        draft,
        ...outcome,
      };
    });
  }

  async function code(params: CodeDraftRequest, run: DraftRun): Promise<DraftResponse> {
    if (typeof params.task !== 'string') throw invalidParams('twin/draft code needs the "task" (it may be empty when there is a selection).');
    if (!params.task.trim() && !params.selection?.text?.trim()) return failed('usage', 'Say what code to write, or select code and say how to change it.', {});
    const { provider, outcome } = chooseModel(params, run);
    if (outcome.models === 'unusable') return failed('usage', outcome.modelProblem!, { reason: 'model-unusable' });
    run.progress(provider ? 'Finding your own code like this and writing it in your style…' : 'Finding your own code like this…');
    return drafting(run, {}, async () => {
      const draft = await draftCode({
        task: params.task,
        ...(params.languageId ? { languageId: params.languageId } : {}),
        ...(params.selection?.text?.trim() ? { selection: params.selection } : {}),
        ...(params.repository ? { repo: params.repository } : {}),
        twin: deps.recaller,
        provider,
        home: home(),
        ...(params.noModelHelp ? { noModelHelp: params.noModelHelp } : {}),
        signal: run.signal,
        timeoutMs: run.timeoutMs,
      });
      return { status: 'drafted', channel: 'code', draft, ...outcome };
    });
  }

  async function review(params: ReviewDraftRequest, run: DraftRun): Promise<DraftResponse> {
    if (typeof params.pullRequest !== 'string' || !params.pullRequest.trim()) throw invalidParams('twin/draft review needs the "pullRequest" (a URL, OWNER/REPO#N or a number).');
    if (typeof params.github?.apiUrl !== 'string') throw invalidParams('twin/draft review needs "github": { apiUrl, token? }.');
    let ref: PullRequestRef;
    try {
      ref = await parsePullRequestRef(params.pullRequest, params.repository);
    } catch (error) {
      return failed('usage', (error as Error).message, { reason: 'pull-request' });
    }
    const client = GitHubClient.create({ apiUrl: params.github.apiUrl, token: params.github.token ?? '', env: {} });
    run.progress(`Fetching ${formatPullRequestRef(ref)} from GitHub…`);
    try {
      const pr = await fetchPullRequest(client, ref);
      if (run.signal.aborted) return { status: 'cancelled' };
      const { provider, outcome } = chooseModel(params, run);
      if (outcome.models === 'unusable') return failed('model', outcome.modelProblem!, { reason: 'model-unusable', pullRequest: ref });
      run.progress(`Drafting review comments on ${pr.files.length} file${pr.files.length === 1 ? '' : 's'}…`);
      let voice;
      try {
        voice = readStyleProfile(home())?.reviews;
      } catch (error) {
        log.warn(`draft review: style profile unreadable, drafting without the learned voice: ${(error as Error).message}`);
      }
      const draft = await draftReview({ pr, twin: deps.recaller, home: home(), ...(voice ? { voice } : {}), ...(provider ? { provider } : {}), signal: run.signal, timeoutMs: run.timeoutMs });
      return { status: 'drafted', channel: 'review', draft, ...outcome };
    } catch (error) {
      if (error instanceof ModelCancelledError || run.signal.aborted) return { status: 'cancelled' };
      log.warn(`draft review: ${formatPullRequestRef(ref)} failed: ${error instanceof GitHubError ? error.kind : 'error'}`);
      return failed(error instanceof GitHubError ? 'usage' : 'model', (error as Error).message, {
        reason: error instanceof GitHubError ? 'github' : 'drafting',
        pullRequest: ref,
        ...(error instanceof GitHubError ? { githubFailure: error.kind } : {}),
      });
    }
  }

  async function reply(params: ReplyDraftRequest, run: DraftRun): Promise<DraftResponse> {
    if (params.replyChannel !== 'slack' && params.replyChannel !== 'email') throw invalidParams('twin/draft reply needs "replyChannel": "slack" or "email".');
    if (typeof params.incoming !== 'string' || !params.incoming.trim()) throw invalidParams('twin/draft reply needs the "incoming" message to answer.');
    const { provider, outcome } = chooseModel(params, run);
    run.progress(`Drafting a reply to the ${params.replyChannel === 'slack' ? 'Slack message' : 'email'} from your past replies…`);
    return drafting(run, {}, async () => {
      const draft = await draftReply({
        incoming: params.incoming,
        channel: params.replyChannel,
        ...(params.audience ? { audience: params.audience } : {}),
        provider,
        twin: deps.recaller,
        home: home(),
        signal: run.signal,
        timeoutMs: run.timeoutMs,
      });
      return { status: 'drafted', channel: 'reply', draft, ...outcome };
    });
  }

  /** Runs a drafter: a cancelled draft answers `cancelled`, any other failure `failed` with its message. */
  async function drafting(run: DraftRun, where: Pick<DraftFailed, 'repository'>, work: () => Promise<DraftResponse>): Promise<DraftResponse> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ModelCancelledError || run.signal.aborted) return { status: 'cancelled' };
      return failed('model', (error as Error).message, { ...where, reason: 'drafting' });
    }
  }

  return async (params, context) => {
    if (!params || typeof params !== 'object' || typeof params.session !== 'string') throw invalidParams('twin/draft needs { session, channel, … } (see draft-protocol.ts).');
    const signal = context.signal ?? new AbortController().signal;
    const run: DraftRun = {
      context,
      signal,
      timeoutMs: params.models?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      progress: (message) => context.peer?.notify('twin/draftProgress', { session: params.session, message }),
    };
    const started = performance.now();
    let response: DraftResponse;
    switch (params.channel) {
      case 'commit':
        response = await commit(params, run);
        break;
      case 'code':
        response = await code(params, run);
        break;
      case 'review':
        response = await review(params, run);
        break;
      case 'reply':
        response = await reply(params, run);
        break;
      default:
        throw invalidParams(`twin/draft cannot draft for channel "${String((params as { channel?: unknown }).channel)}": use commit, code, review or reply.`);
    }
    if (signal.aborted && response.status !== 'failed') response = { status: 'cancelled' };
    const ms = Math.round(performance.now() - started);
    if (response.status === 'drafted') log.info(`draft ${params.channel}: ${response.draft.drafter} draft ${response.draft.id}, ${response.draft.provenance.exemplars.length} exemplars, models ${response.models}, ${ms} ms`);
    else log.info(`draft ${params.channel}: ${response.status}${response.status === 'failed' ? ` (${response.reason ?? response.failure})` : ''}, ${ms} ms`);
    return response;
  };
}

function failed(failure: DraftFailed['failure'], message: string, extra: Omit<DraftFailed, 'status' | 'failure' | 'message'>): DraftFailed {
  return { status: 'failed', failure, message, ...extra };
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
