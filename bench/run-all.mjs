#!/usr/bin/env node
/**
 * Runs every Twin benchmark with its default sizes and prints all their tables (`npm run bench`).
 *
 *   node bench/run-all.mjs                 memory-scale at 10k and 100k, retrieval-quality with 10k distractors
 *   node bench/run-all.mjs --quick         10k only and 2k distractors, for a fast look
 *   node bench/run-all.mjs --cli PATH      a CLI other than dist/ (also: TWIN_CLI=PATH)
 *
 * Each benchmark runs in its own process so one's memory never colours the other's figures. Missing
 * a target is a result, not a failure: the exit code is non-zero only when a benchmark could not run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';

const options = parseArgs(process.argv.slice(2), { quick: false, cli: '' });
const shared = options.cli ? ['--cli', options.cli] : [];
const benchmarks = [
  ['memory-scale.mjs', options.quick ? ['--sizes', '10000'] : []],
  ['retrieval-quality.mjs', options.quick ? ['--distractors', '2000'] : []],
  ['vector-index-recall.mjs', options.quick ? ['--size', '25000'] : []],
  ['embedders.mjs', []],
];

const failed = [];
for (const [script, args] of benchmarks) {
  console.log(`\n=== ${script} ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args, ...shared], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(script);
}
if (failed.length) {
  console.error(`\nThese benchmarks could not complete: ${failed.join(', ')} (see their messages above).`);
  process.exit(1);
}
