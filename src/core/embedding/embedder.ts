/**
 * Every embedding model Twin can use hides behind this interface. Implementations run inside the
 * embedding worker (see embedding-worker.ts); callers on other threads use the WorkerEmbedder proxy.
 */

export interface EmbedderInfo {
  /**
   * Stable identity of the model and its settings, e.g. `offline:glove-100d-sif@1` or
   * `transformers:Xenova/all-MiniLM-L6-v2:mean:norm`. Vectors of two ids never share a table.
   */
  id: string;
  dimensions: number;
  /** Short human description for `twin stats` and the dashboard. */
  description: string;
}

export interface Embedder {
  readonly info: EmbedderInfo;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export type EmbedderConfig =
  | { kind: 'offline'; modelDir?: string }
  | {
      kind: 'transformers';
      /** Model name (a folder below localModelPath, or a hub id when allowRemoteModels). */
      model: string;
      localModelPath?: string;
      allowRemoteModels?: boolean;
      /** ONNX file variant: false → onnx/model.onnx, true → onnx/model_quantized.onnx. */
      quantized?: boolean;
      pooling?: 'mean' | 'cls';
    }
  | { kind: 'openai'; baseUrl: string; model: string; apiKey?: string; dimensions?: number; timeoutMs?: number };
