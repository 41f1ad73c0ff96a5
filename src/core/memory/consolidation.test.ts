import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTempTwin } from '../test-support/temp-twin';
import { Twin } from '../twin';
import { consolidate } from './consolidation';

const DAY = 86_400_000;

describe('Consolidation', function () {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
  });
  afterEach(async () => cleanup());

  it('decays never-recalled memories, prunes decayed observations, and spares notes, ids and recalled ones', async () => {
    await twin.remember([
      { id: 'imported-episode', text: 'Imported: sprint retro notes about flaky end-to-end tests', source: 'slack', importance: 0.5 },
      { text: 'Opened src/cache/lru.ts and scrolled through evictOldest', source: 'editor', importance: 0.5 },
      { text: 'Switched to the terminal to run the migration script', source: 'screen', importance: 0.5 },
      { text: 'Always run database migrations with the --dry-run flag first', source: 'note' },
    ]);
    const [recalled] = await twin.recall('migration script terminal', { limit: 1 });
    assert.match(recalled.memory.text, /terminal/);
    await twin.flushAccess();
    const report = await consolidate(twin, { now: Date.now() + 120 * DAY, halfLifeDays: 30, pruneFloor: 0.05 });
    const survivors = await twin.recall('notes flaky tests migrations', { limit: 10 });
    const texts = survivors.map((result) => result.memory.text);
    assert.equal(report.pruned.length, 1, 'only the never-recalled editor observation fell below the floor');
    assert.ok(!texts.some((text) => text.includes('evictOldest')));
    assert.ok(texts.some((text) => text.includes('--dry-run')), 'notes are never pruned');
    assert.ok(texts.some((text) => text.includes('sprint retro')), 'what people wrote (chat) is never pruned');
    assert.ok(texts.some((text) => text.includes('terminal')), 'recalled memories do not decay');
    const retro = survivors.find((result) => result.memory.id === 'imported-episode')!;
    assert.ok(Math.abs(retro.memory.importance - 0.5 / 16) < 0.002, `importance halves every 30 days: ${retro.memory.importance}`);
    assert.ok(report.decayed >= 2);
  });

  it('logs what it did by ids and counts, never by text', async () => {
    await twin.remember([{ text: 'Glanced at the quarterly marzipan budget spreadsheet', source: 'screen', importance: 0.2 }]);
    const report = await consolidate(twin, { now: Date.now() + 365 * DAY });
    const log = fs.readFileSync(path.join(home, 'logs', 'consolidation.jsonl'), 'utf8').trim().split('\n');
    assert.equal(log.length, 1);
    const entry = JSON.parse(log[0]);
    assert.deepEqual(entry.pruned, report.pruned);
    assert.equal(entry.pruned.length, 1);
    assert.doesNotMatch(log[0], /marzipan/);
  });

  it('merges paraphrases that slipped past the write-time check into the oldest memory', async () => {
    const base = Date.now() - 10 * DAY;
    const [older] = await twin.remember([{ text: 'The staging cluster certificates expire on the first of every month', source: 'slack', timestamp: base }]);
    // Reworded: word overlap falls under the write-time threshold (0.8) while meaning stays (cosine ≈ 0.97).
    const [newer] = await twin.remember([{ text: 'Staging cluster certificates expire on the first day of each month', source: 'email', timestamp: base + DAY }]);
    assert.equal(newer.outcome, 'created');
    const report = await consolidate(twin, { mergeSimilarity: 0.9 });
    assert.deepEqual(report.merged, [{ into: older.id, absorbed: newer.id }]);
    const results = await twin.recall('staging certificates expire');
    assert.equal(results.filter((result) => /certificates/.test(result.memory.text)).length, 1);
    assert.deepEqual(results[0].memory.sources, ['slack', 'email']);
    assert.equal(results[0].memory.timestamp, base);
  });
});
