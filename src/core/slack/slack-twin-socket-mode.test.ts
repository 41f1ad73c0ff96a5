import assert from 'node:assert/strict';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import { ACTION_SEND } from './approval-messages';
import { SlackActivityLog } from './slack-activity-log';
import { SlackTwin } from './slack-twin';
import { startFakeSlackApi, type FakeSlackApi } from './test-support/fake-slack-api';
import { startFakeSocketModeServer, type FakeSocketModeServer } from './test-support/fake-socket-mode-server';
import { BOT_TOKEN, DM_SAM, SAM, USER_ID, USER_TOKEN, workspace } from './test-support/slack-fixture';

const APP_TOKEN = 'xapp-1-test-app-token';

describe('SlackTwin over Socket Mode (a real Bolt Socket Mode client and a local WebSocket server)', function () {
  this.timeout(60_000);
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeSlackApi;
  let socket: FakeSocketModeServer;
  let app: SlackTwin;

  before(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    await twin.remember([{ id: 'slack:D0OLD:1.000001', text: 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging. Cheers, Alex', source: 'slack', author: USER_ID, recipients: ['Sam', SAM] }]);
    socket = await startFakeSocketModeServer();
    const options = workspace();
    options.tokens[APP_TOKEN] = { userId: 'A0TWIN', app: true };
    api = await startFakeSlackApi({ ...options, socketModeUrl: () => socket.url });
    const quiet = () => undefined;
    app = await SlackTwin.create({
      home,
      secrets: { botToken: BOT_TOKEN, userToken: USER_TOKEN, appToken: APP_TOKEN, apiUrl: api.apiUrl },
      settings: { enabled: true, socketMode: true, host: '127.0.0.1', port: 0, autoReply: { conversations: [], people: [], minConfidence: 0.8 }, rateLimit: { perConversationPerMinute: 2, globalPerMinute: 10 } },
      recaller: twin,
      isPaused: () => false,
      log: { info: quiet, warn: quiet, error: quiet },
      socketMode: true,
      retries: 0,
    });
    await app.connect();
    await socket.connected();
  });

  after(async () => {
    await app?.stop();
    await socket?.close();
    await api?.close();
    await cleanup?.();
  });

  it('gets its WebSocket URL from apps.connections.open with the app token, acknowledges events and runs the approval flow', async () => {
    const open = api.callsTo('apps.connections.open');
    assert.equal(open.length, 1);
    assert.equal(open[0].token, APP_TOKEN);

    const ack = await socket.deliver('events_api', {
      type: 'event_callback',
      team_id: 'T0TWIN',
      api_app_id: 'A0TWIN',
      event_id: 'Ev0SOCKET1',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ user_id: USER_ID, is_bot: false, team_id: 'T0TWIN' }],
      event: { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, how do I deploy billing to staging?', ts: '1790000001.000100' },
    });
    assert.ok(ack.envelope_id);
    const deadline = Date.now() + 20_000;
    while (new SlackActivityLog(home).read().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await app.settled();
    const [entry] = new SlackActivityLog(home).read();
    assert.equal(entry.status, 'awaiting-approval');
    const approval = api.callsTo('chat.postMessage').find((call) => call.token === BOT_TOKEN)!;
    const approvalTs = api.conversations.get(String(approval.params.channel))!.messages[0].ts;

    await socket.deliver('interactive', {
      type: 'block_actions',
      team: { id: 'T0TWIN' },
      user: { id: USER_ID },
      api_app_id: 'A0TWIN',
      trigger_id: '1.2.3',
      channel: { id: approval.params.channel },
      message: { ts: approvalTs },
      container: { type: 'message', message_ts: approvalTs, channel_id: approval.params.channel },
      actions: [{ type: 'button', action_id: ACTION_SEND, block_id: `twin_approval_${entry.draftId}`, value: entry.draftId, action_ts: '1.2' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.settled();
    const sent = api.callsTo('chat.postMessage').filter((call) => call.token === USER_TOKEN);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].params.channel, DM_SAM);
    assert.equal(new SlackActivityLog(home).read().at(-1)!.status, 'sent-after-approval');
  });
});
