import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { webApi } from '@slack/bolt';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import { AutoSentLedger } from './auto-sent-ledger';
import { learnSlackVoice, slackCursorsPath } from './slack-voice-learner';
import { describeVoice, readSlackVoice } from './slack-voice-profile';
import { startFakeSlackApi, type FakeSlackApi } from './test-support/fake-slack-api';
import { BILLING, BOT_USER_ID, DM_PRIYA, DM_SAM, PRIYA, SAM, USER_ID, USER_TOKEN, workspace } from './test-support/slack-fixture';

describe('learnSlackVoice (history read with the user token from a recording Web API)', function () {
  this.timeout(60_000);
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;
  let api: FakeSlackApi;

  before(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    api = await startFakeSlackApi(workspace());
    const sam = api.conversations.get(DM_SAM)!;
    sam.messages.push(
      { ts: '1700000001.000100', user: SAM, text: 'hey, can you look at the billing deploy?' },
      { ts: '1700000002.000100', user: USER_ID, text: 'hey sam, sure, looking now 👀' },
      { ts: '1700000003.000100', user: USER_ID, text: 'hey, found it: the VPN was down' },
      { ts: '1700000004.000100', user: USER_ID, subtype: 'channel_join', text: 'alex has joined' },
    );
    api.conversations.get(DM_PRIYA)!.messages.push(
      { ts: '1700000005.000100', user: PRIYA, text: 'Lunch Thursday?' },
      { ts: '1700000006.000100', user: USER_ID, text: 'Sounds good, Thursday works for me.\nCheers' },
    );
    api.conversations.get(BILLING)!.messages.push(
      { ts: '1700000007.000100', user: SAM, text: 'Deploy to staging is failing again' },
      { ts: '1700000008.000100', user: USER_ID, thread_ts: '1700000007.000100', text: 'Looking into it, probably the VPN again' },
      { ts: '1700000009.000100', user: PRIYA, thread_ts: '1700000007.000100', text: 'thanks!' },
      { ts: '1700000010.000100', user: BOT_USER_ID, bot_id: 'B0TWINBOT', text: 'Deploy bot: staging is green' },
      { ts: '1700000011.000100', user: USER_ID, text: 'Heads up: billing deploys need the VPN.' },
      // A reply the twin sent by itself: its voice, not the user's.
      { ts: '1700000012.000100', user: USER_ID, text: 'Hey Sam, staging deploys need the VPN first.' },
    );
    new AutoSentLedger(home).add(BILLING, '1700000012.000100');
  });

  after(async () => {
    await api?.close();
    await cleanup?.();
  });

  const client = () => new webApi.WebClient(USER_TOKEN, { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });

  it("stores only the user's own messages, with deterministic ids, recipients and threads", async () => {
    const report = await learnSlackVoice({ userClient: client(), memory: twin, home });
    assert.equal(report.userId, USER_ID);
    assert.equal(report.conversations, 3);
    assert.equal(report.messages, 5);
    assert.deepEqual(report.failed, []);
    assert.ok(report.skipped >= 6, 'others, the bot, the join and the automatic reply are left out');

    const stored = (await twin.recall('deploy staging VPN lunch looking', { limit: 50, filter: { source: 'slack' } })).map((result) => result.memory);
    const ids = stored.map((memory) => memory.id).sort();
    assert.deepEqual(ids, [
      `slack:${BILLING}:1700000008.000100`,
      `slack:${BILLING}:1700000011.000100`,
      `slack:${DM_PRIYA}:1700000006.000100`,
      `slack:${DM_SAM}:1700000002.000100`,
      `slack:${DM_SAM}:1700000003.000100`,
    ]);
    assert.ok(stored.every((memory) => memory.author === USER_ID));
    const toSam = stored.find((memory) => memory.id === `slack:${DM_SAM}:1700000002.000100`)!;
    assert.deepEqual(toSam.recipients, ['Sam', SAM]);
    assert.equal(toSam.timestamp, 1700000002000);
    const threadReply = stored.find((memory) => memory.id === `slack:${BILLING}:1700000008.000100`)!;
    assert.equal(threadReply.thread, '1700000007.000100');
    assert.equal(threadReply.channel, '#billing');
    assert.deepEqual(threadReply.recipients, ['Sam', SAM], 'a thread reply answers whoever started the thread');

    const profile = readSlackVoice(home)!;
    assert.equal(profile.userId, USER_ID);
    assert.equal(profile.overall.messages, 5);
    assert.equal(profile.channels[DM_SAM].messages, 2);
    assert.equal(profile.channels[DM_SAM].name, 'Sam');
    assert.equal(profile.channels[DM_SAM].greetings, 2);
    assert.equal(profile.channels[DM_SAM].lowercaseStarts, 2);
    assert.equal(profile.channels[DM_SAM].emoji, 1);
    assert.deepEqual(profile.channels[DM_SAM].exemplarIds, [`slack:${DM_SAM}:1700000003.000100`, `slack:${DM_SAM}:1700000002.000100`]);
    assert.equal(profile.people[SAM].messages, 3, 'two DMs and one thread reply to Sam');
    assert.equal(profile.people[PRIYA].signOffs, 1);
    assert.match(describeVoice(profile.channels[DM_SAM]).join('; '), /opens with a greeting \(100%\); starts in lowercase \(100%\); uses emoji \(50%\)/);
    assert.equal((fs.statSync(report.profilePath).mode & 0o777).toString(8), '600');
  });

  it('reads only what is new on the next run, by its cursor per conversation', async () => {
    const cursors = JSON.parse(fs.readFileSync(slackCursorsPath(home), 'utf8')) as Record<string, string>;
    assert.equal(cursors[DM_SAM], '1700000004.000100');
    api.conversations.get(DM_SAM)!.messages.push({ ts: '1700000020.000100', user: USER_ID, text: 'hey, all green now' });
    const historyCallsBefore = api.callsTo('conversations.history').length;
    const report = await learnSlackVoice({ userClient: client(), memory: twin, home });
    assert.equal(report.messages, 1);
    const samHistory = api.callsTo('conversations.history').slice(historyCallsBefore).find((call) => call.params.channel === DM_SAM)!;
    assert.equal(samHistory.params.oldest, '1700000004.000100');
    assert.equal(readSlackVoice(home)!.overall.messages, 6);
  });

  it('says clearly when the token is not accepted', async () => {
    const bad = new webApi.WebClient('xoxp-wrong', { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
    await assert.rejects(learnSlackVoice({ userClient: bad, memory: twin, home }), /invalid_auth/);
  });
});
