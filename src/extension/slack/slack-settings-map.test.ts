import * as assert from 'node:assert/strict';
import { slackSettingsChange, slackTokenProblem } from './slack-settings-map';

describe('VS Code Slack settings → sidecar', () => {
  it('sends only what the user set, in config.json’s shape', () => {
    const set: Record<string, unknown> = {
      'slack.enabled': true,
      'slack.port': 3100,
      'slack.socketMode': false,
      'slack.autoReply.people': [' U0SAM ', '', 'priya'],
      'slack.autoReply.minConfidence': 0.9,
      'slack.apiUrl': ' http://127.0.0.1:9000/api/ ',
    };
    assert.deepEqual(slackSettingsChange((key) => set[key]), {
      settings: { enabled: true, socketMode: false, port: 3100, autoReply: { people: ['U0SAM', 'priya'], minConfidence: 0.9 } },
      apiUrl: 'http://127.0.0.1:9000/api/',
    });
  });

  it('sends an empty override when nothing was set, so config.json stays in force', () => {
    assert.deepEqual(slackSettingsChange(() => undefined), { settings: {}, apiUrl: '' });
  });

  it('maps host and allowlisted conversations, ignoring a blank host', () => {
    assert.deepEqual(slackSettingsChange((key) => ({ 'slack.host': '0.0.0.0', 'slack.autoReply.conversations': ['#team-billing'] })[key]).settings, {
      host: '0.0.0.0',
      autoReply: { conversations: ['#team-billing'] },
    });
    assert.deepEqual(slackSettingsChange((key) => ({ 'slack.host': '  ' })[key]).settings, {});
  });

  it('catches a token pasted in the wrong box before Slack refuses it', () => {
    assert.equal(slackTokenProblem('botToken', 'xoxb-1-2-abc'), undefined);
    assert.match(slackTokenProblem('botToken', 'xoxp-1-2-abc')!, /start with xoxb-.*Bot User OAuth Token/);
    assert.match(slackTokenProblem('userToken', 'xoxb-1')!, /start with xoxp-/);
    assert.match(slackTokenProblem('signingSecret', 'xoxb-1')!, /not the signing secret/);
    assert.equal(slackTokenProblem('appToken', '', { optional: true }), undefined);
    assert.match(slackTokenProblem('userToken', '')!, /Paste it/);
    assert.match(slackTokenProblem('appToken', 'xapp-1 2')!, /no spaces/);
  });
});
