import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createModelRouter, resolveModelsConfig } from './models-config';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './test-support/fake-openai-server';
import { ScriptedProvider } from './test-support/scripted-provider';
import { UsageLedger } from './usage-ledger';

describe('models configuration', () => {
  let home: string;
  let server: FakeOpenAIServer;
  const writeConfig = (config: unknown) => fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));

  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-models-'));
    server = await startFakeOpenAIServer({ reply: 'configured answer' });
  });

  afterEach(async () => {
    await server.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('configures no model by default, not even when OPENAI_API_KEY is set', () => {
    assert.equal(resolveModelsConfig(home, { OPENAI_API_KEY: 'sk-x' }), undefined);
    assert.equal(createModelRouter({ home, env: { OPENAI_API_KEY: 'sk-x' } }), undefined);
  });

  it('builds a router from config.json whose requests reach the configured server and land in the ledger', async () => {
    writeConfig({
      models: {
        providers: { local: { baseUrl: server.baseUrl, model: 'fake-model' } },
        prices: { 'fake-model': { inputPerMillion: 1, outputPerMillion: 1 } },
      },
    });
    const router = createModelRouter({ home, env: {} })!;
    const result = await router.chat({ messages: [{ role: 'user', content: 'hi' }], task: 'commit' });
    assert.equal(result.text, 'configured answer');
    assert.equal(result.providerName, 'local');
    assert.ok((result.costUsd ?? 0) > 0);
    assert.equal(UsageLedger.forHome(home).read()[0].task, 'commit');
  });

  it('takes one provider from TWIN_MODEL_URL and TWIN_MODEL, first in the order', () => {
    writeConfig({ models: { providers: { other: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } } } });
    const config = resolveModelsConfig(home, { TWIN_MODEL_URL: server.baseUrl, TWIN_MODEL: 'fake-model' })!;
    assert.deepEqual(config.order, ['env', 'other']);
    assert.equal(config.providers.env.baseUrl, server.baseUrl);
    assert.throws(() => resolveModelsConfig(home, { TWIN_MODEL: 'x' }), /TWIN_MODEL_URL and TWIN_MODEL go together/);
  });

  it('puts providers from the extension (VS Code’s model) after the configured ones', async () => {
    writeConfig({ models: { providers: { local: { baseUrl: server.baseUrl, model: 'fake-model' } } } });
    const router = createModelRouter({ home, env: {}, providers: { vscode: new ScriptedProvider('vscode') }, ledger: false })!;
    assert.deepEqual(router.route({ messages: [{ role: 'user', content: 'x' }] }).chain, ['local', 'vscode']);
    const alone = createModelRouter({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'twin-empty-')), env: {}, providers: { vscode: new ScriptedProvider('vscode') }, ledger: false });
    assert.equal((await alone!.chat({ messages: [{ role: 'user', content: 'x' }] })).providerName, 'vscode');
  });

  it('explains mistakes in the configuration: where, and what is expected', () => {
    const mistakes: Array<[unknown, RegExp]> = [
      [{ models: { providers: { local: { model: 'x' } } } }, /models\.providers\.local in .*config\.json needs "baseUrl"/],
      [{ models: { providers: { local: { baseUrl: 'http://x/v1' } } } }, /needs "model"/],
      [{ models: { providers: { local: { baseUrl: 'http://x/v1', model: 'm', base_url: 'y' } } } }, /unknown setting base_url/],
      [{ models: { providers: { local: { baseUrl: 'http://x/v1', model: 'm', kind: 'anthropic' } } } }, /kind "anthropic" is unknown/],
      [{ models: { providers: {}, prices: { m: { input: 1 } } } }, /models\.prices in .*\.m needs "inputPerMillion" and "outputPerMillion"/],
      [{ models: [] }, /"models" in .* must be an object/],
    ];
    for (const [config, message] of mistakes) {
      writeConfig(config);
      assert.throws(() => resolveModelsConfig(home, {}), message);
    }
    writeConfig({ models: { providers: { local: { baseUrl: server.baseUrl, model: 'fake-model' } }, rules: [{ when: { difficulty: 'hard' }, use: 'cloud' }] } });
    assert.throws(() => createModelRouter({ home, env: {} }), /models\.rules\[0\] uses "cloud"/);
  });
});
