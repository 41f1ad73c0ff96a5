import assert from 'node:assert/strict';
import { FallbackProvider } from './fallback-provider';
import { ModelCancelledError, ModelUnavailableError } from './model-errors';
import { OpenAICompatibleProvider } from './openai-compatible-provider';
import { startFakeOpenAIServer, unusedPort, type FakeOpenAIServer } from './test-support/fake-openai-server';

const ask = { messages: [{ role: 'user' as const, content: 'write a retry loop' }], task: 'code' as const };

describe('FallbackProvider', () => {
  let first: FakeOpenAIServer;
  let second: FakeOpenAIServer;
  const provider = (baseUrl: string, name: string) => new OpenAICompatibleProvider({ baseUrl, model: 'fake-model', name, maxRetries: 0 }, { env: {} });

  before(async () => {
    first = await startFakeOpenAIServer({ reply: 'from the picked model' });
    second = await startFakeOpenAIServer({ reply: 'from the configured endpoint' });
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  it('answers with the first provider when it works', async () => {
    const chain = new FallbackProvider([provider(first.baseUrl, 'picked'), provider(second.baseUrl, 'endpoint')]);
    assert.equal((await chain.chat(ask)).text, 'from the picked model');
    assert.equal(second.chatRequests.length, 0);
  });

  it('hands the request to the next provider when the first fails, and says so', async () => {
    const fallbacks: string[] = [];
    first.script({ status: 503, message: 'overloaded' });
    const chain = new FallbackProvider([provider(first.baseUrl, 'picked'), provider(second.baseUrl, 'endpoint')], { onFallback: (from) => fallbacks.push(from.id) });
    const tokens: string[] = [];
    const result = await chain.chat(ask, { onToken: (text) => tokens.push(text) });
    assert.equal(result.text, 'from the configured endpoint');
    assert.equal(tokens.join(''), 'from the configured endpoint');
    assert.equal(fallbacks.length, 1);
    assert.equal(fallbacks[0], provider(first.baseUrl, 'picked').info.id);
  });

  it('lists every failure and what to configure when none can answer', async () => {
    const nowhere = `http://127.0.0.1:${await unusedPort()}/v1`;
    first.script({ status: 503, message: 'overloaded' });
    const chain = new FallbackProvider([provider(first.baseUrl, 'picked'), provider(nowhere, 'endpoint')], { configure: 'Set twin.models.baseUrl.' });
    await assert.rejects(chain.chat(ask), (error: Error) => {
      assert.ok(error instanceof ModelUnavailableError);
      assert.match(error.message, /^No model could answer\. .*503.* · /s);
      assert.equal(error.message.split(' · ').length, 2, 'both failures are listed');
      assert.match(error.message, /Set twin\.models\.baseUrl\.$/);
      return true;
    });
  });

  it('never falls back after tokens were shown, nor when cancelled', async () => {
    first.script({ dropMidStream: { afterChunks: 2 } });
    const before = second.chatRequests.length;
    const chain = new FallbackProvider([provider(first.baseUrl, 'picked'), provider(second.baseUrl, 'endpoint')]);
    await assert.rejects(chain.chat(ask, { onToken: () => undefined }));
    const controller = new AbortController();
    first.script({ delayMs: 2000 });
    const pending = chain.chat(ask, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(pending, ModelCancelledError);
    assert.equal(second.chatRequests.length, before);
  });
});
