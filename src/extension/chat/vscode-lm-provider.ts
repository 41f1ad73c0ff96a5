/**
 * A ModelProvider over the VS Code language-model API: the model the user picked in chat
 * (`request.model`). The API knows only User and Assistant messages, so system messages travel as a
 * prefix of the next user message (language-model-turns.ts).
 */
import * as vscode from 'vscode';
import {
  ModelAuthError,
  ModelCancelledError,
  ModelError,
  ModelRequestError,
  ModelTimeoutError,
  ModelUnavailableError,
} from '../../core/models/model-errors';
import type { ChatMessage, ChatOptions, ChatRequest, ChatResult, ModelInfo, ModelProvider, TokenUsage } from '../../core/models/model-provider';
import { estimateChatTokens, estimateTokens } from '../../core/models/token-estimate';
import { toLanguageModelTurns } from './language-model-turns';

/** Where the user fixes a missing or refused VS Code model. */
export const PICK_A_MODEL =
  'Pick a model in the chat view’s model picker; if it lists none, install an extension that contributes language models (such as GitHub Copilot Chat, or one that serves a local model) and allow Twin to use it when VS Code asks.';

export const VSCODE_LM_PROVIDER = 'vscode-lm';

export class VsCodeLanguageModelProvider implements ModelProvider {
  readonly info: ModelInfo;

  constructor(
    private readonly model: vscode.LanguageModelChat,
    private readonly options: { timeoutMs?: number; justification?: string } = {},
  ) {
    this.info = {
      id: `${VSCODE_LM_PROVIDER}:${model.vendor}/${model.id}`,
      provider: VSCODE_LM_PROVIDER,
      model: model.id,
      description: `${model.name} (${model.vendor}) through VS Code's language-model API`,
      // Whether a VS Code model runs locally depends on the extension that contributes it; Twin cannot tell.
      local: false,
    };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const turns = toLanguageModelTurns(request.messages);
    const messages = turns.map((turn) =>
      turn.role === 'user' ? vscode.LanguageModelChatMessage.User(turn.content) : vscode.LanguageModelChatMessage.Assistant(turn.content),
    );
    const source = new vscode.CancellationTokenSource();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    let timedOut = false;
    const onAbort = () => source.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) source.cancel();
    const timer = timeoutMs ? setTimeout(() => ((timedOut = true), source.cancel()), timeoutMs) : undefined;
    let text = '';
    const stopped = () => {
      if (timedOut) return new ModelTimeoutError(`${this.model.name} did not finish within ${timeoutMs} ms; try again or pick a faster model.`, { providerId: this.info.id, timeoutMs: timeoutMs!, partialText: text });
      return new ModelCancelledError('The request was cancelled.', { providerId: this.info.id, partialText: text });
    };
    try {
      if (source.token.isCancellationRequested) throw stopped();
      const inputTokens = await this.countInput(request.messages, messages, source.token);
      const response = await this.model.sendRequest(
        messages,
        { justification: this.options.justification, modelOptions: modelOptions(request) },
        source.token,
      );
      for await (const fragment of response.text) {
        if (source.token.isCancellationRequested) throw stopped();
        text += fragment;
        options.onToken?.(fragment);
      }
      if (source.token.isCancellationRequested) throw stopped();
      const output = await this.countText(text, source.token);
      const usage: TokenUsage = { inputTokens: inputTokens.count, outputTokens: output.count, estimated: inputTokens.estimated || output.estimated };
      return { text, usage, model: this.model.id, provider: VSCODE_LM_PROVIDER, finishReason: 'stop' };
    } catch (error) {
      if (error instanceof ModelError) throw error;
      if (source.token.isCancellationRequested || error instanceof vscode.CancellationError) throw stopped();
      throw this.mapError(error, text);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      source.dispose();
    }
  }

  private async countInput(messages: readonly ChatMessage[], lmMessages: vscode.LanguageModelChatMessage[], token: vscode.CancellationToken): Promise<{ count: number; estimated: boolean }> {
    try {
      let count = 0;
      for (const message of lmMessages) count += await this.model.countTokens(message, token);
      return { count, estimated: false };
    } catch {
      return { count: estimateChatTokens(messages), estimated: true };
    }
  }

  private async countText(text: string, token: vscode.CancellationToken): Promise<{ count: number; estimated: boolean }> {
    try {
      return { count: await this.model.countTokens(text, token), estimated: false };
    } catch {
      return { count: estimateTokens(text), estimated: true };
    }
  }

  private mapError(error: unknown, partialText: string): ModelError {
    const details = { providerId: this.info.id, cause: error };
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof vscode.LanguageModelError) {
      if (error.code === 'NoPermissions') {
        return new ModelAuthError(`Twin may not use ${this.model.name}: ${reason}. Allow Twin to use language models when VS Code asks (or in the Accounts menu → Manage Language Model Access), or pick another model.`, details);
      }
      if (error.code === 'Blocked') {
        return new ModelUnavailableError(`${this.model.name} refused the request (blocked: ${reason}); wait a moment and try again, or pick another model.`, { ...details, configure: PICK_A_MODEL, partialText });
      }
      if (error.code === 'NotFound') {
        return new ModelUnavailableError(`${this.model.name} is no longer available (${reason}). ${PICK_A_MODEL}`, { ...details, configure: PICK_A_MODEL, partialText });
      }
      return new ModelRequestError(`${this.model.name} could not answer: ${reason}.`, details);
    }
    return new ModelUnavailableError(`${this.model.name} failed: ${reason}. Try again, or pick another model.`, { ...details, configure: PICK_A_MODEL, partialText });
  }
}

function modelOptions(request: ChatRequest): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  if (request.maxTokens !== undefined) options.max_tokens = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.stop?.length) options.stop = request.stop;
  return Object.keys(options).length ? options : undefined;
}
