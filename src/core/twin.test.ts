import * as assert from 'node:assert/strict';
import { filesContaining, openTempTwin } from './test-support/temp-twin';
import { Twin } from './twin';

const DAY = 86_400_000;

describe('Twin memory', function () {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
  });
  afterEach(async () => cleanup());

  it('keeps the ids it was given and returns them from recall', async () => {
    await twin.remember([
      { id: 'standup-1', text: 'Standup: Priya is blocked on the flaky payments integration test', source: 'slack', author: 'priya' },
      { id: 'commit-7', text: 'fix(parser): handle trailing commas in tsconfig files', source: 'git', author: 'me' },
    ]);
    const results = await twin.recall('trailing commas in tsconfig');
    assert.equal(results[0].memory.id, 'commit-7');
    const standup = await twin.recall('who is blocked on the payments test');
    assert.equal(standup[0].memory.id, 'standup-1');
  });

  it('merges a near-duplicate into one memory with the earliest time, the latest wording and every source', async () => {
    const first = Date.parse('2026-10-01T09:00:00Z');
    const [created] = await twin.remember([
      { text: 'Deploying the billing service to staging requires the corporate VPN and a fresh kubeconfig token', source: 'slack', timestamp: first },
    ]);
    const [merged] = await twin.remember([
      { text: 'Deploying the billing service to staging requires the corporate VPN and a fresh kubeconfig', source: 'email', timestamp: first + DAY },
    ]);
    assert.equal(created.outcome, 'created');
    assert.equal(merged.outcome, 'merged');
    assert.equal(merged.id, created.id);
    const stats = await twin.stats();
    assert.equal(stats.total, 1);
    const [result] = await twin.recall('billing staging VPN');
    assert.equal(result.memory.timestamp, first);
    assert.equal(result.memory.text, 'Deploying the billing service to staging requires the corporate VPN and a fresh kubeconfig');
    assert.deepEqual(result.memory.sources, ['slack', 'email']);
  });

  it('keeps a short reply said in two conversations as two memories', async () => {
    const results = await twin.remember([
      { text: 'sounds good, thanks!', source: 'slack', thread: 'T1', author: 'me' },
      { text: 'sounds good, thanks!', source: 'slack', thread: 'T2', author: 'me' },
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['created', 'created']);
    assert.equal((await twin.stats()).total, 2);
  });

  it('never merges two records that came with their own ids', async () => {
    const text = 'Weekly sync moved to Thursdays at 10:00 because of the design review overlap';
    const results = await twin.remember([
      { id: 'a', text },
      { id: 'b', text },
    ]);
    assert.deepEqual(results.map((result) => result.outcome), ['created', 'created']);
  });

  it('replaces the content of a memory re-imported with the same id', async () => {
    await twin.remember([{ id: 'fact-1', text: 'The release branch is cut on Mondays' }]);
    const [again] = await twin.remember([{ id: 'fact-1', text: 'The release branch is cut on Tuesdays' }]);
    assert.equal(again.outcome, 'updated');
    const [result] = await twin.recall('when is the release branch cut');
    assert.equal(result.memory.id, 'fact-1');
    assert.match(result.memory.text, /Tuesdays/);
    assert.equal((await twin.stats()).total, 1);
  });

  it('redacts a secret before storing, so neither recall nor any file in the data folder holds it', async () => {
    const token = 'ghp_' + 'Zq8vN3kLm2Xw9Rt5Yp1Bc7Hd4Fg6Js0AaQe';
    const [result] = await twin.remember([{ text: `CI is failing because GITHUB_TOKEN=${token} expired on the runner`, source: 'editor' }]);
    assert.ok(result.redactions >= 1);
    await twin.close();
    ({ twin } = await reopen(home));
    const [hit] = await twin.recall('CI failing runner token expired');
    assert.doesNotMatch(hit.memory.text, /ghp_/);
    assert.match(hit.memory.text, /\[REDACTED:/);
    assert.deepEqual(filesContaining(home, token), []);
    assert.deepEqual(filesContaining(home, token.slice(4, 20)), []);
    await twin.close();
  });

  it('counts recalls in each memory’s access statistics', async () => {
    const [written] = await twin.remember([{ text: 'The staging database password rotates every 90 days via Vault', source: 'note' }]);
    await twin.recall('how often does the staging database credential rotate');
    await twin.recall('vault rotation staging');
    await twin.flushAccess();
    const [hit] = await twin.recall('vault rotation staging');
    assert.equal(hit.memory.id, written.id);
    assert.equal(hit.memory.accessCount, 2);
    assert.ok(hit.memory.lastAccess && Date.now() - hit.memory.lastAccess < 60_000);
  });

  it('filters recall by source, author, kind and time range', async () => {
    const now = Date.now();
    await twin.remember([
      { id: 's1', text: 'Rollout of the search ranking change is paused until Friday', source: 'slack', author: 'dana', timestamp: now - 2 * DAY },
      { id: 'e1', text: 'Rollout of the search ranking change: legal approved the data retention notes', source: 'email', author: 'lee', timestamp: now - 40 * DAY },
      { id: 'n1', text: 'Remember: search ranking rollout needs the feature flag search_v2', source: 'note', kind: 'semantic', timestamp: now - DAY },
    ]);
    const ids = async (filter: Parameters<Twin['recall']>[1]) => (await twin.recall('search ranking rollout', filter)).map((result) => result.memory.id).sort();
    assert.deepEqual(await ids({ filter: { source: 'slack' } }), ['s1']);
    assert.deepEqual(await ids({ filter: { author: 'lee' } }), ['e1']);
    assert.deepEqual(await ids({ filter: { kind: 'semantic' } }), ['n1']);
    assert.deepEqual(await ids({ filter: { since: now - 7 * DAY } }), ['n1', 's1']);
    assert.deepEqual(await ids({ filter: { until: now - 30 * DAY } }), ['e1']);
  });

  it('explains every result with the scores that ranked it', async () => {
    await twin.remember([{ text: 'Refactored parseConfig in src/config/loader.ts to validate the schema before merging defaults', source: 'editor', symbol: 'parseConfig', file: 'src/config/loader.ts' }]);
    const [result] = await twin.recall('parse config');
    assert.ok(result.why.vectorRank === 1, 'found by meaning');
    assert.ok(result.why.textRank === 1, 'found by words: the identifier was split for the full-text index');
    assert.ok(result.why.similarity! > 0.3);
    assert.ok(result.why.relevance > 0.9 && result.why.relevance <= 1);
    assert.ok(result.score > 0 && result.score <= 1);
  });

  it('finds an exact rare token by words and a paraphrase by meaning in one hybrid ranking', async () => {
    await twin.remember([
      { id: 'ticket', text: 'INFRA-2231: the nightly backup job fails with exit code 137 on db-replica-3', source: 'slack' },
      { id: 'fact', text: 'We are moving the invoices database from MySQL to Postgres next quarter', source: 'email' },
      { id: 'noise1', text: 'Lunch order for the team offsite: tacos and salads', source: 'slack' },
      { id: 'noise2', text: 'Reviewed the onboarding checklist for new hires', source: 'note' },
      { id: 'noise3', text: 'The conference talk on distributed tracing was recorded', source: 'browser' },
    ]);
    const [ticket] = await twin.recall('INFRA-2231');
    assert.equal(ticket.memory.id, 'ticket');
    const [database] = await twin.recall('which relational engine will billing storage use', { mode: 'hybrid' });
    assert.equal(database.memory.id, 'fact');
  });
});

async function reopen(home: string): Promise<{ twin: Twin }> {
  return { twin: await Twin.open({ home, embedder: { kind: 'offline' } }) };
}
