/**
 * The GitHub client against the local fake API: pull requests with paginated files, pull request
 * references (a bare number through a real git clone's origin), and the errors users meet (wrong token,
 * unknown pull request, rate limit, nothing listening), each saying what to do.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unusedPort } from '../models/test-support/fake-openai-server';
import { GitHubClient, resolveGitHubApiUrl } from './github-client';
import { GitHubError } from './github-errors';
import { isCommentableLine, parsePatch } from './patch-lines';
import { parsePullRequestRef, repositoryFromRemote } from './pr-reference';
import { fetchPullRequest } from './pull-request';
import { startFakeGitHubServer, type FakeGitHubServer } from './test-support/fake-github-server';
import { ALL_PULLS, OPEN_PULL, REVIEWER, TOKEN } from './test-support/review-fixtures';

describe('GitHub client', () => {
  let server: FakeGitHubServer;
  before(async () => (server = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls: ALL_PULLS, maxPerPage: 1 })));
  after(() => server.close());

  it('fetches a pull request with every file and its patch, following Link pagination', async () => {
    const client = GitHubClient.create({ apiUrl: server.apiUrl, token: TOKEN, env: {} });
    const before = server.requests.length;
    const pr = await fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 42 });
    assert.equal(pr.title, 'Retry failed invoice uploads');
    assert.equal(pr.author, 'sam');
    assert.equal(pr.headSha, 'a'.repeat(40));
    assert.deepEqual(pr.files.map((file) => [file.path, file.status, file.additions]), [['src/retry.ts', 'modified', 6], ['docs/retry.md', 'added', 2]]);
    assert.match(pr.files[0].patch!, /console\.log/);
    const pages = server.requests.slice(before).filter((request) => request.path.endsWith('/files'));
    assert.equal(pages.length, 2, 'one page per file at one file a page');
    assert.ok(server.requests.slice(before).every((request) => request.authorization === `token ${TOKEN}`));
  });

  it('says the token was rejected and how to set one (401)', async () => {
    const client = GitHubClient.create({ apiUrl: server.apiUrl, token: 'wrong', env: {} });
    await assert.rejects(fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 42 }), (error: GitHubError) => {
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /rejected the token \(401/);
      assert.match(error.message, /GITHUB_TOKEN or TWIN_GITHUB_TOKEN/);
      assert.ok(!error.message.includes('wrong'), 'the token never appears in the message');
      return true;
    });
  });

  it('says the pull request is not there or not visible to the token (404)', async () => {
    const client = GitHubClient.create({ apiUrl: server.apiUrl, token: TOKEN, env: {} });
    await assert.rejects(fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 999 }), (error: GitHubError) => {
      assert.equal(error.kind, 'not-found');
      assert.match(error.message, /no pull request acme\/billing#999, or the token cannot see it \(404\)/);
      return true;
    });
  });

  it('says when the rate limit resets (403 with x-ratelimit-remaining: 0)', async () => {
    const client = GitHubClient.create({ apiUrl: server.apiUrl, token: TOKEN, env: {} });
    const reset = Math.floor(Date.now() / 1000) + 600;
    server.rateLimitNext(1, reset);
    await assert.rejects(fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 42 }), (error: GitHubError) => {
      assert.equal(error.kind, 'rate-limit');
      assert.match(error.message, new RegExp(`resets at ${new Date(reset * 1000).toISOString().slice(0, 16).replace('T', ' ')}`));
      assert.match(error.message, /in 1?\d min/);
      return true;
    });
  });

  it('says GitHub cannot be reached when nothing listens at the API URL', async () => {
    const port = await unusedPort();
    const client = GitHubClient.create({ apiUrl: `http://127.0.0.1:${port}`, token: TOKEN, env: {} });
    await assert.rejects(fetchPullRequest(client, { owner: 'acme', repo: 'billing', number: 42 }), (error: GitHubError) => {
      assert.equal(error.kind, 'network');
      assert.match(error.message, new RegExp(`Cannot reach GitHub at http://127\\.0\\.0\\.1:${port}`));
      assert.match(error.message, /TWIN_GITHUB_API_URL/);
      return true;
    });
  });

  it('takes the token and API URL from the environment, then config.json, then github.com', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-gh-config-'));
    try {
      assert.equal(resolveGitHubApiUrl({ env: {} }), 'https://api.github.com');
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ github: { apiUrl: 'https://ghe.example.com/api/v3/' } }));
      assert.equal(resolveGitHubApiUrl({ env: {}, home }), 'https://ghe.example.com/api/v3');
      assert.equal(resolveGitHubApiUrl({ env: { TWIN_GITHUB_API_URL: server.apiUrl }, home }), server.apiUrl);
      assert.throws(() => resolveGitHubApiUrl({ apiUrl: 'not a url', env: {} }), /is not a URL/);
      assert.equal(GitHubClient.create({ env: { GITHUB_TOKEN: TOKEN } }).authenticated, true);
      assert.equal(GitHubClient.create({ env: {} }).authenticated, false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('pull request references', () => {
  it('reads OWNER/REPO#N and pull request URLs', async () => {
    assert.deepEqual(await parsePullRequestRef('acme/billing#42'), { owner: 'acme', repo: 'billing', number: 42 });
    assert.deepEqual(await parsePullRequestRef('https://github.com/acme/billing/pull/42/files'), { owner: 'acme', repo: 'billing', number: 42 });
    assert.deepEqual(await parsePullRequestRef('https://ghe.example.com/acme/billing.js/pull/7'), { owner: 'acme', repo: 'billing.js', number: 7 });
    await assert.rejects(parsePullRequestRef('https://github.com/acme/billing/issues/4'), /not a pull request URL/);
    await assert.rejects(parsePullRequestRef('acme billing 42'), /not a pull request reference.*OWNER\/REPO#N/);
    await assert.rejects(parsePullRequestRef('42'), /only a number/);
  });

  it('takes the repository of a bare number from the origin remote of a real clone', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-gh-origin-'));
    try {
      execFileSync('git', ['init', '-q', folder]);
      await assert.rejects(parsePullRequestRef('#42', folder), /has no `origin` remote/);
      execFileSync('git', ['-C', folder, 'remote', 'add', 'origin', 'git@github.com:acme/billing.git']);
      assert.deepEqual(await parsePullRequestRef('#42', folder), { owner: 'acme', repo: 'billing', number: 42 });
      assert.deepEqual(repositoryFromRemote('https://github.com/acme/billing'), { owner: 'acme', repo: 'billing' });
      assert.deepEqual(repositoryFromRemote('ssh://git@ghe.example.com:2222/acme/billing.git'), { owner: 'acme', repo: 'billing' });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('patch lines', () => {
  it('numbers added, removed and context lines, and knows which lines take a comment', () => {
    const lines = parsePatch(OPEN_PULL.files![0].patch);
    assert.deepEqual(lines.slice(0, 3).map((line) => [line.kind, line.oldLine, line.newLine]), [['context', 10, 10], ['removed', 11, undefined], ['added', undefined, 11]]);
    assert.ok(isCommentableLine(lines, 11, 'RIGHT'));
    assert.ok(isCommentableLine(lines, 11, 'LEFT'));
    assert.ok(isCommentableLine(lines, 18, 'RIGHT'), 'the trailing context line');
    assert.ok(!isCommentableLine(lines, 19, 'RIGHT'));
    assert.ok(!isCommentableLine(lines, 9, 'RIGHT'));
    assert.ok(isCommentableLine(lines, 12, 'LEFT'), 'an unchanged line on the old side');
    assert.ok(!isCommentableLine(lines, 14, 'LEFT'));
  });
});
