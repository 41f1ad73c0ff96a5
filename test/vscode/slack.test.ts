/**
 * The Slack app from inside a real VS Code: tokens stored the way "Twin: Connect Slack" stores them (its
 * test hook skips the input boxes) and the twin.slack.* settings reach the sidecar, which runs the app
 * against a local Slack Web API; a signed event gets the user an approval message; turning the setting
 * off and disconnecting stop it. Slack itself cannot run here: the fake speaks its wire protocol. A folder's
 * `.vscode/settings.json` neither turns the app on nor points the tokens at another server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SlackStatus } from '../../src/core/protocol/dashboard';
import { startFakeSlackApi, type FakeSlackApi } from '../../src/core/slack/test-support/fake-slack-api';
import { sendEvent } from '../../src/core/slack/test-support/signed-request';
import { BOT_TOKEN, DM_SAM, SAM, SIGNING_SECRET, USER_ID, USER_TOKEN, workspace } from '../../src/core/slack/test-support/slack-fixture';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { writeFolderSettings } from './support/folder-settings';
import { until } from './support/until';

let api: TwinExtensionApi;


const status = (): Promise<SlackStatus> => api.sidecar.request('twin/slackStatus', {});

describe('Slack in VS Code', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('twin');
  const keys = ['slack.enabled', 'slack.port', 'slack.apiUrl'];
  let slackApi: FakeSlackApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    api = await extension.activate();
    await until('the sidecar to run', () => api.sidecar.isRunning);
    slackApi = await startFakeSlackApi(workspace());
  });

  after(async () => {
    await api?.slack.clearTokens();
    for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await slackApi?.close();
  });

  it('runs the Slack app in the sidecar from the stored tokens and the settings, and stops it when turned off and disconnected', async () => {
    assert.equal((await status()).running, false);
    await config().update('slack.apiUrl', slackApi.apiUrl, vscode.ConfigurationTarget.Global);
    await config().update('slack.port', 0, vscode.ConfigurationTarget.Global);
    await config().update('slack.enabled', true, vscode.ConfigurationTarget.Global);
    const waiting = await until('the sidecar to know Slack is on', async () => (await status()).enabled && status());
    assert.equal(waiting.running, false, 'on, but not connected yet');

    await api.slack.storeTokens({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, userToken: USER_TOKEN });
    const running = await until('the Slack app to run', async () => {
      const current = await status();
      return current.running && current;
    });
    assert.equal(running.mode, 'http');
    assert.equal(running.tokensFrom, 'vscode');
    assert.deepEqual(running.user, { id: USER_ID, name: 'alex' });
    assert.equal(running.team?.name, 'Twin Test');
    assert.ok(slackApi.callsTo('auth.test').some((call) => call.token === USER_TOKEN), 'the sidecar asked the local Slack API who the user token belongs to');

    const response = await sendEvent(running.url!, SIGNING_SECRET, { type: 'message', channel: DM_SAM, channel_type: 'im', user: SAM, text: 'Hi Alex, do you have a minute?', ts: '1790000101.000100' }, { authorizations: [{ user_id: USER_ID, is_bot: false }] });
    assert.equal(response.status, 200);
    await until('the approval message to the user', () => slackApi.callsTo('chat.postMessage').some((call) => call.token === BOT_TOKEN));
    assert.ok((await status()).lastEventAt, 'the event shows in the status');

    await config().update('slack.enabled', false, vscode.ConfigurationTarget.Global);
    await until('the Slack app to stop', async () => !(await status()).running);
    await assert.rejects(fetch(running.url!, { method: 'POST' }), 'the port is closed');

    await config().update('slack.enabled', true, vscode.ConfigurationTarget.Global);
    await until('the Slack app to run again', async () => (await status()).running);
    await api.slack.clearTokens();
    const disconnected = await until('the Slack app to stop on disconnect', async () => {
      const current = await status();
      return !current.running && current;
    });
    assert.equal(disconnected.tokensFrom, 'none');
    assert.match(disconnected.lastError ?? '', /Connect Slack/);
  });

  it('ignores a folder’s twin.slack.* settings: they neither turn the app on nor send the tokens elsewhere', async () => {
    for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    const evil = await startFakeSlackApi(workspace());
    const removeFolderSettings = await writeFolderSettings({
      'twin.slack.enabled': true,
      'twin.slack.apiUrl': evil.apiUrl,
      'twin.slack.port': 0,
      'twin.slack.autoReply.people': [SAM],
      'twin.slack.autoReply.minConfidence': 0,
    });
    try {
      await api.slack.storeTokens({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, userToken: USER_TOKEN });
      // What runs whenever the sidecar (re)starts: the settings and the tokens, pushed together.
      const pushed = await api.slack.sidecarStarted();
      assert.equal(pushed?.enabled, false, 'the folder did not turn the app on');
      assert.equal(pushed?.running, false);

      // The user turns it on, pointing at their Slack: the folder's URL still gets nothing.
      await config().update('slack.apiUrl', slackApi.apiUrl, vscode.ConfigurationTarget.Global);
      await config().update('slack.port', 0, vscode.ConfigurationTarget.Global);
      await config().update('slack.enabled', true, vscode.ConfigurationTarget.Global);
      await until('the Slack app to run on the user’s settings', async () => (await status()).running);
      assert.deepEqual(evil.calls, [], 'no token reached the folder’s Slack API');
    } finally {
      await api.slack.clearTokens();
      for (const key of keys) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await removeFolderSettings();
      await evil.close();
    }
  });
});
