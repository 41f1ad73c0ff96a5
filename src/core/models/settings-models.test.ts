import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { makeTempHome } from '../test-support/temp-twin';
import { createSettingsModelRouter, modelsConfigFromSettings } from './settings-models';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './test-support/fake-openai-server';
import { usageLedgerPath } from './usage-ledger';

describe('models from editor settings', () => {
  let server: FakeOpenAIServer;
  let temp: { home: string; cleanup(): void };

  before(async () => {
    server = await startFakeOpenAIServer({ apiKey: 'sk-from-secret-storage', models: ['small', 'large', 'only'], reply: (body) => `answered by ${body.model}` });
    temp = makeTempHome('twin-settings-models');
  });
  after(async () => {
    await server.close();
    temp.cleanup();
  });

  it('configures nothing when no endpoint is set', () => {
    assert.equal(modelsConfigFromSettings({}), undefined);
    assert.equal(createSettingsModelRouter({ baseUrl: '  ' }, { home: temp.home }), undefined);
  });

  it('says which setting is wrong or missing', () => {
    assert.throws(() => modelsConfigFromSettings({ model: 'llama3.1' }), /twin\.models\.baseUrl is empty/);
    assert.throws(() => modelsConfigFromSettings({ baseUrl: 'http://127.0.0.1:11434/v1' }), /set twin\.models\.model/);
    assert.throws(() => modelsConfigFromSettings({ baseUrl: 'localhost:11434', model: 'x' }), /must start with http/);
    assert.throws(() => modelsConfigFromSettings({ baseUrl: 'not a url', model: 'x' }), /is not a URL/);
  });

  it('sends everything to the one model, with the key from secret storage', async () => {
    const router = createSettingsModelRouter({ baseUrl: server.baseUrl, model: 'only', apiKey: 'sk-from-secret-storage' }, { home: temp.home })!;
    const result = await router.chat({ messages: [{ role: 'user', content: 'hi' }], task: 'code', difficulty: 'hard' });
    assert.equal(result.text, 'answered by only');
    assert.equal(server.chatRequests.at(-1)!.headers.authorization, 'Bearer sk-from-secret-storage');
  });

  it('routes simple requests to the cheap model and hard ones to the strong one, logging usage', async () => {
    const router = createSettingsModelRouter({ baseUrl: server.baseUrl, simpleModel: 'small', hardModel: 'large', apiKey: 'sk-from-secret-storage' }, { home: temp.home })!;
    const simple = await router.chat({ messages: [{ role: 'user', content: 'a commit message' }], task: 'commit', difficulty: 'simple' });
    const hard = await router.chat({ messages: [{ role: 'user', content: 'a big refactor' }], task: 'code', difficulty: 'hard' });
    assert.equal(simple.text, 'answered by small');
    assert.equal(hard.text, 'answered by large');
    assert.match(hard.route.reason, /difficulty=hard/);
    const ledger = fs.readFileSync(usageLedgerPath(temp.home), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(ledger.slice(-2).map((record) => [record.provider, record.model]), [['simple', 'small'], ['hard', 'large']]);
    assert.ok(!fs.readFileSync(usageLedgerPath(temp.home), 'utf8').includes('a big refactor'), 'no prompt text in the ledger');
  });

  it('uses OPENAI_API_KEY when secret storage has no key', async () => {
    const router = createSettingsModelRouter({ baseUrl: server.baseUrl, model: 'only' }, { home: temp.home, env: { OPENAI_API_KEY: 'sk-from-secret-storage' } })!;
    assert.equal((await router.chat({ messages: [{ role: 'user', content: 'hi' }] })).text, 'answered by only');
    const without = createSettingsModelRouter({ baseUrl: server.baseUrl, model: 'only' }, { home: temp.home, env: {} })!;
    await assert.rejects(without.chat({ messages: [{ role: 'user', content: 'hi' }] }), (error: Error) => /401|key/i.test(error.message));
  });
});
