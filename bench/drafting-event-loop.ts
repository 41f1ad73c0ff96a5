/**
 * How long `/code` blocks the caller's event loop — the extension host's, in VS Code — when the drafter
 * runs in the caller (how `@twin /code` worked before) versus in the sidecar behind `twin/draft`:
 * `node esbuild.mjs && npx tsc -p . && node out/bench/drafting-event-loop.js [REPOSITORY] [--runs N]`.
 *
 * Both paths draft the same task in the same repository (default: this one) with no model, so what is
 * timed is the drafter's own work: git, tree-sitter over up to 40 files, style learning. Recall goes to a
 * real sidecar in both, as it did before. The caller's loop is sampled every 2 ms; "blocked" adds up how
 * late each sample fired, "longest" is the worst single stall, and p99 comes from
 * `perf_hooks.monitorEventLoopDelay`; an idle row of the same length shows the sampler's own jitter.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { draftCode } from '../src/core/drafting/code-drafter';
import type { MemoryRecaller } from '../src/core/drafting/memory-recaller';
import type { DraftResponse } from '../src/core/protocol/draft-protocol';

const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const repository = path.resolve(args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--runs') ?? root);
const TASK = 'add a retry with exponential backoff to the sidecar client request';
const TICK_MS = 2;

interface Sample {
  wallMs: number;
  blockedMs: number;
  longestMs: number;
  p99Ms: number;
}

/** Runs `work` while sampling how late this process's event loop is. */
async function measure(work: () => Promise<unknown>): Promise<Sample> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let blockedMs = 0;
  let longestMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - last - TICK_MS);
    blockedMs += late;
    longestMs = Math.max(longestMs, late);
    last = now;
  }, TICK_MS);
  histogram.enable();
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  // One more tick so a stall at the very end is counted.
  await new Promise((resolve) => setTimeout(resolve, TICK_MS * 2));
  clearInterval(ticker);
  histogram.disable();
  return { wallMs, blockedMs, longestMs, p99Ms: histogram.percentile(99) / 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const bundle = path.join(root, 'dist', 'sidecar.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` first.`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-bench-draft-'));
  const child = spawn(process.execPath, [bundle], { env: { ...process.env, TWIN_HOME: home, TWIN_EMBEDDER: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const deadline = Date.now() + 60_000;
    while (!/ready in/.test(stderr)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The sidecar did not start:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const recaller: MemoryRecaller = { recall: (query, options = {}) => connection.sendRequest('twin/recall', { query, ...options }) };
    const inCaller = () => draftCode({ task: TASK, languageId: 'typescript', repo: repository, twin: recaller, home });
    let session = 0;
    const inSidecar = async () => {
      const answer: DraftResponse = await connection.sendRequest('twin/draft', { session: `bench-${++session}`, channel: 'code', task: TASK, languageId: 'typescript', repository });
      if (answer.status !== 'drafted') throw new Error(`twin/draft answered ${JSON.stringify(answer)}`);
    };
    // Warm both (grammar wasm, git's caches), then alternate so neither gets a warmer machine.
    await inCaller();
    await inSidecar();
    const before: Sample[] = [];
    const after: Sample[] = [];
    const idle: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      before.push(await measure(inCaller));
      after.push(await measure(inSidecar));
      // The sampler's own jitter on this machine over the same time, with nothing to draft.
      const wait = median(after.map((s) => s.wallMs));
      idle.push(await measure(() => new Promise((resolve) => setTimeout(resolve, wait))));
    }
    const row = (label: string, samples: Sample[]) =>
      `| ${label} | ${median(samples.map((s) => s.wallMs)).toFixed(0)} | ${median(samples.map((s) => s.blockedMs)).toFixed(0)} | ${median(samples.map((s) => s.longestMs)).toFixed(1)} | ${median(samples.map((s) => s.p99Ms)).toFixed(1)} |`;
    console.log(`/code "${TASK}" in ${repository}, no model, ${RUNS} runs each (medians), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
    console.log('');
    console.log('| drafter runs in | wall ms | caller event loop blocked ms | longest stall ms | loop delay p99 ms |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(row('the caller (before: extension host)', before));
    console.log(row('the sidecar (after: `twin/draft`)', after));
    console.log(row('nothing (idle baseline: timer jitter)', idle));
    const jitter = median(idle.map((s) => s.blockedMs));
    const net = (samples: Sample[]) => Math.max(0, median(samples.map((s) => s.blockedMs)) - jitter).toFixed(0);
    console.log('');
    console.log(`blocked beyond the idle jitter: ${net(before)} ms with the drafter in the caller, ${net(after)} ms with it in the sidecar`);
  } finally {
    connection.dispose();
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
