import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeEmbeddingsServer } from '../embedding/test-support/fake-embeddings-server';
import { makeTempHome } from '../test-support/temp-twin';
import { Twin } from '../twin';
import { readManifest } from './manifest';

describe('Changing the embedding model', function () {
  it('re-embeds every memory into a new table for the new model, with progress, and drops the old one', async () => {
    const { home, cleanup } = makeTempHome();
    const server = await startFakeEmbeddingsServer({ dimensions: 16, models: ['fake-embedder'] });
    try {
      const offline = await Twin.open({ home, embedder: { kind: 'offline' } });
      await offline.remember(Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, text: `Memory ${i} about the release checklist step ${i}` })));
      await offline.close();
      const before = readManifest(home)!;
      const progress: number[] = [];
      const remote = await Twin.open({
        home,
        embedder: { kind: 'openai', baseUrl: server.baseUrl, model: 'fake-embedder' },
        onProgress: (p) => p.phase === 'reembed' && progress.push(p.done),
      });
      try {
        const after = readManifest(home)!;
        assert.notEqual(after.memoryTable, before.memoryTable);
        assert.equal(after.embedder.dimensions, 16);
        assert.equal(progress.at(-1), 50);
        assert.equal((await remote.stats()).total, 50);
        const tables = fs.readdirSync(path.join(home, 'memory.lancedb')).filter((name) => name.startsWith('memories_'));
        assert.deepEqual(tables, [`${after.memoryTable}.lance`], 'the old model’s vectors are gone');
        const [hit] = await remote.recall('release checklist step 7', { mode: 'text' });
        assert.equal(hit.memory.id, 'm7');
      } finally {
        await remote.close();
      }
    } finally {
      await server.close();
      cleanup();
    }
  });
});
