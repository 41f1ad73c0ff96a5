/**
 * Chat with any server that speaks OpenAI's chat-completions protocol — OpenAI, Ollama, LM Studio,
 * llama.cpp's server, vLLM — through the official `openai` client.
 *
 * The client's own retries are off: Twin retries itself so that it can stop at the caller's deadline,
 * never retry a stream whose tokens the caller has already seen, and put the attempt count in its
 * messages. Its timeout only covers waiting for response headers, so the deadline is Twin's too.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions/completions';
import {
  ModelAuthError,
  ModelCancelledError,
  ModelError,
  ModelRateLimitError,
  ModelRequestError,
  ModelTimeoutError,
  ModelUnavailableError,
} from './model-errors';
import { costUsd, priceFor, type PriceTable } from './model-pricing';
import type { ChatOptions, ChatRequest, ChatResult, FinishReason, ModelInfo, ModelProvider, TokenUsage } from './model-provider';
import { abortableSleep, DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy';
import { estimateChatTokens, estimateTokens } from './token-estimate';

export interface OpenAICompatibleConfig {
  /** The API root with its version segment: `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  model: string;
  /** The key; when absent, the environment variable `apiKeyEnv` (default `OPENAI_API_KEY`); when that is empty, no key is sent. */
  apiKey?: string;
  apiKeyEnv?: string;
  /** The name this provider has in the user's configuration; used in ids and messages. */
  name?: string;
  /** Where the user configures it, for messages (e.g. `models.providers.local in ~/.twin/config.json`). */
  configuredAt?: string;
  /** Default deadline of a whole request, retries included (ms). */
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
  /**
   * Ask streams to end with a usage chunk (`stream_options.include_usage`). Default true; a server that
   * rejects the option is asked again without it, once, and not asked again.
   */
  streamUsage?: boolean;
  /** OpenAI's newest models want `max_completion_tokens`; most local servers know only `max_tokens` (default). */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens';
  /** Prices of this provider's models (USD per 1M tokens); without one, results carry no cost. */
  prices?: PriceTable;
  /** Overrides whether requests count as staying on this machine (default: the host is a loopback address). */
  local?: boolean;
  /** Extra HTTP headers on every request (e.g. for a proxy). */
  headers?: Record<string, string>;
}

export interface OpenAICompatibleProviderOptions {
  /** Where `apiKeyEnv` is read (tests). */
  env?: NodeJS.ProcessEnv;
  /** Jitter source (tests). */
  random?: () => number;
}

export const DEFAULT_MODEL_TIMEOUT_MS = 120_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);
/** Connection failures that mean nothing listens there; retrying them only delays the message (and the router's fallback). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL']);

/** One attempt's failure, with whether another attempt may succeed. */
interface Failure {
  error: ModelError;
  retryable: boolean;
  retryAfterMs?: number;
}

/** What one `chat` call has seen so far, across attempts. */
interface CallState {
  timeoutMs: number;
  streamedText: string;
  attempts: number;
  /** A callback of the caller threw; it is rethrown as is. */
  consumerError?: { error: unknown };
}

export class OpenAICompatibleProvider implements ModelProvider {
  readonly info: ModelInfo;
  private readonly client: OpenAI;
  private readonly config: OpenAICompatibleConfig;
  private readonly baseUrl: string;
  private readonly url: URL;
  private readonly hasKey: boolean;
  private readonly keySource: string;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private streamUsage: boolean;

