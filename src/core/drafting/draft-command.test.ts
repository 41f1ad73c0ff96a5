/**
 * `twin draft …` in-process: `registerDraftCommand` on a fresh commander program, stdout and stderr
 * captured. (It lives here because the drafting folder owns it; it tests src/cli/draft-command.ts.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { registerDraftCommand } from '../../cli/draft-command';
import type { TempGitRepo } from '../git/test-support/temp-git-repo';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { makeTempHome, openTempTwin } from '../test-support/temp-twin';
import { feedbackPath, readFeedback } from './feedback';
import { buildConventionalRepo } from './test-support/convention-repos';

interface Run {
  stdout: string;
  stderr: string;
}

async function twinDraft(args: string[], options: { home: string; env?: NodeJS.ProcessEnv; stdin?: string }): Promise<Run> {
  const run: Run = { stdout: '', stderr: '' };
  const program = new Command()
    .name('twin')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (run.stdout += text), writeErr: (text) => (run.stderr += text) });
  registerDraftCommand(program, {
    home: options.home,
    env: options.env ?? {},
    stdout: { write: (text: string) => (run.stdout += text) },
    stderr: { write: (text: string) => (run.stderr += text) },
    stdin: Readable.from([options.stdin ?? '']),
  });
  await program.parseAsync(['draft', ...args], { from: 'user' });
  return run;
}

describe('twin draft (registerDraftCommand)', () => {
  let repo: TempGitRepo;
  let temp: { home: string; cleanup(): void };

  before(() => (repo = buildConventionalRepo()));
  after(() => repo.cleanup());
  beforeEach(() => (temp = makeTempHome('twin-draft-cli')));
  afterEach(() => temp.cleanup());

  it('draft commit prints the message alone on stdout and the provenance on stderr, offline when no model is configured', async () => {
    const run = await twinDraft(['commit', '--repo', repo.root, '--no-memory'], { home: temp.home });
    assert.match(run.stdout, /^(feat|fix)\(api\): [a-z][^\n]*\n$/);
    assert.match(run.stderr, /^No model configured .*using the offline drafter\./);
    assert.match(run.stderr, /drafter: offline; confidence 0\.\d+; draft [0-9a-f-]{36}/);
    assert.match(run.stderr, /notice: Drafted offline/);
    assert.match(run.stderr, /style:\n  learned from/);
    assert.match(run.stderr, /exemplars \(your own writing\):\n {2}\d\.\d\d {2}[0-9a-f]{40} {2}(feat|fix)\(/);
  });

  it('draft commit --json uses the model from TWIN_MODEL_URL/TWIN_MODEL', async () => {
    const server = await startFakeOpenAIServer({ reply: 'feat(api): add retryBudget' });
    try {
      const run = await twinDraft(['commit', '--repo', repo.root, '--no-memory', '--json'], { home: temp.home, env: { TWIN_MODEL_URL: server.baseUrl, TWIN_MODEL: 'fake-model' } });
      const json = JSON.parse(run.stdout);
      assert.equal(json.text, 'feat(api): add retryBudget');
      assert.equal(json.drafter, 'model');
      assert.equal(json.model, 'fake-model');
      assert.ok(json.confidence > 0);
      assert.ok(json.provenance.style.includes('conventional: true'));
      assert.equal(run.stderr, '');
      assert.equal(server.chatRequests.length, 1);
    } finally {
      await server.close();
    }
  });

  it('draft reply reads the message from stdin, drafts from memory, and draft feedback records a verdict on it', async () => {
    const { twin, home, cleanup } = await openTempTwin();
    try {
      await twin.remember([
        { id: 'me-deploy', text: 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging from the billing repo. Cheers, Alex', source: 'slack', author: 'alex' },
        { id: 'me-lunch', text: 'Sounds good, lunch on Thursday works for me. Cheers, Alex', source: 'slack', author: 'alex' },
      ]);
      await twin.close();
      fs.writeFileSync(`${home}/config.json`, JSON.stringify({ identities: { slack: ['alex'] } }));

      const run = await twinDraft(['reply', '--channel', 'slack', '-'], { home, stdin: 'Hi Alex, how do I deploy billing to staging?\n\nThanks, Jo' });
      assert.match(run.stdout, /staging deploys need the VPN first/);
      assert.match(run.stderr, /drafter: offline/);
      assert.match(run.stderr, /exemplars \(your own writing\):\n {2}\d\.\d\d {2}me-deploy/);
      const draftId = /draft ([0-9a-f-]{36})/.exec(run.stderr)![1];
      assert.match(run.stderr, new RegExp(`rate it: twin draft feedback ${draftId} up\\|down`));

      await twinDraft(['feedback', draftId, 'down'], { home });
      assert.deepEqual(readFeedback(home).map((entry) => [entry.draftId, entry.verdict, entry.exemplarIds]), [[draftId, 'down', ['me-deploy']]]);
      assert.equal(fs.statSync(feedbackPath(home)).mode & 0o777, 0o600);
    } finally {
      await cleanup();
    }
  });

  it('draft reply needs --channel slack|email', async () => {
    await assert.rejects(twinDraft(['reply', '-'], { home: temp.home }), /--channel/);
    await assert.rejects(twinDraft(['reply', '--channel', 'irc', '-'], { home: temp.home }), /Allowed choices are slack, email/);
  });
});
