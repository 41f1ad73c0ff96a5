import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashedFallback, OfflineEmbedder } from './offline-embedder';
import { defaultOfflineModelDir } from './package-root';
import { cosine, maxDifference, norm } from './test-support/vectors';

describe('OfflineEmbedder', () => {
  let embedder: OfflineEmbedder;
  const embedOne = (text: string) => embedder.embedSync([text])[0];
  const similarity = (a: string, b: string) => cosine(embedOne(a), embedOne(b));

  before(() => {
    // No skip when the model is missing: the load error tells the reader to run `npm run build:model`.
    embedder = OfflineEmbedder.load(defaultOfflineModelDir());
  });

  after(() => embedder?.close());

  it('identifies itself as the 100-d GloVe SIF model', () => {
    assert.equal(embedder.info.id, 'offline:glove-100d-sif@1');
    assert.equal(embedder.info.dimensions, 100);
    assert.match(embedder.info.description, /GloVe/);
  });

  it('loads in well under 300 ms', () => {
    const fresh = OfflineEmbedder.load(defaultOfflineModelDir());
    assert.ok(fresh.loadMs < 300, `load took ${fresh.loadMs.toFixed(0)} ms`);
  });

  describe('semantic signal', () => {
    const triplets: Array<[anchor: string, related: string, unrelated: string]> = [
      ['the database connection timed out', 'postgres query took too long', 'I adopted a kitten'],
      ['fix null pointer exception in user service', 'crash when the user object is null', 'lunch meeting with the marketing team'],
      ['add unit tests for the parser', 'write tests covering parsing', 'book flights to paris'],
      ['merge pull request into main branch', 'git merge the feature branch', 'she baked a chocolate cake'],
      ['memory leak in the worker thread', 'process uses too much ram over time', 'football match ended in a draw'],
      ['the cat sat on the mat', 'a kitten slept on the rug', 'the compiler emitted a warning'],
    ];

    it('puts a sentence about databases nearer another about databases than one about kittens', () => {
      const related = similarity('the database connection timed out', 'postgres query took too long');
      const unrelated = similarity('the database connection timed out', 'I adopted a kitten');
      assert.ok(related > unrelated + 0.2, `related ${related.toFixed(3)} vs unrelated ${unrelated.toFixed(3)}`);
    });

    for (const [anchor, related, unrelated] of triplets) {
      it(`ranks "${related}" above "${unrelated}" for "${anchor}"`, () => {
        assert.ok(similarity(anchor, related) > similarity(anchor, unrelated));
      });
    }

    it('scores a paraphrase far above chance', () => {
      assert.ok(similarity('deploy the app to the production server', 'release the new version to users') > 0.4);
    });
  });

  describe('code-aware tokens', () => {
    it('reads a camelCase identifier like the words it is made of', () => {
      assert.ok(similarity('getUserName', 'get user name') > 0.999);
      assert.ok(similarity('getUserName', 'the name of the user') > similarity('getUserName', 'weather forecast for tomorrow'));
    });

    it('embeds snake_case, kebab-case and camelCase spellings identically', () => {
      const camel = embedOne('parseHttpResponse');
      assert.ok(maxDifference(camel, embedOne('parse_http_response')) < 1e-7);
      assert.ok(maxDifference(camel, embedOne('parse-http-response')) < 1e-7);
    });

    it('keeps a compound the vocabulary knows as one word instead of splitting it', () => {
      assert.ok(embedder.knows('javascript'));
      assert.ok(maxDifference(embedOne('JavaScript'), embedOne('javascript')) < 1e-7);
      assert.ok(similarity('JavaScript', 'java script') < 0.99);
    });

    it('ignores unknown tokens when the text has known words', () => {
      assert.ok(!embedder.knows('qzxvbnmw'));
      assert.ok(maxDifference(embedOne('database qzxvbnmw'), embedOne('database')) < 1e-7);
    });
  });

  describe('vectors', () => {
    const samples = ['the database connection timed out', 'getUserName', 'a', 'the', '', '!!!', 'qzxvbnmw', 'x'.repeat(10_000)];

    it('are unit length for every kind of input', () => {
      for (const text of samples) {
        const vector = embedOne(text);
        assert.equal(vector.length, 100);
        assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `norm of "${text.slice(0, 20)}" is ${norm(vector)}`);
      }
    });

    it('are identical for the same text, across calls and across loads', () => {
      const reloaded = OfflineEmbedder.load(defaultOfflineModelDir());
      for (const text of samples) {
        const first = embedOne(text);
        assert.deepEqual(embedOne(text), first);
        assert.deepEqual(reloaded.embedSync([text])[0], first);
      }
    });

    it('come back in input order, the same as embedding one text at a time', async () => {
      const texts = ['kitten', 'database', '', 'getUserName', 'kitten'];
      const batch = await embedder.embed(texts);
      assert.equal(batch.length, texts.length);
      texts.forEach((text, i) => assert.deepEqual(batch[i], embedOne(text)));
    });

    it('returns an empty list for no texts', async () => {
      assert.deepEqual(await embedder.embed([]), []);
    });
  });

  describe('texts without a known word', () => {
    it('get a deterministic, non-zero hashed vector instead of zeros or NaN', () => {
      for (const text of ['', '   ', '!!!', 'qzxvbnmw', 'zzqx_vvqk']) {
        const vector = embedOne(text);
        assert.ok(vector.every(Number.isFinite));
        assert.ok(norm(vector) > 0.99);
        assert.deepEqual(vector, hashedFallback(text, 100));
      }
    });

    it('still tell different unknown texts apart, and match the same unknown token exactly', () => {
      assert.ok(similarity('', '!!!') < 0.9);
      assert.ok(similarity('qzxvbnmw', 'zzqx vvqk') < 0.9);
      assert.ok(similarity('qzxvbnmw', 'QZXVBNMW!') > 0.999);
    });
  });

  it('embeds more than 20,000 short sentences a second on one core', () => {
    const words = ['the', 'database', 'connection', 'timed', 'out', 'user', 'parseHttpResponse', 'fix', 'bug', 'in', 'login', 'merge', 'branch'];
    const sentences = Array.from({ length: 20_000 }, (_unused, i) =>
      Array.from({ length: 6 + (i % 8) }, (_w, j) => words[(i * 7 + j * 3) % words.length]).join(' '),
    );
    embedder.embedSync(sentences.slice(0, 2_000));
    const started = performance.now();
    embedder.embedSync(sentences);
    const perSecond = sentences.length / ((performance.now() - started) / 1000);
    assert.ok(perSecond > 20_000, `${Math.round(perSecond)} sentences/s`);
  });

  describe('a missing or damaged model folder', () => {
    let scratch: string;
    beforeEach(() => (scratch = mkdtempSync(path.join(tmpdir(), 'twin-offline-model-'))));
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it('says to run npm run build:model when the folder is missing', () => {
      const missing = path.join(scratch, 'offline-glove-100d');
      assert.throws(
        () => OfflineEmbedder.load(missing),
        (error: Error) => error.message === `Twin's offline model is missing at ${missing}: run \`npm run build:model\``,
      );
    });

    it('asks for a rebuild when the vectors file is truncated', () => {
      const source = defaultOfflineModelDir();
      copyFileSync(path.join(source, 'manifest.json'), path.join(scratch, 'manifest.json'));
      copyFileSync(path.join(source, 'vocab.txt'), path.join(scratch, 'vocab.txt'));
      writeFileSync(path.join(scratch, 'embeddings.bin'), readFileSync(path.join(source, 'embeddings.bin')).subarray(0, 1000));
      assert.throws(() => OfflineEmbedder.load(scratch), /truncated.*npm run build:model -- --force/);
    });

    it('asks for a rebuild when the format version is one it does not read', () => {
      const manifest = JSON.parse(readFileSync(path.join(defaultOfflineModelDir(), 'manifest.json'), 'utf8')) as { formatVersion: number };
      writeFileSync(path.join(scratch, 'manifest.json'), JSON.stringify({ ...manifest, formatVersion: 99 }));
      assert.throws(() => OfflineEmbedder.load(scratch), /format .*@99.*npm run build:model -- --force/);
    });
  });

  it('refuses to embed after close', async () => {
    const closing = OfflineEmbedder.load(defaultOfflineModelDir());
    await closing.close();
    await assert.rejects(closing.embed(['hello']), /closed/);
  });
});
