import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ProtoWriter } from './test-support/onnx-writer';
import { createTinyModel, type TinyModel } from './test-support/tiny-model';
import { cosine, maxDifference, norm, normalised } from './test-support/vectors';
import { TransformersEmbedder } from './transformers-embedder';

describe('TransformersEmbedder (real transformers.js + onnxruntime-node on a tiny model)', () => {
  let tiny: TinyModel;
  let embedder: TransformersEmbedder;

  before(async () => {
    tiny = createTinyModel({ dimensions: 24 });
    embedder = await TransformersEmbedder.create({ kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath }, { batchSize: 8 });
  });

  after(async () => {
    await embedder?.close();
    tiny?.remove();
  });

  /** What mean pooling must give: the normalised mean of the token rows, [CLS] and [SEP] included. */
  const expectedMean = (tokens: string[]) => {
    const sum = new Float32Array(tiny.dimensions);
    for (const token of ['[CLS]', ...tokens, '[SEP]']) tiny.vectorOf(token).forEach((value, d) => (sum[d] += value));
    return normalised(sum);
  };

  it('learns the width from the model and names model and pooling in its id', () => {
    assert.equal(embedder.info.dimensions, 24);
    assert.equal(embedder.info.id, 'transformers:twin-test/tiny-bert:mean:norm');
    assert.match(embedder.info.description, /mean pooling, 24-d/);
  });

  it('returns one unit vector of the model width per text, in order', async () => {
    const vectors = await embedder.embed(['the database', 'a kitten', '']);
    assert.equal(vectors.length, 3);
    for (const vector of vectors) {
      assert.equal(vector.length, 24);
      assert.ok(Math.abs(norm(vector) - 1) < 1e-5);
    }
  });

  it('mean-pools the token vectors the model holds, through the WordPiece tokenizer', async () => {
    const [plain, pieces] = await embedder.embed(['The database query', 'parsers']);
    assert.ok(maxDifference(plain, expectedMean(['the', 'database', 'query'])) < 1e-5);
    // "parsers" is not in the vocabulary: WordPiece splits it into parser + ##s.
    assert.ok(maxDifference(pieces, expectedMean(['parser', '##s'])) < 1e-5);
  });

  it('puts texts that share words closer than texts that share none', async () => {
    const [anchor, sharing, disjoint] = await embedder.embed([
      'the database query took too long',
      'slow database query',
      'my cat adopted a kitten',
    ]);
    assert.ok(cosine(anchor, sharing) > cosine(anchor, disjoint) + 0.1);
  });

  it('gives each text the same vector alone or in a padded batch of mixed lengths', async () => {
    const words = ['database', 'query', 'kitten', 'user', 'login', 'error', 'fix', 'test'];
    const texts = Array.from({ length: 45 }, (_unused, i) => Array.from({ length: 1 + (i % 9) }, (_w, j) => words[(i + j) % words.length]).join(' '));
    const batched = await embedder.embed(texts);
    assert.equal(batched.length, texts.length);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      assert.ok(maxDifference(batched[i], alone) < 1e-5, `text ${i} "${text}" differs when batched`);
    }
  });

  it('supports cls pooling, which returns the [CLS] position', async () => {
    const cls = await TransformersEmbedder.create({
      kind: 'transformers',
      model: tiny.model,
      localModelPath: tiny.localModelPath,
      pooling: 'cls',
    });
    try {
      assert.equal(cls.info.id, 'transformers:twin-test/tiny-bert:cls:norm');
      const [vector] = await cls.embed(['the database']);
      assert.ok(maxDifference(vector, normalised(tiny.vectorOf('[CLS]'))) < 1e-5);
    } finally {
      await cls.close();
    }
  });

  it('runs graphs that also take token_type_ids, as exported BERT models do', async () => {
    const bert = createTinyModel({ withTokenTypeIds: true });
    try {
      const withTypes = await TransformersEmbedder.create({ kind: 'transformers', model: bert.model, localModelPath: bert.localModelPath });
      const [vector] = await withTypes.embed(['the database']);
      await withTypes.close();
      assert.equal(vector.length, bert.dimensions);
      assert.ok(Math.abs(norm(vector) - 1) < 1e-5);
    } finally {
      bert.remove();
    }
  });

  it('loads onnx/model_quantized.onnx when quantized and marks the id', async () => {
    const quantizedModel = createTinyModel({ withQuantizedFile: true });
    try {
      rmSync(path.join(quantizedModel.modelDir, 'onnx', 'model.onnx'));
      const quantized = await TransformersEmbedder.create({
        kind: 'transformers',
        model: quantizedModel.model,
        localModelPath: quantizedModel.localModelPath,
        quantized: true,
      });
      assert.equal(quantized.info.id, 'transformers:twin-test/tiny-bert:mean:norm:q8');
      assert.equal((await quantized.embed(['database'])).length, 1);
      await quantized.close();
    } finally {
      quantizedModel.remove();
    }
  });

  it('accepts an absolute model folder without a localModelPath', async () => {
    const absolute = await TransformersEmbedder.create({ kind: 'transformers', model: tiny.modelDir });
    try {
      const [fromFolder] = await absolute.embed(['the database']);
      const [fromName] = await embedder.embed(['the database']);
      assert.ok(maxDifference(fromFolder, fromName) < 1e-6);
    } finally {
      await absolute.close();
    }
  });

  it('explains what to put where when the model folder is missing', async () => {
    const missing = path.join(tiny.localModelPath, 'nobody', 'no-model');
    await assert.rejects(
      TransformersEmbedder.create({ kind: 'transformers', model: 'nobody/no-model', localModelPath: tiny.localModelPath }),
      (error: Error) =>
        error.message.startsWith(`No model at ${missing}: put a transformers.js model folder there (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx)`) &&
        error.message.includes('allowRemoteModels: true'),
    );
  });

  it('names the missing file when the folder exists but is incomplete', async () => {
    await assert.rejects(
      TransformersEmbedder.create({ kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath, quantized: true }),
      /No model at .*tiny-bert \(missing onnx\/model_quantized\.onnx\)/,
    );
  });

  it('refuses to embed after close', async () => {
    const closing = await TransformersEmbedder.create({ kind: 'transformers', model: tiny.model, localModelPath: tiny.localModelPath });
    await closing.close();
    await assert.rejects(closing.embed(['database']), /closed/);
  });
});

describe('ProtoWriter (the ONNX test-model encoder)', () => {
  it('encodes varints and length-delimited fields as protobuf does', () => {
    const writer = new ProtoWriter();
    writer.varint(1, 300);
    writer.string(2, 'hi');
    writer.varint(3, -1);
    assert.deepEqual(
      Array.from(writer.finish()),
      [0x08, 0xac, 0x02, 0x12, 0x02, 0x68, 0x69, 0x18, ...Array(9).fill(0xff), 0x01],
    );
  });
});