  constructor(config: OpenAICompatibleConfig, options: OpenAICompatibleProviderOptions = {}) {
    let url: URL;
    try {
      url = new URL(config.baseUrl);
    } catch {
      throw new Error(`The model base URL "${config.baseUrl}" is not a URL: use e.g. http://127.0.0.1:11434/v1`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`The model base URL "${config.baseUrl}" must start with http:// or https://`);
    }
    if (!config.model) throw new Error(`A model name is needed for ${config.baseUrl} (e.g. "gpt-4o-mini" or "qwen2.5-coder:7b").`);
    this.config = config;
    this.url = url;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    const env = options.env ?? process.env;
    const keyVariable = config.apiKeyEnv ?? 'OPENAI_API_KEY';
    const apiKey = config.apiKey || env[keyVariable] || undefined;
    this.hasKey = apiKey !== undefined;
    this.keySource = config.apiKey ? `the apiKey of ${this.label}` : keyVariable;
    this.retry = {
      maxRetries: Math.max(0, config.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries),
      baseDelayMs: config.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: config.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    this.random = options.random ?? Math.random;
    this.streamUsage = config.streamUsage ?? true;
    this.client = new OpenAI({
      baseURL: this.baseUrl,
      // The client insists on a key; local servers need none, so a placeholder goes in and the header
      // is dropped below rather than sending a fake credential.
      apiKey: apiKey ?? 'no-key',
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: config.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS,
      defaultHeaders: { ...config.headers, ...(apiKey ? {} : { Authorization: null }) },
    });
    const local = config.local ?? LOOPBACK_HOSTS.has(url.hostname);
    this.info = {
      id: `openai-compatible:${config.model}@${url.host}`,
      provider: 'openai-compatible',
      model: config.model,
      description: `${config.model} via the OpenAI-compatible endpoint ${this.baseUrl}${local ? ' (on this machine)' : ''}`,
      local,
    };
  }

  private get label(): string {
    return this.config.name ? `the model provider "${this.config.name}"` : `the model at ${this.baseUrl}`;
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    if (!request.messages.length) throw new ModelRequestError('A chat request needs at least one message.', { providerId: this.info.id });
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
    const startedAt = Date.now();
    const controller = new AbortController();
    let stopped: 'cancelled' | 'timeout' | undefined;
    const onCallerAbort = () => {
      stopped ??= 'cancelled';
      controller.abort();
    };
    if (options.signal?.aborted) throw this.cancelled('');
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      stopped ??= 'timeout';
      controller.abort();
    }, timeoutMs);
    const state: CallState = { timeoutMs, streamedText: '', attempts: 0 };

