import assert from 'node:assert/strict';
import { webApi } from '@slack/bolt';
import { makeTempHome } from '../test-support/temp-twin';
import { resolveAllowlist } from './allowlist-resolver';
import { SlackTwin } from './slack-twin';
import { startFakeSlackApi, type FakeSlackApi } from './test-support/fake-slack-api';
import { BILLING, BOT_TOKEN, PRIYA, SAM, SIGNING_SECRET, USER_TOKEN, workspace } from './test-support/slack-fixture';

describe('resolveAllowlist (users.list and conversations.list on a recording Web API)', function () {
  this.timeout(30_000);
  let api: FakeSlackApi;
  let client: webApi.WebClient;

  before(async () => {
    api = await startFakeSlackApi(workspace());
    // Display and real names anyone can choose; two accounts sharing a handle; a deactivated one.
    api.users.set('U0MALLORY', { id: 'U0MALLORY', name: 'mallory', displayName: 'sam', realName: 'sam' });
    api.users.set('U0JO1', { id: 'U0JO1', name: 'jo', realName: 'Jo One' });
    api.users.set('U0JO2', { id: 'U0JO2', name: 'jo', realName: 'Jo Two' });
    api.users.set('U0OLDKIM', { id: 'U0OLDKIM', name: 'kim', deleted: true });
    api.users.set('U0KIM', { id: 'U0KIM', name: 'kim' });
    client = new webApi.WebClient(USER_TOKEN, { slackApiUrl: api.apiUrl, retryConfig: { retries: 0 } });
  });
  after(() => api?.close());

  it('resolves handles by the unique handle alone, reading every page', async () => {
    api.calls.length = 0;
    const resolved = await resolveAllowlist({ people: ['@Priya', 'sam', 'kim', 'U0JO1'], conversations: [], minConfidence: 0.8 }, client, { pageSize: 2 });
    assert.deepEqual([...resolved.people], [['priya', PRIYA], ['sam', SAM], ['kim', 'U0KIM']], 'Mallory’s display name "sam" does not count; the deactivated kim is skipped');
    assert.deepEqual(resolved.problems, []);
    const pages = api.callsTo('users.list');
    assert.equal(pages.length, 5, '9 members, 2 a page');
    assert.ok(pages.slice(1).every((call) => typeof call.params.cursor === 'string' && call.params.cursor !== ''), 'each later page asked for by its cursor');
    assert.equal(api.callsTo('conversations.list').length, 0, 'no channel names, no channel listing');
  });

  it('ignores, and says so, a handle that matches no one or several people, and a #name that matches no channel', async () => {
    const resolved = await resolveAllowlist({ people: ['jo', 'nobody', 'priya'], conversations: ['#Billing', 'C0SUPPORT', '#nowhere'], minConfidence: 0.8 }, client, { pageSize: 3 });
    assert.deepEqual([...resolved.people], [['priya', PRIYA]]);
    assert.deepEqual([...resolved.conversations], [['billing', BILLING]]);
    assert.deepEqual(resolved.problems, [
      'auto-reply allowlist: 2 Slack members have the handle "jo" (U0JO1, U0JO2), so it is ignored; list the user id you mean.',
      'auto-reply allowlist: no Slack member has the handle "nobody", so it is ignored; list their user id (U…) instead.',
      'auto-reply allowlist: no channel you can see is named "#nowhere", so it is ignored; list its conversation id (C…) instead.',
    ]);
  });

  it('ignores every handle, saying why, when Slack will not list its members', async () => {
    api.failNext('users.list', 'missing_scope');
    const resolved = await resolveAllowlist({ people: ['priya', 'U0JO1'], conversations: [], minConfidence: 0.8 }, client);
    assert.equal(resolved.people.size, 0);
    assert.deepEqual(resolved.problems, ['auto-reply allowlist: could not list Slack members to look up "priya" (missing_scope), so they are ignored; list user ids (U…) instead, or give the user token users:read.']);
  });

  it('reports what it could not resolve as the app’s last error and in its log when the app starts', async () => {
    const { home, cleanup } = makeTempHome('twin-slack-allowlist');
    const warnings: string[] = [];
    try {
      const app = await SlackTwin.create({
        home,
        secrets: { signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, userToken: USER_TOKEN, apiUrl: api.apiUrl },
        settings: { enabled: true, socketMode: false, host: '127.0.0.1', port: 0, autoReply: { conversations: ['#billing'], people: ['jo', 'priya'], minConfidence: 0.8 }, rateLimit: { perConversationPerMinute: 2, globalPerMinute: 10 } },
        recaller: { recall: async () => [] },
        isPaused: () => false,
        log: { info: () => undefined, warn: (line) => warnings.push(line), error: () => undefined },
        retries: 0,
      });
      assert.match(app.lastError!.message, /2 Slack members have the handle "jo"/);
      assert.deepEqual(warnings, ['slack: auto-reply allowlist: 2 Slack members have the handle "jo" (U0JO1, U0JO2), so it is ignored; list the user id you mean.']);
      await app.stop();
    } finally {
      cleanup();
    }
  });
});
