/**
 * A small OpenAI-compatible embeddings server on 127.0.0.1 for tests: it speaks the real wire
 * protocol (`POST /v1/embeddings`, bearer auth, OpenAI-style error bodies, `dimensions`,
 * `encoding_format`), records every request, and can be told to fail or stall on purpose.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; input?: string | string[]; dimensions?: number; encoding_format?: string } | undefined;
}

export interface ScriptedFailure {
  status: number;
  /** Raw body; defaults to an OpenAI-style `{"error": {...}}` with `message`. */
  body?: string;
  message?: string;
  headers?: Record<string, string>;
}

export interface FakeEmbeddingsServerOptions {
  /** Width of the vectors it returns (before a request's `dimensions` truncates them). */
  dimensions?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Model names it serves; any other gets a 404 like OpenAI's. */
  models?: string[];
}

export interface FakeEmbeddingsServer {
  /** e.g. `http://127.0.0.1:43121/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** The vector it returns for `text` (not normalised, on purpose: clients must normalise). */
  vectorFor(text: string, dimensions?: number): number[];
  /** The next requests fail with these answers, in order (after auth and routing). */
  failNext(...failures: ScriptedFailure[]): void;
  /** Delay every answer, to provoke client timeouts. */
  delayAnswersBy(ms: number): void;
  /** Answer with a fixed body instead of the real protocol (for malformed-response tests). */
  answerWith(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startFakeEmbeddingsServer(options: FakeEmbeddingsServerOptions = {}): Promise<FakeEmbeddingsServer> {
  const width = options.dimensions ?? 8;
  const models = options.models ?? ['fake-embedder'];
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  let delayMs = 0;
  let fixedAnswer: { status: number; body: string } | undefined;

  const vectorFor = (text: string, dimensions = width): number[] => {
    // Words hashed into buckets: deterministic, and texts sharing words point the same way.
    const vector = new Array<number>(width).fill(0.01);
    for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
      let hash = 2166136261;
      for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619) >>> 0;
      vector[hash % width] += 3;
    }
    return vector.slice(0, dimensions);
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: RecordedRequest['body'];
      try {
        body = raw ? (JSON.parse(raw) as RecordedRequest['body']) : undefined;
      } catch {
        body = undefined;
      }
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });

      const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
        setTimeout(() => {
          response.writeHead(status, { 'content-type': 'application/json', ...headers });
          response.end(payload);
        }, delayMs);
      };
      const error = (status: number, message: string, code: string) =>
        send(status, JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }));

      if (request.method !== 'POST' || request.url !== '/v1/embeddings') return error(404, `Unknown path ${request.url}`, 'unknown_url');
      if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        return error(401, 'Incorrect API key provided.', 'invalid_api_key');
      }
      if (fixedAnswer) return send(fixedAnswer.status, fixedAnswer.body);
      const failure = failures.shift();
      if (failure) {
        const payload = failure.body ?? JSON.stringify({ error: { message: failure.message ?? `Scripted ${failure.status}`, type: 'server_error' } });
        return send(failure.status, payload, failure.headers);
      }
      if (!body || body.input === undefined) return error(400, "'input' is a required property", 'missing_input');
      if (!body.model || !models.includes(body.model)) {
        return error(404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'model_not_found');
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const dimensions = body.dimensions ?? width;
      const data = inputs.map((text, index) => {
        const values = vectorFor(text, dimensions);
        const embedding = body?.encoding_format === 'base64' ? Buffer.from(Float32Array.from(values).buffer).toString('base64') : values;
        return { object: 'embedding', index, embedding };
      });
      // Real servers do not promise order in `data`; reversing proves clients sort by `index`.
      data.reverse();
      const tokens = inputs.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
      send(200, JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    vectorFor,
    failNext: (...next) => failures.push(...next),
    delayAnswersBy: (ms) => (delayMs = ms),
    answerWith: (status, body) => (fixedAnswer = { status, body }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
