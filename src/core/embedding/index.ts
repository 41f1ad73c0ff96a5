export type { Embedder, EmbedderConfig, EmbedderInfo } from './embedder';
export { codeWords } from './code-words';
export { OfflineEmbedder, hashedFallback } from './offline-embedder';
export { TransformersEmbedder, type TransformersEmbedderConfig, type TransformersEmbedderOptions } from './transformers-embedder';
export { OpenAIEmbedder, type OpenAIEmbedderConfig, type OpenAIEmbedderOptions } from './openai-embedder';
export { WorkerEmbedder, type WorkerEmbedderOptions } from './worker-embedder';
export { createEmbedder } from './create-embedder';
export { findPackageRoot, defaultOfflineModelDir, defaultTransformersModelsDir } from './package-root';
