/**
 * `draftReview` on a real Twin holding the user's past review comments: with a model (a local
 * OpenAI-compatible server that records the prompt) the voice, the exemplars and the numbered diff reach
 * it and comments on lines outside the diff are dropped; without one the offline drafter runs the checks
 * the user cares about, in their wording, and says it is the offline drafter.
 */
import assert from 'node:assert/strict';
import { GitHubClient } from '../github/github-client';
import { learnReviews } from '../github/learn-reviews';
import type { PullRequest } from '../github/pull-request';
import { fetchPullRequest } from '../github/pull-request';
import { startFakeGitHubServer, type FakeGitHubServer } from '../github/test-support/fake-github-server';
import { ALL_PULLS, REVIEWER, TOKEN } from '../github/test-support/review-fixtures';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { readStyleProfile } from '../style/style-profile-store';
import type { ReviewVoice } from '../style/review-voice';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import { draftOfflineReview, phrase } from './offline-review-drafter';
import { draftReview, parseReviewAnswer } from './review-drafter';

describe('draftReview', function () {
  this.timeout(60_000);
  let github: FakeGitHubServer;
  let temp: { twin: Twin; home: string; cleanup(): Promise<void> };
  let pr: PullRequest;
  let voice: ReviewVoice;

  before(async () => {
    github = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls: ALL_PULLS });
    temp = await openTempTwin();
    const client = GitHubClient.create({ apiUrl: github.apiUrl, token: TOKEN, env: {} });
    await learnReviews(client, (memories) => temp.twin.remember(memories), { home: temp.home });
    voice = readStyleProfile(temp.home)!.reviews!;
    pr = await fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 42 });
  });
  after(async () => {
    await temp.cleanup();
    await github.close();
  });

  it('prompts the model with the voice, the user’s own comments and the numbered diff, and keeps only comments on diff lines', async () => {
    const answer = {
      summary: 'Could we add a test for the retry loop before merging?',
      comments: [
        { path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' },
        { path: 'src/retry.ts', line: 11, side: 'LEFT', body: 'Could we keep returning what send() returns?' },
        { path: 'src/retry.ts', line: 40, side: 'RIGHT', body: 'Outside the diff.' },
        { path: 'src/nowhere.ts', line: 1, body: 'Not in this pull request.' },
      ],
    };
    const server = await startFakeOpenAIServer({ reply: `Here is the review:\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const draft = await draftReview({ pr, twin: temp.twin, provider, voice, home: temp.home });
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.match(prompt, /tone: hedged/, 'the voice');
      assert.match(prompt, /nits: prefixed "nit:"/);
      assert.match(prompt, /Could we add a test for the empty invoice case\?/, 'an exemplar of the user’s own');
      assert.match(prompt, /=== src\/retry\.ts \(modified, \+6 −1\)/, 'the diff');
      assert.match(prompt, /R11 \+ {2}console\.log\("uploading", invoice\.id\);/, 'numbered lines');
      assert.match(prompt, /L11 - {2}return send\(body\);/);
      assert.match(prompt, /JSON only/);

      assert.equal(draft.drafter, 'model');
      assert.equal(draft.channel, 'review');
      assert.deepEqual(draft.comments.map((comment) => [comment.path, comment.line, comment.side]), [['src/retry.ts', 11, 'RIGHT'], ['src/retry.ts', 11, 'LEFT']]);
      assert.deepEqual(draft.dropped.map((comment) => [comment.path, comment.line, comment.reason]), [
        ['src/retry.ts', 40, "line 40 (RIGHT) is not in the diff's hunks"],
        ['src/nowhere.ts', 1, 'the file is not in the diff'],
      ]);
      assert.match(draft.notice!, /2 comments were on lines the diff does not show/);
      assert.equal(draft.text, 'src/retry.ts:11: nit: could we drop the console.log?\nsrc/retry.ts:11 (old): Could we keep returning what send() returns?\n\nCould we add a test for the retry loop before merging?');
      assert.ok(draft.provenance.exemplars.length > 0 && draft.provenance.exemplars.every((exemplar) => exemplar.id.startsWith('github-review:')));
      assert.ok(draft.provenance.style.some((line) => line.startsWith('dropped: src/retry.ts:40')));
      assert.ok(draft.confidence > 0 && draft.confidence < 0.9);
    } finally {
      await server.close();
    }
  });

  it('falls back to the offline drafter, saying why, when the model fails or answers without JSON', async () => {
    const server = await startFakeOpenAIServer({ reply: 'Looks fine to me.' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const prose = await draftReview({ pr, twin: temp.twin, provider, voice });
      assert.equal(prose.drafter, 'offline');
      assert.match(prose.notice!, /^The model did not answer with the JSON review asked for/);
      server.script({ status: 500, message: 'boom' });
      const failed = await draftReview({ pr, twin: temp.twin, provider, voice });
      assert.equal(failed.drafter, 'offline');
      assert.match(failed.notice!, /^The model failed \(.*\), so this is the offline draft instead\./);
    } finally {
      await server.close();
    }
  });

  it('offline: runs the checks the user cares about, in their own wording, and says it is the offline drafter', async () => {
    const draft = await draftReview({ pr, twin: temp.twin, voice });
    assert.equal(draft.drafter, 'offline');
    assert.match(draft.notice!, /Drafted offline by Twin .*does not read the code for meaning.*mechanical checks/);
    assert.deepEqual(draft.comments, [
      { path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we remove this debug output before merging?' },
      { path: 'src/retry.ts', line: 12, side: 'RIGHT', body: 'nit: could we resolve this TODO or link it to an issue?' },
    ]);
    assert.equal(draft.summary, 'Could we add tests for the change to src/retry.ts (no test file changes in this pull request)?\n\n2 comments inline.');
    assert.ok(draft.provenance.style.some((line) => /^offline checks: checks for what your past reviews look for: .*tests/.test(line)));
    assert.ok(draft.provenance.exemplars.length > 0 && draft.provenance.exemplars.every((exemplar) => /could we/i.test(exemplar.text)), 'the comments its wording came from');
    assert.ok(draft.confidence <= 0.6);
  });

  it('offline without a learned voice: every check, plain wording, labelled so', () => {
    const review = draftOfflineReview(pr, undefined);
    assert.match(review.basis, /no review history learned/);
    assert.deepEqual(review.comments.map((comment) => comment.body), ['Remove this debug output before merging.', 'Resolve this TODO or link it to an issue.']);
    assert.equal(phrase({ action: 'add a doc comment', minor: true }, { ...voice, requests: [{ phrase: "let's", share: 1, confidence: 1, exemplars: [] }] }), "nit: let's add a doc comment.");
  });

  it('reads the model’s JSON inside prose and with loose field names', () => {
    assert.deepEqual(parseReviewAnswer('Sure! {"body": "ok", "comments": [{"file": "a.ts", "line": "3", "comment": "x"}]} hope that helps'), {
      summary: 'ok',
      comments: [{ path: 'a.ts', line: 3, side: 'RIGHT', body: 'x' }],
    });
    assert.equal(parseReviewAnswer('no json here'), undefined);
  });
});
