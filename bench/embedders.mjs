#!/usr/bin/env node
/**
 * Load time and throughput of Twin's local embedders, in this thread and through the embedding
 * worker. Uses the tsc output, so run `npx tsc -p .` (and `npm run build:model`) first.
 *
 *   node bench/embedders.mjs [--sentences N] [--json FILE]
 *
 * The "tiny transformers" rows run the real transformers.js + onnxruntime-node pipeline on a
 * one-layer bag-of-words model: they measure the pipeline's own cost (tokenizer, session call,
 * pooling), a ceiling for what any real sentence model can reach here.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(repoRoot, 'out', 'src', 'core', 'embedding');
if (!existsSync(path.join(compiled, 'index.js'))) {
  console.error(`No compiled embedding code at ${compiled}: run \`npx tsc -p .\` first.`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { OfflineEmbedder, TransformersEmbedder, WorkerEmbedder, defaultOfflineModelDir } = require(path.join(compiled, 'index.js'));
const { createTinyModel } = require(path.join(compiled, 'test-support', 'tiny-model.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const offlineSentenceCount = Number(option('--sentences', 50_000));
const transformerSentenceCount = Math.min(offlineSentenceCount, 4_000);
const jsonFile = option('--json', undefined);

/** Deterministic short sentences mixing prose and identifiers, like commit messages and notes. */
function sentences(count) {
  const words = [
    'fix', 'the', 'database', 'connection', 'timeout', 'in', 'getUserName', 'parser', 'add', 'tests', 'for', 'login',
    'flow', 'merge', 'branch', 'release', 'notes', 'slack', 'thread', 'about', 'memory', 'leak', 'worker', 'thread',
    'refactor', 'http_client', 'retry-policy', 'kitten', 'review', 'comments', 'on', 'pull', 'request', 'src/core/store.ts',
  ];
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => Array.from({ length: 5 + (next() % 11) }, () => words[next() % words.length]).join(' '));
}

async function throughput(embed, texts, batchSize) {
  await embed(texts.slice(0, Math.min(texts.length, 500)));
  const started = performance.now();
  for (let start = 0; start < texts.length; start += batchSize) await embed(texts.slice(start, start + batchSize));
  return texts.length / ((performance.now() - started) / 1000);
}

async function timed(task) {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

const rows = [];
const record = (embedder, where, loadMs, perSecond, batchSize, count) =>
  rows.push({ embedder, where, 'load ms': Math.round(loadMs), 'sentences/s': Math.round(perSecond), batch: batchSize, sentences: count });

const offlineTexts = sentences(offlineSentenceCount);
const transformerTexts = sentences(transformerSentenceCount);

{
  const { value: offline, ms } = await timed(() => OfflineEmbedder.load(defaultOfflineModelDir()));
  record('offline glove-100d-sif', 'this thread', ms, await throughput((batch) => offline.embed(batch), offlineTexts, 256), 256, offlineTexts.length);
  await offline.close();
}
{
  const { value: worker, ms } = await timed(() => WorkerEmbedder.start({ kind: 'offline' }));
  record('offline glove-100d-sif', 'worker', ms, await throughput((batch) => worker.embed(batch), offlineTexts, 256), 256, offlineTexts.length);
  await worker.close();
}

const tiny = createTinyModel({ dimensions: 384 });
try {
  const config = { kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath };
  {
    const { value: embedder, ms } = await timed(() => TransformersEmbedder.create(config));
    record('tiny transformers (384-d)', 'this thread', ms, await throughput((batch) => embedder.embed(batch), transformerTexts, 32), 32, transformerTexts.length);
    await embedder.close();
  }
  {
    const { value: worker, ms } = await timed(() => WorkerEmbedder.start(config));
    record('tiny transformers (384-d)', 'worker', ms, await throughput((batch) => worker.embed(batch), transformerTexts, 32), 32, transformerTexts.length);
    await worker.close();
  }
} finally {
  tiny.remove();
}

console.table(rows);
if (jsonFile) {
  mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
}
