#!/usr/bin/env node
/**
 * The sidecar as the extension sees it: start `node dist/sidecar.js` on a fresh TWIN_HOME, speak JSON-RPC
 * on its stdio, and measure
 *
 *   - resident memory when idle (after start-up settles),
 *   - events/s through `twin/ingestEvents` for a burst of N events (a workday's edits, dwells and jumps,
 *     in batches as the extension's queue sends them), with per-batch latency,
 *   - resident memory after the burst, and how many activity rows and memories the heartbeat merging left,
 *   - recall latency on the result.
 *
 *   node esbuild.mjs && node bench/sidecar-ingest.mjs [--events 10000] [--batch 100] [--seed 1] [--arena-max 1]
 *
 * Targets (issue 3): idle RSS ≤ 200 MB.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { formatMachine, machineInfo } from './lib/machine.mjs';
import { createRandom } from './lib/random.mjs';
import { writeResult } from './lib/results.mjs';
import { fixed, formatTable, megabytes, thousands } from './lib/table.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const IDLE_TARGET_MB = 200;

async function main() {
  // --arena-max 1 is how the extension starts the sidecar (MALLOC_ARENA_MAX=1); 0 leaves glibc's default.
  const options = parseArgs(process.argv.slice(2), { events: 10000, batch: 100, seed: 1, settleSeconds: 5, arenaMax: 1, keep: false });
  const bundle = path.join(ROOT, 'dist/sidecar.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` first.`);
  const machine = machineInfo();
  console.log(formatMachine(machine));

  const home = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-sidecar-'));
  const child = spawn(process.execPath, [bundle], { env: { ...process.env, TWIN_HOME: home, TWIN_EMBEDDER: '', TWIN_LOG_LEVEL: 'info', ...(options.arenaMax ? { MALLOC_ARENA_MAX: String(options.arenaMax) } : {}) }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const started = performance.now();
    await connection.sendRequest('twin/status', {});
    const readyMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
    const idle = memory(child.pid);

    const events = workday(options.events, options.seed);
    const latencies = [];
    const burstStarted = performance.now();
    for (let start = 0; start < events.length; start += options.batch) {
      const batch = events.slice(start, start + options.batch);
      const sent = performance.now();
      const result = await connection.sendRequest('twin/ingestEvents', { events: batch });
      latencies.push(performance.now() - sent);
      if (result.stored.length !== batch.length) throw new Error(`batch at ${start}: ${result.stored.length} of ${batch.length} stored`);
    }
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const afterBurst = memory(child.pid);
    const status = await connection.sendRequest('twin/status', {});
    const day = Date.parse('2026-11-02T00:00:00Z');
    const summary = await connection.sendRequest('twin/activity', { from: day, to: day + 86_400_000 });
    const rows = await countRows(home);

    const recallTimes = [];
    for (const query of ['parseConfig', 'render the invoice table', 'retry webhook delivery', 'Session.refresh', 'cache eviction']) {
      const sent = performance.now();
      await connection.sendRequest('twin/recall', { query, limit: 10 });
      recallTimes.push(performance.now() - sent);
    }
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
    const settled = memory(child.pid);

    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    console.log('');
    console.log(
      formatTable(
        ['measure', 'value'],
        [
          ['start-up to first answer', `${fixed(readyMs, 0)} ms`],
          ['idle RSS', `${megabytes(idle.rss)} MB`],
          [`ingest ${thousands(events.length)} events (batches of ${options.batch})`, `${fixed(burstSeconds)} s`],
          ['events/s', thousands(events.length / burstSeconds)],
          ['batch latency p50', `${fixed(pct(50))} ms`],
          ['batch latency p99', `${fixed(pct(99))} ms`],
          ['RSS after the burst', `${megabytes(afterBurst.rss)} MB`],
          ['peak RSS (VmHWM)', `${megabytes(afterBurst.hwm)} MB`],
          [`RSS ${options.settleSeconds} s later`, `${megabytes(settled.rss)} MB`],
          ['activity rows', thousands(rows)],
          ['memories', thousands(status.memories)],
          ['recall p50 (5 queries)', `${fixed(recallTimes.sort((a, b) => a - b)[2])} ms`],
        ],
      ),
    );
    console.log('');
    console.log(`Idle RSS ${megabytes(idle.rss)} MB: ${fixed(idle.rss / 2 ** 20 / IDLE_TARGET_MB, 2)}× the ${IDLE_TARGET_MB} MB target.`);
    console.log(`Heartbeat merging kept ${thousands(rows)} rows for ${thousands(events.length)} events (${fixed(events.length / rows, 1)} events per row); ${thousands(status.memories)} memories.`);
    console.log(`Dashboard day: ${summary.totals.editMinutes} edit min, ${summary.totals.dwellMinutes} dwell min, ${summary.totals.jumps} jumps.`);

    const file = writeResult('sidecar-ingest', {
      startedAt: new Date().toISOString(),
      machine,
      options,
      readyMs,
      idle,
      burst: { events: events.length, seconds: burstSeconds, eventsPerSecond: events.length / burstSeconds, p50: pct(50), p99: pct(99) },
      afterBurst,
      settled,
      rows,
      memories: status.memories,
      recallMs: recallTimes,
    });
    console.log(`Results: ${path.relative(ROOT, file)}`);
  } catch (error) {
    console.error(stderr.slice(-4000));
    throw error;
  } finally {
    connection.dispose();
    child.stdin.end();
    await new Promise((resolve) => child.on('exit', resolve));
    if (options.keep) console.log(`Kept ${home}`);
    else rmSync(home, { recursive: true, force: true });
  }
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** Rows of the activity table, read straight from LanceDB (a reader beside the sidecar's writer is fine). */
async function countRows(home) {
  const lancedb = require('@lancedb/lancedb');
  const db = await lancedb.connect(path.join(home, 'memory.lancedb'));
  const table = await db.openTable('activity');
  try {
    return await table.countRows();
  } finally {
    table.close();
    db.close();
  }
}

