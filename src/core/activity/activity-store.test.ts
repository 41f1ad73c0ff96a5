import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesContaining } from '../test-support/temp-twin';
import { dwellEvent, editEvent, jumpEvent, MINUTE, T0 } from '../events/test-support/event-builders';
import { CommitRecord, EditRecord } from './activity-record';
import { ActivityStore } from './activity-store';
import { fixedTimeZone } from './activity-summary';

describe('The activity store', function () {
  let folder: string;
  let store: ActivityStore;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-activity-'));
    store = await ActivityStore.open(path.join(folder, 'memory.lancedb'));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const reopen = async () => {
    store.close();
    store = await ActivityStore.open(path.join(folder, 'memory.lancedb'));
  };

  it('stores each event id once, however often it is sent, also after reopening', async () => {
    const events = [editEvent(), dwellEvent({ start: T0 + 10 * MINUTE }), jumpEvent({ start: T0 + 20 * MINUTE })];
    const first = await store.ingest(events);
    assert.deepEqual(first.added, events.map((event) => event.id));
    assert.deepEqual(first.known, []);
    const again = await store.ingest([...events, events[0]]);
    assert.deepEqual(again.added, []);
    assert.deepEqual(new Set(again.known), new Set(events.map((event) => event.id)));
    await reopen();
    const afterReopen = await store.ingest(events);
    assert.deepEqual(afterReopen.added, []);
    assert.deepEqual(await store.counts(), { rows: 3, events: 3 });
  });

  it('merges edit sessions of one function that follow within the pulse window into one row', async () => {
    const sessions = [
      editEvent({ start: T0, duration: 2 * MINUTE, charsInserted: 100, charsDeleted: 10, saves: 1 }),
      editEvent({ start: T0 + 2 * MINUTE + 30_000, duration: 3 * MINUTE, charsInserted: 200, charsDeleted: 50, saves: 2, symbols: ['parseConfig', 'loadDefaults'] }),
    ];
    await store.ingest([sessions[0]]);
    await store.ingest([sessions[1]]);
    const later = editEvent({ start: T0 + 20 * MINUTE, duration: MINUTE });
    const otherFunction = editEvent({ start: T0 + 3 * MINUTE, duration: MINUTE, symbols: ['Parser.parse'] });
    await store.ingest([later, otherFunction]);

    const rows = (await store.rowsBetween(T0 - MINUTE, T0 + 30 * MINUTE)) as EditRecord[];
    assert.equal(rows.length, 3);
    const merged = rows.find((row) => row.id === sessions[0].id)!;
    assert.equal(merged.start, T0);
    assert.equal(merged.duration, 5 * MINUTE + 30_000);
    assert.deepEqual(
      [merged.data.charsInserted, merged.data.charsDeleted, merged.data.saves, merged.data.symbols, merged.data.ids],
      [300, 60, 3, ['parseConfig', 'loadDefaults'], [sessions[0].id, sessions[1].id]],
    );
    assert.deepEqual(await store.counts(), { rows: 3, events: 4 });
  });

  it('recognises a resent event that was merged into another row', async () => {
    const a = editEvent({ start: T0 });
    const b = editEvent({ start: T0 + 2 * MINUTE + 10_000 });
    await store.ingest([a, b]);
    await reopen();
    const resend = await store.ingest([b]);
    assert.deepEqual(resend.known, [b.id]);
    const [row] = (await store.rowsBetween(T0, T0 + 10 * MINUTE)) as EditRecord[];
    assert.equal(row.data.charsInserted, 200);
  });

  it('recognises a resent event when the process died between the row and the seen-ids commit', async () => {
    const a = editEvent({ start: T0 });
    const b = editEvent({ start: T0 + 2 * MINUTE + 10_000 });
    await store.ingest([a]);
    const plan = await store.plan([b]);
    // Only the row commit happened.
    await store.commit({ ...plan, seen: [] });
    await reopen();
    const resend = await store.ingest([b]);
    assert.deepEqual(resend.added, []);
    assert.deepEqual(resend.known, [b.id]);
    const [row] = (await store.rowsBetween(T0, T0 + 10 * MINUTE)) as EditRecord[];
    assert.equal(row.data.charsInserted, 200, 'the resend must not be counted twice');
    assert.deepEqual(await store.knownIds([b.id]), new Set([b.id]), 'the seen-ids table is repaired');
  });

  it('summarises a day: heatmap by local hour, minutes by language, top files and symbols, commits, totals', async () => {
    const zone = fixedTimeZone(60);
    const day = Date.parse('2026-11-02T00:00:00+01:00');
    const nineLocal = day + 9 * 60 * MINUTE;
    await store.ingest([
      editEvent({ start: nineLocal, duration: 30 * MINUTE, file: 'src/a.ts', symbols: ['parseConfig'] }),
      // A dwell overlapping the edit adds only its extra ten minutes.
      dwellEvent({ start: nineLocal + 20 * MINUTE, duration: 20 * MINUTE, file: 'src/a.ts', symbol: 'parseConfig' }),
      editEvent({ start: nineLocal + 50 * MINUTE, duration: 20 * MINUTE, file: 'app/models.py', language: 'python', symbols: ['User.save'] }),
      jumpEvent({ start: nineLocal + 5 * MINUTE }),
      jumpEvent({ start: nineLocal + 6 * MINUTE, toFile: 'src/b.ts' }),
    ]);
    const commit: CommitRecord = {
      id: 'git:abc', type: 'commit', start: nineLocal + 75 * MINUTE, duration: 0, project: 'demo',
      data: { hash: 'abc', message: 'fix: things', branch: 'main', repository: '/r', files: ['src/a.ts'], fileCount: 1, insertions: 3, deletions: 1, symbols: ['parseConfig'] },
    };
    await store.putCommits([commit]);

    const summary = await store.summarize(nineLocal, day + 24 * 60 * MINUTE, zone);
    assert.equal(summary.from, day);
    assert.equal(summary.heatmap.length, 1);
    assert.equal(summary.heatmap[0][9], 50);
    assert.equal(summary.heatmap[0][10], 10);
    assert.equal(summary.heatmap[0].reduce((a, b) => a + b, 0), 60);
    assert.deepEqual(summary.byLanguage, [{ language: 'typescript', minutes: 40 }, { language: 'python', minutes: 20 }]);
    assert.deepEqual(summary.topFiles[0], { file: 'src/a.ts', minutes: 40, edits: 1 });
    assert.deepEqual(summary.topSymbols.slice(0, 2), [
      { symbol: 'parseConfig', file: 'src/a.ts', minutes: 40, edits: 1 },
      { symbol: 'User.save', file: 'app/models.py', minutes: 20, edits: 1 },
    ]);
    assert.deepEqual(summary.recentCommits, [
      { hash: 'abc', message: 'fix: things', time: commit.start, branch: 'main', files: 1, insertions: 3, deletions: 1, symbols: ['parseConfig'] },
    ]);
    assert.deepEqual(summary.totals, { editMinutes: 50, dwellMinutes: 20, jumps: 2, commits: 1, events: 6 });
  });

  it('spreads a week over days in the user\'s time zone', async () => {
    const zone = fixedTimeZone(-300);
    const monday = Date.parse('2026-11-02T00:00:00-05:00');
    await store.ingest([
      editEvent({ start: monday + 23 * 60 * MINUTE + 30 * MINUTE, duration: 60 * MINUTE }),
      editEvent({ start: monday + 3 * 24 * 60 * MINUTE + 14 * 60 * MINUTE, duration: 15 * MINUTE, file: 'src/other.ts' }),
    ]);
    const summary = await store.summarize(monday + 5 * MINUTE, monday + 7 * 24 * 60 * MINUTE, zone);
    assert.equal(summary.from, monday);
    assert.equal(summary.heatmap.length, 7);
    assert.equal(summary.heatmap[0][23], 30);
    assert.equal(summary.heatmap[1][0], 30);
    assert.equal(summary.heatmap[3][14], 15);
  });

  it('renders an empty window as zeros', async () => {
    const summary = await store.summarize(T0, T0 + 60 * MINUTE, fixedTimeZone(0));
    assert.equal(summary.heatmap.length, 1);
    assert.ok(summary.heatmap[0].every((minutes) => minutes === 0));
    assert.deepEqual(summary.totals, { editMinutes: 0, dwellMinutes: 0, jumps: 0, commits: 0, events: 0 });
  });

  it('redacts secrets from what a row carries before it is stored', async () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    await store.putCommits([
      {
        id: 'git:def', type: 'commit', start: T0, duration: 0,
        data: { hash: 'def', message: `fix: rotate ${token}`, repository: '/r', files: [], fileCount: 0, insertions: 0, deletions: 0, symbols: [] },
      },
    ]);
    const [row] = await store.getRows(['git:def']);
    assert.equal(row.type === 'commit' && row.data.message.includes('[REDACTED:'), true, JSON.stringify(row));
    assert.deepEqual(filesContaining(folder, token), []);
  });

  it('forgets everything when cleared, so no file keeps a path it held', async () => {
    await store.ingest([editEvent({ file: 'src/very-secret-plans.ts' }), editEvent({ start: T0 + 60 * MINUTE, file: 'src/very-secret-plans.ts' })]);
    await store.markSeen([{ id: 'commit-event-1', row: 'git:abc' }]);
    await store.clear();
    assert.deepEqual(await store.counts(), { rows: 0, events: 0 });
    assert.deepEqual(filesContaining(folder, 'very-secret-plans'), []);
    assert.deepEqual(filesContaining(folder, 'commit-event-1'), []);
  });
});
