/**
 * Near-duplicate detection for memories, so that a memory that says (almost) the same as one already
 * stored merges into it on write instead of piling up.
 *
 * How it works
 * - Text is normalised (Unicode NFKC, lower case, apostrophes inside words dropped, every other run of
 *   punctuation/symbols/whitespace becomes one space) and turned into a set of features: word unigrams
 *   and word bigrams; texts of at most {@link SHORT_TEXT_MAX_WORDS} words also get character 4-grams of
 *   the normalised string, because with only two or three words a single changed word already drops
 *   the word-level Jaccard to about 0.2 whatever the change was. With character grams "fix typo" vs
 *   "fix typos" scores about 0.5, "fix typo" vs "fix type" about 0.4 and "fix typo" vs "fix bug" about
 *   0.2: graded, and still well below the 0.8 merge threshold, because in a two-word note one changed
 *   word is a different note.
 * - The feature set is summarised by a MinHash signature of {@link MINHASH_COUNT} (256) independent
 *   min-wise hashes of which only the low 4 bits are kept ("b-bit minwise hashing", Li & König),
 *   packed eight per word into a `Uint32Array` of {@link SIGNATURE_WORDS} (32) words: 128 bytes, the
 *   size of 32 plain 32-bit MinHashes but with far less noise. Two different minimums agree by chance
 *   with probability 1/16, which the estimate corrects for: J = (equal/256 − 1/16) / (15/16). Its
 *   standard deviation is about 0.025 around 0.8, against 0.07 for 32 full hashes and 0.05 for 64
 *   sixteen-bit ones; measured on 10-word sentences with one word changed (exact Jaccard 0.73), 0.5%
 *   reach 0.8 (7% with 64 × 16 bits), and 25-word sentences with one word changed (0.88) are never
 *   missed (2.6%). That matters because templated editor events differ from their siblings by one
 *   word, and a store holds many siblings of each.
 * - {@link NearDuplicateIndex} buckets signatures by LSH banding, each band one word of the signature
 *   (8 hashes), and verifies every candidate with the estimate above over all 256 hashes.
 *
 * What the default threshold of 0.8 means with these features: one changed word in an n-word text
 * leaves a Jaccard of (2n − 4) / (2n + 2), so from about 15 words on a one-word change is a
 * near-duplicate, at 10 words (0.73) it is not, and around 12 words (0.77) the estimate's noise decides
 * now and then. Callers that know more (the symbol or file an editor event is about) should check it
 * before merging; {@link textSimilarity} gives the exact value when both texts are at hand.
 *
 * Identical normalised texts always have identical signatures, so they always match with similarity 1.
 * Everything here is pure and synchronous (no I/O); the store keeps {@link encodeSignature}'s string
 * next to each memory and rebuilds the index on open without re-reading texts.
 */

/** Number of MinHash values in a signature. */
export const MINHASH_COUNT = 256;
/** Bits kept of each MinHash value. */
export const MINHASH_BITS = 4;
/** Length of a signature in 32-bit words (eight 4-bit MinHash values per word). */
export const SIGNATURE_WORDS = (MINHASH_COUNT * MINHASH_BITS) / 32;
/** Probability that two different minimums agree in their kept bits. */
const CHANCE_AGREEMENT = 1 / (1 << MINHASH_BITS);
/** Texts with at most this many words also get character 4-gram features (see the file comment). */
export const SHORT_TEXT_MAX_WORDS = 3;
/** The similarity above which two memories count as near-duplicates unless the caller says otherwise. */
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.8;
/**
 * Changes whenever the features, hash functions or layout change, so that stored signatures from an
 * older scheme are recognised (decodeSignature rejects them) and recomputed from their texts.
 */
export const SIGNATURE_VERSION = 2;

const CHAR_GRAM = 4;

// ---------------------------------------------------------------------------------------------------
// Hashing: FNV-1a over UTF-16 code units for features, murmur3's fmix32 finaliser to derive the
// MinHash permutations. Fast, seedable, deterministic across platforms; no cryptography needed.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Different FNV bases keep word and character-gram features in separate hash spaces. */
const WORD_BASIS = FNV_OFFSET;
const CHAR_GRAM_BASIS = 0x5bd1e995;
const EMPTY_TEXT_FEATURE = 0x2f6b3a91;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string, basis: number, start = 0, end = s.length): number {
  let h = basis;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h);
}

/** Order-sensitive combination, so "a b" and "b a" are different bigrams. */
function hashPair(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15)) >>> 0);
}

