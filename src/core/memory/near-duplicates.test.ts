import assert from 'node:assert/strict';
import {
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  NearDuplicateIndex,
  SIGNATURE_WORDS,
  decodeSignature,
  encodeSignature,
  normalizeText,
  signatureOf,
  signatureSimilarity,
  textSimilarity,
  tryDecodeSignature,
} from './near-duplicates';

const TWENTY_FIVE_WORDS =
  'the team agreed that the new release process should run the integration tests on every pull request before anyone is allowed to merge into main';

function indexOf(entries: Record<string, string>): NearDuplicateIndex {
  const index = new NearDuplicateIndex();
  for (const [id, text] of Object.entries(entries)) index.add(id, signatureOf(text));
  return index;
}

/** Deterministic pseudo-random numbers so statistical checks never flake. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

describe('near-duplicates', () => {
  describe('normalizeText', () => {
    it('lower-cases, applies NFKC and reduces punctuation and whitespace runs to single spaces', () => {
      assert.equal(normalizeText('  Fix   the ＴＹＰＯ…\n\tin   README.md!! '), 'fix the typo in readme md');
      assert.equal(normalizeText('ﬁle ①'), 'file 1');
    });

    it('keeps contractions as one word and letters with diacritics intact', () => {
      assert.equal(normalizeText("Don't break café’s build"), 'dont break cafés build');
    });

    it('turns a text without words into the empty string', () => {
      assert.equal(normalizeText(' ... --- !!! '), '');
    });
  });

  describe('signatureOf', () => {
    it(`returns ${SIGNATURE_WORDS} words that depend only on the normalised text`, () => {
      const a = signatureOf('Alice prefers tabs over spaces');
      assert.ok(a instanceof Uint32Array);
      assert.equal(a.length, SIGNATURE_WORDS);
      assert.deepEqual(signatureOf('alice PREFERS tabs, over spaces!'), a);
      assert.notDeepEqual(signatureOf('Alice prefers spaces over tabs'), a);
    });

    it('stays byte-for-byte stable, so stored signatures keep matching after an upgrade', () => {
      // If this fails the feature scheme or hashing changed: bump SIGNATURE_VERSION so stores recompute.
      assert.equal(
        encodeSignature(signatureOf('Twin remembers what you did, not what you typed.')),
        'm2:hVNQGFMO0UG9bLbNP9wCucdea9lva+j+Sn+ZIT3UmUEABKZEBOa/H1d1TV/p9uNOLo0pi0TLdVR4Ml5HEnHRh9NHwYlUXXL9iCp/oxldcCKAP9djnm5H5UPduTC2KA52zwrTliSjW8o03fpwhvYLU3AhnBIPv6bMFoSXhaVcucQ=',
      );
    });

    it('gives texts without words one shared signature that matches nothing else', () => {
      assert.equal(signatureSimilarity(signatureOf(''), signatureOf('  ?! ')), 1);
      assert.ok(signatureSimilarity(signatureOf(''), signatureOf('ok')) < 0.1);
    });
  });

  describe('similarity', () => {
    it('estimates the exact Jaccard similarity without bias', () => {
      const random = seededRandom(2024);
      const vocabulary = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
      const errors: number[] = [];
      for (let pair = 0; pair < 400; pair++) {
        const words = Array.from({ length: 10 + Math.floor(random() * 30) }, () => vocabulary[Math.floor(random() * 3000)]);
        const changed = words.slice();
        const edits = Math.floor(random() * 6);
        for (let e = 0; e < edits; e++) changed[Math.floor(random() * changed.length)] = vocabulary[Math.floor(random() * 3000)];
        const a = words.join(' ');
        const b = changed.join(' ');
        errors.push(signatureSimilarity(signatureOf(a), signatureOf(b)) - textSimilarity(a, b));
      }
      const mean = errors.reduce((sum, e) => sum + e, 0) / errors.length;
      const spread = Math.sqrt(errors.reduce((sum, e) => sum + (e - mean) ** 2, 0) / errors.length);
      assert.ok(Math.abs(mean) < 0.01, `mean error ${mean}`);
      // 256 four-bit hashes: about 0.025 for these pairs; 32 full 32-bit hashes would give about 0.06
      assert.ok(spread < 0.035, `standard deviation ${spread}`);
    });

    it('counts differing hashes lane by lane and corrects for chance agreement', () => {
      const a = new Uint32Array(SIGNATURE_WORDS);
      const b = new Uint32Array(SIGNATURE_WORDS);
      assert.equal(signatureSimilarity(a, b), 1);
      b[0] = 0xf0000001; // two lanes differ
      b[31] = 0x00ff0000; // two more
      const equalShare = (256 - 4) / 256;
      assert.ok(Math.abs(signatureSimilarity(a, b) - (equalShare - 1 / 16) / (15 / 16)) < 1e-12);
      b.fill(0x11111111); // every lane differs: no evidence of similarity at all
      assert.equal(signatureSimilarity(a, b), 0);
    });

    it('rarely lets a one-word edit of a 10-word sentence (exact 0.73) reach 0.8, and never misses one in 25 words (0.88)', () => {
      const random = seededRandom(99);
      const vocabulary = Array.from({ length: 5000 }, (_, i) => `t${i.toString(36)}`);
      const sentence = (length: number) => Array.from({ length }, () => vocabulary[Math.floor(random() * 5000)]);
      let shortFlagged = 0;
      let longMissed = 0;
      const rounds = 500;
      for (let round = 0; round < rounds; round++) {
        const short = sentence(10);
        const shortEdit = [...short];
        shortEdit[4] = vocabulary[Math.floor(random() * 5000)];
        if (signatureSimilarity(signatureOf(short.join(' ')), signatureOf(shortEdit.join(' '))) >= 0.8) shortFlagged++;
        const long = sentence(25);
        const longEdit = [...long];
        longEdit[12] = vocabulary[Math.floor(random() * 5000)];
        if (signatureSimilarity(signatureOf(long.join(' ')), signatureOf(longEdit.join(' '))) < 0.8) longMissed++;
      }
      // measured 0.5% and 0%; 64 sixteen-bit hashes gave 7% and 2.6%
      assert.ok(shortFlagged / rounds < 0.03, `${shortFlagged} of ${rounds} short edits flagged`);
      assert.ok(longMissed / rounds < 0.01, `${longMissed} of ${rounds} long edits missed`);
    });

    it('grades very short texts by their characters instead of calling every one-word change equal', () => {
      const plural = textSimilarity('fix typo', 'fix typos');
      const otherWord = textSimilarity('fix typo', 'fix bug');
      assert.ok(plural > 0.45, `fix typo ~ fix typos: ${plural}`);
      assert.ok(plural > otherWord + 0.25, `fix typo ~ fix bug: ${otherWord}`);
      // still a different two-word note at the merge threshold
      assert.equal(indexOf({ a: 'fix typo' }).findNearest(signatureOf('fix typos')), undefined);
    });
  });

  describe('NearDuplicateIndex.findNearest', () => {
    it('finds an identical text with similarity 1', () => {
      const index = indexOf({ m1: 'Refactored the recall ranking to weigh recency', m2: 'Alice prefers tabs over spaces' });
      assert.deepEqual(index.findNearest(signatureOf('Alice prefers tabs over spaces')), { id: 'm2', similarity: 1 });
    });

    it('treats changes of case, whitespace and punctuation as the same memory', () => {
      const index = indexOf({ m1: 'Run `npm test` before pushing to main.' });
      assert.deepEqual(index.findNearest(signatureOf('run npm test   before pushing to MAIN')), { id: 'm1', similarity: 1 });
      assert.deepEqual(index.findNearest(signatureOf('Run npm-test, before pushing (to main)!')), { id: 'm1', similarity: 1 });
    });

    it('finds a 25-word sentence with one word changed at the default threshold of 0.8', () => {
      assert.equal(TWENTY_FIVE_WORDS.split(' ').length, 25);
      const index = indexOf({ original: TWENTY_FIVE_WORDS });
      const match = index.findNearest(signatureOf(TWENTY_FIVE_WORDS.replace('anyone', 'somebody')), 0.8);
      assert.equal(match?.id, 'original');
      assert.ok(match.similarity >= 0.8 && match.similarity < 1, `similarity ${match.similarity}`);
    });

    it('keeps two editor events apart when only the symbol name differs', () => {
      const index = indexOf({ parse: 'Edited function parseConfig in src/config.ts for 3 minutes' });
      const load = signatureOf('Edited function loadConfig in src/config.ts for 3 minutes');
      assert.equal(index.findNearest(load, 0.8), undefined);
      // they are related, which a lower threshold shows
      assert.equal(index.findNearest(load, 0.5)?.id, 'parse');
    });

    it('does not match unrelated texts', () => {
      const index = indexOf({
        a: 'Alice prefers tabs over spaces',
        b: 'Edited function parseConfig in src/config.ts for 3 minutes',
        c: TWENTY_FIVE_WORDS,
      });
      for (const text of ['Bob reviews pull requests on Friday mornings', 'The build broke after upgrading TypeScript to 5.9', 'ok']) {
        assert.equal(index.findNearest(signatureOf(text)), undefined, text);
      }
    });

    it('returns the most similar of several matches', () => {
      const base = TWENTY_FIVE_WORDS.split(' ');
      const oneChange = [...base];
      oneChange[3] = 'decided';
      const twoChanges = [...oneChange];
      twoChanges[10] = 'nightly';
      const index = indexOf({ two: twoChanges.join(' '), one: oneChange.join(' ') });
      const match = index.findNearest(signatureOf(TWENTY_FIVE_WORDS), 0.6);
      assert.equal(match?.id, 'one');
    });

    it('prefers the entry added first when several are equally similar', () => {
      const index = new NearDuplicateIndex();
      const signature = signatureOf('Deploys happen on Tuesdays');
      index.add('first', signature);
      index.add('second', signature);
      index.add('third', signature);
      assert.equal(index.findNearest(signature)?.id, 'first');
      index.remove('first');
      assert.equal(index.findNearest(signature)?.id, 'second');
    });

    it('honours the threshold it is given', () => {
      const index = indexOf({ a: TWENTY_FIVE_WORDS });
      const query = signatureOf(TWENTY_FIVE_WORDS.replace('anyone', 'somebody'));
      const similarity = index.findNearest(query, 0)?.similarity ?? 0;
      assert.equal(index.findNearest(query, similarity)?.id, 'a');
      assert.equal(index.findNearest(query, Math.min(1, similarity + 0.001)), undefined);
    });

    it('rejects thresholds outside 0..1 and signatures of the wrong shape', () => {
      const index = indexOf({ a: 'x' });
      assert.throws(() => index.findNearest(signatureOf('x'), 1.5), RangeError);
      assert.throws(() => index.findNearest(signatureOf('x'), Number.NaN), RangeError);
      assert.throws(() => index.findNearest(new Uint32Array(16)), /Uint32Array of 32 words/);
      assert.throws(() => index.add('b', new Uint32Array(64)), RangeError);
    });

    it('answers undefined from an empty index', () => {
      assert.equal(new NearDuplicateIndex().findNearest(signatureOf('anything')), undefined);
    });
  });

  describe('NearDuplicateIndex bookkeeping', () => {
    it('forgets a removed entry for good, and reports whether there was one', () => {
      const index = indexOf({ keep: 'Bob reviews pull requests on Friday mornings', drop: 'Alice prefers tabs over spaces' });
      assert.equal(index.size, 2);
      assert.equal(index.remove('drop'), true);
      assert.equal(index.remove('drop'), false);
      assert.equal(index.has('drop'), false);
      assert.equal(index.size, 1);
      assert.equal(index.findNearest(signatureOf('Alice prefers tabs over spaces'), 0), undefined);
      assert.equal(index.findNearest(signatureOf('Bob reviews pull requests on Friday mornings'))?.id, 'keep');
    });

    it('reuses the room of removed entries without resurrecting them', () => {
      const index = new NearDuplicateIndex({ initialCapacity: 16 });
      for (let i = 0; i < 16; i++) index.add(`old-${i}`, signatureOf(`old note number ${i} about the release`));
      for (let i = 0; i < 16; i++) index.remove(`old-${i}`);
      for (let i = 0; i < 16; i++) index.add(`new-${i}`, signatureOf(`fresh memo ${i} concerning lunch plans`));
      assert.equal(index.size, 16);
      assert.equal(index.findNearest(signatureOf('old note number 3 about the release'), 0.5), undefined);
      assert.equal(index.findNearest(signatureOf('fresh memo 3 concerning lunch plans'))?.id, 'new-3');
    });

    it('replaces the signature when an id is added again', () => {
      const index = indexOf({ m: 'Alice prefers tabs over spaces' });
      index.add('m', signatureOf('Alice now prefers spaces over tabs'));
      assert.equal(index.size, 1);
      assert.equal(index.findNearest(signatureOf('Alice prefers tabs over spaces'), 0.9), undefined);
      assert.equal(index.findNearest(signatureOf('Alice now prefers spaces over tabs'))?.similarity, 1);
    });

    it('keeps finding every entry as it grows past its initial room', () => {
      const index = new NearDuplicateIndex({ initialCapacity: 16 });
      const texts = Array.from({ length: 3000 }, (_, i) => `memory ${i} says build ${i * 7} passed on branch feature-${i % 97}`);
      texts.forEach((text, i) => index.add(`id-${i}`, signatureOf(text)));
      assert.equal(index.size, 3000);
      for (let i = 0; i < 3000; i += 37) assert.deepEqual(index.findNearest(signatureOf(texts[i])), { id: `id-${i}`, similarity: 1 });
    });

    it('empties completely on clear and can be filled again', () => {
      const index = indexOf({ a: 'Alice prefers tabs over spaces', b: 'Bob likes spaces' });
      index.clear();
      assert.equal(index.size, 0);
      assert.equal(index.has('a'), false);
      assert.equal(index.findNearest(signatureOf('Alice prefers tabs over spaces'), 0), undefined);
      index.add('c', signatureOf('Carol writes the changelog'));
      assert.equal(index.findNearest(signatureOf('Carol writes the changelog'))?.id, 'c');
    });

    it('rejects more bands than a signature has words', () => {
      assert.throws(() => new NearDuplicateIndex({ bands: 33 }), RangeError);
      assert.throws(() => new NearDuplicateIndex({ bands: 0 }), RangeError);
      assert.throws(() => new NearDuplicateIndex({ bands: 2.5 }), RangeError);
    });

    it('checks and adds 20,000 signatures against a growing index in a few seconds at most', function () {
      this.timeout(30_000);
      const random = seededRandom(7);
      const verbs = ['parse', 'load', 'save', 'render', 'fetch', 'update', 'merge', 'resolve'];
      const nouns = ['Config', 'User', 'Memory', 'Event', 'Profile', 'Session', 'Commit', 'Thread'];
      const pick = (list: string[]) => list[Math.floor(random() * list.length)];
      const signatures = Array.from({ length: 20_000 }, (_, i) =>
        signatureOf(`Edited function ${pick(verbs)}${pick(nouns)} in src/${pick(verbs)}-${pick(nouns)}.ts for ${i % 60} minutes`),
      );
      const index = new NearDuplicateIndex();
      const started = process.hrtime.bigint();
      let merged = 0;
      signatures.forEach((signature, i) => {
        if (index.findNearest(signature, DEFAULT_NEAR_DUPLICATE_THRESHOLD)) merged++;
        else index.add(`m${i}`, signature);
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
      assert.ok(merged > 0 && index.size > 1000, `merged ${merged}, kept ${index.size}`);
    });
  });

  describe('encodeSignature / decodeSignature', () => {
    it('round-trips a signature through a short ASCII string', () => {
      for (const text of ['Alice prefers tabs over spaces', '', TWENTY_FIVE_WORDS, '日本語のメモ']) {
        const signature = signatureOf(text);
        const encoded = encodeSignature(signature);
        assert.match(encoded, /^m2:[A-Za-z0-9+/]{171}=$/);
        assert.deepEqual(decodeSignature(encoded), signature);
      }
    });

    it('round-trips extreme word values', () => {
      const signature = new Uint32Array(SIGNATURE_WORDS);
      signature.fill(0xffffffff, 0, 8);
      signature.fill(0x80000001, 8, 16);
      signature[31] = 0x0000ffff;
      assert.deepEqual(decodeSignature(encodeSignature(signature)), signature);
    });

    it('lets the index be rebuilt from stored strings alone', () => {
      const texts = { a: 'Alice prefers tabs over spaces', b: TWENTY_FIVE_WORDS };
      const stored = Object.entries(texts).map(([id, text]) => ({ id, signature: encodeSignature(signatureOf(text)) }));
      const index = new NearDuplicateIndex();
      for (const row of stored) index.add(row.id, decodeSignature(row.signature));
      assert.equal(index.findNearest(signatureOf(TWENTY_FIVE_WORDS.replace('anyone', 'somebody')))?.id, 'b');
    });

    it('refuses damaged or outdated strings with a hint to recompute', () => {
      const good = encodeSignature(signatureOf('Alice prefers tabs over spaces'));
      assert.throws(() => decodeSignature(good.replace('m2:', 'm1:')), /recompute it with signatureOf/);
      assert.throws(() => decodeSignature(good.slice(0, -4)), /recompute/);
      assert.throws(() => decodeSignature(good.slice(0, 10) + '!' + good.slice(11)), /character "!"/);
      assert.equal(tryDecodeSignature('not a signature'), undefined);
      assert.deepEqual(tryDecodeSignature(good), decodeSignature(good));
    });
  });
});
