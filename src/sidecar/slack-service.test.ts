import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as path from 'node:path';
import { SlackActivityLog, type SlackActivityEntry } from '../core/slack/slack-activity-log';
import { addToVoiceProfile, emptyVoiceProfile, writeSlackVoice } from '../core/slack/slack-voice-profile';
import { startFakeSlackApi, type FakeSlackApi } from '../core/slack/test-support/fake-slack-api';
import { sendEvent } from '../core/slack/test-support/signed-request';
import { BOT_TOKEN, DM_SAM, SAM, SIGNING_SECRET, USER_ID, USER_TOKEN, workspace } from '../core/slack/test-support/slack-fixture';
import { makeTempHome } from '../core/test-support/temp-twin';
import { SlackService } from './slack-service';
import { SidecarProcess } from './test-support/sidecar-process';

describe('The Slack app inside the sidecar process', function () {
  this.timeout(90_000);
  let home: string;
  let cleanup: () => void;
  let api: FakeSlackApi;
  let sidecar: SidecarProcess | undefined;
  const slackEnv = () => ({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: api.apiUrl });

  beforeEach(async () => {
    ({ home, cleanup } = makeTempHome('twin-slack-sidecar'));
    api = await startFakeSlackApi(workspace());
  });

  afterEach(async () => {
    if (sidecar && sidecar.child.exitCode === null && sidecar.child.signalCode === null) await sidecar.kill('SIGKILL');
    sidecar = undefined;
    await api.close();
    cleanup();
  });

  const writeConfig = (slack: Record<string, unknown>) => fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ slack }));

  async function waitForActivity(count: number): Promise<SlackActivityEntry[]> {
    const deadline = Date.now() + 30_000;
    while (new SlackActivityLog(home).read().length < count) {
      if (Date.now() > deadline) throw new Error(`no activity entry ${count} in time:\n${sidecar?.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return new SlackActivityLog(home).read();
  }

  it('starts when slack.enabled, answers through the approval flow, honours pause, and stops with the sidecar', async () => {
    writeConfig({ enabled: true, host: '127.0.0.1', port: 0 });
    sidecar = await SidecarProcess.start(home, slackEnv());
    await sidecar.waitForLog(/slack: listening on http:\/\/127\.0\.0\.1:\d+\/slack\/events/);
    const url = /slack: listening on (http:\/\/127\.0\.0\.1:\d+\/slack\/events)/.exec(sidecar.stderr)![1];
    await sidecar.request('twin/remember', {
      memories: [{ id: 'slack:D0OLD:1.000001', text: 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging. Cheers, Alex', source: 'slack', author: USER_ID, recipients: ['Sam', SAM] }],
    });

    const forUser = { authorizations: [{ user_id: USER_ID, is_bot: false }] };
    const first = await sendEvent(url, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, how do I deploy billing to staging?', ts: '1790000001.000100' }, forUser);
    assert.equal(first.status, 200);
    const [approval] = await waitForActivity(1);
    assert.equal(approval.status, 'awaiting-approval');
    assert.match(approval.reply, /staging deploys need the VPN first/);
    assert.equal(api.callsTo('chat.postMessage').filter((call) => call.token === BOT_TOKEN).length, 1);

    await sidecar.request('twin/setPaused', { paused: true });
    const callsBefore = api.calls.length;
    await sendEvent(url, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, are you there?', ts: '1790000002.000100' }, forUser);
    const entries = await waitForActivity(2);
    assert.equal(entries[1].status, 'skipped-paused');
    assert.equal(api.calls.length, callsBefore, 'nothing asked of Slack while paused');
    assert.equal(api.callsTo('chat.postMessage').filter((call) => call.token === USER_TOKEN).length, 0);

    const exit = await sidecar.stop();
    assert.equal(exit.code, 0);
    await assert.rejects(fetch(url, { method: 'POST' }), 'the receiver stopped with the sidecar');
  });

  it('runs on without Slack, saying which variables are missing, when enabled but not configured', async () => {
    writeConfig({ enabled: true, port: 0 });
    sidecar = await SidecarProcess.start(home, { SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_USER_TOKEN: '' });
    await sidecar.waitForLog(/slack: not started: The Slack app needs SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_USER_TOKEN/);
    const status = await sidecar.request('twin/status', {});
    assert.equal(status.paused, false);
    assert.equal(api.calls.length, 0);
  });

  it('is configured from VS Code over twin/configureSlack (tokens in memory), reports twin/slackStatus, and stops when turned off', async () => {
    sidecar = await SidecarProcess.start(home, { SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '', SLACK_USER_TOKEN: '', SLACK_API_URL: '' });
    const before = await sidecar.request('twin/slackStatus', {});
    assert.deepEqual(before, { enabled: false, running: false, tokensFrom: 'none' });

    // On, but no tokens yet: not running, and the status says what to do.
    const noTokens = await sidecar.request('twin/configureSlack', { settings: { enabled: true, port: 0 }, apiUrl: api.apiUrl });
    assert.equal(noTokens.running, false);
    assert.match(noTokens.lastError!, /Twin: Connect Slack/);

    const tokens = { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, userToken: USER_TOKEN };
    const status = await sidecar.request('twin/configureSlack', { tokens });
    assert.equal(status.running, true, status.lastError);
    assert.equal(status.mode, 'http');
    assert.equal(status.tokensFrom, 'vscode');
    assert.deepEqual(status.user, { id: USER_ID, name: 'alex' });
    assert.deepEqual(status.team, { id: 'T0TWIN', name: 'Twin Test' });
    assert.equal(status.lastError, undefined);
    assert.match(status.url!, /^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
    assert.equal(status.lastEventAt, undefined);
    assert.ok(!sidecar.stderr.includes(BOT_TOKEN) && !sidecar.stderr.includes(USER_TOKEN) && !sidecar.stderr.includes(SIGNING_SECRET), 'no token in the log');
    const onDisk = (fs.readdirSync(home, { recursive: true }) as string[]).filter((file) => fs.statSync(path.join(home, file)).isFile());
    assert.ok(onDisk.length > 0);
    for (const file of onDisk) assert.ok(!fs.readFileSync(path.join(home, file)).includes(BOT_TOKEN), `no token in ${file}`);

    // The same configuration again keeps the same receiver.
    const again = await sidecar.request('twin/configureSlack', { tokens, settings: { enabled: true, port: 0 } });
    assert.equal(again.url, status.url);

    const forUser = { authorizations: [{ user_id: USER_ID, is_bot: false }] };
    await sidecar.request('twin/remember', {
      memories: [{ id: 'slack:D0OLD:1.000001', text: 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging. Cheers, Alex', source: 'slack', author: USER_ID, recipients: ['Sam', SAM] }],
    });
    // How the user writes to Sam (learned by `twin slack learn`): no greeting, lowercase.
    const toSam = ['on it', 'yep, merged', 'sure, after lunch', 'no, wait for CI'].map((text, i) => ({ memoryId: `slack:${DM_SAM}:17${i}.0001`, text, timestamp: i, channelId: DM_SAM, personId: SAM, personName: 'Sam' }));
    writeSlackVoice(home, addToVoiceProfile(emptyVoiceProfile(USER_ID), toSam));
    const sent = Date.now();
    const response = await sendEvent(status.url!, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, how do I deploy billing to staging?', ts: '1790000003.000100' }, forUser);
    assert.equal(response.status, 200);
    const [approval] = await waitForActivity(1);
    assert.equal(approval.status, 'awaiting-approval');
    const approvals = api.callsTo('chat.postMessage').filter((call) => call.token === BOT_TOKEN);
    assert.equal(approvals.length, 1, 'the user was sent an approval message by the app');
    assert.match(JSON.stringify(approvals[0].params), /Send as me/);
    assert.match(approval.reply, /^staging deploys need the VPN first/, 'drafted in the voice the user has with Sam: no "Hey Sam,"');
    const after = await sidecar.request('twin/slackStatus', {});
    assert.ok(after.lastEventAt! >= sent - 1000, 'the event is reported');

    // A wrong signature is refused by the receiver the extension configured.
    assert.equal((await sendEvent(status.url!, 'not-the-secret', { type: 'message', channel: DM_SAM, user: SAM, text: 'hi', ts: '1790000004.000100' }, forUser)).status, 401);

    const off = await sidecar.request('twin/configureSlack', { settings: { enabled: false } });
    assert.deepEqual([off.enabled, off.running], [false, false]);
    await assert.rejects(fetch(status.url!, { method: 'POST' }), 'the port is closed once Slack is turned off');
    assert.match(sidecar.stderr, /slack: stopped/);

    // Disconnect (tokens forgotten) while on: not running, and nothing falls back to stale tokens.
    await sidecar.request('twin/configureSlack', { settings: { enabled: true, port: 0 } });
    const disconnected = await sidecar.request('twin/configureSlack', { tokens: null });
    assert.deepEqual([disconnected.running, disconnected.tokensFrom], [false, 'none']);
    await assert.rejects(sidecar.request('twin/configureSlack', { settings: { port: 'x' as never } }), /"settings.port" must be a port number/);
  });

  it('does not start the app unless slack.enabled is true', async () => {
    writeConfig({ enabled: false, port: 0 });
    sidecar = await SidecarProcess.start(home, slackEnv());
    await sidecar.request('twin/status', {});
    assert.doesNotMatch(sidecar.stderr, /slack:/);
    assert.equal(api.calls.length, 0);
  });
});

describe('SlackService when the receiver cannot bind its port', function () {
  this.timeout(30_000);
  let home: string;
  let cleanup: () => void;
  let api: FakeSlackApi;
  let squatter: Server;
  let service: SlackService | undefined;
  const warnings: string[] = [];

  beforeEach(async () => {
    ({ home, cleanup } = makeTempHome('twin-slack-port'));
    api = await startFakeSlackApi(workspace());
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    service = new SlackService({
      home,
      recaller: { recall: async () => [] },
      isPaused: () => false,
      log: { debug: () => undefined, info: () => undefined, warn: (line) => warnings.push(line), error: () => undefined },
      env: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: api.apiUrl },
    });
  });

  afterEach(async () => {
    await service?.stop();
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    await api.close();
    cleanup();
  });

  it('says the port is taken and what to set, and starts once given a free one', async () => {
    const taken = (squatter.address() as { port: number }).port;
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ slack: { enabled: true, host: '127.0.0.1', port: taken } }));
    await service!.start();
    const status = service!.status();
    assert.equal(status.running, false);
    const expected = `Port ${taken} on 127.0.0.1 is taken: set twin.slack.port (or slack.port in config.json) to a free port, or turn on twin.slack.socketMode.`;
    assert.equal(status.lastError, expected);
    assert.ok(warnings.includes(`slack: not started: ${expected}`));

    const moved = await service!.configure({ settings: { port: 0 } });
    assert.equal(moved.running, true, moved.lastError);
    assert.equal(moved.lastError, undefined);
  });

  it('says when the host is not an address of this machine', async () => {
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ slack: { enabled: true, host: '192.0.2.1', port: 0 } }));
    await service!.start();
    assert.equal(service!.status().lastError, '192.0.2.1 is not an address of this machine (EADDRNOTAVAIL): set twin.slack.host (or slack.host in config.json) to one, such as 127.0.0.1.');
  });
});
