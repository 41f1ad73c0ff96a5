/**
 * Twin's built-in sentence embedder: works with no network and no user-supplied model.
 *
 * It reads the folder that `npm run build:model` (scripts/build-offline-model.mjs) writes from the
 * GloVe 6B 100-d word vectors and embeds a text as a SIF sentence vector (Arora et al., 2017):
 * the mean of its known word vectors weighted by a / (a + p(word)), minus its projection on a
 * precomputed common component, L2-normalised. That is far weaker than a transformer, but it has
 * real semantic signal, loads in milliseconds and embeds tens of thousands of sentences a second.
 */
import { existsSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { forEachChunk, codeWords } from './code-words';
import type { Embedder, EmbedderInfo } from './embedder';
import { WordIndex } from './word-index';

export const OFFLINE_MODEL_FORMAT = 'twin-offline-word-vectors';
export const OFFLINE_MODEL_FORMAT_VERSION = 1;

interface SectionLayout {
  offset: number;
  bytes: number;
  dtype: 'float32' | 'int8';
  shape: number[];
}

/** The parts of manifest.json this loader relies on (the build script documents the rest). */
export interface OfflineModelManifest {
  format: string;
  formatVersion: number;
  id: string;
  description: string;
  dimensions: number;
  vocabSize: number;
  files: { vocab: { path: string; bytes: number }; data: { path: string; bytes: number } };
  sections: { rowScales: SectionLayout; sifWeights: SectionLayout; commonComponent: SectionLayout; vectors: SectionLayout };
}

/** Buckets each unknown token touches in the fallback vector (see `hashedFallback`). */
const FALLBACK_BUCKETS_PER_TOKEN = 4;

export class OfflineEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  /** Milliseconds `load` took, for `twin stats` and the bench. */
  readonly loadMs: number;

  private readonly vocabulary: WordIndex;
  private readonly vectors: Int8Array;
  /** rowScale × sifWeight per word: dequantisation and SIF weighting in one multiply. */
  private readonly rowFactors: Float32Array;
  private readonly commonComponent: Float32Array;
  private readonly dimensions: number;
  private readonly accumulator: Float64Array;
  private closed = false;

  private constructor(
    manifest: OfflineModelManifest,
    vocabulary: WordIndex,
    vectors: Int8Array,
    rowFactors: Float32Array,
    commonComponent: Float32Array,
    loadMs: number,
  ) {
    this.info = { id: manifest.id, dimensions: manifest.dimensions, description: manifest.description };
    this.vocabulary = vocabulary;
    this.vectors = vectors;
    this.rowFactors = rowFactors;
    this.commonComponent = commonComponent;
    this.dimensions = manifest.dimensions;
    this.accumulator = new Float64Array(manifest.dimensions);
    this.loadMs = loadMs;
  }

  /** Loads a model folder written by scripts/build-offline-model.mjs. */
  static load(modelDir: string): OfflineEmbedder {
    const started = performance.now();
    const manifestPath = path.join(modelDir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      throw new Error(`Twin's offline model is missing at ${modelDir}: run \`npm run build:model\``);
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as OfflineModelManifest;
    const rebuild = `rebuild it with \`npm run build:model -- --force\``;
    if (manifest.format !== OFFLINE_MODEL_FORMAT || manifest.formatVersion !== OFFLINE_MODEL_FORMAT_VERSION) {
      throw new Error(
        `Twin's offline model at ${modelDir} has format ${manifest.format}@${manifest.formatVersion}, ` +
          `this Twin reads ${OFFLINE_MODEL_FORMAT}@${OFFLINE_MODEL_FORMAT_VERSION}: ${rebuild}`,
      );
    }
    if (endianness() !== 'LE') {
      throw new Error(`Twin's offline model is stored little-endian and this machine is big-endian.`);
    }

    const data = readFileSync(path.join(modelDir, manifest.files.data.path));
    const vocabText = readFileSync(path.join(modelDir, manifest.files.vocab.path), 'utf8');
    if (data.byteLength !== manifest.files.data.bytes) {
      throw new Error(`Twin's offline model at ${modelDir} is truncated (${manifest.files.data.path}): ${rebuild}`);
    }
    const { vocabSize, dimensions, sections } = manifest;
    const rowScales = floatSection(data, sections.rowScales, vocabSize);
    const sifWeights = floatSection(data, sections.sifWeights, vocabSize);
    const commonComponent = floatSection(data, sections.commonComponent, dimensions);
    const vectorLayout = sections.vectors;
    if (vectorLayout.bytes !== vocabSize * dimensions || vectorLayout.offset + vectorLayout.bytes > data.byteLength) {
      throw new Error(`Twin's offline model at ${modelDir} has an inconsistent vectors section: ${rebuild}`);
    }
    const vectors = new Int8Array(data.buffer, data.byteOffset + vectorLayout.offset, vectorLayout.bytes);

    const vocabulary = new WordIndex(vocabText);
    if (vocabulary.size !== vocabSize) {
      throw new Error(`Twin's offline model at ${modelDir} lists ${vocabulary.size} words, expected ${vocabSize}: ${rebuild}`);
    }

    const rowFactors = new Float32Array(vocabSize);
    for (let row = 0; row < vocabSize; row++) rowFactors[row] = rowScales[row] * sifWeights[row];

    return new OfflineEmbedder(manifest, vocabulary, vectors, rowFactors, commonComponent, performance.now() - started);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return this.embedSync(texts);
  }

  /** The same as `embed`, without the promise: the worker and the bench call it directly. */
  embedSync(texts: readonly string[]): Float32Array[] {
    if (this.closed) throw new Error('The offline embedder was closed.');
    return texts.map((text) => this.embedOne(text));
  }

  /** Whether the vocabulary knows this exact lower-case word (for diagnostics and tests). */
  knows(word: string): boolean {
    return this.vocabulary.get(word) >= 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private embedOne(text: string): Float32Array {
    const acc = this.accumulator;
    acc.fill(0);
    let known = 0;
    forEachChunk(text, (whole, parts) => {
      const row = this.vocabulary.get(whole);
      if (row >= 0) {
        this.addRow(row);
        known++;
        return;
      }
      if (parts.length === 1) return;
      for (const part of parts) {
        const partRow = this.vocabulary.get(part);
        if (partRow >= 0) {
          this.addRow(partRow);
          known++;
        }
      }
    });
    if (known === 0) return hashedFallback(text, this.dimensions);

    const component = this.commonComponent;
    const dims = this.dimensions;
    let projection = 0;
    for (let d = 0; d < dims; d++) projection += acc[d] * component[d];
    let squaredNorm = 0;
    for (let d = 0; d < dims; d++) {
      const value = acc[d] - projection * component[d];
      acc[d] = value;
      squaredNorm += value * value;
    }
    if (squaredNorm === 0) return hashedFallback(text, dims);
    const inverseNorm = 1 / Math.sqrt(squaredNorm);
    const out = new Float32Array(dims);
    for (let d = 0; d < dims; d++) out[d] = acc[d] * inverseNorm;
    return out;
  }

  private addRow(row: number): void {
    const acc = this.accumulator;
    const vectors = this.vectors;
    const factor = this.rowFactors[row];
    const dims = this.dimensions;
    const base = row * dims;
    for (let d = 0; d < dims; d++) acc[d] += factor * vectors[base + d];
  }
}

function floatSection(data: Buffer, layout: SectionLayout, expectedLength: number): Float32Array {
  if (layout.dtype !== 'float32' || layout.bytes !== expectedLength * 4 || layout.offset + layout.bytes > data.byteLength) {
    throw new Error(`Twin's offline model has an inconsistent section at offset ${layout.offset}: rebuild it with \`npm run build:model -- --force\``);
  }
  const start = data.byteOffset + layout.offset;
  if (start % 4 === 0) return new Float32Array(data.buffer, start, expectedLength);
  // Node may hand back a buffer at an unaligned offset; a copy is cheap for these small sections.
  return new Float32Array(data.buffer.slice(start, start + layout.bytes));
}

/**
 * The vector for a text without a single known word ("", "!!!", "kubectl xyzzy", a hash).
 * A zero vector would break cosine similarity and NaN would poison an index, so instead each
 * token is feature-hashed into a few ±1 buckets: the result is deterministic, unit length, equal
 * for equal token lists and nearly orthogonal to unrelated texts. A text without tokens hashes
 * its raw characters, so "" and "???" still get distinct, stable vectors.
 */
export function hashedFallback(text: string, dimensions: number): Float32Array {
  const out = new Float32Array(dimensions);
  const words = codeWords(text);
  const tokens = words.length > 0 ? words : [text];
  for (const token of tokens) {
    let state = fnv1a(token);
    for (let k = 0; k < FALLBACK_BUCKETS_PER_TOKEN; k++) {
      state = xorshift32(state);
      out[state % dimensions] += state & 0x80000000 ? 1 : -1;
    }
  }
  let squaredNorm = 0;
  for (let d = 0; d < dimensions; d++) squaredNorm += out[d] * out[d];
  if (squaredNorm === 0) {
    // Tokens whose buckets cancelled exactly: fall back to one bucket chosen by the whole text.
    out[fnv1a(text) % dimensions] = 1;
    return out;
  }
  const inverseNorm = 1 / Math.sqrt(squaredNorm);
  for (let d = 0; d < dimensions; d++) out[d] *= inverseNorm;
  return out;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function xorshift32(value: number): number {
  let x = value || 0x9e3779b9;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}
