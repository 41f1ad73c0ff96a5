/**
 * A small OpenAI-compatible chat server on 127.0.0.1 for tests. It speaks the real wire protocol —
 * `POST /v1/chat/completions` as JSON or as server-sent events (`data: {...}` chunks, a usage chunk when
 * `stream_options.include_usage` asks for one, `data: [DONE]`), OpenAI-style error bodies, bearer auth,
 * `GET /v1/models` — so tests run the real `openai` client against it. It records every request (tests
 * check what reached the model) and can be scripted to fail: statuses with Retry-After, slow answers,
 * connections that drop before or during a stream, streams that stall.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  stop?: string | string[];
  [other: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: RecordedChatBody | undefined;
  /** When the request arrived (epoch ms). */
  receivedAt: number;
  /** Set when the client closed the connection before the answer was complete (e.g. it cancelled). */
  clientClosedEarlyAt?: number;
  /** The usage the server reported (or would have, when the client did not ask for it). */
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** What the next request gets instead of a normal answer (after auth and model checks). */
export type ScriptedAnswer =
  /** An OpenAI-style error body with this status. */
  | { status: number; message?: string; code?: string; type?: string; headers?: Record<string, string> }
  /** Wait this long before the (normal) answer's headers. */
  | { delayMs: number }
  /** Destroy the socket without answering (the client sees a reset connection). */
  | { dropConnection: true }
  /** Stream `afterChunks` content chunks, then destroy the socket. */
  | { dropMidStream: { afterChunks: number } }
  /** Stream `afterChunks` content chunks, then end the response cleanly without a finish reason or `[DONE]`. */
  | { endMidStream: { afterChunks: number } }
  /** Stream `afterChunks` content chunks, then send nothing more (until the client gives up). */
  | { stallMidStream: { afterChunks: number } }
  /** Stream `afterChunks` content chunks, then an error event inside the stream, as Ollama and vLLM do. */
  | { errorMidStream: { afterChunks: number; message: string } };

export interface FakeOpenAIServerOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Models it serves; others get OpenAI's 404 `model_not_found`. Default `['fake-model']`. */
  models?: string[];
  /** The answer's text; default: `You said: <last user message>`. */
  reply?: string | ((body: RecordedChatBody) => string);
  /** `when-asked` (default): streams report usage only with `include_usage`; `never`: no usage anywhere, like old local servers. */
  usage?: 'when-asked' | 'never';
  /** Answer 400 to `stream_options`, like servers that predate it. */
  rejectStreamOptions?: boolean;
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /** The model name answers carry (servers often name a dated version). Default: the requested one. */
  answerModel?: string;
}

export interface FakeOpenAIServer {
  /** e.g. `http://127.0.0.1:43121/v1` */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Chat requests only, in order. */
  readonly chatRequests: RecordedRequest[];
  /** The next requests get these answers, in order. */
  script(...answers: ScriptedAnswer[]): void;
  setReply(reply: FakeOpenAIServerOptions['reply']): void;
  /** How the server splits a reply into streamed pieces (each piece counts as one completion token). */
  piecesOf(text: string): string[];
  close(): Promise<void>;
}

