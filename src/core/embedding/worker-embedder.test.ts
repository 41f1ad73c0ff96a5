import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OfflineEmbedder } from './offline-embedder';
import { defaultOfflineModelDir } from './package-root';
import { startFakeEmbeddingsServer } from './test-support/fake-embeddings-server';
import { createTinyModel } from './test-support/tiny-model';
import { norm } from './test-support/vectors';
import { WorkerEmbedder } from './worker-embedder';

describe('WorkerEmbedder', () => {
  describe('with the offline model', () => {
    let worker: WorkerEmbedder;
    let inProcess: OfflineEmbedder;

    before(async () => {
      inProcess = OfflineEmbedder.load(defaultOfflineModelDir());
      worker = await WorkerEmbedder.start({ kind: 'offline' });
    });

    after(async () => {
      await worker?.close();
      await inProcess?.close();
    });

    it('reports the info of the embedder it runs', () => {
      assert.deepEqual(worker.info, inProcess.info);
    });

    it('returns exactly the vectors the in-process embedder computes', async () => {
      const texts = ['the database connection timed out', 'getUserName', '', 'I adopted a kitten'];
      const fromWorker = await worker.embed(texts);
      const local = inProcess.embedSync(texts);
      assert.equal(fromWorker.length, texts.length);
      fromWorker.forEach((vector, i) => assert.deepEqual(vector, local[i]));
    });

    it('keeps concurrent requests apart', async () => {
      const requests = Array.from({ length: 20 }, (_unused, i) => [`request ${i} about databases`, `and kittens ${i}`]);
      const answers = await Promise.all(requests.map((texts) => worker.embed(texts)));
      answers.forEach((vectors, i) => {
        const expected = inProcess.embedSync(requests[i]);
        assert.equal(vectors.length, 2);
        vectors.forEach((vector, j) => assert.deepEqual(vector, expected[j]));
      });
    });

    it('gives every vector its own memory', async () => {
      const [first, second] = await worker.embed(['database', 'kitten']);
      assert.notEqual(first.buffer, second.buffer);
      assert.equal(first.length, 100);
    });

    it('answers an empty list without a round trip', async () => {
      assert.deepEqual(await worker.embed([]), []);
    });
  });

  it('runs a transformers.js model off the calling thread', async () => {
    const tiny = createTinyModel();
    const worker = await WorkerEmbedder.start({ kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath });
    try {
      const vectors = await worker.embed(['the database query', 'a kitten']);
      assert.equal(worker.info.id, 'transformers:twin-test/tiny-bert:mean:norm');
      assert.equal(vectors.length, 2);
      assert.ok(vectors.every((vector) => vector.length === tiny.dimensions && Math.abs(norm(vector) - 1) < 1e-5));
    } finally {
      await worker.close();
      tiny.remove();
    }
  });

  it('passes on the width an OpenAI-compatible model reveals with its first answer', async () => {
    const server = await startFakeEmbeddingsServer({ dimensions: 12 });
    const worker = await WorkerEmbedder.start({ kind: 'openai', baseUrl: server.baseUrl, model: 'fake-embedder' });
    try {
      assert.equal(worker.info.dimensions, 0);
      const [vector] = await worker.embed(['hello there']);
      assert.equal(vector.length, 12);
      assert.equal(worker.info.dimensions, 12);
    } finally {
      await worker.close();
      await server.close();
    }
  });

  it('reports why the embedder could not be built, e.g. the offline model is missing', async () => {
    const missing = path.join(tmpdir(), 'twin-no-such-model');
    await assert.rejects(
      WorkerEmbedder.start({ kind: 'offline', modelDir: missing }),
      (error: Error) =>
        error.message === `The embedding worker could not start the offline embedder: Twin's offline model is missing at ${missing}: run \`npm run build:model\``,
    );
  });

  it('relays the error of a single request and keeps serving', async () => {
    const worker = await WorkerEmbedder.start({ kind: 'offline' });
    try {
      // A non-string slips past the types here; the worker's embedder throws on it.
      await assert.rejects(worker.embed([42 as unknown as string]), /is not a function/);
      assert.equal((await worker.embed(['database'])).length, 1);
    } finally {
      await worker.close();
    }
  });

  it('fails new and pending requests after close', async () => {
    const worker = await WorkerEmbedder.start({ kind: 'offline' });
    const pending = assert.rejects(
      worker.embed(Array.from({ length: 50_000 }, (_unused, i) => `sentence ${i}`)),
      /closed/,
    );
    await worker.close();
    await pending;
    await assert.rejects(worker.embed(['hello']), /closed/);
  });

  describe('when the worker itself misbehaves', () => {
    let scratch: string;
    const script = (name: string, body: string) => {
      const file = path.join(scratch, `${name}.js`);
      writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
      return file;
    };
    const announceReady = `parentPort.postMessage({ type: 'ready', info: { id: 'fake', dimensions: 2, description: 'fake' } });`;

    beforeEach(() => (scratch = mkdtempSync(path.join(tmpdir(), 'twin-worker-'))));
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it('rejects the pending request and every later one when the worker exits', async () => {
      const workerScript = script('exits', `${announceReady}\nparentPort.on('message', () => process.exit(7));`);
      const worker = await WorkerEmbedder.start({ kind: 'offline' }, { workerScript });
      await assert.rejects(worker.embed(['hello']), /The embedding worker stopped unexpectedly \(exit code 7\)/);
      await assert.rejects(worker.embed(['again']), /stopped unexpectedly/);
      await worker.close();
    });

    it('reports an uncaught exception in the worker as a crash', async () => {
      const workerScript = script('throws', `${announceReady}\nparentPort.on('message', () => { throw new Error('boom'); });`);
      const worker = await WorkerEmbedder.start({ kind: 'offline' }, { workerScript });
      await assert.rejects(worker.embed(['hello']), /The embedding worker crashed: boom/);
      await worker.close();
    });

    it('reports a worker that throws while starting', async () => {
      const workerScript = script('broken', `throw new Error('cannot load native module');`);
      await assert.rejects(WorkerEmbedder.start({ kind: 'offline' }, { workerScript }), /The embedding worker failed to start: cannot load native module/);
    });

    it('reports a worker that exits before it is ready', async () => {
      const workerScript = script('quits', 'process.exit(3);');
      await assert.rejects(WorkerEmbedder.start({ kind: 'offline' }, { workerScript }), /exited \(code 3\) before it was ready/);
    });

    it('says where the worker script should be when it is missing', async () => {
      const workerScript = path.join(scratch, 'embedding-worker.js');
      await assert.rejects(
        WorkerEmbedder.start({ kind: 'offline' }, { workerScript }),
        (error: Error) => error.message.startsWith(`The embedding worker script is missing at ${workerScript}`),
      );
    });
  });
});