/** One seed per MinHash function, from splitmix32 so they are fixed, distinct and well spread. */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(MINHASH_COUNT);
  let state = 0x2545f491;
  for (let i = 0; i < MINHASH_COUNT; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    seeds[i] = (z ^ (z >>> 15)) >>> 0;
  }
  return seeds;
})();

// ---------------------------------------------------------------------------------------------------
// Normalisation and features

const APOSTROPHE_IN_WORD = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu;
const NON_WORD = /[^\p{L}\p{M}\p{N}]+/u;

/** The words of a text after normalisation (NFKC, lower case, punctuation and whitespace removed). */
export function normalizedWords(text: string): string[] {
  const words = text.normalize('NFKC').toLowerCase().replace(APOSTROPHE_IN_WORD, '').split(NON_WORD);
  // split leaves an empty string at either end when the text starts or ends with a separator
  if (words.length > 0 && words[0] === '') words.shift();
  if (words.length > 0 && words[words.length - 1] === '') words.pop();
  return words;
}

/** The normalised form two texts must share to be exact duplicates: words joined by single spaces. */
export function normalizeText(text: string): string {
  return normalizedWords(text).join(' ');
}

/** Feature hashes of a text (may repeat a value; MinHash and Jaccard treat them as a set). */
function featureHashes(text: string): number[] {
  const words = normalizedWords(text);
  if (words.length === 0) return [EMPTY_TEXT_FEATURE];
  const features: number[] = [];
  let previous = 0;
  for (let i = 0; i < words.length; i++) {
    const h = hashString(words[i], WORD_BASIS);
    features.push(h);
    if (i > 0) features.push(hashPair(previous, h));
    previous = h;
  }
  if (words.length <= SHORT_TEXT_MAX_WORDS) {
    // padded with a space on both sides so that word starts and ends are grams of their own
    const padded = ` ${words.join(' ')} `;
    for (let i = 0; i + CHAR_GRAM <= padded.length; i++) {
      features.push(hashString(padded, CHAR_GRAM_BASIS, i, i + CHAR_GRAM));
    }
  }
  return features;
}

/**
 * The exact Jaccard similarity of two texts' feature sets (what a signature comparison estimates).
 * Costs a feature extraction of both texts: use it to confirm a match when both texts are at hand.
 */
export function textSimilarity(a: string, b: string): number {
  const fa = new Set(featureHashes(a));
  const fb = new Set(featureHashes(b));
  let shared = 0;
  for (const f of fa) if (fb.has(f)) shared++;
  return shared / (fa.size + fb.size - shared);
}

// ---------------------------------------------------------------------------------------------------
// Signatures

/** The MinHash signature of a text: {@link SIGNATURE_WORDS} words of eight 4-bit MinHash values. */
export function signatureOf(text: string): Uint32Array {
  const features = featureHashes(text);
  // 31-bit values in an Int32Array keep the hot loop in small-integer arithmetic (~20% faster)
  const mins = new Int32Array(MINHASH_COUNT).fill(0x7fffffff);
  for (let j = 0; j < features.length; j++) {
    const f = features[j];
    for (let i = 0; i < MINHASH_COUNT; i++) {
      // murmur3's fmix32 without its first step: f is already a mixed hash
      let v = Math.imul(f ^ SEEDS[i], 0x85ebca6b);
      v ^= v >>> 13;
      v = Math.imul(v, 0xc2b2ae35);
      v = (v ^ (v >>> 16)) >>> 1;
      if (v < mins[i]) mins[i] = v;
    }
  }
  // b-bit minwise hashing keeps the LOW bits: the high bits of a minimum are biased towards zero.
  const signature = new Uint32Array(SIGNATURE_WORDS);
  for (let i = 0; i < MINHASH_COUNT; i++) signature[i >>> 3] |= (mins[i] & 0xf) << ((i & 7) * 4);
  return signature;
}

