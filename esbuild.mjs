// Bundles Twin's entry points into a flat dist/ folder. Flat on purpose: code that looks for files beside
// itself (the embedding worker, grammar wasm, the offline model's folder) finds them the same way in the
// tsc output used by tests, in dist/ and in the packaged extension.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');

/** Runtime dependencies stay in node_modules: native modules (LanceDB, onnxruntime) cannot be bundled. */
const external = Object.keys(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies ?? {});

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: [...external, 'vscode'],
  logLevel: 'warning',
};

const entries = [
  { entryPoints: { twin: 'src/cli/twin.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'embedding-worker': 'src/core/embedding/embedding-worker.ts' } },
];

mkdirSync(dist, { recursive: true });
const started = Date.now();
if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry, outdir: dist })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry, outdir: dist })));
  chmodSync(path.join(dist, 'twin.js'), 0o755);
  console.log(`esbuild: bundled ${entries.length} entry points into dist/ in ${Date.now() - started} ms`);
}
