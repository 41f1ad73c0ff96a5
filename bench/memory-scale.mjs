#!/usr/bin/env node
/**
 * Import throughput, recall latency, peak memory and size on disk of Twin at 10k and 100k memories of
 * realistic developer activity, through the real `twin` CLI (offline embedder, hybrid recall).
 *
 *   node bench/memory-scale.mjs                       sizes 10000,100000, 200 queries
 *   node bench/memory-scale.mjs --sizes 10000 --queries 100 --keep
 *
 * For each size: a fresh TWIN_HOME, `twin import FILE --json` (timed end to end, so start-up and model
 * loading count), `twin stats --json`, then `twin recall --queries FILE --json --limit 10 --timings`
 * over realistic queries; per-query latencies come from the CLI itself, the store's open time is
 * reported apart. Peak RSS is the kernel's high-water mark of each CLI process. Prints a table and the
 * ratios to the targets of issue 2, and writes bench/results/memory-scale-<time>.json.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { createRandom } from './lib/random.mjs';
import { machineInfo, formatMachine } from './lib/machine.mjs';
import { summarizeLatencies } from './lib/stats.mjs';
import { formatTable, fixed, megabytes, thousands } from './lib/table.mjs';
import { resolveTwinCli, runTwin, lastJsonLine, parseTimings, parseRecallLines } from './lib/twin-cli.mjs';
import { writeResult } from './lib/results.mjs';
import { createDeveloperMemoryGenerator, buildRecallQueries } from './data/developer-memories.mjs';

export const TARGETS = {
  importPerSecond: 2000,
  recallP95Ms: 50,
  recallP95AtSize: 100_000,
  peakRssMB: 400,
};
const QUERY_SAMPLE_SIZE = 2000;

export async function runMemoryScale(options) {
  const startedAt = new Date().toISOString();
  const cli = resolveTwinCli(options.cli);
  const machine = machineInfo();
  console.log(formatMachine(machine));
  console.log(`Twin CLI: ${cli}${options.mode ? `, recall mode ${options.mode}` : ', hybrid recall (default mode)'}\n`);

  const runs = [];
  for (const size of options.sizes.map(Number)) {
    if (!Number.isInteger(size) || size <= 0) throw new Error(`--sizes takes positive integers, got "${size}"`);
    runs.push(await measureSize(cli, size, options));
  }

  printReport(runs);
  const result = { benchmark: 'memory-scale', startedAt, machine, loadAverage1mAtEnd: Number(loadavg()[0].toFixed(2)), cli, options, targets: TARGETS, runs };
  const file = writeResult('memory-scale', result);
  console.log(`\nResults written to ${file}`);
  return result;
}

async function measureSize(cli, size, options) {
  const workDir = mkdtempSync(join(tmpdir(), `twin-bench-scale-${size}-`));
  const home = join(workDir, 'home');
  mkdirSync(home);
  const dataFile = join(workDir, 'memories.jsonl');
  const queriesFile = join(workDir, 'queries.txt');
  const timeoutMs = options.timeoutMinutes * 60_000;
  try {
    process.stdout.write(`[${thousands(size)}] generating memories… `);
    const { stats: generated, sample } = await writeMemories(dataFile, size, options.seed);
    const queries = buildRecallQueries(sample, { count: options.queries, seed: options.seed });
    writeFileSync(queriesFile, queries.join('\n') + '\n');
    console.log(`${thousands(generated.total)} (${generated.nearDuplicates} planted near-duplicates), ${queries.length} queries`);

    process.stdout.write(`[${thousands(size)}] twin import… `);
    const imported = await runTwin(cli, ['import', dataFile, '--json'], { home, timeoutMs });
    const importReport = lastJsonLine(imported.stdout, '`twin import --json`');
    const importSeconds = imported.wallMs / 1000;
    console.log(`${fixed(importSeconds, 1)} s wall (${fixed(size / importSeconds, 0)} memories/s), CLI reported ${fixed(importReport.seconds, 1)} s`);
    if (importReport.skipped > 0) console.log(`  warning: the CLI skipped ${importReport.skipped} lines of generated data; check its stderr`);

    const statsRun = await runTwin(cli, ['stats', '--json'], { home, timeoutMs });
    const stats = lastJsonLine(statsRun.stdout, '`twin stats --json`');

    process.stdout.write(`[${thousands(size)}] twin recall --queries (${queries.length})… `);
    const recallArgs = ['recall', '--queries', queriesFile, '--json', '--limit', String(options.limit), '--timings'];
    if (options.mode) recallArgs.push('--mode', options.mode);
    const recalled = await runTwin(cli, recallArgs, { home, timeoutMs });
    const results = parseRecallLines(recalled.stdout, queries.length);
    const timings = parseTimings(recalled.stderr);
    if (timings.timingsMs.length !== queries.length) {
      throw new Error(`--timings reported ${timings.timingsMs.length} latencies for ${queries.length} queries`);
    }
    const latency = summarizeLatencies(timings.timingsMs);
    console.log(`p50 ${fixed(latency.p50)} ms, p95 ${fixed(latency.p95)} ms, open ${fixed(timings.openMs, 0)} ms`);

    return {
      size,
      generated,
      import: {
        wallSeconds: importSeconds,
        reportedSeconds: importReport.seconds,
        memoriesPerSecond: size / importSeconds,
        imported: importReport.imported,
        merged: importReport.merged,
        skipped: importReport.skipped,
        peakRssBytes: imported.peakRssBytes,
        peakTreeRssBytes: imported.peakTreeRssBytes,
      },
      store: {
        total: stats.total,
        bytesOnDisk: stats.bytesOnDisk,
        bytesInHomeDir: directorySize(home),
        bySource: stats.bySource,
        byKind: stats.byKind,
      },
      recall: {
        queries: queries.length,
        limit: options.limit,
        mode: options.mode || 'hybrid',
        openMs: timings.openMs,
        firstQueryMs: timings.timingsMs[0],
        latencyMs: latency,
        wallSeconds: recalled.wallMs / 1000,
        emptyResults: results.filter((r) => r.length === 0).length,
        peakRssBytes: recalled.peakRssBytes,
        peakTreeRssBytes: recalled.peakTreeRssBytes,
      },
      workDir: options.keep ? workDir : undefined,
    };
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    else console.log(`[${thousands(size)}] kept ${workDir}`);
  }
}

/** Streams the generated memories to disk and keeps a uniform sample to derive queries from. */
async function writeMemories(file, count, seed) {
  const generator = createDeveloperMemoryGenerator({ count, seed });
  const out = createWriteStream(file);
  const sampler = createRandom(`query-sample:${seed}`);
  const sample = [];
  let seen = 0;
  let buffer = '';
  for (const memory of generator.memories) {
    seen++;
    if (sample.length < QUERY_SAMPLE_SIZE) sample.push(memory);
    else if (sampler.next() < QUERY_SAMPLE_SIZE / seen) sample[Math.floor(sampler.next() * QUERY_SAMPLE_SIZE)] = memory;
    // Observed activity arrives without ids, so every line goes through the near-duplicate check on write
    // (Twin never merges records that carry their own ids).
    const { id: _id, ...observed } = memory;
    buffer += JSON.stringify(observed) + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { stats: generator.stats, sample };
}

function directorySize(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += directorySize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

function printReport(runs) {
  console.log('\nImport and recall at scale');
  console.log(formatTable(
    ['memories', 'import s', 'memories/s', 'planted dups', 'merged', 'import RSS MB', 'recall p50 ms', 'recall p95 ms', 'p99 ms', 'open ms', 'recall RSS MB', 'disk MB'],
    runs.map((run) => [
      thousands(run.size),
      fixed(run.import.wallSeconds, 1),
      thousands(run.import.memoriesPerSecond),
      thousands(run.generated.nearDuplicates),
      thousands(run.import.merged),
      megabytes(run.import.peakRssBytes),
      fixed(run.recall.latencyMs.p50),
      fixed(run.recall.latencyMs.p95),
      fixed(run.recall.latencyMs.p99),
      fixed(run.recall.openMs, 0),
      megabytes(run.recall.peakRssBytes),
      megabytes(run.store.bytesOnDisk ?? run.store.bytesInHomeDir),
    ]),
  ));

  console.log('\nAgainst the targets (ratio > 1 beats the target)');
  const rows = [];
  for (const run of runs) {
    const importRatio = run.import.memoriesPerSecond / TARGETS.importPerSecond;
    rows.push([thousands(run.size), `import ≥ ${thousands(TARGETS.importPerSecond)} memories/s`, thousands(run.import.memoriesPerSecond), `${fixed(importRatio, 2)}x`, verdict(importRatio)]);
    const appliesHere = run.size >= TARGETS.recallP95AtSize;
    const recallRatio = TARGETS.recallP95Ms / run.recall.latencyMs.p95;
    rows.push([thousands(run.size), `recall p95 ≤ ${TARGETS.recallP95Ms} ms${appliesHere ? '' : ' (target is at 100k)'}`, `${fixed(run.recall.latencyMs.p95)} ms`, `${fixed(recallRatio, 2)}x`, appliesHere ? verdict(recallRatio) : 'info']);
    for (const [label, bytes] of [['import', run.import.peakRssBytes], ['recall', run.recall.peakRssBytes]]) {
      const rssRatio = TARGETS.peakRssMB / (bytes / 2 ** 20);
      rows.push([thousands(run.size), `${label} peak RSS ≤ ${TARGETS.peakRssMB} MB`, `${megabytes(bytes)} MB`, `${fixed(rssRatio, 2)}x`, verdict(rssRatio)]);
    }
  }
  console.log(formatTable(['memories', 'target', 'measured', 'ratio', 'verdict'], rows));
  const spawned = runs.filter((run) => run.import.peakTreeRssBytes > run.import.peakRssBytes * 1.05 || run.recall.peakTreeRssBytes > run.recall.peakRssBytes * 1.05);
  for (const run of spawned) {
    console.log(`note: at ${thousands(run.size)} the CLI's child processes add memory: whole process tree peaked at ${megabytes(run.import.peakTreeRssBytes)} MB (import), ${megabytes(run.recall.peakTreeRssBytes)} MB (recall)`);
  }
}

const verdict = (ratio) => (Number.isFinite(ratio) ? (ratio >= 1 ? 'meets' : 'MISSES') : 'n/a');

const DEFAULTS = { sizes: ['10000', '100000'], queries: 200, limit: 10, seed: 1, mode: '', cli: '', keep: false, timeoutMinutes: 60 };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await runMemoryScale(parseArgs(process.argv.slice(2), DEFAULTS));
  } catch (error) {
    console.error(`\nmemory-scale: ${error.message}`);
    process.exit(1);
  }
}
