/**
 * A small seeded PRNG so every generated dataset is reproducible from `--seed` alone.
 * Math.random cannot be seeded, and a benchmark whose data changes between runs cannot be compared.
 */

/** Spreads any seed (number or string) over 32 bits so nearby seeds give unrelated streams. */
function hashSeed(seed) {
  const text = String(seed);
  let hash = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 3432918353);
    hash = (hash << 13) | (hash >>> 19);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 2246822507);
  hash = Math.imul(hash ^ (hash >>> 13), 3266489909);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function createRandom(seed) {
  let state = hashSeed(seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const random = {
    next,
    /** Integer in [min, max], both inclusive. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** `choices` is [[value, weight], ...]; weights need not sum to 1. */
    weighted: (choices) => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of choices) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return choices[choices.length - 1][0];
    },
    /** k distinct items, in random order. */
    sample: (items, k) => {
      const copy = items.slice();
      const count = Math.min(k, copy.length);
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, count);
    },
    /** Exponentially distributed with the given mean: gaps between human events look like this. */
    exponential: (mean) => -Math.log(1 - next()) * mean,
    /** Lower-case hex string, e.g. commit hashes. */
    hex: (length) => {
      let out = '';
      while (out.length < length) out += Math.floor(next() * 16).toString(16);
      return out;
    },
    /** Skewed towards the front of the list: a few files, people and channels get most of the activity. */
    pickSkewed: (items, skew = 2) => items[Math.floor(Math.pow(next(), skew) * items.length)],
    /** An independent stream derived from this one, so adding draws in one place does not shift another. */
    fork: (label) => createRandom(`${Math.floor(next() * 2 ** 32)}:${label}`),
  };
  return random;
}
