import * as assert from 'node:assert/strict';
import { collapseVisits, memoryForRun, type PageVisit, tailOf } from './visit-memories';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const profile = { browser: 'chrome' as const, key: 'abcdef012345', label: 'Chrome Default' };
const visit = (visitId: number, url: string, time: number, dwellMs?: number, title = 'A page'): PageVisit => ({ visitId, url, domain: new URL(url).hostname, title, time, dwellMs });

describe('Visit memories', () => {
  it('collapses reloads within the window after the previous load ended, summing dwell', () => {
    const runs = collapseVisits([
      visit(1, 'https://a.com/x', T0, 30_000),
      visit(2, 'https://a.com/x', T0 + 80_000, 10_000),
      visit(3, 'https://a.com/y', T0 + 100_000),
      visit(4, 'https://a.com/x', T0 + 110_000),
      visit(5, 'https://a.com/x', T0 + 400_000),
    ]);
    assert.deepEqual(
      runs.map((run) => [run.firstVisitId, run.visits, run.dwellMs]),
      [[1, 2, 40_000], [3, 1, undefined], [4, 1, undefined], [5, 1, undefined]],
    );
  });

  it('continues the last run of the previous poll under its first visit id', () => {
    const [first] = collapseVisits([visit(7, 'https://a.com/x', T0, 5_000)]);
    const [continued, next] = collapseVisits([visit(8, 'https://a.com/x', T0 + 20_000, 5_000), visit(9, 'https://b.com/', T0 + 30_000)], tailOf(first));
    assert.equal(continued.firstVisitId, 7);
    assert.equal(continued.visits, 2);
    assert.equal(continued.dwellMs, 10_000);
    assert.equal(next.firstVisitId, 9);
  });

  it('describes a run with title, domain, dwell, loads and url', () => {
    const [run] = collapseVisits([visit(3, 'https://docs.rs/tokio', T0, 150_000, 'tokio - Rust'), visit(4, 'https://docs.rs/tokio', T0 + 160_000, 30_000, 'tokio - Rust')]);
    const memory = memoryForRun(run, profile);
    assert.equal(memory.id, 'browser:chrome:abcdef012345:3');
    assert.equal(memory.text, 'Visited tokio - Rust (docs.rs) for 3 min (2 loads) — https://docs.rs/tokio');
    assert.equal(memory.timestamp, T0);
    assert.equal(memory.channel, 'Chrome Default');
    assert.deepEqual(memory.meta, { url: 'https://docs.rs/tokio', domain: 'docs.rs', title: 'tokio - Rust', browser: 'chrome', profile: 'Chrome Default', visits: 2, lastVisitAt: T0 + 190_000, dwellMs: 180_000 });
  });

  it('falls back to the address when a page has no title', () => {
    const [run] = collapseVisits([visit(1, 'https://example.com/raw', T0, undefined, '')]);
    assert.equal(memoryForRun(run, profile).text, 'Visited example.com/raw (example.com) — https://example.com/raw');
  });
});