/** Splits text into word-sized pieces that keep their leading whitespace, like BPE tokens do. */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** The server's prompt token count: words plus a few per message (any deterministic rule will do). */
export function fakePromptTokens(messages: Array<{ content: string }>): number {
  return messages.reduce((sum, message) => sum + 3 + (message.content.match(/\S+/g)?.length ?? 0), 3);
}

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const models = options.models ?? ['fake-model'];
  const requests: RecordedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let reply = options.reply;
  let sequence = 0;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const replyFor = (body: RecordedChatBody): string => {
    if (typeof reply === 'function') return reply(body);
    if (typeof reply === 'string') return reply;
    const lastUser = [...(body.messages ?? [])].reverse().find((message) => message.role === 'user');
    return `You said: ${lastUser?.content ?? ''}`;
  };

  const sendJson = (response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(payload));
  };
  const sendError = (response: ServerResponse, status: number, message: string, code: string | null, type = 'invalid_request_error', headers?: Record<string, string>) =>
    sendJson(response, status, { error: { message, type, param: null, code } }, headers);

  const answerChat = (record: RecordedRequest, response: ServerResponse, step: ScriptedAnswer | undefined) => {
    const body = record.body!;
    const id = `chatcmpl-fake${++sequence}`;
    const created = Math.floor(Date.now() / 1000);
    const model = options.answerModel ?? body.model!;
    let text = replyFor(body);
    let finish: 'stop' | 'length' = 'stop';
    const stops = body.stop === undefined ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
    for (const stop of stops) {
      const at = text.indexOf(stop);
      if (at >= 0) text = text.slice(0, at);
    }
    let pieces = streamPieces(text);
    const limit = body.max_completion_tokens ?? body.max_tokens;
    if (limit !== undefined && pieces.length > limit) {
      pieces = pieces.slice(0, limit);
      finish = 'length';
    }
    const usage = {
      prompt_tokens: fakePromptTokens(body.messages ?? []),
      completion_tokens: pieces.length,
      total_tokens: fakePromptTokens(body.messages ?? []) + pieces.length,
    };
    record.usage = usage;
    const reportUsage = options.usage !== 'never';

    if (!body.stream) {
      return sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: null,
        choices: [{ index: 0, message: { role: 'assistant', content: pieces.join(''), refusal: null }, logprobs: null, finish_reason: finish }],
        ...(reportUsage ? { usage } : {}),
      });
    }

    const includeUsage = reportUsage && body.stream_options?.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const write = (payload: unknown) => {
      if (!response.destroyed) response.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
    };
    write(chunk({ role: 'assistant', content: '' }, null));

    const breakAfter =
      step && 'dropMidStream' in step ? step.dropMidStream.afterChunks
      : step && 'endMidStream' in step ? step.endMidStream.afterChunks
      : step && 'stallMidStream' in step ? step.stallMidStream.afterChunks
      : step && 'errorMidStream' in step ? step.errorMidStream.afterChunks
      : Infinity;
    let index = 0;
    // Without a delay the chunks go out back to back, as from a fast server; each is still its own write.
    const pace = (step: () => void) => (options.chunkDelayMs ? later(options.chunkDelayMs, step) : step());
    const next = (): void => {
      if (response.destroyed) return;
      if (index >= breakAfter) {
        // Destroying at once would discard chunks still buffered; the client must have seen them first.
        if (step && 'dropMidStream' in step) later(20, () => response.socket?.destroy());
        else if (step && 'endMidStream' in step) response.end();
        else if (step && 'errorMidStream' in step) {
          write({ error: { message: step.errorMidStream.message, type: 'server_error', param: null, code: null } });
          response.end();
        }
        return; // stalled: the client's abort or timeout ends it
      }
      if (index < pieces.length) {
        write(chunk({ content: pieces[index++] }, null));
        return pace(next);
      }
      write(chunk({}, finish));
      if (includeUsage) write({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage });
      write('[DONE]');
      response.end();
    };
    pace(next);
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: RecordedChatBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as RecordedChatBody) : undefined;
      } catch {
        body = undefined;
      }
      const record: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, receivedAt: Date.now() };
      requests.push(record);
      response.on('close', () => {
        if (!response.writableFinished) record.clientClosedEarlyAt = Date.now();
      });

      if (options.apiKey && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        return sendError(response, 401, 'Incorrect API key provided.', 'invalid_api_key');
      }
      if (request.method === 'GET' && request.url === '/v1/models') {
        return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
      }
      if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
        return sendError(response, 404, `Unknown request URL: ${request.method} ${request.url}.`, 'unknown_url');
      }
      if (!body || !Array.isArray(body.messages) || body.messages.length === 0) {
        return sendError(response, 400, "'messages' is a required property and must not be empty", null);
      }
      if (!body.model || !models.includes(body.model)) {
        return sendError(response, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`, 'model_not_found');
      }
      if (options.rejectStreamOptions && body.stream_options !== undefined) {
        return sendError(response, 400, "Unrecognized request argument supplied: stream_options", null);
      }

      const step = scripted.shift();
      if (step && 'status' in step) {
        return sendError(response, step.status, step.message ?? `Scripted ${step.status}`, step.code ?? null, step.type ?? 'server_error', step.headers);
      }
      if (step && 'dropConnection' in step) return request.socket.destroy();
      if (step && 'delayMs' in step) return later(step.delayMs, () => answerChat(record, response, undefined));
      answerChat(record, response, step);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get chatRequests() {
      return requests.filter((request) => request.path === '/v1/chat/completions');
    },
    script: (...answers) => scripted.push(...answers),
    setReply: (next) => (reply = next),
    piecesOf: streamPieces,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
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
