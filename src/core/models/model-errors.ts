/**
 * Typed failures of a model request. Each message says what happened and what to do about it, so
 * surfaces can show `error.message` as is; `code` lets callers (the router, the chat participant) decide
 * without matching on text.
 */

export type ModelErrorCode = 'unavailable' | 'timeout' | 'cancelled' | 'rate-limit' | 'auth' | 'bad-request';

export interface ModelErrorDetails {
  /** `info.id` of the provider that failed, when one was involved. */
  providerId?: string;
  /** The endpoint it tried, when there is one. */
  url?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  cause?: unknown;
}

export abstract class ModelError extends Error {
  abstract readonly code: ModelErrorCode;
  readonly providerId?: string;
  readonly url?: string;
  readonly status?: number;

  constructor(message: string, details: ModelErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.providerId = details.providerId;
    this.url = details.url;
    this.status = details.status;
  }
}

/**
 * No model could be reached or none is configured. `configure` names what to set or start; `partialText`
 * holds what had streamed when a connection dropped mid-answer (it was not retried, since the caller
 * already saw those tokens).
 */
export class ModelUnavailableError extends ModelError {
  readonly code = 'unavailable' as const;
  readonly configure?: string;
  readonly partialText?: string;

  constructor(message: string, details: ModelErrorDetails & { configure?: string; partialText?: string } = {}) {
    super(message, details);
    this.configure = details.configure;
    this.partialText = details.partialText;
  }
}

export class ModelTimeoutError extends ModelError {
  readonly code = 'timeout' as const;
  readonly timeoutMs: number;
  readonly partialText?: string;

  constructor(message: string, details: ModelErrorDetails & { timeoutMs: number; partialText?: string }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
    this.partialText = details.partialText;
  }
}

export class ModelCancelledError extends ModelError {
  readonly code = 'cancelled' as const;
  readonly partialText?: string;

  constructor(message: string, details: ModelErrorDetails & { partialText?: string } = {}) {
    super(message, details);
    this.partialText = details.partialText;
  }
}

/** The server kept answering 429 after the retries. `retryAfterMs` is its last hint, if it gave one. */
export class ModelRateLimitError extends ModelError {
  readonly code = 'rate-limit' as const;
  readonly retryAfterMs?: number;

  constructor(message: string, details: ModelErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 401/403: the key is missing, wrong, or lacks access. Never retried. */
export class ModelAuthError extends ModelError {
  readonly code = 'auth' as const;
}

/** 400/404/422: the server rejected the request itself (unknown model, context too long, bad parameter). Never retried. */
export class ModelRequestError extends ModelError {
  readonly code = 'bad-request' as const;
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}
