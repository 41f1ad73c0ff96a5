/**
 * The collectors from inside a real VS Code: turning a collector on in the settings asks for consent with
 * what it captures (the modal, replaced here by the extension's test hook), and once allowed the sidecar
 * runs it; "Not now" leaves it waiting, and turning it on again asks again. A folder's `.vscode/settings.json`
 * cannot turn a collector on or change where the IMAP password goes: only the user's settings count.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeFirefoxPlaces } from '../../src/core/collectors/browser/test-support/firefox-places';
import type { CollectorView } from '../../src/core/protocol/dashboard';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { writeFolderSettings } from './support/folder-settings';
import { until } from './support/until';

let api: TwinExtensionApi;


async function collector(id: string): Promise<CollectorView> {
  return (await api.sidecar.request('twin/collectors', {})).find((view) => view.id === id)!;
}

describe('Collectors in VS Code', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('twin');
  let profile: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    api = await extension.activate();
    await until('the sidecar to run', () => api.sidecar.isRunning);
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-it-firefox-'));
    await writeFirefoxPlaces(path.join(profile, 'places.sqlite'), [{ url: 'https://example.org/zebracorn-handbook', title: 'The zebracorn handbook', time: Date.now() - 5 * 60_000 }]);
  });

  after(async () => {
    api?.collectors.setConsentPrompter(undefined);
    for (const key of ['collectors.browser.enabled', 'collectors.screen.enabled']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const id of ['browser', 'screen'] as const) {
      await api.sidecar.request('twin/configureCollector', { id, enabled: false });
      await api.sidecar.request('twin/consentCollector', { id, accepted: false });
    }
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('ignores a folder’s twin.collectors.* settings: a cloned repository cannot turn a collector on or move the IMAP server', async () => {
    const asked: string[] = [];
    api.collectors.setConsentPrompter(async (view) => {
      asked.push(view.id);
      return true;
    });
    const removeFolderSettings = await writeFolderSettings({
      'twin.collectors.screen.enabled': true,
      'twin.collectors.screen.ocr': true,
      'twin.collectors.screen.excludeTitles': [],
      'twin.collectors.mail.enabled': true,
      'twin.collectors.mail.host': 'imap.evil.example',
    });
    try {
      await api.collectors.sync();
      assert.deepEqual(asked, [], 'no consent asked: nothing was turned on');
      const [screen, mail] = [await collector('screen'), await collector('mail')];
      assert.equal(screen.enabled, false);
      assert.equal(screen.state, 'off');
      assert.notEqual((screen.options.ocr as { enabled?: boolean } | undefined)?.enabled, true, 'OCR stays off');
      assert.equal(mail.enabled, false);
      assert.notEqual(mail.options.host, 'imap.evil.example', 'the folder’s IMAP host never reaches config.json');
    } finally {
      await removeFolderSettings();
      api.collectors.setConsentPrompter(undefined);
    }
  });

  it('asks before a collector’s first run, with what it captures, and the sidecar runs it once allowed', async () => {
    // The profile folder has no VS Code setting; it lives in config.json, as `twin collectors` would set it.
    await api.sidecar.request('twin/configureCollector', { id: 'browser', options: { profiles: [profile] } });
    assert.equal((await collector('browser')).state, 'off');
    const asked: CollectorView[] = [];
    api.collectors.setConsentPrompter(async (view) => {
      asked.push(view);
      return true;
    });

    await config().update('collectors.browser.enabled', true, vscode.ConfigurationTarget.Global);
    await until('the consent prompt', () => asked.length > 0);
    assert.equal(asked[0].id, 'browser');
    assert.match(asked[0].captures, /history of Chrome, Chromium, Edge, Brave and Firefox/);

    const view = await until('the sidecar to run the browser collector and store the visit', async () => {
      const current = await collector('browser');
      return current.state === 'running' && current.captured > 0 && current;
    });
    assert.equal(view.consent.granted, true);
    const [hit] = await api.sidecar.request('twin/recall', { query: 'zebracorn handbook', limit: 1, filter: { source: 'browser' } });
    assert.match(hit.memory.text, /zebracorn handbook/i);
    assert.equal(asked.length, 1, 'asked once');

    await config().update('collectors.browser.enabled', false, vscode.ConfigurationTarget.Global);
    await until('the browser collector to stop', async () => (await collector('browser')).state === 'off');
  });

  it('leaves a collector waiting after “Not now”, and asks again when it is turned on again', async () => {
    const asked: string[] = [];
    api.collectors.setConsentPrompter(async (view) => {
      asked.push(view.id);
      return false;
    });
    await config().update('collectors.screen.enabled', true, vscode.ConfigurationTarget.Global);
    await until('the consent prompt', () => asked.length === 1);
    await until('the sidecar to know the screen collector is on', async () => (await collector('screen')).enabled);
    assert.equal((await collector('screen')).state, 'needs-consent', 'not allowed, not running');

    await api.collectors.sync();
    assert.deepEqual(asked, ['screen'], '“Not now” is not asked again on every change');

    await config().update('collectors.screen.enabled', false, vscode.ConfigurationTarget.Global);
    await config().update('collectors.screen.enabled', true, vscode.ConfigurationTarget.Global);
    await until('the second prompt', () => asked.length === 2);
    assert.equal((await collector('screen')).state, 'needs-consent');
  });
});
