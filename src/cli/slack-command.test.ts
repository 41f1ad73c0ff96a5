import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { SlackActivityLog } from '../core/slack/slack-activity-log';
import { readSlackVoice } from '../core/slack/slack-voice-profile';
import { startFakeSlackApi, type FakeSlackApi } from '../core/slack/test-support/fake-slack-api';
import { sendEvent } from '../core/slack/test-support/signed-request';
import { BOT_TOKEN, DM_SAM, SAM, SIGNING_SECRET, USER_ID, USER_TOKEN, workspace } from '../core/slack/test-support/slack-fixture';
import { makeTempHome } from '../core/test-support/temp-twin';
import { Twin } from '../core/twin';
import { CLI_BUNDLE, testEnv } from '../sidecar/test-support/sidecar-process';
import { registerSlackCommand, type SlackCommandIo } from './slack-command';

function program(io: Partial<SlackCommandIo>): { run(args: string[]): Promise<void>; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const command = new Command().exitOverride();
  registerSlackCommand(command, { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) }, ...io });
  return { run: (args) => command.parseAsync(['node', 'twin', ...args]).then(() => undefined), out, err };
}

describe('twin slack', function () {
  this.timeout(60_000);
  let home: string;
  let cleanup: () => void;
  let api: FakeSlackApi;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    ({ home, cleanup } = makeTempHome('twin-slack-cli'));
    api = await startFakeSlackApi(workspace());
    api.conversations.get(DM_SAM)!.messages.push(
      { ts: '1700000001.000100', user: SAM, text: 'how do I deploy billing to staging?' },
      { ts: '1700000002.000100', user: USER_ID, text: 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging. Cheers, Alex' },
    );
    env = { TWIN_NO_SIDECAR: '1', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: api.apiUrl, TWIN_EMBEDDER: 'offline' };
  });

  after(async () => {
    await api?.close();
    cleanup?.();
  });

  it('names every missing variable', async () => {
    await assert.rejects(program({ env: {}, home }).run(['slack']), /SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_USER_TOKEN/);
    await assert.rejects(program({ env: { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'b' }, home }).run(['slack']), /needs SLACK_USER_TOKEN in the environment/);
    await assert.rejects(program({ env: {}, home }).run(['slack', 'learn']), /needs SLACK_USER_TOKEN/);
    await assert.rejects(program({ env: { ...env, SLACK_BOT_TOKEN: 'xoxb-revoked' }, home }).run(['slack', '--port', '0']), /Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    await assert.rejects(program({ env: { ...env, SLACK_BOT_TOKEN: USER_TOKEN }, home }).run(['slack', '--port', '0']), /SLACK_BOT_TOKEN is not a bot token/);
    await assert.rejects(program({ env, home }).run(['slack', '--port', '0']), /There is no memory in .* yet: run `twin slack learn` first/);
  });

  it('learns the voice into the store opened directly when no sidecar runs', async () => {
    const cli = program({ env, home });
    await cli.run(['slack', 'learn']);
    assert.match(cli.out.join(''), /Learned 1 of your Slack messages from 3 conversation\(s\)/);
    assert.match(cli.out.join(''), /"identities": \{"slack": \["U0ALEX"\]\}/);
    assert.equal(readSlackVoice(home)!.overall.messages, 1);
    const twin = await Twin.open({ home, readOnly: true });
    try {
      const [hit] = await twin.recall('deploy staging VPN', { filter: { source: 'slack' } });
      assert.equal(hit.memory.id, `slack:${DM_SAM}:1700000002.000100`);
    } finally {
      await twin.close();
    }
  });

  it('runs the app headless until told to stop, without holding the store’s writer lock', async () => {
    let stop: (reason: string) => void = () => undefined;
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const cli = program({ env, home, untilStopped: () => new Promise((resolve) => (stop = resolve)), onListening: listening });
    const running = cli.run(['slack', '--port', '0']);
    const eventsUrl = await url;
    assert.match(eventsUrl, /^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);

    const writer = await Twin.open({ home });
    await writer.close();

    const response = await sendEvent(eventsUrl, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, how do I deploy billing to staging?', ts: '1790000000.000100' }, { authorizations: [{ user_id: USER_ID, is_bot: false }] });
    assert.equal(response.status, 200);
    const deadline = Date.now() + 20_000;
    while (new SlackActivityLog(home).read().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(new SlackActivityLog(home).read()[0].status, 'awaiting-approval');

    stop('test');
    await running;
    assert.match(cli.err.join(''), /no auto-reply allowlist: every reply waits for your approval/);
    assert.match(cli.err.join(''), /Stopping the Slack app \(test\)/);
    await assert.rejects(fetch(eventsUrl, { method: 'POST' }), 'the receiver is closed');
  });

  it('as the bundled `twin slack`, stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [CLI_BUNDLE, 'slack', '--port', '0'], { env: testEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (!/Request URL at (http:\/\/\S+)/.test(stderr)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`twin slack did not start:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const eventsUrl = /Request URL at (http:\/\/\S+)/.exec(stderr)![1];
      const response = await sendEvent(eventsUrl, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, how do I deploy billing to staging now?', ts: '1790000009.000100' }, { authorizations: [{ user_id: USER_ID, is_bot: false }] });
      assert.equal(response.status, 200);
      while (new SlackActivityLog(home).read().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
      assert.equal(new SlackActivityLog(home).read().at(-1)!.status, 'awaiting-approval');
      assert.match(stderr, /Stopping the Slack app \(SIGINT\)/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
