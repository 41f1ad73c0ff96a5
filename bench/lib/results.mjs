/** Benchmark results go to bench/results/ (gitignored): one timestamped file per run plus a -latest copy. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export function writeResult(name, result) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(result, null, 2) + '\n';
  const file = join(RESULTS_DIR, `${name}-${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, `${name}-latest.json`), json);
  return file;
}