function checkSignature(signature: Uint32Array): void {
  if (!(signature instanceof Uint32Array) || signature.length !== SIGNATURE_WORDS) {
    throw new RangeError(
      `A near-duplicate signature is a Uint32Array of ${SIGNATURE_WORDS} words; got ${describe(signature)}. ` +
        'Compute it with signatureOf(text) or decodeSignature(stored).',
    );
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint32Array) return `a Uint32Array of ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return value.constructor?.name ?? 'an object';
}

/** Number of 4-bit lanes that differ between two words (0..8). */
function unequalLanes(x: number): number {
  let t = x | (x >>> 1);
  t = (t | (t >>> 2)) & 0x11111111;
  // one bit per differing lane at bit 4k; the multiplication sums them into the top lane
  return Math.imul(t, 0x11111111) >>> 28;
}

/** Number of equal MinHash values in two signatures (0..{@link MINHASH_COUNT}). */
function equalHashes(a: Uint32Array, b: Uint32Array): number {
  let unequal = 0;
  for (let w = 0; w < SIGNATURE_WORDS; w++) unequal += unequalLanes(a[w] ^ b[w]);
  return MINHASH_COUNT - unequal;
}

/**
 * Equal MinHash values of the query and the stored signature at `offset`, or -1 as soon as the count
 * can no longer reach `atLeast`: most candidates are far below the threshold and fail within a few words.
 */
function equalHashesAtLeast(query: Uint32Array, stored: Uint32Array, offset: number, atLeast: number): number {
  let unequalAllowed = MINHASH_COUNT - atLeast;
  for (let w = 0; w < SIGNATURE_WORDS; w++) {
    const x = query[w] ^ stored[offset + w];
    if (x === 0) continue;
    unequalAllowed -= unequalLanes(x);
    if (unequalAllowed < 0) return -1;
  }
  return atLeast + unequalAllowed;
}

/** Estimated Jaccard similarity from a count of equal MinHash values, corrected for chance agreement. */
function similarityOf(equal: number): number {
  const share = equal / MINHASH_COUNT;
  return Math.max(0, (share - CHANCE_AGREEMENT) / (1 - CHANCE_AGREEMENT));
}

/** The fewest equal MinHash values whose estimate reaches `threshold`. */
function equalNeededFor(threshold: number): number {
  const needed = Math.ceil(MINHASH_COUNT * (CHANCE_AGREEMENT + threshold * (1 - CHANCE_AGREEMENT)) - 1e-9);
  return Math.min(MINHASH_COUNT, Math.max(1, needed));
}

/** Estimated Jaccard similarity of the texts behind two signatures (see the file comment). */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  checkSignature(a);
  checkSignature(b);
  return similarityOf(equalHashes(a, b));
}

// ---------------------------------------------------------------------------------------------------
// Compact string form: a version tag, then base64 of the 128 little-endian bytes (175 characters).

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64.length; i++) table[BASE64.charCodeAt(i)] = i;
  return table;
})();
const SIGNATURE_BYTES = SIGNATURE_WORDS * 4;
const ENCODED_PREFIX = `m${SIGNATURE_VERSION}:`;

/** A signature as a short ASCII string for a string column (`m1:` + base64 of its bytes). */
export function encodeSignature(signature: Uint32Array): string {
  checkSignature(signature);
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  for (let w = 0; w < SIGNATURE_WORDS; w++) {
    const v = signature[w];
    bytes[4 * w] = v & 0xff;
    bytes[4 * w + 1] = (v >>> 8) & 0xff;
    bytes[4 * w + 2] = (v >>> 16) & 0xff;
    bytes[4 * w + 3] = v >>> 24;
  }
  let out = ENCODED_PREFIX;
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += BASE64[b0 >> 2] + BASE64[((b0 & 3) << 4) | (b1 >> 4)];
    out += i + 1 < bytes.length ? BASE64[((b1 & 15) << 2) | (b2 >> 6)] : '=';
    out += i + 2 < bytes.length ? BASE64[b2 & 63] : '=';
  }
  return out;
}

/**
 * The signature back from {@link encodeSignature}'s string. Throws when the string is damaged or was
 * made by another signature version; the caller then recomputes it with signatureOf(text).
 */
export function decodeSignature(encoded: string): Uint32Array {
  if (typeof encoded !== 'string' || !encoded.startsWith(ENCODED_PREFIX)) {
    const shown = typeof encoded === 'string' ? JSON.stringify(encoded.slice(0, 12)) : String(encoded);
    throw new Error(
      `Not a version ${SIGNATURE_VERSION} near-duplicate signature (starts ${shown}); recompute it with signatureOf(text).`,
    );
  }
  const body = encoded.slice(ENCODED_PREFIX.length);
  const expectedLength = Math.ceil(SIGNATURE_BYTES / 3) * 4;
  if (body.length !== expectedLength) {
    throw new Error(
      `A near-duplicate signature has ${expectedLength} base64 characters after "${ENCODED_PREFIX}", this one ${body.length}; recompute it with signatureOf(text).`,
    );
  }
  // 128 bytes are 42 full groups of three plus two bytes, so the body ends in exactly one '='.
  const bytes = new Uint8Array(SIGNATURE_BYTES);
  let bits = 0;
  let buffered = 0;
  let n = 0;
  for (let i = 0; i < body.length && n < SIGNATURE_BYTES; i++) {
    const code = body.charCodeAt(i);
    const v = code < 128 ? BASE64_VALUE[code] : -1;
    if (v < 0) {
      throw new Error(
        `A near-duplicate signature holds the character ${JSON.stringify(body[i])} at ${ENCODED_PREFIX.length + i}; recompute it with signatureOf(text).`,
      );
    }
    buffered = ((buffered << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (buffered >> bits) & 0xff;
    }
  }
  const signature = new Uint32Array(SIGNATURE_WORDS);
  for (let w = 0; w < SIGNATURE_WORDS; w++) {
    signature[w] = (bytes[4 * w] | (bytes[4 * w + 1] << 8) | (bytes[4 * w + 2] << 16) | (bytes[4 * w + 3] << 24)) >>> 0;
  }
  return signature;
}

/** {@link decodeSignature}, or undefined for a damaged or outdated string (recompute from the text). */
export function tryDecodeSignature(encoded: string): Uint32Array | undefined {
  try {
    return decodeSignature(encoded);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// The index

export interface NearDuplicateMatch {
  id: string;
  /** Estimated Jaccard similarity (see {@link signatureSimilarity}); 1 for identical signatures. */
  similarity: number;
}

export interface NearDuplicateIndexOptions {
  /**
   * LSH bands, 1..{@link SIGNATURE_WORDS}; band b is signature word b (8 hashes). More bands find more
   * of the pairs near the threshold but cost memory and verify more candidates. With the default 16, a
   * pair of similarity 0.9 becomes a candidate with probability 0.9999, 0.8 0.97, 0.7 0.70, 0.6 0.31,
   * 0.5 0.10, 0.3 0.003 (per band (J + (1 − J)/16)^8, chance agreement included).
   */
  bands?: number;
  /** Entries to allocate room for up front (it grows by half again whenever full). */
  initialCapacity?: number;
}

const EMPTY = -1;

/**
 * An in-memory LSH index of signatures keyed by memory id. Storage is typed arrays indexed by slot:
 * the signature (128 B), and per band a doubly linked bucket chain (8 B) hanging off a bucket table
 * (2–4 B): with the default 16 bands about 300 B per slot, plus the id map.
 */
export class NearDuplicateIndex {
  readonly bands: number;

  private capacity = 0;
  private tableMask = 0;
  private signatures = new Uint32Array(0);
  /** Bucket heads, `bands` tables of `tableMask + 1` slots each. */
  private heads = new Int32Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** Insertion order, to break ties in favour of the oldest entry. */
  private order = new Uint32Array(0);
  /** Per-query marker so an entry that collides in several bands is verified once. */
  private visited = new Uint32Array(0);
  private visitMark = 0;
  private insertions = 0;
  private readonly ids: (string | undefined)[] = [];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private used = 0;

  constructor(options: NearDuplicateIndexOptions = {}) {
    const bands = options.bands ?? 16;
    if (!Number.isInteger(bands) || bands < 1 || bands > SIGNATURE_WORDS) {
      throw new RangeError(`NearDuplicateIndex takes 1 to ${SIGNATURE_WORDS} bands (one per signature word); got ${bands}.`);
    }
    this.bands = bands;
    this.grow(Math.max(16, options.initialCapacity ?? 1024));
  }

  /** Number of signatures in the index. */
  get size(): number {
    return this.slotById.size;
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  /** Adds a signature under `id`, replacing the one the id had. */
  add(id: string, signature: Uint32Array): void {
    checkSignature(signature);
    if (this.slotById.has(id)) this.remove(id);
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      if (this.used === this.capacity) this.grow(Math.ceil(this.capacity * 1.5));
      slot = this.used++;
    }
    this.signatures.set(signature, slot * SIGNATURE_WORDS);
    this.ids[slot] = id;
    this.order[slot] = this.insertions++ >>> 0;
    this.slotById.set(id, slot);
    this.link(slot);
  }

  /** Removes the id's signature; false when the index did not hold it. */
  remove(id: string): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    this.unlink(slot);
    this.slotById.delete(id);
    this.ids[slot] = undefined;
    this.signatures.fill(0, slot * SIGNATURE_WORDS, (slot + 1) * SIGNATURE_WORDS);
    this.freeSlots.push(slot);
    return true;
  }

  /** Removes everything (keeps the allocated room). */
  clear(): void {
    this.heads.fill(EMPTY);
    this.ids.length = 0;
    this.slotById.clear();
    this.freeSlots.length = 0;
    this.used = 0;
  }

  /**
   * The most similar indexed signature whose estimated similarity is at least `threshold`, or
   * undefined. Only entries sharing at least one LSH band with the query are considered, so a pair
   * just above the threshold can occasionally be missed (see {@link NearDuplicateIndexOptions}).
   * Ties go to the entry added first.
   */
  findNearest(signature: Uint32Array, threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD): NearDuplicateMatch | undefined {
    checkSignature(signature);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new RangeError(`A near-duplicate threshold lies between 0 and 1; got ${threshold}.`);
    }
    if (this.slotById.size === 0) return undefined;
    const mark = this.nextVisitMark();
    let bestSlot = EMPTY;
    let bestEqual = equalNeededFor(threshold) - 1;
    const tableSize = this.tableMask + 1;
    for (let band = 0; band < this.bands; band++) {
      const word = signature[band];
      let slot = this.heads[band * tableSize + (bandKey(word, band) & this.tableMask)];
      while (slot !== EMPTY) {
        // the bucket may also hold other band values that hash alike: compare the band itself
        if (this.visited[slot] !== mark && this.signatures[slot * SIGNATURE_WORDS + band] === word) {
          this.visited[slot] = mark;
          const equal = equalHashesAtLeast(signature, this.signatures, slot * SIGNATURE_WORDS, bestEqual);
          if (equal > bestEqual || (equal === bestEqual && bestSlot !== EMPTY && this.order[slot] < this.order[bestSlot])) {
            bestEqual = equal;
            bestSlot = slot;
          }
        }
        slot = this.next[slot * this.bands + band];
      }
    }
    if (bestSlot === EMPTY) return undefined;
    return { id: this.ids[bestSlot] as string, similarity: similarityOf(bestEqual) };
  }

  // -------------------------------------------------------------------------------------------------

  private link(slot: number): void {
    const tableSize = this.tableMask + 1;
    const offset = slot * SIGNATURE_WORDS;
    for (let band = 0; band < this.bands; band++) {
      const bucket = band * tableSize + (bandKey(this.signatures[offset + band], band) & this.tableMask);
      const head = this.heads[bucket];
      this.next[slot * this.bands + band] = head;
      this.prev[slot * this.bands + band] = EMPTY;
      if (head !== EMPTY) this.prev[head * this.bands + band] = slot;
      this.heads[bucket] = slot;
    }
  }

  private unlink(slot: number): void {
    const tableSize = this.tableMask + 1;
    const offset = slot * SIGNATURE_WORDS;
    for (let band = 0; band < this.bands; band++) {
      const at = slot * this.bands + band;
      const before = this.prev[at];
      const after = this.next[at];
      if (before === EMPTY) {
        this.heads[band * tableSize + (bandKey(this.signatures[offset + band], band) & this.tableMask)] = after;
      } else {
        this.next[before * this.bands + band] = after;
      }
      if (after !== EMPTY) this.prev[after * this.bands + band] = before;
    }
  }

  private nextVisitMark(): number {
    if (this.visitMark === 0xffffffff) {
      this.visited.fill(0);
      this.visitMark = 0;
    }
    return ++this.visitMark;
  }

  private grow(capacity: number): void {
    const signatures = new Uint32Array(capacity * SIGNATURE_WORDS);
    signatures.set(this.signatures);
    const order = new Uint32Array(capacity);
    order.set(this.order);
    this.signatures = signatures;
    this.order = order;
    this.next = new Int32Array(capacity * this.bands);
    this.prev = new Int32Array(capacity * this.bands);
    this.visited = new Uint32Array(capacity);
    this.visitMark = 0;
    // two entries per bucket on average at most: chains stay short and the table small
    let tableSize = 16;
    while (tableSize * 2 <= capacity) tableSize *= 2;
    this.tableMask = tableSize - 1;
    this.heads = new Int32Array(tableSize * this.bands).fill(EMPTY);
    this.capacity = capacity;
    for (let slot = 0; slot < this.used; slot++) {
      if (this.ids[slot] !== undefined) this.link(slot);
    }
  }
}

/** Bucket hash of one band (one signature word), distinct per band. */
function bandKey(word: number, band: number): number {
  return fmix32((word ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0);
}
