/**
 * `twin learn-reviews` and `twin draft review` end to end, in-process (a fresh commander program, output
 * captured) against the fake GitHub API and a real TWIN_HOME: learn the voice, draft offline and with a
 * model, a bare number resolved through a real clone's origin, feedback, and posting only when confirmed.
 * (It lives here because the github folder owns it; it tests src/cli/review-command.ts.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { registerDraftCommand } from '../../cli/draft-command';
import { registerLearnReviewsCommand } from '../../cli/review-command';
import { readFeedback } from '../drafting/feedback';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { makeTempHome } from '../test-support/temp-twin';
import { startFakeGitHubServer, type FakeGitHubServer } from './test-support/fake-github-server';
import { ALL_PULLS, REVIEWER, TOKEN } from './test-support/review-fixtures';

interface Run {
  stdout: string;
  stderr: string;
}

async function twin(args: string[], options: { home: string; env: NodeJS.ProcessEnv; tty?: boolean; stdin?: string }): Promise<Run> {
  const run: Run = { stdout: '', stderr: '' };
  const program = new Command()
    .name('twin')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (run.stdout += text), writeErr: (text) => (run.stderr += text) });
  const stdin = Object.assign(Readable.from([options.stdin ?? '']), { isTTY: options.tty ?? false });
  const io = { home: options.home, env: options.env, stdout: { write: (text: string) => (run.stdout += text) }, stderr: { write: (text: string) => (run.stderr += text) }, stdin };
  registerDraftCommand(program, io);
  registerLearnReviewsCommand(program, io);
  await program.parseAsync(args, { from: 'user' });
  return run;
}

describe('twin learn-reviews / twin draft review', function () {
  this.timeout(60_000);
  let github: FakeGitHubServer;
  let temp: { home: string; cleanup(): void };
  let clone: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    github = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls: ALL_PULLS, maxPerPage: 2 });
    temp = makeTempHome('twin-review-cli');
    env = { GITHUB_TOKEN: TOKEN, TWIN_GITHUB_API_URL: github.apiUrl, TWIN_NO_SIDECAR: '1' };
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-review-clone-'));
    execFileSync('git', ['init', '-q', clone]);
    execFileSync('git', ['-C', clone, 'remote', 'add', 'origin', 'https://github.com/acme/billing.git']);
  });
  after(async () => {
    await github.close();
    temp.cleanup();
    fs.rmSync(clone, { recursive: true, force: true });
  });

  it('learns the review voice, then drafts offline in it: comments as path:line: body on stdout, provenance on stderr, feedback works', async () => {
    const learned = await twin(['learn-reviews'], { home: temp.home, env });
    assert.match(learned.stdout, /^Learned 7 review comments and 3 review bodies by alex from 3 pull requests in \d+\.\d s \(10 new, 0 learned before\)\.\n$/);
    assert.match(learned.stderr, /reading reviews: 3\/3 pull requests/);
    const again = await twin(['learn-reviews', '--json'], { home: temp.home, env });
    assert.deepEqual([JSON.parse(again.stdout).created, JSON.parse(again.stdout).updated], [0, 10]);

    const run = await twin(['draft', 'review', 'acme/billing#42'], { home: temp.home, env });
    assert.equal(
      run.stdout,
      'src/retry.ts:11: nit: could we remove this debug output before merging?\n' +
        'src/retry.ts:12: nit: could we resolve this TODO or link it to an issue?\n\n' +
        'Could we add tests for the change to src/retry.ts (no test file changes in this pull request)?\n\n2 comments inline.\n',
    );
    assert.match(run.stderr, /^No model configured .*using the offline drafter\./);
    assert.match(run.stderr, /drafter: offline; confidence 0\.\d+; draft [0-9a-f-]{36}/);
    assert.match(run.stderr, /notice: Drafted offline by Twin/);
    assert.match(run.stderr, /style:\n {2}pull request: acme\/billing#42 \(2 files, \+8 −1\)/);
    assert.match(run.stderr, /voice tone: hedged/);
    const draftId = /draft ([0-9a-f-]{36})/.exec(run.stderr)![1];
    await twin(['draft', 'feedback', draftId, 'up'], { home: temp.home, env });
    const [entry] = readFeedback(temp.home);
    assert.equal(entry.channel, 'review');
    assert.ok(entry.exemplarIds.length > 0);
    assert.equal(github.postedReviews.length, 0, 'nothing is posted unless asked');
  });

  it('drafts with a model for a bare number in a clone (--json), and --post --yes posts it as a COMMENT review', async () => {
    const reply = JSON.stringify({ summary: 'Could we add a test for the retry loop?', comments: [{ path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' }] });
    const model = await startFakeOpenAIServer({ reply });
    try {
      const run = await twin(['draft', 'review', '42', '--repo', clone, '--json', '--post', '--yes'], { home: temp.home, env: { ...env, TWIN_MODEL_URL: model.baseUrl, TWIN_MODEL: 'fake-model' } });
      const json = JSON.parse(run.stdout);
      assert.equal(json.pr, 'acme/billing#42');
      assert.equal(json.drafter, 'model');
      assert.deepEqual(json.comments, [{ path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' }]);
      assert.match(model.chatRequests[0].body!.messages![1].content, /R11 \+ {2}console\.log/);
      assert.match(run.stderr, /Posted review \d+ with 1 comment: https:\/\/github\.com\/acme\/billing\/pull\/42#pullrequestreview-\d+\./);
      assert.deepEqual(github.postedReviews.at(-1), {
        owner: 'acme',
        repo: 'billing',
        number: 42,
        body: 'Could we add a test for the retry loop?',
        event: 'COMMENT',
        commit_id: 'a'.repeat(40),
        comments: [{ path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' }],
      });
    } finally {
      await model.close();
    }
  });

  it('posts only after a y on a terminal; N or no terminal posts nothing', async () => {
    const posted = github.postedReviews.length;
    const declined = await twin(['draft', 'review', 'https://github.com/acme/billing/pull/42', '--post'], { home: temp.home, env, tty: true, stdin: 'n\n' });
    assert.match(declined.stderr, /Post this review \(2 comments\) to acme\/billing#42 as you\? \[y\/N\] Not posted\./);
    await assert.rejects(twin(['draft', 'review', 'acme/billing#42', '--post'], { home: temp.home, env }), /Not posted: --post asks for confirmation on a terminal; pass --yes/);
    assert.equal(github.postedReviews.length, posted);
    const accepted = await twin(['draft', 'review', 'acme/billing#42', '--post'], { home: temp.home, env, tty: true, stdin: 'y\n' });
    assert.match(accepted.stderr, /Posted review \d+ with 2 comments/);
    assert.equal(github.postedReviews.length, posted + 1);
  });

  it('fails with what to do: an unknown pull request, a wrong token', async () => {
    await assert.rejects(twin(['draft', 'review', 'acme/billing#7'], { home: temp.home, env }), /GitHub has no pull request acme\/billing#7, or the token cannot see it \(404\)/);
    await assert.rejects(twin(['learn-reviews'], { home: temp.home, env: { ...env, GITHUB_TOKEN: 'nope' } }), /rejected the token \(401 Bad credentials\).*GITHUB_TOKEN/);
  });
});
