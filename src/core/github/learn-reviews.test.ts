/**
 * Learning the user's past reviews from the fake GitHub API into a real Twin (LanceDB, offline embedder):
 * their own comments and review bodies only, as `github-review` memories with stable ids, redacted,
 * idempotent when learned again; and the review voice saved in the style profile.
 */
import assert from 'node:assert/strict';
import { readStyleProfile } from '../style/style-profile-store';
import { openTempTwin } from '../test-support/temp-twin';
import { GitHubClient } from './github-client';
import { learnReviews } from './learn-reviews';
import { fetchReviewHistory } from './review-history';
import { startFakeGitHubServer, type FakeGitHubServer } from './test-support/fake-github-server';
import { ALL_PULLS, REVIEWER, TOKEN } from './test-support/review-fixtures';

describe('learning past reviews from GitHub', () => {
  let server: FakeGitHubServer;
  before(async () => (server = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls: ALL_PULLS, maxPerPage: 2 })));
  after(() => server.close());

  it('finds the reviewed pull requests by search and keeps only the user’s own comments and review bodies', async () => {
    const client = GitHubClient.create({ apiUrl: server.apiUrl, token: TOKEN, env: {} });
    const history = await fetchReviewHistory(client);
    assert.equal(history.login, REVIEWER, 'the login comes from GET /user');
    assert.equal(history.pulls, 3);
    assert.deepEqual(history.comments.map((comment) => comment.githubId).sort(), ['comment:301', 'comment:302', 'comment:311', 'comment:312', 'comment:313', 'comment:321', 'comment:322', 'review:3001', 'review:3101', 'review:3102'].sort());
    assert.equal(history.bareApprovals, 1);
    const search = server.requests.filter((request) => request.path === '/search/issues');
    assert.equal(search[0].query.q, `reviewed-by:${REVIEWER} type:pr`);
    assert.equal(search.length, 2, 'three results at two a page');
    const capped = await fetchReviewHistory(client, { login: REVIEWER, limit: 1 });
    assert.equal(capped.pulls, 1);
    assert.ok(capped.comments.every((comment) => comment.pr.number === 32), 'the newest reviewed pull request first');
  });

  it('stores them as github-review memories with stable ids, redacted, and learning again updates instead of duplicating', async () => {
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const pulls = structuredClone(ALL_PULLS);
    pulls[1].comments!.push({ id: 399, login: REVIEWER, body: `Could we not log the token ${secret} here?`, path: 'src/export.ts', line: 30 });
    const local = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls });
    const { twin, home, cleanup } = await openTempTwin();
    try {
      const client = GitHubClient.create({ apiUrl: local.apiUrl, token: TOKEN, env: {} });
      const first = await learnReviews(client, (memories) => twin.remember(memories), { home });
      assert.equal(first.lineComments, 8);
      assert.equal(first.reviewBodies, 3);
      assert.equal(first.created, 11);
      assert.equal(first.redactions, 1);
      const again = await learnReviews(client, (memories) => twin.remember(memories), { home });
      assert.equal(again.created, 0);
      assert.equal(again.updated, 11);
      assert.equal((await twin.stats()).bySource['github-review'], 11);

      const [hit] = await twin.recall('rename tmp to pendingRows', { limit: 1, filter: { source: 'github-review', author: REVIEWER } });
      assert.equal(hit.memory.id, `github-review:${new URL(local.apiUrl).host}:acme/billing:comment:302`, 'hosts other than github.com are part of the id');
      assert.equal(hit.memory.thread, 'acme/billing#30');
      assert.equal(hit.memory.kind, 'episodic');
      assert.equal(hit.memory.file, 'src/export.ts');
      assert.deepEqual([hit.memory.meta.path, hit.memory.meta.line, hit.memory.meta.pr], ['src/export.ts', 20, 'acme/billing#30']);
      const [leaky] = await twin.recall('log the token here', { limit: 1, filter: { source: 'github-review' } });
      assert.ok(!leaky.memory.text.includes(secret) && leaky.memory.text.includes('[REDACTED'));

      const profile = readStyleProfile(home)!;
      assert.equal(profile.reviews?.login, REVIEWER);
      assert.ok(!JSON.stringify(profile).includes(secret), 'the profile holds no secret either');
    } finally {
      await cleanup();
      await local.close();
    }
  });
});
