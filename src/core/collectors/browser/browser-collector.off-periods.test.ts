/**
 * What the browser collector does with the time it was stopped, told why by the host: switched off or
 * consent withdrawn, nothing browsed meanwhile is ever stored; after a shutdown it catches up; after a
 * forget it neither catches up nor rewrites the forgotten page visit. Over a places.sqlite built by sql.js
 * (no Firefox runs here) to which the sqlite3 command adds visits, as Firefox would.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openTempTwin } from '../../test-support/temp-twin';
import type { Twin } from '../../twin';
import type { CollectorStopReason } from '../collector';
import { BROWSER_COLLECTOR_DESCRIPTION, BrowserCollector } from './browser-collector';
import { loadBrowserState } from './browser-state';
import { type FirefoxVisit, firefoxVisitSql, writeFirefoxPlaces } from './test-support/firefox-places';
import { storedMemories, type TestSink, twinSink } from './test-support/twin-sink';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('Browser collector across the times it was stopped', function () {
  this.timeout(30_000);
  let twin: Twin;
  let sink: TestSink;
  let cleanupTwin: () => Promise<void>;
  let profile: string;
  let places: string;

  beforeEach(async () => {
    const temp = await openTempTwin();
    twin = temp.twin;
    cleanupTwin = temp.cleanup;
    sink = twinSink(twin, temp.home);
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-firefox-profile-'));
    places = path.join(profile, 'places.sqlite');
    await writeFirefoxPlaces(places, [{ url: 'https://docs.example.org/start', title: 'Getting Started', time: Date.now() - 10 * MINUTE }]);
  });
  afterEach(async () => {
    await cleanupTwin?.();
    fs.rmSync(profile, { recursive: true, force: true });
  });

  const collector = () => new BrowserCollector({ standardLocations: false, extraProfiles: [profile], pollIntervalMs: 3_600_000 });
  const browse = (visits: FirefoxVisit[]) => execFileSync('sqlite3', [places, firefoxVisitSql(visits)]);
  const titles = async () => (await storedMemories(twin, 'browser')).map((memory) => memory.meta.title);

  /** Polls once, stops for `reason`, browses while it is stopped, starts a new instance and polls. */
  const stopBrowseAndStart = async (reason: CollectorStopReason | undefined) => {
    const first = collector();
    await first.start(sink);
    await first.pollNow();
    await first.stop(reason ? { reason } : undefined);
    browse([{ url: 'https://shop.example.com/gift', title: 'Birthday Gift Ideas', time: Date.now() }]);
    const next = collector();
    await next.start(sink);
    const report = await next.pollNow();
    await next.stop({ reason: 'shutdown' });
    return report;
  };

  for (const reason of ['disabled', 'consent-withdrawn', 'paused'] as const) {
    it(`stores nothing browsed while it was stopped because ${reason === 'paused' ? 'observation was paused' : `it was ${reason}`}`, async () => {
      const report = await stopBrowseAndStart(reason);
      assert.deepEqual(await titles(), ['Getting Started']);
      assert.equal(report.skipped.paused, 1, 'the visit was read and skipped, not lost track of');
      const windows = loadBrowserState(sink.home).state.pauses;
      assert.equal(windows.length, 1);
      assert.equal(windows[0].reason, reason);
      assert.ok(windows[0].to !== undefined, 'the window closed when it ran again');
    });
  }

  it('catches up on what was browsed while the sidecar was shut down', async () => {
    await stopBrowseAndStart('shutdown');
    assert.deepEqual(await titles(), ['Getting Started', 'Birthday Gift Ideas']);
    assert.deepEqual(loadBrowserState(sink.home).state.pauses, []);
  });

  it('after a forget, neither stores what was browsed before it nor rewrites the forgotten page on a reload', async () => {
    const first = collector();
    await first.start(sink);
    browse([{ url: 'https://news.example.com/story', title: 'Private Story', time: Date.now() - 20 * SECOND }]);
    await first.pollNow();
    const [story] = (await storedMemories(twin, 'browser')).filter((memory) => memory.meta.title === 'Private Story');
    assert.ok(story);
    // Browsed after that poll but before the forget: the forget covers it.
    browse([{ url: 'https://shop.example.com/gift', title: 'Birthday Gift Ideas', time: Date.now() }]);
    await first.stop({ reason: 'forget' });
    await twin.forget({ source: 'browser' });

    const next = collector();
    await next.start(sink);
    // A reload of the forgotten page within the collapse window, after the collector runs again.
    browse([{ url: 'https://news.example.com/story', title: 'Private Story', time: Date.now() + 5 * SECOND, type: 9 }]);
    await next.pollNow();
    await next.stop({ reason: 'shutdown' });
    const after = await storedMemories(twin, 'browser');
    assert.deepEqual(
      after.map((memory) => memory.meta.title),
      ['Private Story'],
      'only the reload, not the visit browsed before the forget',
    );
    assert.notEqual(after[0].id, story.id, 'a new memory, not the forgotten one rewritten');
    assert.equal(after[0].meta.visits, 1);
  });

  it('says in what it captures that a new profile is read a week back, and that nothing is read while it is off', () => {
    assert.match(BROWSER_COLLECTOR_DESCRIPTION.captures, /first time it finds a browser profile it also reads the last 7 days/);
    assert.match(BROWSER_COLLECTOR_DESCRIPTION.captures, /while Twin is paused or this collector is off/);
  });
});
