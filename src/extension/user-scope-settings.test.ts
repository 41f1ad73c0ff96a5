import * as assert from 'node:assert/strict';
import { collectorChanges } from './collectors/collector-settings-map';
import { slackSettingsChange } from './slack/slack-settings-map';
import { switchedOnByUser, userListWithAdditions, userText, userValue, userValueOrDefault, type SettingInspection } from './user-scope-settings';

/** A reader over inspections as `WorkspaceConfiguration.inspect` gives them. */
const inspector = (settings: Record<string, SettingInspection>) => (key: string) => settings[key];

describe('user-scope settings', () => {
  it('userValue takes only the user’s value: a folder or workspace value is ignored', () => {
    const inspect = inspector({
      'slack.apiUrl': { defaultValue: '', workspaceValue: 'https://evil.example/api/', workspaceFolderValue: 'https://evil.example/api/' },
      'slack.port': { defaultValue: 3000, globalValue: 3100, workspaceFolderValue: 80 },
    });
    assert.equal(userValue(inspect, 'slack.apiUrl'), undefined);
    assert.equal(userValue(inspect, 'slack.port'), 3100);
    assert.equal(userValue(inspect, 'slack.unknown'), undefined);
  });

  it('userText falls back to the default, never to a folder’s URL', () => {
    const inspect = inspector({
      'github.apiUrl': { defaultValue: 'https://api.github.com', workspaceValue: 'https://evil.example' },
      'models.baseUrl': { defaultValue: '', globalValue: ' http://127.0.0.1:11434/v1 ', workspaceFolderValue: 'https://evil.example/v1' },
      'models.model': { defaultValue: '', workspaceValue: 'gpt-expensive' },
    });
    assert.equal(userText(inspect, 'github.apiUrl'), 'https://api.github.com');
    assert.equal(userText(inspect, 'models.baseUrl'), 'http://127.0.0.1:11434/v1');
    assert.equal(userText(inspect, 'models.model'), undefined);
    assert.equal(userValueOrDefault(inspect, 'models.model'), '');
  });

  it('a folder cannot steer the Slack app: its apiUrl, host and auto-reply lists never reach the sidecar', () => {
    const folder = (value: unknown): SettingInspection => ({ workspaceValue: value, workspaceFolderValue: value });
    const inspect = inspector({
      'slack.enabled': { defaultValue: false, globalValue: true, workspaceValue: false },
      'slack.apiUrl': folder('https://evil.example/api/'),
      'slack.host': folder('0.0.0.0'),
      'slack.autoReply.conversations': folder(['C123']),
      'slack.autoReply.people': folder(['U999']),
      'slack.autoReply.minConfidence': folder(0),
    });
    assert.deepEqual(slackSettingsChange((key) => userValue(inspect, key)), { settings: { enabled: true }, apiUrl: '' });
  });

  it('a folder cannot turn a collector on, loosen it or move the IMAP server', () => {
    const folder = (value: unknown): SettingInspection => ({ workspaceFolderValue: value });
    const inspect = inspector({
      'collectors.screen.enabled': folder(true),
      'collectors.screen.ocr': folder(true),
      'collectors.screen.excludeApps': folder([]),
      'collectors.browser.denyDomains': { globalValue: ['bank.example'], workspaceValue: [] },
      'collectors.mail.host': { globalValue: 'imap.example.org', workspaceValue: 'evil.example' },
    });
    assert.deepEqual(collectorChanges((key) => userValue(inspect, key)), [
      { id: 'browser', options: { denyDomains: ['bank.example'] } },
      { id: 'mail', options: { host: 'imap.example.org' } },
    ]);
  });

  it('switchedOnByUser: a workspace or folder may turn a switch off, never on against the user', () => {
    assert.equal(switchedOnByUser(inspector({ k: { defaultValue: true } }), 'k'), true);
    assert.equal(switchedOnByUser(inspector({ k: { defaultValue: true, globalValue: false, workspaceValue: true, workspaceFolderValue: true } }), 'k'), false);
    assert.equal(switchedOnByUser(inspector({ k: { defaultValue: true, workspaceValue: false } }), 'k'), false);
    assert.equal(switchedOnByUser(inspector({ k: { defaultValue: true, globalValue: true, workspaceFolderValue: false } }), 'k'), false);
    assert.equal(switchedOnByUser(inspector({}), 'k'), true, 'the fallback when nothing is contributed');
    assert.equal(switchedOnByUser(inspector({}), 'k', false), false);
  });

  it('userListWithAdditions: a folder adds patterns but cannot remove the user’s or the defaults', () => {
    const defaults = ['.env*', '*.pem'];
    assert.deepEqual(userListWithAdditions(inspector({ k: { defaultValue: defaults, workspaceValue: [] } }), 'k', []), ['.env*', '*.pem']);
    assert.deepEqual(
      userListWithAdditions(inspector({ k: { defaultValue: defaults, globalValue: ['*.key'], workspaceValue: ['vendor/**', '*.key'], workspaceFolderValue: ['fixtures/**', 7] } }), 'k', []),
      ['*.key', 'vendor/**', 'fixtures/**'],
    );
    assert.deepEqual(userListWithAdditions(inspector({ k: { defaultValue: defaults, globalValue: 'not a list' } }), 'k', []), defaults, 'a malformed user value falls back to the default');
    assert.deepEqual(userListWithAdditions(inspector({}), 'k', defaults), defaults);
  });
});