    try {
      for (;;) {
        state.attempts++;
        let failure: Failure;
        try {
          return await this.attempt(request, options, controller, state, startedAt + timeoutMs);
        } catch (error) {
          if (state.consumerError) throw state.consumerError.error;
          if (stopped === 'cancelled') throw this.cancelled(state.streamedText);
          if (stopped === 'timeout') throw this.timedOut(timeoutMs, state.streamedText);
          failure = this.classify(error, state);
        }
        if (!failure.retryable || state.attempts > this.retry.maxRetries || state.streamedText) {
          throw this.withAttempts(failure.error, state.attempts);
        }
        const delay = retryDelayMs(state.attempts, this.retry, failure.retryAfterMs, this.random);
        if (Date.now() + delay >= startedAt + timeoutMs) throw this.withAttempts(failure.error, state.attempts);
        try {
          await abortableSleep(delay, controller.signal);
        } catch {
          if (stopped === 'timeout') throw this.timedOut(timeoutMs, '');
          throw this.cancelled('');
        }
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private async attempt(
    request: ChatRequest,
    options: ChatOptions,
    controller: AbortController,
    state: CallState,
    deadline: number,
  ): Promise<ChatResult> {
    const stream = options.onToken !== undefined;
    const askUsage = stream && this.streamUsage;
    const params: ChatCompletionCreateParamsBase = {
      model: this.config.model,
      messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.stop?.length ? { stop: request.stop } : {}),
      ...(request.maxTokens !== undefined ? { [this.config.maxTokensParameter ?? 'max_tokens']: request.maxTokens } : {}),
    };
    // The client's header timeout is set past Twin's deadline so that Twin's fires first and names the right cause.
    const requestOptions = { signal: controller.signal, timeout: Math.max(1, Math.ceil(deadline - Date.now()) + 1000), maxRetries: 0 };

    try {
      if (!stream) {
        const completion = await this.client.chat.completions.create({ ...params, stream: false }, requestOptions);
        const choice = completion.choices[0];
        const text = choice?.message?.content ?? '';
        return this.result(request, text, completion.model, completion.usage, choice?.finish_reason ?? null);
      }

      const chunks = await this.client.chat.completions.create(
        { ...params, stream: true, ...(askUsage ? { stream_options: { include_usage: true } } : {}) },
        requestOptions,
      );
      let text = '';
      let model: string | undefined;
      let usage: ChatCompletionChunk['usage'];
      let finish: string | null = null;
      for await (const chunk of chunks) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
        const piece = choice?.delta?.content;
        if (piece) {
          text += piece;
          state.streamedText = text;
          try {
            options.onToken!(piece);
          } catch (error) {
            state.consumerError = { error };
            controller.abort();
            throw error;
          }
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
      }
      // The client ends an aborted stream quietly instead of throwing; the caller's loop names the cause.
      if (controller.signal.aborted) throw new APIUserAbortError();
      if (finish === null) throw new StreamEndedEarly();
      return this.result(request, text, model, usage, finish);
    } catch (error) {
      if (askUsage && !state.streamedText && this.rejectsStreamOptions(error)) {
        this.streamUsage = false;
        return this.attempt(request, options, controller, state, deadline);
      }
      throw error;
    }
  }

  private result(
    request: ChatRequest,
    text: string,
    model: string | undefined,
    reported: { prompt_tokens?: number; completion_tokens?: number } | null | undefined,
    finish: string | null,
  ): ChatResult {
    const usage = this.usage(request, text, reported);
    const answeredModel = model || this.config.model;
    const price = priceFor(this.config.prices, this.config.model, answeredModel);
    return {
      text,
      usage,
      model: answeredModel,
      provider: this.info.provider,
      ...(price ? { costUsd: costUsd(price, usage.inputTokens, usage.outputTokens) } : {}),
      finishReason: finishReason(finish),
    };
  }

  /** The server's counts when it gave them; an estimate for whatever it left out (some send zeros in place of nothing). */
  private usage(request: ChatRequest, text: string, reported: { prompt_tokens?: number; completion_tokens?: number } | null | undefined): TokenUsage {
    const input = reported?.prompt_tokens;
    const output = reported?.completion_tokens;
    const inputKnown = typeof input === 'number' && input > 0;
    const outputKnown = typeof output === 'number' && (output > 0 || text === '');
    return {
      inputTokens: inputKnown ? input : estimateChatTokens(request.messages),
      outputTokens: outputKnown ? output : estimateTokens(text),
      estimated: !inputKnown || !outputKnown,
    };
  }

  private rejectsStreamOptions(error: unknown): boolean {
    return error instanceof APIError && (error.status === 400 || error.status === 422) && /stream_options|include_usage/i.test(error.message);
  }

  /** Maps whatever one attempt threw to Twin's error, with whether to try again. */
  private classify(error: unknown, state: CallState): Failure {
    const providerId = this.info.id;
    const url = this.baseUrl;
    const base = { providerId, url, cause: error };

    if (error instanceof APIConnectionTimeoutError) {
      return { error: this.timedOut(state.timeoutMs, state.streamedText), retryable: false };
    }
    if (error instanceof APIUserAbortError) return { error: this.cancelled(state.streamedText), retryable: false };

    if (error instanceof APIError && typeof error.status === 'number') {
      const status = error.status;
      const detail = serverDetail(error);
      const withStatus = { ...base, status };
      if (status === 401 || status === 403) {
        const what = this.hasKey
          ? `refused the API key (${status}${detail}): check ${this.keySource}, and that it has access to the model "${this.config.model}"`
          : `needs an API key (${status}${detail}): set OPENAI_API_KEY, or apiKey for ${this.label}`;
        return { error: new ModelAuthError(`The model server at ${url} ${what}.`, withStatus), retryable: false };
      }
      if (status === 429) {
        if (error.code === 'insufficient_quota') {
          return {
            error: new ModelRateLimitError(`The model server at ${url} says the account's quota is used up (429${detail}): check its plan and billing.`, withStatus),
            retryable: false,
          };
        }
        const retryAfterMs = parseRetryAfter(error.headers);
        return {
          error: new ModelRateLimitError(`The model server at ${url} is rate-limiting requests (429${detail}): wait a moment, or send fewer requests.`, {
            ...withStatus,
            retryAfterMs,
          }),
          retryable: true,
          retryAfterMs,
        };
      }
      if (status === 404) {
        const pull = this.url.port === '11434' ? ` (pull it with \`ollama pull ${this.config.model}\`)` : '';
        return {
          error: new ModelRequestError(
            `The model server at ${url} answered 404${detail}: check that it serves the model "${this.config.model}"${pull} and that the base URL ends with its API version, like http://127.0.0.1:11434/v1.`,
            withStatus,
          ),
          retryable: false,
        };
      }
      if (status === 408 || status === 409 || status >= 500) {
        return {
          error: new ModelUnavailableError(`The model server at ${url} answered ${status}${detail}: it may be overloaded or restarting; try again shortly.`, {
            ...withStatus,
            configure: this.configureHint(),
          }),
          retryable: true,
          retryAfterMs: parseRetryAfter(error.headers),
        };
      }
      return { error: new ModelRequestError(`The model server at ${url} rejected the request (${status}${detail}).`, withStatus), retryable: false };
    }

    if (error instanceof APIConnectionError || isNetworkError(error)) {
      const code = networkCode(error);
      if (code && UNREACHABLE_CODES.has(code) && !state.streamedText) {
        return {
          error: new ModelUnavailableError(`Cannot reach the model at ${url}: ${this.reachHint()} (${describeCode(code)})`, {
            ...base,
            configure: this.configureHint(),
          }),
          retryable: false,
        };
      }
    }

    // A stream that broke off, an error event inside the stream, a reset connection: worth another try
    // unless the caller already has part of the answer.
    const cause = describeCause(error);
    if (state.streamedText) {
      return {
        error: new ModelUnavailableError(
          `The model at ${url} stopped mid-answer after ${state.streamedText.length} characters (${cause}); the partial answer is in partialText. Try again.`,
          { ...base, partialText: state.streamedText, configure: this.configureHint() },
        ),
        retryable: false,
      };
    }
    return {
      error: new ModelUnavailableError(`The connection to the model at ${url} failed (${cause}).`, { ...base, configure: this.configureHint() }),
      retryable: true,
    };
  }

  private withAttempts(error: ModelError, attempts: number): ModelError {
    if (attempts > 1) error.message = `${error.message} (gave up after ${attempts} attempts)`;
    return error;
  }

  private cancelled(partialText: string): ModelCancelledError {
    return new ModelCancelledError(`The request to the model at ${this.baseUrl} was cancelled.`, {
      providerId: this.info.id,
      url: this.baseUrl,
      ...(partialText ? { partialText } : {}),
    });
  }

  private timedOut(timeoutMs: number, partialText: string): ModelTimeoutError {
    const partial = partialText ? ` (after ${partialText.length} characters of answer; they are in partialText)` : '';
    return new ModelTimeoutError(
      `The model at ${this.baseUrl} did not finish within ${timeoutMs} ms${partial}: raise timeoutMs for ${this.label}, ask for fewer tokens, or use a faster model.`,
      { providerId: this.info.id, url: this.baseUrl, timeoutMs, ...(partialText ? { partialText } : {}) },
    );
  }

  private reachHint(): string {
    const { hostname, port } = this.url;
    if (port === '11434') return 'is Ollama running? Start it with `ollama serve`';
    if (port === '1234') return "is LM Studio's local server running? Start it in LM Studio's Developer tab";
    if (port === '8080' && LOOPBACK_HOSTS.has(hostname)) return "is llama.cpp's `llama-server` running on that port?";
    if (LOOPBACK_HOSTS.has(hostname)) return 'is the model server running on that port?';
    return 'check the address and the network connection';
  }

  private configureHint(): string {
    const where = this.config.configuredAt ? ` (${this.config.configuredAt})` : '';
    return `Start the model server, or point baseUrl of ${this.label}${where} at one that runs.`;
  }
}

/** A stream that ended without a finish reason or `[DONE]`: the server or the connection gave up. */
class StreamEndedEarly extends Error {
  constructor() {
    super('the stream ended before the answer was complete');
  }
}

function finishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case null:
    case undefined:
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** `: <the server's own message>` when it sent one. */
function serverDetail(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : undefined;
  return message ? `: ${message.length > 300 ? `${message.slice(0, 300)}…` : message}` : '';
}

function isNetworkError(error: unknown): boolean {
  return networkCode(error) !== undefined;
}

/** The system or undici code somewhere down the `cause` chain (`ECONNREFUSED`, `UND_ERR_SOCKET`, …). */
function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 6; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+|ERR_[A-Z_]+)$/.test(code)) return code;
  }
  return undefined;
}

function describeCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return code;
  }
}

function describeCause(error: unknown): string {
  const code = networkCode(error);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed by the server';
  if (code) return describeCode(code);
  if (error instanceof StreamEndedEarly) return error.message;
  if (error instanceof APIError) return `the server sent an error: ${(error.error as { message?: string } | undefined)?.message ?? error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return message === 'terminated' ? 'the connection was closed by the server' : message;
}
