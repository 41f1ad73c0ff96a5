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
import { BatchingCollector, batchingDefinition, failingDefinition, TickingCollector, tickingDefinition } from './test-support/test-collectors';

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
    BatchingCollector.instances = [];
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
      // A collector that hands over nothing itself: the test writes through its sink while it runs.
      const host = makeHost([batchingDefinition('mail', 0)], (memories) =>
        queue.run(async () => {
          if (paused) return false;
          await temp.twin.remember(memories);
          return true;
        }),
      );
      await host.configure('mail', { enabled: true });
      await host.setConsent('mail', true, host.view('mail').capturesHash);
      const [mail] = BatchingCollector.instances;
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

      paused = false;
      await host.configure('mail', { enabled: false });
      assert.deepEqual(await mail.sink!.remember([{ text: 'handed over after it was switched off' }]), { stored: false }, 'a stopped collector stores nothing');
      assert.equal(await temp.twin.internals.store.count(), before);
    } finally {
      await queue.close();
      await temp.cleanup();
    }
  });

  it('tells a collector why it stops: switched off, consent withdrawn, paused, restarted, shut down', async () => {
    const host = makeHost([tickingDefinition('screen')]);
    const latest = () => TickingCollector.instances[TickingCollector.instances.length - 1];
    await host.configure('screen', { enabled: true });
    await host.setConsent('screen', true, host.view('screen').capturesHash);
    let instance = latest();
    await host.configure('screen', { enabled: false });
    assert.deepEqual(instance.stopReasons, ['disabled']);

    await host.configure('screen', { enabled: true });
    instance = latest();
    await host.setConsent('screen', false);
    assert.deepEqual(instance.stopReasons, ['consent-withdrawn']);

    await host.setConsent('screen', true, host.view('screen').capturesHash);
    instance = latest();
    paused = true;
    await host.pausedChanged();
    assert.deepEqual(instance.stopReasons, ['paused']);

    paused = false;
    await host.pausedChanged();
    instance = latest();
    await host.configure('screen', { options: { ocr: { enabled: true } } });
    assert.deepEqual(instance.stopReasons, ['restart']);

    instance = latest();
    await host.close();
    assert.deepEqual(instance.stopReasons, ['shutdown']);
  });

  it('suspends every collector around a forget: waits for the in-flight run, runs the forget, starts them again, and nothing read before is written after', async () => {
    const host = makeHost([batchingDefinition('mail', 1_000), tickingDefinition('screen')], async (memories) => {
      // Each batch takes a moment to store, as a real write does.
      await new Promise((resolve) => setTimeout(resolve, 5));
      stored.push(...memories);
      return true;
    });
    for (const id of ['mail', 'screen'] as const) {
      await host.configure(id, { enabled: true });
      await host.setConsent(id, true, host.view(id).capturesHash);
    }
    const [syncing] = BatchingCollector.instances;
    const [screen] = running('screen');
    await until('a few batches of the sync', () => syncing.stored >= 3);

    let storedAtForget = -1;
    const result = await host.suspendDuring(async () => {
      assert.equal(syncing.stopReason, 'forget', 'the collector is told it stops for a forget');
      assert.deepEqual(screen.stopReasons, ['forget']);
      assert.equal(syncing.status().running, false);
      storedAtForget = syncing.stored;
      assert.equal(stored.filter((memory) => memory.id?.startsWith(`batch:${syncing.number}:`)).length, storedAtForget, 'its in-flight batch was stored before the forget began');
      assert.equal(running('screen').length, 0);
      // The forget: the store drops everything the collectors wrote.
      stored.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return 'forgotten';
    });
    assert.equal(result, 'forgotten');
    assert.ok(storedAtForget > 0 && storedAtForget < 1_000, `the sync stopped between batches (${storedAtForget})`);

    // Started again: fresh instances, running; the old ones write nothing, not even from a held sink.
    assert.equal(BatchingCollector.instances.length, 2);
    assert.equal(running('screen').length, 1);
    assert.notEqual(running('screen')[0], screen);
    assert.deepEqual(host.list().map((view) => view.state), ['running', 'running']);
    assert.deepEqual(await syncing.sink!.remember([{ id: `batch:${syncing.number}:late`, text: 'a straggler' }]), { stored: false });
    await until('the new sync to store', () => BatchingCollector.instances[1].stored > 0);
    assert.deepEqual(stored.filter((memory) => memory.id?.startsWith(`batch:${syncing.number}:`)), [], 'nothing of the run before the forget came back');
  });

  it('starts collectors again after a forget that failed, and lets the failure through', async () => {
    const host = makeHost([tickingDefinition('screen')]);
    await host.configure('screen', { enabled: true });
    await host.setConsent('screen', true, host.view('screen').capturesHash);
    await assert.rejects(
      host.suspendDuring(async () => {
        throw new Error('store unavailable');
      }),
      /store unavailable/,
    );
    assert.equal(host.view('screen').state, 'running');
    assert.equal(running('screen').length, 1);
  });
});
