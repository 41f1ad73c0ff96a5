import assert from 'node:assert/strict';
import type { TempGitRepo } from '../git/test-support/temp-git-repo';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { learnCommitStyle } from '../style/commit-style';
import type { CommitStyle } from '../style/style-profile';
import { openTempTwin } from '../test-support/temp-twin';
import { draftCommit, referencesFromBranch } from './commit-drafter';
import { checkAgainstConvention } from './commit-convention';
import type { MemoryRecaller } from './memory-recaller';
import { buildConventionalRepo, buildPastTenseRepo } from './test-support/convention-repos';

const CONVENTIONAL_SUBJECT = /^(feat|fix)\(api\): [a-z]/;

describe('draftCommit', function () {
  let conventional: TempGitRepo;
  let pastTense: TempGitRepo;
  let conventionalStyle: CommitStyle;
  let pastTenseStyle: CommitStyle;

  before(async () => {
    conventional = buildConventionalRepo();
    pastTense = buildPastTenseRepo();
    conventionalStyle = (await learnCommitStyle(conventional.root))!;
    pastTenseStyle = (await learnCommitStyle(pastTense.root))!;
  });
  after(() => {
    conventional.cleanup();
    pastTense.cleanup();
  });

  describe('offline (no model)', () => {
    it('follows a conventional convention with the scope that maps to the changed path, lowercase, and names the symbols', async () => {
      const draft = await draftCommit({ repo: conventional.root, style: conventionalStyle });
      const subject = draft.text.split('\n')[0];
      assert.match(subject, CONVENTIONAL_SUBJECT);
      assert.match(subject, /retryBudget|fetchUser/);
      assert.equal(draft.drafter, 'offline');
      assert.equal(draft.channel, 'commit');
      assert.match(draft.notice!, /Drafted offline/);
      assert.ok(draft.provenance.style.includes('conventional: true'));
      assert.ok(draft.provenance.style.some((field) => /^scopes: .*api → src\/api/.test(field)));
      assert.ok(draft.provenance.exemplars.length > 0 && draft.provenance.exemplars.every((exemplar) => /^(feat|fix)\(/.test(exemplar.text)));
      assert.ok(draft.confidence > 0 && draft.confidence < 0.9);
    });

    it('follows a plain, capitalized, past-tense convention with no type prefix', async () => {
      const draft = await draftCommit({ repo: pastTense.root, style: pastTenseStyle });
      const subject = draft.text.split('\n')[0];
      assert.match(subject, /^[A-Z][a-z]+ed\b/);
      assert.doesNotMatch(subject, /^\w+(\(\w+\))?: /);
      assert.ok(draft.provenance.style.includes('mood: past'));
    });

    it('learns the convention from the repository itself when no profile is stored', async () => {
      const draft = await draftCommit({ repo: conventional.root });
      assert.match(draft.text, CONVENTIONAL_SUBJECT);
      assert.ok(draft.provenance.style.some((field) => /learned from this repository just now/.test(field)));
    });

    it('says clearly when nothing is staged', async () => {
      const repo = (await import('../git/test-support/temp-git-repo')).TempGitRepo.create('twin-draft-empty');
      try {
        repo.write('a.txt', 'a\n').commit('Initial');
        await assert.rejects(draftCommit({ repo: repo.root }), /Nothing is staged .*git add/);
      } finally {
        repo.cleanup();
      }
    });
  });

  describe('with a model (the real OpenAI-compatible provider against a local server)', () => {
    let server: FakeOpenAIServer;
    const providerFor = () => new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0, retryBaseDelayMs: 5 }, { env: {} });

    beforeEach(async () => {
      server = await startFakeOpenAIServer({ reply: 'feat(api): encode user ids and add retryBudget' });
    });
    afterEach(() => server.close());

    it("states the convention and shows the user's own commit messages and the change in the prompt, streaming the answer", async () => {
      const tokens: string[] = [];
      const draft = await draftCommit({ repo: conventional.root, style: conventionalStyle, provider: providerFor(), onToken: (token) => tokens.push(token) });

      assert.equal(draft.text, 'feat(api): encode user ids and add retryBudget');
      assert.equal(draft.drafter, 'model');
      assert.equal(draft.model, 'fake-model');
      assert.equal(draft.notice, undefined);
      assert.equal(tokens.join(''), draft.text);

      const [request] = server.chatRequests;
      assert.equal(request.body!.stream, true);
      const prompt = request.body!.messages!.map((message) => message.content).join('\n');
      assert.match(prompt, /Conventional Commits: every subject is `type\(scope\): description`/);
      assert.match(prompt, /Types they use, most used first: feat, fix/);
      assert.match(prompt, /api → src\/api/);
      assert.match(prompt, /starts with a lowercase letter/);
      const exemplars = conventionalStyle.exemplars.map((exemplar) => exemplar.message);
      assert.ok(exemplars.length >= 3);
      for (const message of exemplars) assert.ok(prompt.includes(message), `the prompt shows "${message}"`);
      assert.ok(draft.provenance.exemplars.length >= Math.min(5, exemplars.length) && draft.provenance.exemplars.length <= 8);
      assert.match(prompt, /modified src\/api\/client\.ts \(\+5 −1\): added retryBudget; modified fetchUser/);
      assert.match(prompt, /\+export function retryBudget/);
      assert.ok(draft.confidence > 0.5);
    });

    it('strips code fences and quotes, and puts back a conventional prefix the model left out', async () => {
      server.setReply('```\nEncode user ids and add retryBudget\n```');
      const draft = await draftCommit({ repo: conventional.root, style: conventionalStyle, provider: providerFor() });
      assert.match(draft.text, CONVENTIONAL_SUBJECT);
      assert.match(draft.text, /: encode user ids and add retryBudget$/);
      assert.match(draft.notice!, /added the conventional prefix/);
    });

    it('recalls similar commits of the user from memory into the prompt and the provenance', async () => {
      const { twin, cleanup } = await openTempTwin();
      try {
        await twin.remember([
          {
            id: 'git:abc1234',
            text: 'Committed abc1234 on main: feat(api): add backoff to fetchUser retries — touched fetchUser in src/api/client.ts; 1 file, +6 −2',
            source: 'git',
            author: 'me@example.com',
            meta: { hash: 'abc1234' },
          },
        ]);
        const draft = await draftCommit({ repo: conventional.root, style: conventionalStyle, provider: providerFor(), twin });
        const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
        assert.ok(prompt.includes('feat(api): add backoff to fetchUser retries'));
        assert.ok(draft.provenance.exemplars.some((exemplar) => exemplar.id === 'abc1234'));
        assert.deepEqual(draft.provenance.memories.map((memory) => memory.id), ['git:abc1234']);
      } finally {
        await cleanup();
      }
    });

    it('falls back to the offline drafter with a notice when the model answers 500', async () => {
      server.script({ status: 500, message: 'boom' });
      const draft = await draftCommit({ repo: conventional.root, style: conventionalStyle, provider: providerFor() });
      assert.equal(draft.drafter, 'offline');
      assert.match(draft.text, CONVENTIONAL_SUBJECT);
      assert.match(draft.notice!, /^The model failed \(.+\), so this is the offline drafter's message instead\. Drafted offline/);
    });

    it('falls back to the offline drafter with a notice when the model times out', async () => {
      server.script({ delayMs: 3000 });
      const started = Date.now();
      const draft = await draftCommit({ repo: pastTense.root, style: pastTenseStyle, provider: providerFor(), timeoutMs: 300 });
      assert.ok(Date.now() - started < 2500);
      assert.equal(draft.drafter, 'offline');
      assert.match(draft.text, /^[A-Z][a-z]+ed\b/);
      assert.match(draft.notice!, /The model failed .*time/i);
    });
  });

  it('prefers exemplars with positive feedback and drops those behind rejected drafts', async () => {
    const style = { ...conventionalStyle, exemplars: conventionalStyle.exemplars.slice(0, 3) };
    const recalls: MemoryRecaller = {
      recall: async () =>
        ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'].map((hash, index) => ({
          memory: { id: `git:${hash}`, text: `Committed ${hash} on main: feat(api): change ${hash}; 1 file, +1 −1`, meta: { hash } } as never,
          score: 0.5,
          why: { similarity: 0.9 - index * 0.03, relevance: 0.5, importance: 0.5, recency: 1 },
        })),
    };
    const plain = await draftCommit({ repo: conventional.root, style, twin: recalls, authorEmails: ['me@example.com'] });
    assert.equal(plain.provenance.exemplars[0].id, 'a1');
    assert.ok(plain.provenance.exemplars.length === 8);

    const feedback = new Map([['a1', -0.15], ['f6', 0.05]]);
    const shifted = await draftCommit({ repo: conventional.root, style, twin: recalls, authorEmails: ['me@example.com'], feedback });
    const ids = shifted.provenance.exemplars.map((exemplar) => exemplar.id);
    assert.equal(ids[0], 'b2');
    assert.ok(!ids.includes('a1'));
    assert.ok(ids.indexOf('f6') < ids.indexOf('e5'));
  });
});

describe('checkAgainstConvention', () => {
  const style = { conventional: false, capitalized: true, endsWithPeriod: false, types: {}, commits: 30 } as unknown as CommitStyle;

  it('removes a conventional prefix the user never writes and capitalizes, and counts what agreed', () => {
    const checked = checkAgainstConvention('"fix: handle empty ids."', style, undefined);
    assert.equal(checked.text, 'Handle empty ids');
    assert.equal(checked.corrections.length, 3);
    assert.equal(checked.agreement, 0);
    assert.equal(checkAgainstConvention('Handled empty ids', style, undefined).agreement, 1);
  });
});

describe('referencesFromBranch', () => {
  it('reads JIRA keys and issue numbers from branch names', () => {
    assert.deepEqual(referencesFromBranch('PAY-42-fix-login'), ['PAY-42']);
    assert.deepEqual(referencesFromBranch('fix/123-login'), ['#123']);
    assert.deepEqual(referencesFromBranch('main'), []);
  });
});
