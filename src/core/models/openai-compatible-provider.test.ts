import assert from 'node:assert/strict';
import {
  ModelAuthError,
  ModelCancelledError,
  ModelRateLimitError,
  ModelRequestError,
  ModelTimeoutError,
  ModelUnavailableError,
} from './model-errors';
import type { ChatRequest } from './model-provider';
import { OpenAICompatibleProvider, type OpenAICompatibleConfig } from './openai-compatible-provider';
import { estimateChatTokens, estimateTokens } from './token-estimate';
import { fakePromptTokens, startFakeOpenAIServer, unusedPort, type FakeOpenAIServer } from './test-support/fake-openai-server';

const REPLY = 'Refresh the token before it expires, then retry the request once.';
const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You write like the user.' },
    { role: 'user', content: 'How do we handle expired tokens?' },
  ],
};

describe('OpenAICompatibleProvider (the real openai client against a local OpenAI-compatible server)', () => {
  let server: FakeOpenAIServer;
  const fast = { retryBaseDelayMs: 5, maxRetryDelayMs: 200 };
  const providerFor = (overrides: Partial<OpenAICompatibleConfig> = {}) =>
    new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', apiKey: 'sk-right', ...fast, ...overrides }, { env: {} });

  beforeEach(async () => {
    server = await startFakeOpenAIServer({ apiKey: 'sk-right', reply: REPLY });
  });

  afterEach(() => server.close());

  it('streams the answer: tokens arrive in order through onToken and join to the final text', async () => {
    const tokens: string[] = [];
    const result = await providerFor().chat(request, { onToken: (text) => tokens.push(text) });

    assert.deepEqual(tokens, server.piecesOf(REPLY));
    assert.equal(tokens.join(''), REPLY);
    assert.equal(result.text, REPLY);
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.model, 'fake-model');
    assert.equal(result.provider, 'openai-compatible');
    const [sent] = server.chatRequests;
    assert.equal(sent.body?.stream, true);
    assert.deepEqual(sent.body?.stream_options, { include_usage: true });
    assert.deepEqual(sent.body?.messages, request.messages);
    assert.equal(sent.headers.authorization, 'Bearer sk-right');
  });

  it('counts usage from the server’s usage chunk when it sends one', async () => {
    const result = await providerFor().chat(request, { onToken: () => undefined });
    assert.deepEqual(result.usage, {
      inputTokens: fakePromptTokens(request.messages),
      outputTokens: server.piecesOf(REPLY).length,
      estimated: false,
    });
  });

  it('estimates usage, and says so, when the server reports none', async () => {
    await server.close();
    server = await startFakeOpenAIServer({ reply: REPLY, usage: 'never' });
    for (const onToken of [undefined, () => undefined]) {
      const result = await providerFor({ apiKey: undefined }).chat(request, { onToken });
      assert.deepEqual(result.usage, { inputTokens: estimateChatTokens(request.messages), outputTokens: estimateTokens(REPLY), estimated: true });
    }
  });

  it('asks again without stream_options when a server rejects them, and then stops asking', async () => {
    await server.close();
    server = await startFakeOpenAIServer({ reply: REPLY, rejectStreamOptions: true });
    const provider = providerFor({ apiKey: undefined });
    const first = await provider.chat(request, { onToken: () => undefined });
    const second = await provider.chat(request, { onToken: () => undefined });

    assert.equal(first.text, REPLY);
    assert.equal(second.text, REPLY);
    assert.equal(first.usage.estimated, true);
    assert.deepEqual(
      server.chatRequests.map((sent) => sent.body?.stream_options !== undefined),
      [true, false, false],
    );
  });

  it('answers without streaming when nobody listens for tokens, with the server’s usage', async () => {
    const result = await providerFor().chat(request);
    assert.equal(result.text, REPLY);
    assert.equal(server.chatRequests[0].body?.stream, false);
    assert.equal(server.chatRequests[0].body?.stream_options, undefined);
    assert.equal(result.usage.estimated, false);
    assert.equal(result.usage.outputTokens, server.piecesOf(REPLY).length);
  });

  it('passes maxTokens, temperature and stop, and reports a length finish', async () => {
    const result = await providerFor().chat({ ...request, maxTokens: 3, temperature: 0.2, stop: ['\n\n'] }, { onToken: () => undefined });
    const body = server.chatRequests[0].body!;
    assert.equal(body.max_tokens, 3);
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(body.stop, ['\n\n']);
    assert.equal(result.finishReason, 'length');
    assert.equal(result.text, server.piecesOf(REPLY).slice(0, 3).join(''));

    await providerFor({ maxTokensParameter: 'max_completion_tokens' }).chat({ ...request, maxTokens: 5 });
    assert.equal(server.chatRequests[1].body?.max_completion_tokens, 5);
    assert.equal(server.chatRequests[1].body?.max_tokens, undefined);
  });

  it('prices a request from the configured table, including a dated model name the server answers with', async () => {
    await server.close();
    server = await startFakeOpenAIServer({ apiKey: 'sk-right', reply: REPLY, answerModel: 'fake-model-2025-01-31' });
    const result = await providerFor({ prices: { 'fake-model': { inputPerMillion: 2, outputPerMillion: 8 } } }).chat(request, { onToken: () => undefined });
    const { inputTokens, outputTokens } = result.usage;
    assert.equal(result.model, 'fake-model-2025-01-31');
    assert.equal(result.costUsd, Math.round(((inputTokens * 2 + outputTokens * 8) / 1e6) * 1e6) / 1e6);
    assert.equal((await providerFor().chat(request)).costUsd, undefined);
  });

  it('rejects promptly with ModelCancelledError when the caller aborts mid-stream, and closes the connection', async () => {
    await server.close();
    server = await startFakeOpenAIServer({ apiKey: 'sk-right', reply: 'word '.repeat(400), chunkDelayMs: 20 });
    const controller = new AbortController();
    const tokens: string[] = [];
    let abortedAt = 0;
    const pending = providerFor().chat(request, {
      signal: controller.signal,
      onToken: (text) => {
        tokens.push(text);
        if (tokens.length === 3) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    const error = await pending.then(
      () => assert.fail('a cancelled request resolved'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ModelCancelledError, String(error));
    assert.ok(Date.now() - abortedAt < 300, `cancelling took ${Date.now() - abortedAt} ms`);
    assert.equal(error.partialText, tokens.join(''));
    assert.match(error.message, /was cancelled/);
    assert.equal(tokens.length, 3, 'tokens arrived after the abort');
    await waitFor(() => server.chatRequests[0].clientClosedEarlyAt !== undefined);
  });

  it('rejects at once when the signal is already aborted, without a request', async () => {
    await assert.rejects(providerFor().chat(request, { signal: AbortSignal.abort() }), ModelCancelledError);
    assert.equal(server.requests.length, 0);
  });

  it('times out a server that never answers with ModelTimeoutError naming the limit', async () => {
    server.script({ delayMs: 5_000 });
    const started = Date.now();
    await assert.rejects(providerFor().chat(request, { timeoutMs: 150 }), (error: unknown) => {
      assert.ok(error instanceof ModelTimeoutError, String(error));
      assert.equal(error.timeoutMs, 150);
      assert.match(error.message, /did not finish within 150 ms: raise timeoutMs/);
      return true;
    });
    assert.ok(Date.now() - started < 1000, `the timeout took ${Date.now() - started} ms`);
  });

  it('times out a stream that stalls, keeping what arrived as partialText', async () => {
    server.script({ stallMidStream: { afterChunks: 2 } });
    await assert.rejects(providerFor({ timeoutMs: 200 }).chat(request, { onToken: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof ModelTimeoutError, String(error));
      assert.equal(error.partialText, server.piecesOf(REPLY).slice(0, 2).join(''));
      return true;
    });
  });

  it('retries 429 (honouring Retry-After) and 500, then succeeds', async () => {
    server.script({ status: 429, message: 'Rate limit reached', headers: { 'retry-after': '0.1' } }, { status: 500, message: 'The server had an error' });
    const started = Date.now();
    const tokens: string[] = [];
    const result = await providerFor().chat(request, { onToken: (text) => tokens.push(text) });
    assert.equal(result.text, REPLY);
    assert.equal(tokens.join(''), REPLY);
    assert.equal(server.chatRequests.length, 3);
    assert.ok(Date.now() - started >= 95, 'Retry-After was not honoured');
  });

  it('backs off exponentially with jitter between retries', async () => {
    server.script({ status: 503 }, { status: 503 }, { status: 503 });
    const provider = new OpenAICompatibleProvider(
      { baseUrl: server.baseUrl, model: 'fake-model', apiKey: 'sk-right', retryBaseDelayMs: 40, maxRetryDelayMs: 1000 },
      { env: {}, random: () => 1 },
    );
    await provider.chat(request);
    const arrivals = server.chatRequests.map((sent) => sent.receivedAt);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    // random() = 1 takes the whole step: 40, 80, 160 ms.
    [40, 80, 160].forEach((step, i) => assert.ok(gaps[i] >= step - 5 && gaps[i] < step + 400, `wait ${i + 1} was ${gaps[i]} ms, expected ~${step}`));
  });

  it('gives up on a lasting rate limit with ModelRateLimitError after the configured retries', async () => {
    server.script(...Array.from({ length: 5 }, () => ({ status: 429, message: 'Rate limit reached' })));
    await assert.rejects(providerFor({ maxRetries: 2 }).chat(request), (error: unknown) => {
      assert.ok(error instanceof ModelRateLimitError, String(error));
      assert.match(error.message, /rate-limiting requests \(429: Rate limit reached\).*gave up after 3 attempts/);
      return true;
    });
    assert.equal(server.chatRequests.length, 3);
  });

  it('does not retry an exhausted quota', async () => {
    server.script({ status: 429, message: 'You exceeded your current quota', code: 'insufficient_quota' });
    await assert.rejects(providerFor().chat(request), /quota is used up .*check its plan and billing/);
    assert.equal(server.chatRequests.length, 1);
  });

  it('does not retry 401, and says the key is wrong', async () => {
    await assert.rejects(providerFor({ apiKey: 'sk-wrong' }).chat(request, { onToken: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof ModelAuthError, String(error));
      assert.equal(error.status, 401);
      assert.match(error.message, /refused the API key \(401: Incorrect API key provided\.\): check the apiKey/);
      return true;
    });
    assert.equal(server.chatRequests.length, 1);
  });

  it('says a key is needed when none is configured, and sends no made-up one', async () => {
    await assert.rejects(providerFor({ apiKey: undefined }).chat(request), /needs an API key \(401.*\): set OPENAI_API_KEY/);
    assert.equal(server.chatRequests[0].headers.authorization, undefined);
  });

  it('reads the key from OPENAI_API_KEY (or the variable the config names)', async () => {
    await new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model' }, { env: { OPENAI_API_KEY: 'sk-right' } }).chat(request);
    await new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', apiKeyEnv: 'GROQ_KEY' }, { env: { GROQ_KEY: 'sk-right' } }).chat(request);
    assert.deepEqual(
      server.chatRequests.map((sent) => sent.headers.authorization),
      ['Bearer sk-right', 'Bearer sk-right'],
    );
  });

  it('does not retry an unknown model, and names it', async () => {
    await assert.rejects(providerFor({ model: 'llama9' }).chat(request), (error: unknown) => {
      assert.ok(error instanceof ModelRequestError, String(error));
      assert.match(error.message, /answered 404: The model `llama9` does not exist.*serves the model "llama9"/);
      return true;
    });
    assert.equal(server.chatRequests.length, 1);
  });

  it('names the URL when nothing listens there, without retrying', async () => {
    const port = await unusedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const started = Date.now();
    await assert.rejects(new OpenAICompatibleProvider({ baseUrl, model: 'm' }, { env: {} }).chat(request, { onToken: () => undefined }), (error: unknown) => {
      assert.ok(error instanceof ModelUnavailableError, String(error));
      assert.equal(error.message, `Cannot reach the model at ${baseUrl}: is the model server running on that port? (connection refused)`);
      assert.match(error.configure ?? '', /Start the model server, or point baseUrl/);
      return true;
    });
    assert.ok(Date.now() - started < 1000);
  });

  it('asks whether Ollama is running when its port refuses', async () => {
    const provider = new OpenAICompatibleProvider({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b' }, { env: {} });
    await assert.rejects(provider.chat(request), (error: unknown) => {
      assert.ok(error instanceof ModelUnavailableError);
      // Another engineer's machine may run Ollama; only a refused connection is checked here.
      if (/connection refused/.test(error.message)) {
        assert.equal(error.message, 'Cannot reach the model at http://127.0.0.1:11434/v1: is Ollama running? Start it with `ollama serve` (connection refused)');
      }
      return true;
    });
  });

  it('retries a connection the server resets before answering', async () => {
    server.script({ dropConnection: true });
    const result = await providerFor().chat(request, { onToken: () => undefined });
    assert.equal(result.text, REPLY);
    assert.equal(server.chatRequests.length, 2);
  });

  it('retries a stream that broke before its first token', async () => {
    server.script({ dropMidStream: { afterChunks: 0 } });
    const tokens: string[] = [];
    const result = await providerFor().chat(request, { onToken: (text) => tokens.push(text) });
    assert.equal(result.text, REPLY);
    assert.equal(tokens.join(''), REPLY);
  });

  for (const [how, step] of [
    ['drops the connection', { dropMidStream: { afterChunks: 3 } }],
    ['ends the stream early', { endMidStream: { afterChunks: 3 } }],
    ['sends an error event', { errorMidStream: { afterChunks: 3, message: 'model crashed' } }],
  ] as const) {
    it(`does not retry once tokens have streamed when the server ${how}; the partial answer comes with the error`, async () => {
      server.script(step);
      const tokens: string[] = [];
      await assert.rejects(providerFor().chat(request, { onToken: (text) => tokens.push(text) }), (error: unknown) => {
        assert.ok(error instanceof ModelUnavailableError, String(error));
        assert.match(error.message, /stopped mid-answer after \d+ characters/);
        assert.equal(error.partialText, tokens.join(''));
        return true;
      });
      assert.equal(tokens.length, 3);
      assert.equal(server.chatRequests.length, 1);
    });
  }

  it('rethrows an error of the caller’s onToken as is and stops the stream', async () => {
    await server.close();
    server = await startFakeOpenAIServer({ reply: 'word '.repeat(400), chunkDelayMs: 10 });
    const mine = new Error('the UI went away');
    await assert.rejects(
      providerFor({ apiKey: undefined }).chat(request, {
        onToken: () => {
          throw mine;
        },
      }),
      (error: unknown) => error === mine,
    );
    await waitFor(() => server.chatRequests[0].clientClosedEarlyAt !== undefined);
    assert.equal(server.chatRequests.length, 1);
  });

  it('describes itself: id, model, and whether it runs on this machine', () => {
    const local = providerFor();
    assert.equal(local.info.local, true);
    assert.equal(local.info.model, 'fake-model');
    assert.match(local.info.id, /^openai-compatible:fake-model@127\.0\.0\.1:\d+$/);
    const remote = new OpenAICompatibleProvider({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' }, { env: {} });
    assert.equal(remote.info.local, false);
    assert.throws(() => new OpenAICompatibleProvider({ baseUrl: 'localhost:11434', model: 'm' }), /must start with http/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) assert.fail('the condition did not become true in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
