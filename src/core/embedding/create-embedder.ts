/**
 * Builds an embedder in the current thread. Code on the extension host or any other thread that
 * must stay responsive uses WorkerEmbedder instead, which runs this same function in a worker.
 */
import type { Embedder, EmbedderConfig } from './embedder';
import { OfflineEmbedder } from './offline-embedder';
import { OpenAIEmbedder } from './openai-embedder';
import { defaultOfflineModelDir } from './package-root';
import { TransformersEmbedder } from './transformers-embedder';

export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  switch (config.kind) {
    case 'offline':
      return OfflineEmbedder.load(config.modelDir ?? defaultOfflineModelDir());
    case 'transformers':
      return TransformersEmbedder.create(config);
    case 'openai':
      return new OpenAIEmbedder(config);
    default:
      throw new Error(`Unknown embedder kind ${JSON.stringify((config as { kind?: unknown }).kind)}: use offline, transformers or openai.`);
  }
}
