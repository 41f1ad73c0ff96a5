/**
 * Embeddings from any server that speaks OpenAI's `POST /v1/embeddings` (OpenAI, Ollama, LM Studio,
 * llama.cpp server, vLLM, …), over the global fetch so no client library is needed.
 *
 * `baseUrl` is the API root including its version segment, as in the OpenAI SDKs:
 * `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`.
 */
import type { Embedder, EmbedderConfig, EmbedderInfo } from './embedder';

export type OpenAIEmbedderConfig = Extract<EmbedderConfig, { kind: 'openai' }>;

export interface OpenAIEmbedderOptions {
  /** Texts per request. */
  batchSize?: number;
  /** Tries per request, counting the first, for 429, 5xx, timeouts and refused connections. */
  maxAttempts?: number;
  /** First retry delay; it doubles each retry (with jitter) unless the server sends Retry-After. */
  retryBaseDelayMs?: number;
  /** Upper bound for any single retry delay, Retry-After included. */
  maxRetryDelayMs?: number;
}

const DEFAULT_BATCH_SIZE = 64;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_RETRY_BASE_DELAY_MS = 500;
const DEFAULT_MAX_RETRY_DELAY_MS = 20_000;

interface EmbeddingsResponse {
  data?: Array<{ embedding?: number[] | string; index?: number }>;
}

/** A failure worth another try (rate limit, server error, timeout, refused connection). */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class OpenAIEmbedder implements Embedder {
  private readonly config: OpenAIEmbedderConfig;
  private readonly endpoint: string;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  /** Configured, or learned from the first response; 0 until then. */
  private dimensions: number;
  private closed = false;

  constructor(config: OpenAIEmbedderConfig, options: OpenAIEmbedderOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(config.baseUrl);
    } catch {
      throw new Error(`The embeddings base URL "${config.baseUrl}" is not a URL: use e.g. http://127.0.0.1:11434/v1`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`The embeddings base URL "${config.baseUrl}" must start with http:// or https://`);
    }
    this.config = config;
    this.endpoint = `${config.baseUrl.replace(/\/+$/, '')}/embeddings`;
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.dimensions = config.dimensions ?? 0;
  }

  /**
   * The id names the model (and a requested width), not the server: the same model behind
   * another host or port yields the same vectors, and moving Ollama should not force a re-embed.
   * `dimensions` is 0 until the first response unless the config fixes it.
   */
  get info(): EmbedderInfo {
    const { model, dimensions } = this.config;
    return {
      id: `openai:${model}${dimensions ? `:${dimensions}d` : ''}`,
      dimensions: this.dimensions,
      description: `${model} via the OpenAI-compatible endpoint ${this.endpoint}`,
    };
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error(`The embedder ${this.info.id} was closed.`);
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.embedBatch(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async embedBatch(batch: string[]): Promise<Float32Array[]> {
    let lastError: RetryableError | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (lastError) await sleep(this.retryDelay(attempt - 1, lastError.retryAfterMs));
      try {
        return await this.requestOnce(batch);
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        lastError = error;
      }
    }
    const tries = this.maxAttempts === 1 ? '' : ` (gave up after ${this.maxAttempts} attempts)`;
    throw new Error(`${lastError?.message}${tries}`);
  }

  private async requestOnce(batch: string[]): Promise<Float32Array[]> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.config.apiKey) headers.authorization = `Bearer ${this.config.apiKey}`;
    const body: Record<string, unknown> = { model: this.config.model, input: batch, encoding_format: 'float' };
    if (this.config.dimensions) body.dimensions = this.config.dimensions;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await fetch(this.endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal: controller.signal });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        throw new RetryableError(`The embeddings endpoint at ${this.endpoint} did not answer within ${this.timeoutMs} ms.`);
      }
      throw new RetryableError(`Cannot reach the embeddings endpoint at ${this.endpoint}: is the server running? (${networkCause(error)})`);
    } finally {
      clearTimeout(timer);
    }

    if (status >= 200 && status < 300) return this.parseVectors(text, batch.length);

    const detail = serverMessage(text);
    if (status === 429 || status >= 500) {
      throw new RetryableError(`The embeddings endpoint at ${this.endpoint} answered ${status}${detail}.`, parseRetryAfter(retryAfter));
    }
    if (status === 401 || status === 403) {
      const hint = this.config.apiKey ? 'the API key is wrong or lacks access to this model' : 'it needs an API key: set apiKey';
      throw new Error(`The embeddings endpoint at ${this.endpoint} refused the request (${status}${detail}): ${hint}.`);
    }
    if (status === 404) {
      throw new Error(
        `The embeddings endpoint at ${this.endpoint} answered 404${detail}: check the model name "${this.config.model}" ` +
          `and that the base URL ends with its API version, like http://127.0.0.1:11434/v1.`,
      );
    }
    throw new Error(`The embeddings endpoint at ${this.endpoint} rejected the request (${status}${detail}).`);
  }

  private parseVectors(text: string, expected: number): Float32Array[] {
    let parsed: EmbeddingsResponse;
    try {
      parsed = JSON.parse(text) as EmbeddingsResponse;
    } catch {
      throw new Error(`The embeddings endpoint at ${this.endpoint} answered with something that is not JSON: ${text.slice(0, 120)}`);
    }
    const items = parsed.data;
    if (!Array.isArray(items) || items.length !== expected) {
      throw new Error(
        `The embeddings endpoint at ${this.endpoint} returned ${Array.isArray(items) ? items.length : 'no'} embeddings for ${expected} texts.`,
      );
    }
    const ordered = items.every((item) => typeof item.index === 'number')
      ? [...items].sort((a, b) => (a.index as number) - (b.index as number))
      : items;
    return ordered.map((item) => this.toUnitVector(item.embedding));
  }

  private toUnitVector(embedding: number[] | string | undefined): Float32Array {
    const vector = typeof embedding === 'string' ? decodeBase64Floats(embedding) : Float32Array.from(embedding ?? []);
    if (vector.length === 0) throw new Error(`The embeddings endpoint at ${this.endpoint} returned an empty embedding.`);
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) {
      throw new Error(
        `The embeddings endpoint at ${this.endpoint} returned ${vector.length}-d vectors, expected ${this.dimensions} ` +
          `(the model changed, or the server ignores the requested dimensions).`,
      );
    }
    let squaredNorm = 0;
    for (let d = 0; d < vector.length; d++) squaredNorm += vector[d] * vector[d];
    // Not every server normalises; Twin's stores compare with cosine on unit vectors.
    if (squaredNorm > 0) {
      const inverseNorm = 1 / Math.sqrt(squaredNorm);
      for (let d = 0; d < vector.length; d++) vector[d] *= inverseNorm;
    }
    return vector;
  }

  private retryDelay(retry: number, retryAfterMs: number | undefined): number {
    const exponential = this.retryBaseDelayMs * 2 ** (retry - 1) * (0.75 + Math.random() * 0.5);
    return Math.min(this.maxRetryDelayMs, retryAfterMs ?? exponential);
  }
}

function decodeBase64Floats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  // Copy into a fresh, aligned buffer: the decoded bytes may sit at any offset of a shared pool.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
}

/** `: <message>` from an OpenAI-style error body, or a trimmed plain-text body. */
function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (message) return `: ${message}`;
  } catch {
    // A non-JSON body is reported as text below.
  }
  const trimmed = text.trim().slice(0, 200);
  return trimmed ? `: ${trimmed}` : '';
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