/**
 * A developer's day as the extension reports it: edit sessions on a handful of functions at a time, dwells
 * while reading, jumps between files; gaps short enough that many sessions merge into one row.
 */
function workday(count, seed) {
  const random = createRandom(`sidecar-ingest:${seed}`);
  const verbs = ['parse', 'render', 'retry', 'refresh', 'evict', 'validate', 'merge', 'load'];
  const nouns = ['Config', 'Invoice', 'Webhook', 'Session', 'Cache', 'Token', 'Route', 'Report'];
  const files = Array.from({ length: 60 }, (_, i) => ({
    file: `src/${random.pick(['api', 'billing', 'auth', 'ui', 'store'])}/${random.pick(nouns).toLowerCase()}-${i}.ts`,
    symbols: Array.from({ length: 6 }, () => `${random.pick(nouns)}.${random.pick(verbs)}${random.pick(nouns)}`),
  }));
  let clock = Date.parse('2026-11-02T08:00:00Z');
  let focus = random.pick(files);
  let symbol = focus.symbols[0];
  const events = [];
  for (let i = 0; i < count; i++) {
    // People stay in a function for a while, and in a file for longer.
    if (random.chance(0.08)) focus = random.pickSkewed(files);
    if (!focus.symbols.includes(symbol) || random.chance(0.25)) symbol = random.pickSkewed(focus.symbols);
    const roll = random.next();
    const id = `bench-${seed}-${i}`;
    if (roll < 0.6) {
      const duration = Math.round(random.exponential(20_000)) + 2000;
      events.push({
        id, type: 'edit', start: clock, duration, project: 'demo', file: focus.file, language: 'typescript',
        charsInserted: random.int(5, 400), charsDeleted: random.int(0, 120), changes: random.int(1, 40),
        saves: random.chance(0.3) ? 1 : 0, undos: random.chance(0.1) ? 1 : 0, redos: 0, symbols: [symbol],
      });
      clock += duration + Math.round(random.exponential(8_000));
    } else if (roll < 0.85) {
      const duration = Math.round(random.exponential(40_000)) + 1000;
      events.push({ id, type: 'dwell', start: clock, duration, project: 'demo', file: focus.file, language: 'typescript', symbol });
      clock += duration + Math.round(random.exponential(5_000));
    } else {
      const target = random.pickSkewed(files);
      events.push({
        id, type: 'jump', start: clock, duration: 0, project: 'demo', kind: random.pick(['switch', 'definition', 'references']),
        fromFile: focus.file, fromSymbol: symbol, toFile: target.file, toSymbol: random.pick(target.symbols), language: 'typescript',
      });
      focus = target;
      symbol = random.pick(target.symbols);
      clock += Math.round(random.exponential(3_000));
    }
  }
  return events;
}

await main();
