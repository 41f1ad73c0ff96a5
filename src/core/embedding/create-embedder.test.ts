import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmbedder } from './create-embedder';
import type { EmbedderConfig } from './embedder';
import { OfflineEmbedder } from './offline-embedder';
import { OpenAIEmbedder } from './openai-embedder';
import { defaultOfflineModelDir, defaultTransformersModelsDir, findPackageRoot } from './package-root';
import { createTinyModel } from './test-support/tiny-model';
import { TransformersEmbedder } from './transformers-embedder';

describe('findPackageRoot', () => {
  it("walks up from the compiled code to Twin's package.json", () => {
    const root = findPackageRoot();
    assert.equal(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).name, 'twin');
    assert.ok(__dirname.startsWith(root));
  });

  it('says so when no folder above holds Twin', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'twin-no-package-'));
    try {
      assert.throws(() => findPackageRoot(outside), /Cannot find Twin's package\.json/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('defaultOfflineModelDir', () => {
  const saved = process.env.TWIN_OFFLINE_MODEL_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TWIN_OFFLINE_MODEL_DIR;
    else process.env.TWIN_OFFLINE_MODEL_DIR = saved;
  });

  it('is models/offline-glove-100d in the package root', () => {
    delete process.env.TWIN_OFFLINE_MODEL_DIR;
    assert.equal(defaultOfflineModelDir(), path.join(findPackageRoot(), 'models', 'offline-glove-100d'));
    assert.equal(defaultTransformersModelsDir(), path.join(findPackageRoot(), 'models'));
  });

  it('follows TWIN_OFFLINE_MODEL_DIR when set', () => {
    process.env.TWIN_OFFLINE_MODEL_DIR = '/opt/twin-models/glove';
    assert.equal(defaultOfflineModelDir(), '/opt/twin-models/glove');
  });
});

describe('createEmbedder', () => {
  it('builds the offline embedder from the default model folder', async () => {
    const embedder = await createEmbedder({ kind: 'offline' });
    assert.ok(embedder instanceof OfflineEmbedder);
    assert.ok(existsSync(defaultOfflineModelDir()));
    assert.equal((await embedder.embed(['hello']))[0].length, 100);
    await embedder.close();
  });

  it('builds a transformers.js embedder from a local model folder', async () => {
    const tiny = createTinyModel();
    try {
      const embedder = await createEmbedder({ kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath });
      assert.ok(embedder instanceof TransformersEmbedder);
      assert.equal(embedder.info.dimensions, tiny.dimensions);
      await embedder.close();
    } finally {
      tiny.remove();
    }
  });

  it('builds an OpenAI-compatible embedder without contacting the server yet', async () => {
    const embedder = await createEmbedder({ kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'nomic-embed-text' });
    assert.ok(embedder instanceof OpenAIEmbedder);
    assert.equal(embedder.info.id, 'openai:nomic-embed-text');
  });

  it('names the kinds it knows when given another', async () => {
    await assert.rejects(createEmbedder({ kind: 'magic' } as unknown as EmbedderConfig), /Unknown embedder kind "magic": use offline, transformers or openai/);
  });
});
