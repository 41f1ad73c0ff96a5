/**
 * The extension's side of `twin/draft` (draft-protocol.ts): drafting runs in the sidecar, so the chat
 * commands only gather editor state and render. What stays here is what only the extension host has — the
 * model the user picked in chat. Each draft opens a session holding that model and the chat's progress
 * line; the sidecar asks for the model with `twin/modelChat` naming the session, gets the answer streamed
 * back as `twin/modelToken`, and reports progress with `twin/draftProgress`. The chat's cancellation
 * cancels `twin/draft`, which aborts the drafter and with it the model request here.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-jsonrpc/node';
import { ModelCancelledError, ModelError, ModelTimeoutError, ModelUnavailableError } from '../../core/models/model-errors';
import type { ModelSettings } from '../../core/models/settings-models';
import type { DraftRequest, DraftResponse, ModelErrorData } from '../../core/protocol/draft-protocol';
import { describe as describeSidecar, type SidecarClient } from '../sidecar/sidecar-client';
import { NO_MODEL_HELP } from './chat-models';
import { escapeMarkdown } from './recall-markdown';
import { VsCodeLanguageModelProvider } from './vscode-lm-provider';

/** A JSON-RPC error code of Twin's own: a model failed, `data` says how (ModelErrorData). */
export const MODEL_FAILED_CODE = -32050;

export type DraftingSidecar = Pick<SidecarClient, 'request' | 'state' | 'onPeerRequest' | 'onPeerNotification' | 'notify'>;

/** The sidecar could not draft (it is down, or the request failed): the message says what to do. */
export class DraftingUnavailableError extends Error {}

export interface DraftOptions {
  /** The model picked in chat (`request.model`), if any. */
  model?: vscode.LanguageModelChat;
  /** Why Twin asks to use the model (VS Code shows it when asking the user's consent). */
  justification: string;
  /** The OpenAI-compatible endpoint of the settings, key included; undefined when none is set. */
  settings?: ModelSettings;
  timeoutMs?: number;
  stream: Pick<vscode.ChatResponseStream, 'progress'>;
  token: vscode.CancellationToken;
  log: (message: string) => void;
}

/** A draft request without what SidecarDrafting adds (the session and the models). */
export type DraftFields = DraftRequest extends infer R ? (R extends DraftRequest ? Omit<R, 'session' | 'models'> : never) : never;

/** How a chat command drafts: the fields, and the chat request whose model, progress line and cancellation it uses. */
export type ChatDrafter = (
  fields: DraftFields,
  chat: { request: vscode.ChatRequest; stream: vscode.ChatResponseStream; token: vscode.CancellationToken; justification: string },
) => Promise<DraftResponse>;

interface Session {
  provider?: VsCodeLanguageModelProvider;
  progress(message: string): void;
}

/** One per sidecar client, whatever number of chat handlers share it. */
export class SidecarDrafting {
  private static readonly bySidecar = new WeakMap<DraftingSidecar, SidecarDrafting>();
  private readonly sessions = new Map<string, Session>();

  static for(sidecar: DraftingSidecar): SidecarDrafting {
    let drafting = SidecarDrafting.bySidecar.get(sidecar);
    if (!drafting) {
      drafting = new SidecarDrafting(sidecar);
      SidecarDrafting.bySidecar.set(sidecar, drafting);
    }
    return drafting;
  }

  private constructor(private readonly sidecar: DraftingSidecar) {
    sidecar.onPeerRequest('twin/modelChat', (params, token) => this.modelChat(params.session, params, token));
    sidecar.onPeerNotification('twin/draftProgress', (params) => this.sessions.get(params?.session)?.progress(params.message));
  }

  /** Drafts in the sidecar; resolves to its answer (`cancelled` when the chat was cancelled). */
  async draft(fields: DraftFields, options: DraftOptions): Promise<DraftResponse> {
    const session = randomUUID();
    const provider = options.model ? new VsCodeLanguageModelProvider(options.model, { timeoutMs: options.timeoutMs ?? 120_000, justification: options.justification }) : undefined;
    this.sessions.set(session, { provider, progress: (message) => options.stream.progress(message) });
    const request = {
      ...fields,
      session,
      models: {
        ...(provider ? { picked: { id: provider.info.id, model: provider.info.model, description: provider.info.description } } : {}),
        ...(options.settings ? { settings: options.settings } : {}),
        configure: NO_MODEL_HELP,
        timeoutMs: options.timeoutMs ?? 120_000,
      },
    } as DraftRequest;
    try {
      return await this.sidecar.request('twin/draft', request, options.token);
    } catch (error) {
      if (options.token.isCancellationRequested) return { status: 'cancelled' };
      const reason = error instanceof Error ? error.message : String(error);
      options.log(`@twin: twin/draft (${fields.channel}) failed: ${reason}`);
      const state = this.sidecar.state;
      if (state.state !== 'running') {
        throw new DraftingUnavailableError(
          `**Twin cannot draft right now.** The Twin sidecar, the background process that drafts and keeps your memories, is ${escapeMarkdown(describeSidecar(state))}. ` +
            'It restarts on its own: try again in a few seconds. If it keeps failing, open **Twin: Show Log** to see why it stopped.',
        );
      }
      throw new DraftingUnavailableError(
        `**Twin could not draft** (\`twin/draft\` failed: ${escapeMarkdown(reason)}). Try again; if it keeps failing, open **Twin: Show Log** for details.`,
      );
    } finally {
      this.sessions.delete(session);
    }
  }

  /** `twin/modelChat`: one answer of the session's picked model, streamed back when asked to. */
  private async modelChat(sessionId: string, params: { call?: string; request: Parameters<VsCodeLanguageModelProvider['chat']>[0]; timeoutMs?: number }, token: CancellationToken) {
    const provider = this.sessions.get(sessionId)?.provider;
    if (!provider) {
      const data: ModelErrorData = { modelError: 'unavailable', configure: NO_MODEL_HELP };
      throw new ResponseError(MODEL_FAILED_CODE, 'This chat request offered no model (it ended or none was picked).', data);
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const call = params.call;
    try {
      return await provider.chat(params.request, {
        signal: controller.signal,
        ...(params.timeoutMs ? { timeoutMs: params.timeoutMs } : {}),
        ...(call ? { onToken: (text: string) => this.sidecar.notify('twin/modelToken', { call, text }) } : {}),
      });
    } catch (error) {
      if (!(error instanceof ModelError)) throw new ResponseError(ErrorCodes.InternalError, (error as Error)?.message ?? String(error));
      const data: ModelErrorData = {
        modelError: error.code,
        ...(error.providerId ? { providerId: error.providerId } : {}),
        ...((error instanceof ModelCancelledError || error instanceof ModelTimeoutError || error instanceof ModelUnavailableError) && error.partialText ? { partialText: error.partialText } : {}),
        ...(error instanceof ModelTimeoutError ? { timeoutMs: error.timeoutMs } : {}),
        ...(error instanceof ModelUnavailableError && error.configure ? { configure: error.configure } : {}),
      };
      throw new ResponseError(MODEL_FAILED_CODE, error.message, data);
    } finally {
      subscription.dispose();
    }
  }
}
