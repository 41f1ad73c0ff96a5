import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openTempTwin } from '../../test-support/temp-twin';
import type { Twin } from '../../twin';
import { BrowserCollector } from './browser-collector';
import { browserStateFile } from './browser-state';
import { browseWithChromium } from './test-support/headless-chromium';
import { type PageServer, startPageServer } from './test-support/page-server';
import { storedMemories, type TestSink, twinSink } from './test-support/twin-sink';

describe('Browser collector on a real Chromium History', function () {
  this.timeout(60_000);
  let server: PageServer;
  let twin: Twin;
  let sink: TestSink;
  let cleanupTwin: () => Promise<void>;
  let userDataDir: string;
  let collector: BrowserCollector;
  let browsedFrom: number;

  before(async () => {
    server = await startPageServer({
      '/docs/intro': 'Intro to Widgets',
      '/pricing': 'Widget Pricing',
      '/reload': 'Build Dashboard',
      '/account': 'Your Account',
      '/later': 'Release Notes 2.0',
      '/paused': 'Surprise Party Plans',
      '/resumed': 'Resumed Reading',
    });
    const temp = await openTempTwin();
    twin = temp.twin;
    cleanupTwin = temp.cleanup;
    sink = twinSink(twin, temp.home);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-chromium-'));
    browsedFrom = Date.now();
    await browseWithChromium(userDataDir, async (page) => {
      await page.goto(server.url('/docs/intro'));
      await page.goto(server.url('/pricing?q=widgets&token=tok_live_9f8e7d&code=4/0AbCdEf&utm_source=newsletter#access_token=xyz'));
      await page.goto(server.url('/reload'));
      await page.reload();
      await page.reload();
      await page.goto(server.url('/account', 'login.example.test'));
      await page.goto('about:blank');
      await page.goto('data:text/html,<title>inline</title>');
    });
    collector = new BrowserCollector({ standardLocations: false, extraProfiles: [path.join(userDataDir, 'Default')], pollIntervalMs: 3_600_000 });
    await collector.start(sink);
  });

  after(async () => {
    await collector?.stop();
    await cleanupTwin?.();
    await server?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('turns the visits Chromium recorded into memories with title, cleaned url, domain and time', async () => {
    const report = await collector.pollNow();
    assert.deepEqual(report.errors, []);
    const memories = await storedMemories(twin, 'browser');
    const titles = memories.map((memory) => memory.meta.title);
    assert.deepEqual(titles, ['Intro to Widgets', 'Widget Pricing', 'Build Dashboard']);

    const intro = memories[0];
    assert.equal(intro.text.startsWith('Visited Intro to Widgets (127.0.0.1)'), true, intro.text);
    assert.ok(intro.text.endsWith(`— ${server.url('/docs/intro')}`), intro.text);
    assert.equal(intro.kind, 'episodic');
    assert.equal(intro.channel, 'Chromium Default');
    assert.equal(intro.meta.url, server.url('/docs/intro'));
    assert.equal(intro.meta.domain, '127.0.0.1');
    assert.match(intro.id, /^browser:chromium:[0-9a-f]{12}:\d+$/);
    assert.ok(intro.timestamp >= browsedFrom - 1000 && intro.timestamp <= Date.now(), `visit time ${new Date(intro.timestamp).toISOString()}`);
    assert.equal(typeof intro.meta.dwellMs, 'number', 'Chromium records time on page once the tab navigates away');
  });

  it('keeps only allowlisted query parameters and drops the fragment', async () => {
    const [, pricing] = await storedMemories(twin, 'browser');
    assert.equal(pricing.meta.url, server.url('/pricing?q=widgets'));
    for (const secret of ['tok_live_9f8e7d', '4/0AbCdEf', 'utm_source', 'access_token', 'xyz']) {
      assert.ok(!JSON.stringify(pricing).includes(secret), `${secret} was stored`);
    }
  });

  it('collapses reloads of one page into one memory', async () => {
    const reload = (await storedMemories(twin, 'browser')).find((memory) => memory.meta.title === 'Build Dashboard')!;
    assert.equal(reload.meta.visits, 3);
    assert.match(reload.text, /\(3 loads\)/);
  });

  it('never stores a denylisted domain, browser pages or inline documents', async () => {
    const all = JSON.stringify(await storedMemories(twin, 'browser'));
    for (const absent of ['login.example.test', 'Your Account', 'about:blank', 'data:', 'inline']) assert.ok(!all.includes(absent), `${absent} was stored`);
  });

  it('stores nothing new on the next poll until the browser records new visits', async () => {
    const again = await collector.pollNow();
    assert.equal(again.visitsRead, 0);
    assert.equal(again.memoriesStored, 0);

    await browseWithChromium(userDataDir, async (page) => {
      await page.goto(server.url('/later'));
    });
    const next = await collector.pollNow();
    assert.equal(next.memoriesStored, 1);
    const titles = (await storedMemories(twin, 'browser')).map((memory) => memory.meta.title);
    assert.deepEqual(titles, ['Intro to Widgets', 'Widget Pricing', 'Build Dashboard', 'Release Notes 2.0']);
  });

  it('keeps cursors in TWIN_HOME/collectors/browser.json without any url or title', () => {
    const text = fs.readFileSync(browserStateFile(sink.home), 'utf8');
    const state = JSON.parse(text);
    const [entry] = Object.values(state.profiles) as Array<{ cursor: number; label: string }>;
    assert.ok(entry.cursor > 0);
    assert.equal(entry.label, 'Chromium Default');
    for (const absent of ['127.0.0.1', 'Release Notes', 'Widget']) assert.ok(!text.includes(absent), `${absent} is in the cursor file`);
    assert.equal(fs.statSync(browserStateFile(sink.home)).mode & 0o777, 0o600);
  });

  it('reads nothing while paused and never stores what was visited during the pause', async () => {
    sink.paused = true;
    const paused = await collector.pollNow();
    assert.equal(paused.paused, true);
    assert.equal(paused.visitsRead, 0);
    assert.match(collector.status().detail!, /^Paused/);

    await browseWithChromium(userDataDir, async (page) => {
      await page.goto(server.url('/paused'));
    });
    sink.paused = false;
    const resumed = await collector.pollNow();
    assert.equal(resumed.skipped.paused, 1);
    assert.equal(resumed.memoriesStored, 0);

    await browseWithChromium(userDataDir, async (page) => {
      await page.goto(server.url('/resumed'));
    });
    const after = await collector.pollNow();
    assert.equal(after.memoriesStored, 1);
    const all = await storedMemories(twin, 'browser');
    assert.ok(!JSON.stringify(all).includes('Surprise Party'), 'a visit made while paused was stored');
    assert.equal(all[all.length - 1].meta.title, 'Resumed Reading');
  });

  it('names a corrupt History file in its error and keeps reading the other profiles', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-broken-profile-'));
    try {
      fs.writeFileSync(path.join(broken, 'History'), 'this is not a SQLite database, it is a text file that lost its way'.repeat(100));
      const both = new BrowserCollector({
        standardLocations: false,
        extraProfiles: [{ folder: broken, name: 'Broken' }, path.join(userDataDir, 'Default')],
      });
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-browser-home-'));
      const records: string[][] = [];
      await both.start({ ...sink, home, remember: async (memories) => (records.push(memories.map((m) => m.text)), { stored: true }) });
      try {
        const report = await both.pollNow();
        assert.equal(report.errors.length, 1);
        assert.match(report.errors[0], new RegExp(`Cannot read the history of Chromium Broken \\(${path.join(broken, 'History').replace(/[.\\/]/g, '\\$&')}\\)`));
        assert.match(report.errors[0], /not a Chromium History database/);
        const status = both.status();
        assert.equal(status.lastError, report.errors[0]);
        assert.equal(status.detail, '2 profiles: Chromium Broken, Chromium Default');
        assert.ok(records.flat().some((text) => text.includes('Intro to Widgets')), 'the healthy profile was read');
      } finally {
        await both.stop();
        fs.rmSync(home, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
