import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempHome, openTempTwin } from '../../core/test-support/temp-twin';
import type { MemoryInput } from '../../core/types';
import type { Logger } from '../logger';
import { WriteQueue } from '../write-queue';
import { capturesHash, consentFilePath } from './collector-consent';
import { CollectorConsentError, CollectorDefinition, CollectorHost } from './collector-host';
import { CollectorSettingsError, readCollectorSettings } from './collector-settings';
import { failingDefinition, TickingCollector, tickingDefinition } from './test-support/test-collectors';

const quietLog: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function until(what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('The collector host', function () {
  let home: string;
  let cleanup: () => void;
  let paused: boolean;
  let stored: MemoryInput[];
  const hosts: CollectorHost[] = [];

  const makeHost = (definitions: CollectorDefinition[], remember?: (memories: MemoryInput[]) => Promise<boolean>) => {
    const host = new CollectorHost({
      home,
      definitions,
      isPaused: () => paused,
      remember:
        remember ??
        (async (memories) => {
          stored.push(...memories);
          return true;
        }),
      log: quietLog,
    });
    hosts.push(host);
    return host;
  };
  const running = (id: string) => TickingCollector.instances.filter((instance) => instance.description.id === id && instance.status().running);

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome('twin-collector-host'));
    paused = false;
    stored = [];
    TickingCollector.instances = [];
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.close();
    cleanup();
  });

  it('starts a collector only when it is turned on and its description was accepted, and stops it when either is withdrawn', async () => {
    const screen = tickingDefinition('screen');
    const host = makeHost([screen]);
    await host.start();
    assert.equal(host.view('screen').state, 'off');

    let view = await host.configure('screen', { enabled: true });
    assert.equal(view.state, 'needs-consent');
    assert.equal(TickingCollector.instances.length, 0, 'nothing is even built before consent');

    view = await host.setConsent('screen', true, capturesHash(screen.description.captures));
    assert.equal(view.state, 'running');
    assert.equal(view.consent.granted, true);
    assert.equal(running('screen').length, 1);
    await until('a sample to be stored', () => stored.length > 0);
    assert.equal(stored[0].source, 'screen', 'the host names the source when the collector does not');

    view = await host.configure('screen', { enabled: false });
    assert.equal(view.state, 'off');
    assert.equal(running('screen').length, 0);
    assert.ok(view.captured > 0, 'the count survives the stop');
    assert.ok(view.lastActivityAt, 'and so does the last activity');

    await host.configure('screen', { enabled: true });
    assert.equal(running('screen').length, 1);
    view = await host.setConsent('screen', false);
    assert.equal(view.state, 'needs-consent');
    assert.equal(running('screen').length, 0);
    assert.equal(JSON.parse(fs.readFileSync(consentFilePath(home), 'utf8')).screen, undefined);
  });

  it('asks again when what a collector captures is described differently', async () => {
    const before = tickingDefinition('browser', 'Visited pages: title, address, time.');
    let host = makeHost([before]);
    await host.configure('browser', { enabled: true });
    await host.setConsent('browser', true, capturesHash(before.description.captures));
    assert.equal(host.view('browser').state, 'running');
    await host.close();

    const after = tickingDefinition('browser', 'Visited pages: title, address, time, and the page text.');
    host = makeHost([after]);
    await host.start();
    const view = host.view('browser');
    assert.equal(view.state, 'needs-consent');
    assert.deepEqual(view.consent, { granted: false, changed: true });
    assert.equal(running('browser').length, 0);
    await assert.rejects(host.setConsent('browser', true, capturesHash(before.description.captures)), CollectorConsentError, 'consent to the old words is not consent to the new');
    await host.setConsent('browser', true, view.capturesHash);
    assert.equal(host.view('browser').state, 'running');
  });

  it('stops every collector on pause, refuses their writes meanwhile, and restarts them on resume', async () => {
    const host = makeHost([tickingDefinition('screen'), tickingDefinition('browser')]);
    for (const id of ['screen', 'browser'] as const) {
      await host.configure(id, { enabled: true });
      await host.setConsent(id, true, host.view(id).capturesHash);
    }
    const [screen] = running('screen');
    await until('samples', () => stored.length >= 2);

    paused = true;
    await host.pausedChanged();
    assert.deepEqual(host.list().map((view) => view.state), ['paused', 'paused']);
    assert.equal(running('screen').length + running('browser').length, 0);
    const count = stored.length;
    assert.deepEqual(await screen.sink!.remember([{ text: 'taken while paused' }]), { stored: false }, 'the sink refuses while paused');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(stored.length, count, 'nothing is stored while paused');

    paused = false;
    await host.pausedChanged();
    assert.deepEqual(host.list().map((view) => view.state), ['running', 'running']);
    assert.equal(running('screen').length, 1);
    assert.notEqual(running('screen')[0], screen, 'a fresh instance samples after resume');
    await until('samples after resume', () => stored.length > count);
  });

  it('keeps the others running when one collector fails to start, stop or report, and says what failed', async () => {
    const host = makeHost([failingDefinition('screen', 'start'), tickingDefinition('browser'), failingDefinition('mail', 'create')]);
    for (const id of ['screen', 'browser', 'mail'] as const) {
      await host.configure(id, { enabled: true });
      await host.setConsent(id, true, host.view(id).capturesHash);
    }
    const [screen, browser, mail] = host.list();
    assert.equal(screen.state, 'error');
    assert.match(screen.lastError ?? '', /The screen collector could not start: xdotool is not installed/);
    assert.equal(browser.state, 'running');
    assert.equal(mail.state, 'error');
    assert.match(mail.lastError ?? '', /cannot be built here/);
    await until('the healthy one to sample', () => stored.length > 0);

    const stuck = makeHost([failingDefinition('screen', 'stop'), failingDefinition('browser', 'status')]);
    for (const id of ['screen', 'browser'] as const) {
      await stuck.configure(id, { enabled: true });
      await stuck.setConsent(id, true, stuck.view(id).capturesHash);
    }
    assert.match(stuck.view('browser').lastError ?? '', /cannot report its state: status exploded/);
    const off = await stuck.configure('screen', { enabled: false });
    assert.equal(off.state, 'off');
    assert.match(off.lastError ?? '', /did not stop cleanly: stuck/);
  });

  it('keeps settings in config.json beside the other sections, private, and restarts a collector whose options change', async () => {
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ embedder: { kind: 'offline' } }));
    const host = makeHost([tickingDefinition('screen')]);
    await host.configure('screen', { enabled: true, options: { ocr: { enabled: true, intervalMs: 10_000 }, excludeApps: ['KeePassXC', ' keepassxc ', 'Signal'] } });
    await host.setConsent('screen', true, host.view('screen').capturesHash);
    const first = running('screen')[0];
    assert.deepEqual((first.settings as { ocr: unknown }).ocr, { enabled: true, intervalMs: 10_000 });

    await host.configure('screen', { options: { ocr: { intervalMs: 30_000 } } });
    const [second] = running('screen');
    assert.notEqual(second, first, 'new options mean a new instance');
    assert.equal(first.stops, 1);
    assert.deepEqual((second.settings as { ocr: unknown }).ocr, { enabled: true, intervalMs: 30_000 });

    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(config.embedder, { kind: 'offline' }, 'other sections stay');
    assert.equal(config.collectors.screen.enabled, true);
    assert.deepEqual(config.collectors.screen.excludeApps, ['KeePassXC', 'keepassxc', 'Signal']);
    assert.equal(config.collectors.mail.enabled, false);
    assert.equal(fs.statSync(file).mode & 0o077, 0);
    assert.equal(fs.statSync(consentFilePath(home)).mode & 0o077, 0);
    assert.equal(readCollectorSettings(home).screen.ocr.intervalMs, 30_000);

    await assert.rejects(host.configure('screen', { options: { ocr: { intervalMs: 100 } } }), CollectorSettingsError);
    await assert.rejects(host.configure('screen', { options: { password: 'x' } }), /"password" is not a setting of the screen collector/);
    assert.equal(readCollectorSettings(home).screen.ocr.intervalMs, 30_000, 'a refused change writes nothing');

    // A restart of the sidecar finds it on and consented: it runs again without asking.
    await host.close();
    const again = makeHost([tickingDefinition('screen')]);
    await again.start();
    assert.equal(again.view('screen').state, 'running');
  });

  it('stores what the sink is given through the write queue into the twin, redacted, and nothing while paused', async () => {
    const temp = await openTempTwin();
    const queue = new WriteQueue();
    try {
      home = temp.home;
      const host = makeHost([tickingDefinition('mail')], (memories) =>
        queue.run(async () => {
          if (paused) return false;
          await temp.twin.remember(memories);
          return true;
        }),
      );
      await host.configure('mail', { enabled: true });
      await host.setConsent('mail', true, host.view('mail').capturesHash);
      const [mail] = running('mail');
      await host.configure('mail', { enabled: false });
      const token = 'ghp_' + 'ua7aJK2mq8K8M38YxWJyBYHl9GKmw5TeTO3e';
      const result = await mail.sink!.remember([{ text: `Deploy token for staging is ${token} keep it safe`, kind: 'episodic' }]);
      assert.deepEqual(result, { stored: true });
      const [hit] = await temp.twin.recall('deploy token for staging', { limit: 1 });
      assert.equal(hit.memory.source, 'mail');
      assert.ok(!hit.memory.text.includes(token), 'redacted before it was stored');
      assert.match(hit.memory.text, /\[REDACTED/);

      paused = true;
      const before = await temp.twin.internals.store.count();
      assert.deepEqual(await mail.sink!.remember([{ text: 'written during a pause' }]), { stored: false });
      assert.equal(await temp.twin.internals.store.count(), before);
    } finally {
      await queue.close();
      await temp.cleanup();
    }
  });
});
