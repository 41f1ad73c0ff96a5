import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelAuthError, ModelCancelledError, ModelRateLimitError, ModelTimeoutError, ModelUnavailableError } from './model-errors';
import type { ChatRequest } from './model-provider';
import { ModelRouter, type RoutedChatResult } from './model-router';
import { OpenAICompatibleProvider } from './openai-compatible-provider';
import { summarizeUsage, UsageLedger, type UsageRecord } from './usage-ledger';
import { startFakeOpenAIServer, unusedPort, type FakeOpenAIServer } from './test-support/fake-openai-server';
import { ScriptedProvider } from './test-support/scripted-provider';

const SECRET_PROMPT = 'Quarterly numbers for Project Nightingale: revenue 4.2M, do not share';
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: SECRET_PROMPT }], ...extra });

describe('ModelRouter', () => {
  let home: string;
  let cheap: ScriptedProvider;
  let strong: ScriptedProvider;
  let ledger: UsageLedger;

  const routerWith = (config: Partial<ConstructorParameters<typeof ModelRouter>[0]> = {}) =>
    new ModelRouter(
      {
        providers: { cheap, strong },
        order: ['cheap', 'strong'],
        rules: [
          { when: { promptTokensAbove: 500 }, use: 'strong' },
          { when: { difficulty: 'hard' }, use: 'strong' },
          { when: { task: ['review', 'code'] }, use: 'strong' },
          { when: { difficulty: 'simple' }, use: 'cheap' },
        ],
        ...config,
      },
      { ledger },
    );

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-router-'));
    cheap = new ScriptedProvider('cheap');
    strong = new ScriptedProvider('strong', 'answer from strong', { local: false, costUsd: 0.0123 });
    ledger = UsageLedger.forHome(home);
  });

  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('sends simple requests to the cheap model and hard ones to the strong model', async () => {
    const router = routerWith();
    const simple = await router.chat(ask({ difficulty: 'simple', task: 'commit' }));
    const hard = await router.chat(ask({ difficulty: 'hard', task: 'commit' }));
    assert.equal(simple.providerName, 'cheap');
    assert.equal(simple.text, 'answer from cheap');
    assert.equal(simple.route.reason, 'rule 4 (difficulty=simple)');
    assert.equal(hard.providerName, 'strong');
    assert.equal(hard.route.reason, 'rule 2 (difficulty=hard)');
  });

  it('routes by task kind', async () => {
    const router = routerWith();
    assert.equal((await router.chat(ask({ task: 'review' }))).providerName, 'strong');
    assert.equal((await router.chat(ask({ task: 'code' }))).providerName, 'strong');
    assert.equal((await router.chat(ask({ task: 'reply' }))).providerName, 'cheap');
    assert.equal((await router.chat(ask({ task: 'reply' }))).route.reason, 'order');
  });

  it('sends a prompt longer than the threshold to the strong model, whatever else it says', async () => {
    const router = routerWith();
    const long = ask({ difficulty: 'simple', messages: [{ role: 'user', content: 'refactor this module please '.repeat(200) }] });
    const decision = router.route(long);
    assert.ok(decision.promptTokens > 500);
    assert.deepEqual(decision.chain, ['strong', 'cheap']);
    assert.equal((await router.chat(long)).providerName, 'strong');
  });

  it('falls back to the next provider when the chosen one is unavailable or rate-limited', async () => {
    strong.failNext(new ModelUnavailableError('Cannot reach the model at http://strong/v1: is it running?'));
    const result = await routerWith().chat(ask({ difficulty: 'hard' }));
    assert.equal(result.providerName, 'cheap');
    assert.deepEqual(
      result.attempts.map(({ provider, outcome }) => [provider, outcome]),
      [
        ['strong', 'unavailable'],
        ['cheap', 'ok'],
      ],
    );

    cheap.failNext(new ModelRateLimitError('rate-limited'));
    assert.equal((await routerWith().chat(ask())).providerName, 'strong');
  });

  it('does not fall back on a wrong key, a cancellation, or (by default) a timeout', async () => {
    for (const error of [
      new ModelAuthError('The model server at http://strong/v1 refused the API key'),
      new ModelCancelledError('cancelled'),
      new ModelTimeoutError('too slow', { timeoutMs: 10 }),
    ]) {
      strong.failNext(error);
      await assert.rejects(routerWith().chat(ask({ difficulty: 'hard' })), (caught: unknown) => caught === error);
    }
    assert.equal(cheap.requests.length, 0);
  });

  it('falls back on timeouts when configured to', async () => {
    strong.failNext(new ModelTimeoutError('too slow', { timeoutMs: 10 }));
    const result = await routerWith({ fallbackOn: ['unavailable', 'timeout'] }).chat(ask({ difficulty: 'hard' }));
    assert.equal(result.providerName, 'cheap');
  });

  it('does not fall back once the caller has seen tokens from the failing provider', async () => {
    const failure = new ModelUnavailableError('dropped mid-answer');
    strong.failNext({ streamThen: failure });
    const tokens: string[] = [];
    await assert.rejects(routerWith().chat(ask({ difficulty: 'hard' }), { onToken: (text) => tokens.push(text) }), (caught: unknown) => caught === failure);
    assert.deepEqual(tokens, ['answer']);
    assert.equal(cheap.requests.length, 0);
  });

  it('says which providers failed and why when none can answer', async () => {
    cheap.failNext(new ModelUnavailableError('Cannot reach the model at http://cheap/v1: is Ollama running?', { configure: 'start Ollama' }));
    strong.failNext(new ModelRateLimitError('The model server at http://strong/v1 is rate-limiting requests'));
    await assert.rejects(routerWith().chat(ask()), (error: unknown) => {
      assert.ok(error instanceof ModelUnavailableError);
      assert.equal(
        error.message,
        'No configured model could answer. cheap: Cannot reach the model at http://cheap/v1: is Ollama running? · strong: The model server at http://strong/v1 is rate-limiting requests',
      );
      assert.equal(error.configure, 'start Ollama');
      return true;
    });
  });

  it('records every request in the ledger — provider, model, task, tokens, cost, latency, outcome — and never the prompt', async () => {
    strong.failNext(new ModelUnavailableError(`server said: could not process "${SECRET_PROMPT}"`));
    await routerWith().chat(ask({ difficulty: 'hard', task: 'review' }), { onToken: () => undefined });
    await routerWith().chat(ask({ task: 'commit' }));

    const raw = fs.readFileSync(path.join(home, 'logs', 'model-usage.jsonl'), 'utf8');
    assert.ok(!raw.includes('Nightingale') && !raw.includes('4.2M'), 'the ledger holds prompt text');
    assert.ok(!raw.includes('answer from'), 'the ledger holds answer text');
    const records = ledger.read();
    assert.deepEqual(
      records.map(({ provider, model, task, outcome, route, fallbackFrom }) => ({ provider, model, task, outcome, route, fallbackFrom })),
      [
        { provider: 'strong', model: 'strong-model', task: 'review', outcome: 'unavailable', route: 'rule 2 (difficulty=hard)', fallbackFrom: undefined },
        { provider: 'cheap', model: 'cheap-model', task: 'review', outcome: 'ok', route: 'fallback', fallbackFrom: 'strong' },
        { provider: 'cheap', model: 'cheap-model', task: 'commit', outcome: 'ok', route: 'order', fallbackFrom: undefined },
      ],
    );
    const ok = records[1];
    assert.equal(ok.inputTokens, 10);
    assert.equal(ok.outputTokens, 3);
    assert.equal(ok.estimated, false);
    assert.equal(typeof ok.latencyMs, 'number');
    assert.equal(typeof ok.firstTokenMs, 'number');
    assert.ok(!Number.isNaN(Date.parse(ok.time)));
    assert.equal((fs.statSync(ledger.file).mode & 0o777).toString(8), '600');
  });

  it('keeps the cost the provider reported, and sums usage per provider and model', async () => {
    const router = routerWith();
    await router.chat(ask({ difficulty: 'hard' }));
    await router.chat(ask({ difficulty: 'hard' }));
    await router.chat(ask());
    const totals = summarizeUsage(ledger.read());
    assert.deepEqual(
      totals.map(({ provider, requests, costUsd, inputTokens }) => ({ provider, requests, costUsd, inputTokens })),
      [
        { provider: 'strong', requests: 2, costUsd: 0.0246, inputTokens: 20 },
        { provider: 'cheap', requests: 1, costUsd: 0, inputTokens: 10 },
      ],
    );
  });

  it('still answers when the ledger cannot be written, and says why', async () => {
    const blocked = path.join(home, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const problems: unknown[] = [];
    const router = new ModelRouter({ providers: { cheap } }, { ledger: new UsageLedger(path.join(blocked, 'usage.jsonl')), onLedgerError: (error) => problems.push(error) });
    assert.equal((await router.chat(ask())).text, 'answer from cheap');
    assert.equal(problems.length, 1);
  });

  it('rejects rules that name unknown providers or conditions, and an empty configuration, with what to fix', () => {
    assert.throws(() => routerWith({ rules: [{ when: { difficulty: 'hard' }, use: 'gpt5' }] }), /models.rules\[0\] uses "gpt5", which is not among the providers \(cheap, strong\)/);
    assert.throws(() => routerWith({ rules: [{ when: { task: 'poetry' as never }, use: 'cheap' }] }), /task "poetry" is not one of commit, review, reply, code/);
    assert.throws(() => routerWith({ order: ['cheap', 'nope'] }), /models.order names "nope"/);
    assert.throws(() => routerWith({ fallbackOn: ['cancelled'] }), /models.fallbackOn: "cancelled" is not one of/);
    assert.throws(() => new ModelRouter({ providers: {} }), (error: unknown) => error instanceof ModelUnavailableError && /No model is configured/.test(error.message));
  });

  it('describes itself: local only when every provider is', () => {
    assert.equal(routerWith().info.local, false);
    assert.equal(new ModelRouter({ providers: { cheap } }).info.local, true);
    assert.match(routerWith().info.description, /Routes between cheap \(cheap-model\), strong \(strong-model\)/);
  });

  describe('over real OpenAI-compatible servers', () => {
    let server: FakeOpenAIServer;
    beforeEach(async () => {
      server = await startFakeOpenAIServer({ reply: 'from the running server' });
    });
    afterEach(() => server.close());

    it('falls back from a server that refuses connections to one that answers, streaming from the second', async () => {
      const down = `http://127.0.0.1:${await unusedPort()}/v1`;
      const router = new ModelRouter(
        {
          providers: {
            local: new OpenAICompatibleProvider({ baseUrl: down, model: 'fake-model' }, { env: {} }),
            backup: new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model' }, { env: {} }),
          },
        },
        { ledger },
      );
      const tokens: string[] = [];
      const result: RoutedChatResult = await router.chat(ask({ task: 'reply' }), { onToken: (text) => tokens.push(text) });
      assert.equal(result.providerName, 'backup');
      assert.equal(tokens.join(''), 'from the running server');
      assert.equal(result.usage.estimated, false);
      const records: UsageRecord[] = ledger.read();
      assert.deepEqual(
        records.map((record) => [record.provider, record.outcome]),
        [
          ['local', 'unavailable'],
          ['backup', 'ok'],
        ],
      );
      assert.ok(!fs.readFileSync(ledger.file, 'utf8').includes('Nightingale'));
    });
  });
});
