/**
 * Messages between WorkerEmbedder (caller's thread) and embedding-worker.ts (worker thread).
 * Vectors travel as one transferred Float32Array buffer per request: `count` rows of `dimensions`.
 */
import type { EmbedderConfig, EmbedderInfo } from './embedder';

export interface WorkerStartData {
  config: EmbedderConfig;
}

export type WorkerRequest = { type: 'embed'; id: number; texts: string[] } | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; info: EmbedderInfo }
  | { type: 'failed'; message: string }
  | { type: 'vectors'; id: number; info: EmbedderInfo; count: number; dimensions: number; buffer: ArrayBuffer }
  | { type: 'error'; id: number; message: string };
