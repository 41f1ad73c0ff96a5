/**
 * Entry point of the embedding worker thread (started by WorkerEmbedder): builds the configured
 * embedder once, then answers embed requests one at a time, in arrival order, so a slow model
 * never runs two batches at once on the same session.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEmbedder } from './create-embedder';
import type { Embedder } from './embedder';
import type { WorkerReply, WorkerRequest, WorkerStartData } from './worker-protocol';

if (!parentPort) {
  throw new Error('embedding-worker.js runs inside a worker thread: start it through WorkerEmbedder.');
}
const port = parentPort;
const { config } = workerData as WorkerStartData;

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const embedderReady: Promise<Embedder> = createEmbedder(config);
embedderReady.then(
  (embedder) => reply({ type: 'ready', info: embedder.info }),
  (error: unknown) => reply({ type: 'failed', message: messageOf(error) }),
);

let queue: Promise<void> = Promise.resolve();

async function answer(id: number, texts: string[]): Promise<void> {
  try {
    const embedder = await embedderReady;
    const vectors = await embedder.embed(texts);
    const dimensions = vectors.length > 0 ? vectors[0].length : embedder.info.dimensions;
    const packed = new Float32Array(vectors.length * dimensions);
    vectors.forEach((vector, row) => packed.set(vector, row * dimensions));
    reply({ type: 'vectors', id, info: embedder.info, count: vectors.length, dimensions, buffer: packed.buffer }, [packed.buffer]);
  } catch (error) {
    reply({ type: 'error', id, message: messageOf(error) });
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'embed') {
    queue = queue.then(() => answer(request.id, request.texts));
    return;
  }
  queue = queue
    .then(() => embedderReady)
    .then((embedder) => embedder.close())
    .catch(() => undefined)
    .then(() => port.close());
});
