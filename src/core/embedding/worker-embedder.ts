/**
 * The caller's side of the embedding worker: an Embedder whose model runs on its own thread, so the
 * extension host or the sidecar's RPC loop stays responsive while a batch is embedded.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Embedder, EmbedderConfig, EmbedderInfo } from './embedder';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './worker-protocol';

export interface WorkerEmbedderOptions {
  /**
   * The worker entry script. By default embedding-worker.js beside this file: the tsc output
   * (out/src/core/embedding/) and the flat esbuild bundle folder (dist/) both put it there.
   */
  workerScript?: string;
}

interface PendingRequest {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

export class WorkerEmbedder implements Embedder {
  private currentInfo: EmbedderInfo;
  private readonly worker: Worker;
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  /** Set once the worker has died; every later call fails with it. */
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(worker: Worker, info: EmbedderInfo) {
    this.worker = worker;
    this.currentInfo = info;
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error: Error) => this.fail(new Error(`The embedding worker crashed: ${error.message}`)));
    worker.on('exit', (code: number) => {
      if (!this.closing) this.fail(new Error(`The embedding worker stopped unexpectedly (exit code ${code}).`));
    });
    // An idle worker must not keep the process alive; it is re-referenced while requests are pending.
    worker.unref();
  }

  /** Starts a worker thread that builds the embedder for `config`; resolves once it is ready. */
  static start(config: EmbedderConfig, options: WorkerEmbedderOptions = {}): Promise<WorkerEmbedder> {
    const script = options.workerScript ?? path.join(__dirname, 'embedding-worker.js');
    if (!existsSync(script)) {
      return Promise.reject(
        new Error(`The embedding worker script is missing at ${script}: build Twin so embedding-worker.js sits beside ${path.basename(__filename)}.`),
      );
    }
    const startData: WorkerStartData = { config };
    const worker = new Worker(script, { workerData: startData });
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        outcome();
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'ready') settle(() => resolve(new WorkerEmbedder(worker, reply.info)));
        if (reply.type === 'failed') {
          settle(() => {
            void worker.terminate();
            reject(new Error(`The embedding worker could not start the ${config.kind} embedder: ${reply.message}`));
          });
        }
      };
      const onError = (error: Error) =>
        settle(() => {
          void worker.terminate();
          reject(new Error(`The embedding worker failed to start: ${error.message}`));
        });
      const onExit = (code: number) => settle(() => reject(new Error(`The embedding worker exited (code ${code}) before it was ready.`)));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** The worker's embedder info; refreshed with every reply (an OpenAI model learns its width late). */
  get info(): EmbedderInfo {
    return this.currentInfo;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closing) return Promise.reject(new Error('The embedding worker was closed.'));
    if (this.failure) return Promise.reject(this.failure);
    if (texts.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      const request: WorkerRequest = { type: 'embed', id, texts };
      this.worker.postMessage(request);
    });
  }

  /** Terminates the worker; requests still in flight fail. */
  close(): Promise<void> {
    if (!this.closing) {
      const closed = new Error('The embedding worker was closed.');
      this.rejectAll(closed);
      this.closing = this.worker.terminate().then(() => undefined);
    }
    return this.closing;
  }

  private settle(reply: WorkerReply): void {
    if (reply.type !== 'vectors' && reply.type !== 'error') return;
    const request = this.pending.get(reply.id);
    if (!request) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.type === 'error') {
      request.reject(new Error(reply.message));
      return;
    }
    this.currentInfo = reply.info;
    const packed = new Float32Array(reply.buffer);
    const vectors: Float32Array[] = [];
    // Copies, so that each vector owns its memory and keeping one does not pin the whole batch.
    for (let row = 0; row < reply.count; row++) {
      vectors.push(packed.slice(row * reply.dimensions, (row + 1) * reply.dimensions));
    }
    request.resolve(vectors);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.rejectAll(error);
  }

  private rejectAll(error: Error): void {
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}
