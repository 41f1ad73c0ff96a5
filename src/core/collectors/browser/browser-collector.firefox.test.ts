/**
 * The collector over Firefox's places.sqlite. No Firefox runs here: the database is built by sql.js with
 * Firefox's own tables, and a live writer in WAL mode (as Firefox keeps it) is the sqlite3 command.
 */
import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openTempTwin } from '../../test-support/temp-twin';
import type { Twin } from '../../twin';
import { BrowserCollector } from './browser-collector';
import { browserStateFile } from './browser-state';
import { firefoxVisitSql, writeFirefoxPlaces } from './test-support/firefox-places';
import { storedMemories, type TestSink, twinSink } from './test-support/twin-sink';

const MINUTE = 60_000;

/** A sqlite3 process holding `file` open in WAL mode without checkpointing, like a running Firefox. */
class LiveWriter {
  private output = '';
  private marks = 0;
  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk) => (this.output += String(chunk)));
  }

  static async open(file: string): Promise<LiveWriter> {
    const writer = new LiveWriter(spawn('sqlite3', [file], { stdio: 'pipe' }));
    await writer.run('PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;');
    return writer;
  }

  /** Runs SQL and waits until sqlite3 has executed it. */
  async run(sql: string): Promise<void> {
    const mark = `done-${++this.marks}`;
    this.child.stdin.write(`${sql}\nSELECT '${mark}';\n`);
    const deadline = Date.now() + 10_000;
    while (!this.output.includes(mark)) {
      if (Date.now() > deadline) throw new Error(`sqlite3 did not finish: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

describe('Browser collector on a Firefox places.sqlite (built by sql.js, not by Firefox)', function () {
  this.timeout(30_000);
  let twin: Twin;
  let sink: TestSink;
  let cleanupTwin: () => Promise<void>;
  let fakeHome: string;
  let profileFolder: string;
  let writer: LiveWriter | undefined;
  const base = Date.now() - 30 * MINUTE;

  before(async () => {
    const temp = await openTempTwin();
    twin = temp.twin;
    cleanupTwin = temp.cleanup;
    sink = twinSink(twin, temp.home);
    fakeHome = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-fake-home-'));
    const firefox = path.join(fakeHome, '.mozilla', 'firefox');
    profileFolder = path.join(firefox, 'abc123.default-release');
    fs.mkdirSync(profileFolder, { recursive: true });
    fs.writeFileSync(
      path.join(firefox, 'profiles.ini'),
      '[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=abc123.default-release\nDefault=1\n',
    );
    await writeFirefoxPlaces(path.join(profileFolder, 'places.sqlite'), [
      { url: 'https://old.example.org/ancient', title: 'Far Too Old', time: Date.now() - 30 * 24 * 60 * MINUTE },
      { url: 'https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API', title: 'Fetch API - MDN', time: base, type: 2 },
      { url: 'https://tracker.example.com/pixel', title: 'pixel', time: base + 1000, type: 4 },
      { url: 'https://redirect.example.com/r', title: 'redirecting', time: base + 2000, hidden: true },
      { url: 'https://github.com/acme/widgets/pull/42?notification_referrer_id=NT_abc&tab=files', title: 'Fix the widget cache #42', time: base + 5 * MINUTE },
      { url: 'https://github.com/acme/widgets/pull/42?notification_referrer_id=NT_abc&tab=files', title: 'Fix the widget cache #42', time: base + 5 * MINUTE + 20_000, type: 9 },
      { url: 'https://secure.firstbank.com/accounts', title: 'First Bank: your balance', time: base + 6 * MINUTE },
      { url: 'file:///home/me/notes.txt', title: 'notes.txt', time: base + 7 * MINUTE },
    ]);
  });

  after(async () => {
    writer?.stop();
    await cleanupTwin?.();
    if (fakeHome) fs.rmSync(fakeHome, { recursive: true, force: true });
  });

  const collectorFor = () => new BrowserCollector({ discovery: { homeDir: fakeHome, platform: 'linux', env: {} } });

  it('finds the profile through profiles.ini and reads its visits from the last week', async () => {
    const collector = collectorFor();
    await collector.start(sink);
    try {
      const report = await collector.pollNow();
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.profiles, ['Firefox abc123.default-release']);
      assert.equal(collector.status().detail, '1 profile: Firefox abc123.default-release');
      const memories = await storedMemories(twin, 'browser');
      assert.deepEqual(
        memories.map((memory) => memory.text),
        [
          'Visited Fetch API - MDN (developer.mozilla.org) — https://developer.mozilla.org/en-US/docs/Web/API/Fetch_API',
          'Visited Fix the widget cache #42 (github.com) (2 loads) — https://github.com/acme/widgets/pull/42?tab=files',
        ],
      );
      assert.equal(memories[0].timestamp, base);
      assert.equal(memories[0].channel, 'Firefox abc123.default-release');
      assert.equal(memories[0].meta.dwellMs, undefined, 'Firefox records no time on page');
      assert.match(memories[0].id, /^browser:firefox:[0-9a-f]{12}:2$/);
      assert.deepEqual(report.skipped, { notPage: 2, scheme: 1, deniedDomain: 1, paused: 0 });
    } finally {
      await collector.stop();
    }
  });

  it('sees visits a running Firefox still holds in places.sqlite-wal', async () => {
    writer = await LiveWriter.open(path.join(profileFolder, 'places.sqlite'));
    await writer.run(firefoxVisitSql([{ url: 'https://nodejs.org/api/stream.html', title: 'Stream | Node.js Documentation', time: base + 10 * MINUTE }]));
    assert.ok(fs.statSync(path.join(profileFolder, 'places.sqlite-wal')).size > 32, 'the visit is in the WAL, not yet in the database file');

    const collector = collectorFor();
    await collector.start(sink);
    try {
      const report = await collector.pollNow();
      assert.deepEqual(report.errors, []);
      assert.equal(report.memoriesStored, 1);
      const last = (await storedMemories(twin, 'browser')).pop()!;
      assert.equal(last.meta.title, 'Stream | Node.js Documentation');
    } finally {
      await collector.stop();
    }
  });

  it('loses nothing when storing fails, and stores nothing twice when its cursor is lost', async () => {
    await writer!.run(
      firefoxVisitSql([
        { url: 'https://docs.rs/tokio/latest/tokio/', title: 'tokio - Rust', time: base + 12 * MINUTE },
        { url: 'https://sqlite.org/wal.html', title: 'Write-Ahead Logging', time: base + 13 * MINUTE },
      ]),
    );
    const collector = collectorFor();
    await collector.start(sink);
    try {
      sink.failNext.push(new Error('LanceDB write failed: disk full'));
      const failed = await collector.pollNow();
      assert.equal(failed.memoriesStored, 0);
      assert.match(failed.errors[0], /^Twin could not store 2 visits from Firefox abc123\.default-release: LanceDB write failed: disk full — they are read again/);
      assert.equal(collector.status().lastError, failed.errors[0]);

      const retried = await collector.pollNow();
      assert.equal(retried.memoriesStored, 2);
      assert.equal(collector.status().lastError, undefined);
      const before = await storedMemories(twin, 'browser');

      // A crash before the cursor was saved: everything from the backfill horizon is read again.
      fs.rmSync(browserStateFile(sink.home));
      const again = collectorFor();
      await again.start(sink);
      const report = await again.pollNow();
      await again.stop();
      assert.equal(report.memoriesStored, 5);
      const after = await storedMemories(twin, 'browser');
      assert.deepEqual(after.map((memory) => memory.id), before.map((memory) => memory.id));
      assert.equal(after.length, 5);
    } finally {
      await collector.stop();
    }
  });
});
