// Bundles Twin's entry points into a flat dist/ folder. Flat on purpose: code that looks for files beside
// itself (the embedding worker, grammar wasm, the offline model's folder) finds them the same way in the
// tsc output used by tests, in dist/ and in the packaged extension.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
  { entryPoints: { sidecar: 'src/sidecar/main.ts' } },
  // The extension host loads only this bundle: everything it needs is inside, and nothing heavy is
  // (LanceDB and the embedders live in the sidecar).
  { entryPoints: { extension: 'src/extension/extension.ts' }, external: ['vscode'] },
  { entryPoints: { 'webview/dashboard': 'webview/dashboard/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', external: [] },
];

/** Grammar and runtime wasm files the code understanding loads from `tree-sitter/` beside the bundles. */
function copyTreeSitterWasm() {
  // Package folders are found through node_modules directly: some packages do not export package.json.
  const require = createRequire(import.meta.url);
  const packageFolder = (name) => {
    for (const base of require.resolve.paths(name) ?? []) {
      const folder = path.join(base, name);
      if (existsSync(path.join(folder, 'package.json'))) return folder;
    }
    throw new Error(`${name} is not installed: run ./scripts/setup.sh`);
  };
  const packageFile = (name, file) => path.join(packageFolder(name), file);
  const files = [
    packageFile('web-tree-sitter', 'web-tree-sitter.wasm'),
    packageFile('tree-sitter-typescript', 'tree-sitter-typescript.wasm'),
    packageFile('tree-sitter-typescript', 'tree-sitter-tsx.wasm'),
    packageFile('tree-sitter-javascript', 'tree-sitter-javascript.wasm'),
    packageFile('tree-sitter-python', 'tree-sitter-python.wasm'),
    packageFile('tree-sitter-go', 'tree-sitter-go.wasm'),
    packageFile('tree-sitter-rust', 'tree-sitter-rust.wasm'),
    packageFile('tree-sitter-java', 'tree-sitter-java.wasm'),
  ];
  const target = path.join(dist, 'tree-sitter');
  mkdirSync(target, { recursive: true });
  for (const file of files) copyFileSync(file, path.join(target, path.basename(file)));
  return files.length;
}

mkdirSync(dist, { recursive: true });
const started = Date.now();
if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry, outdir: dist })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry, outdir: dist })));
  chmodSync(path.join(dist, 'twin.js'), 0o755);
  copyTreeSitterWasm();
  console.log(`esbuild: bundled ${entries.length} entry points into dist/ in ${Date.now() - started} ms`);
}
