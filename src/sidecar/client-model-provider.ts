/**
 * A ModelProvider in the sidecar for the model the user picked in their editor's chat: each `chat()` is a
 * `twin/modelChat` request back to the client that asked for the draft, its streamed pieces arrive as
 * `twin/modelToken`, and aborting cancels the request there. The drafter cannot tell it from any other
 * provider, and the client's typed model failures come back as the same ModelError classes, so fallback
 * (the configured endpoint, the offline drafter) works as it does in-process.
 */
import { randomUUID } from 'node:crypto';
import { ResponseError } from 'vscode-jsonrpc/node';
import {
  ModelAuthError,
  ModelCancelledError,
  ModelError,
  ModelRateLimitError,
  ModelRequestError,
  ModelTimeoutError,
  ModelUnavailableError,
} from '../core/models/model-errors';
import type { ChatOptions, ChatRequest, ChatResult, ModelInfo, ModelProvider } from '../core/models/model-provider';
import type { DraftModels, ModelErrorData } from '../core/protocol/draft-protocol';
import type { ClientPeer } from './client-peer';

export const CLIENT_MODEL_PROVIDER = 'client';

export class ClientModelProvider implements ModelProvider {
  readonly info: ModelInfo;

  constructor(
    private readonly peer: ClientPeer,
    private readonly session: string,
    picked: NonNullable<DraftModels['picked']>,
    private readonly timeoutMs?: number,
  ) {
    this.info = { id: picked.id, provider: CLIENT_MODEL_PROVIDER, model: picked.model, description: picked.description, local: false };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (options.signal?.aborted) throw new ModelCancelledError('The request was cancelled.', { providerId: this.info.id });
    const call = options.onToken ? randomUUID() : undefined;
    const stopListening = call ? this.peer.onModelToken(call, options.onToken!) : undefined;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    try {
      return await this.peer.request('twin/modelChat', { session: this.session, ...(call ? { call } : {}), request, ...(timeoutMs ? { timeoutMs } : {}) }, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw new ModelCancelledError('The request was cancelled.', { providerId: this.info.id });
      throw modelErrorFromClient(error, this.info);
    } finally {
      stopListening?.();
    }
  }
}

/** The typed model error a client's `twin/modelChat` failure stands for. */
export function modelErrorFromClient(error: unknown, info: ModelInfo): ModelError {
  const message = error instanceof Error ? error.message : String(error);
  const data = error instanceof ResponseError ? (error.data as Partial<ModelErrorData> | undefined) : undefined;
  const details = { providerId: data?.providerId ?? info.id };
  switch (data?.modelError) {
    case 'cancelled':
      return new ModelCancelledError(message, { ...details, partialText: data.partialText });
    case 'timeout':
      return new ModelTimeoutError(message, { ...details, timeoutMs: data.timeoutMs ?? 0, partialText: data.partialText });
    case 'auth':
      return new ModelAuthError(message, details);
    case 'bad-request':
      return new ModelRequestError(message, details);
    case 'rate-limit':
      return new ModelRateLimitError(message, details);
    case 'unavailable':
      return new ModelUnavailableError(message, { ...details, configure: data.configure, partialText: data.partialText });
    default:
      // Not a model's answer at all: the editor went away or could not run the request.
      return new ModelUnavailableError(`${info.description} could not be asked through the editor: ${message}`, details);
  }
}
