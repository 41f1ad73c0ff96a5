/**
 * Sentence models through transformers.js + onnxruntime-node: any folder with config.json,
 * tokenizer.json, tokenizer_config.json and onnx/model.onnx (e.g. Xenova/all-MiniLM-L6-v2),
 * pooled and L2-normalised by the feature-extraction pipeline.
 *
 * Models come from a local folder; the hub is only contacted when the config allows it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Embedder, EmbedderConfig, EmbedderInfo } from './embedder';
import { defaultTransformersModelsDir } from './package-root';

export type TransformersEmbedderConfig = Extract<EmbedderConfig, { kind: 'transformers' }>;

export interface TransformersEmbedderOptions {
  /** Texts per model call; bounds the padded [batch, sequence] tensors. */
  batchSize?: number;
}

/** The slice of transformers.js' FeatureExtractionPipeline this class relies on. */
interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean' | 'cls'; normalize: boolean }): Promise<{ data: ArrayLike<number>; dims: number[] }>;
  dispose(): Promise<void>;
}

const DEFAULT_BATCH_SIZE = 32;
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * transformers.js keeps its settings (localModelPath, allowRemoteModels) in one global `env` that
 * is read while a pipeline loads; loads are serialised so two embedders never see each other's.
 */
let environmentLock: Promise<unknown> = Promise.resolve();

export class TransformersEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  /** Milliseconds spent loading the tokenizer and the ONNX session. */
  readonly loadMs: number;
  private readonly extractor: FeatureExtractor;
  private readonly pooling: 'mean' | 'cls';
  private readonly batchSize: number;
  private closed = false;

  private constructor(info: EmbedderInfo, extractor: FeatureExtractor, pooling: 'mean' | 'cls', batchSize: number, loadMs: number) {
    this.info = info;
    this.extractor = extractor;
    this.pooling = pooling;
    this.batchSize = batchSize;
    this.loadMs = loadMs;
  }

  static async create(config: TransformersEmbedderConfig, options: TransformersEmbedderOptions = {}): Promise<TransformersEmbedder> {
    const started = performance.now();
    const pooling = config.pooling ?? 'mean';
    const quantized = config.quantized ?? false;
    const allowRemoteModels = config.allowRemoteModels ?? false;
    // An absolute model path is a folder of its own; otherwise the name is looked up below localModelPath.
    const localModelPath = path.isAbsolute(config.model)
      ? path.dirname(config.model)
      : path.resolve(config.localModelPath ?? defaultTransformersModelsDir());
    const modelName = path.isAbsolute(config.model) ? path.basename(config.model) : config.model;
    const modelDir = path.join(localModelPath, modelName);
    const onnxFile = path.join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');

    if (!allowRemoteModels) assertModelFolder(modelDir, onnxFile);

    const extractor = await withTransformersEnvironment(async () => {
      const transformers = await import('@huggingface/transformers');
      transformers.env.localModelPath = localModelPath;
      transformers.env.allowLocalModels = true;
      transformers.env.allowRemoteModels = allowRemoteModels;
      try {
        const loaded = await transformers.pipeline('feature-extraction', modelName, {
          dtype: quantized ? 'q8' : 'fp32',
          local_files_only: !allowRemoteModels,
        });
        return loaded as unknown as FeatureExtractor;
      } catch (error) {
        throw new Error(`Could not load the transformers.js model ${config.model} (from ${modelDir}): ${messageOf(error)}`);
      }
    });

    // The width is whatever the model produces; one probe is cheaper than trusting config.json.
    const probe = await extractor(['dimension probe'], { pooling, normalize: true });
    const dimensions = probe.dims[probe.dims.length - 1];

    const info: EmbedderInfo = {
      id: `transformers:${config.model}:${pooling}:norm${quantized ? ':q8' : ''}`,
      dimensions,
      description: `${config.model} via transformers.js (${pooling} pooling, ${dimensions}-d${quantized ? ', quantized weights' : ''})`,
    };
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    return new TransformersEmbedder(info, extractor, pooling, batchSize, performance.now() - started);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) throw new Error(`The embedder ${this.info.id} was closed.`);
    const vectors = new Array<Float32Array>(texts.length);
    // Batching texts of similar length wastes less compute on padding; the order is restored below.
    const order = texts.map((_text, index) => index).sort((a, b) => texts[a].length - texts[b].length);
    const dims = this.info.dimensions;
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const output = await this.extractor(
        indices.map((index) => texts[index]),
        { pooling: this.pooling, normalize: true },
      );
      const data = output.data;
      indices.forEach((originalIndex, row) => {
        const vector = new Float32Array(dims);
        for (let d = 0; d < dims; d++) vector[d] = data[row * dims + d];
        vectors[originalIndex] = vector;
      });
    }
    return vectors;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.extractor.dispose();
  }
}

function assertModelFolder(modelDir: string, onnxFile: string): void {
  const missing = [...REQUIRED_FILES, onnxFile].filter((file) => !existsSync(path.join(modelDir, file)));
  if (missing.length === 0) return;
  const what = existsSync(modelDir) ? ` (missing ${missing.join(', ')})` : '';
  throw new Error(
    `No model at ${modelDir}${what}: put a transformers.js model folder there ` +
      `(config.json, tokenizer.json, tokenizer_config.json, ${onnxFile.split(path.sep).join('/')}) ` +
      `or allow downloads with allowRemoteModels: true in the transformers embedder settings.`,
  );
}

async function withTransformersEnvironment<T>(task: () => Promise<T>): Promise<T> {
  const run = environmentLock.then(task, task);
  environmentLock = run.catch(() => undefined);
  return run;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
