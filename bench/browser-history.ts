/**
 * Cost of the browser collector's polls over a Chromium History with ~10k visits. Not a test: it prints
 * a table.
 *
 *   npx tsc -p . && node --expose-gc out/bench/browser-history.js [--visits 10000] [--polls 20]
 *
 * The History is generated with sql.js in Chromium's real `urls`/`visits` schema (2,000 pages on 150
 * hosts, ~3 visits per page, with durations and transitions). The sink counts memories and does not
 * write: the store's own cost is measured by the memory benchmarks, this measures what the collector
 * adds (copying the file, opening it with sql.js, querying, filtering, collapsing). Rows:
 * - backfill: the first poll of a new profile, reading every visit (maxVisitsPerPoll raised);
 * - idle poll: the History file has not changed since the last poll (the steady state of a 60 s poll:
 *   two stat calls, no copy);
 * - 10 new visits: the browser recorded ten visits since the last poll;
 * - snapshot alone: copy + read + open in sql.js + one count, the floor of any poll.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from 'sql.js';
import { BrowserCollector } from '../src/core/collectors/browser/browser-collector';
import { openHistorySnapshot } from '../src/core/collectors/browser/history-snapshot';
import { loadSqlJs } from '../src/core/collectors/browser/sql-wasm';
import type { CollectorSink } from '../src/core/collectors/collector';
import { numberOption, seeded } from './support/bench-args';

const CHROMIUM_SCHEMA = `
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL);
CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT,url INTEGER NOT NULL,visit_time INTEGER NOT NULL,from_visit INTEGER,external_referrer_url TEXT,transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,visit_duration INTEGER DEFAULT 0 NOT NULL,incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL,opener_visit INTEGER,originator_cache_guid TEXT,originator_visit_id INTEGER,originator_from_visit INTEGER,originator_opener_visit INTEGER,is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL,consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL,visited_link_id INTEGER DEFAULT 0 NOT NULL,app_id TEXT);
CREATE INDEX visits_url_index ON visits (url);
CREATE INDEX visits_time_index ON visits (visit_time);
CREATE INDEX urls_url_index ON urls (url);
`;
const CHROMIUM_EPOCH_OFFSET_US = 11_644_473_600_000_000n;
const LINK_CHAIN_END = 0x30000000; // CHAIN_START | CHAIN_END | LINK



const random = seeded(7);
const chromiumTime = (ms: number) => (BigInt(Math.round(ms)) * 1000n + CHROMIUM_EPOCH_OFFSET_US).toString();

function addVisits(db: Database, count: number, from: number, spacingMs: number): void {
  const urlCount = (db.exec('SELECT count(*) FROM urls')[0].values[0][0] as number) || 0;
  db.exec('BEGIN');
  const visit = db.prepare('INSERT INTO visits (url, visit_time, transition, visit_duration) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < count; i++) {
    const url = 1 + Math.floor(random() * urlCount);
    visit.run([url, chromiumTime(from + i * spacingMs), LINK_CHAIN_END, Math.floor(random() * 120_000_000)]);
  }
  visit.free();
  db.exec('COMMIT');
}

async function buildHistory(file: string, visits: number, now: number): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec(CHROMIUM_SCHEMA);
  db.exec('BEGIN');
  const url = db.prepare('INSERT INTO urls (url, title, last_visit_time) VALUES (?, ?, 0)');
  for (let i = 0; i < 2000; i++) {
    const host = `site${i % 150}.example.com`;
    url.run([`https://${host}/docs/page-${i}?ref=${i % 7}&session=${(i * 7919) % 100000}`, `Documentation page ${i} about topic ${i % 40}`]);
  }
  url.free();
  db.exec('COMMIT');
  const span = 5 * 86_400_000;
  addVisits(db, visits, now - span, span / visits);
  fs.writeFileSync(file, db.export());
  return db;
}

function stats(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

async function main(): Promise<void> {
  const visits = numberOption('visits', 10_000);
  const polls = numberOption('polls', 20);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-bench-browser-'));
  const profile = path.join(folder, 'Default');
  fs.mkdirSync(profile);
  const home = path.join(folder, 'home');
  const file = path.join(profile, 'History');
  const now = Date.now() - 60_000;
  const db = await buildHistory(file, visits, now - 60 * 60_000);
  let stored = 0;
  const sink: CollectorSink = {
    home,
    isPaused: () => false,
    remember: async (memories) => ((stored += memories.length), { stored: true }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message) => console.error(message) },
  };
  const collector = new BrowserCollector({ standardLocations: false, extraProfiles: [profile], backfillDays: 30, maxVisitsPerPoll: visits * 2, pollIntervalMs: 3_600_000 });
  await collector.start(sink);
  const rssBefore = process.memoryUsage().rss;

  // A poll comes a while after the browser's last write (files written in the last 2 s are always re-read).
  const settle = () => fs.utimesSync(file, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
  settle();
  let started = performance.now();
  const backfill = await collector.pollNow();
  const backfillMs = performance.now() - started;
  if (backfill.errors.length) throw new Error(backfill.errors.join('\n'));

  const idle: number[] = [];
  for (let i = 0; i < polls; i++) {
    started = performance.now();
    await collector.pollNow();
    idle.push(performance.now() - started);
  }

  const fresh: number[] = [];
  let freshStored = 0;
  for (let i = 0; i < polls; i++) {
    addVisits(db, 10, Date.now() - 30_000, 1000);
    fs.writeFileSync(file, db.export());
    settle();
    const before = stored;
    started = performance.now();
    await collector.pollNow();
    fresh.push(performance.now() - started);
    freshStored += stored - before;
  }

  const snapshot: number[] = [];
  for (let i = 0; i < polls; i++) {
    started = performance.now();
    const opened = await openHistorySnapshot(file);
    opened.db.exec('SELECT count(*) FROM visits');
    opened.db.close();
    snapshot.push(performance.now() - started);
  }
  await collector.stop();
  const rssAfter = process.memoryUsage().rss;
  const sizeMb = fs.statSync(file).size / 1e6;
  db.close();
  fs.rmSync(folder, { recursive: true, force: true });

  const f = (ms: number) => ms.toFixed(1);
  console.log(`History: ${visits} visits over 2,000 pages, ${sizeMb.toFixed(2)} MB; ${polls} polls per row; sink counts, does not store`);
  console.log('');
  console.log('| poll | p50 ms | p95 ms | max ms | memories |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(`| backfill (first poll, all ${visits} visits) | ${f(backfillMs)} | – | – | ${backfill.memoriesStored} |`);
  const row = (name: string, samples: number[], memories: string) => {
    const s = stats(samples);
    console.log(`| ${name} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.max)} | ${memories} |`);
  };
  row('idle poll (file unchanged)', idle, '0');
  row('10 new visits', fresh, `${(freshStored / polls).toFixed(1)} per poll`);
  row('snapshot alone (copy, read, open, count)', snapshot, '–');
  console.log('');
  const idleP50 = stats(idle).p50;
  console.log(`At one poll a minute an idle poll costs ${((idleP50 / 60_000) * 100).toFixed(3)} % of one core; RSS grew ${((rssAfter - rssBefore) / 1e6).toFixed(1)} MB over the run (sql.js heap included).`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
