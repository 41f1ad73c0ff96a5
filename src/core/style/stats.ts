/**
 * Small statistics over evidence counts. Everything a style learner measures is kept as counts (how many
 * samples voted for each option, or a histogram of lengths), so profiles from several repositories merge
 * by adding numbers and every learned value can be derived again from what is stored.
 */

/** How many samples voted for each option (or fell in each histogram bucket). */
export type Counts = Record<string, number>;

export function add(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function total(counts: Counts): number {
  let sum = 0;
  for (const value of Object.values(counts)) sum += value;
  return sum;
}

/** The option with the most votes (ties go to the first one inserted), or undefined when there are none. */
export function dominant(counts: Counts, among?: readonly string[]): { key: string; count: number; share: number; samples: number } | undefined {
  const keys = among ?? Object.keys(counts);
  let best: string | undefined;
  let bestCount = 0;
  let samples = 0;
  for (const key of keys) {
    const count = counts[key] ?? 0;
    samples += count;
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best === undefined ? undefined : { key: best, count: bestCount, share: samples ? bestCount / samples : 0, samples };
}

export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Entries sorted by count, largest first, ties by key. */
export function ranked(counts: Counts): Array<[string, number]> {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Counts sorted by size, as a new object (JSON keeps insertion order, so the biggest reads first). */
export function sortedCounts(counts: Counts): Counts {
  return Object.fromEntries(ranked(counts));
}

/** Records a whole-number value in a histogram keyed by the value itself. */
export function addToHistogram(histogram: Counts, value: number): void {
  add(histogram, String(Math.max(0, Math.round(value))));
}

/** The value below which `p` (0–1) of the histogram's samples fall (nearest rank); 0 for an empty one. */
export function histogramPercentile(histogram: Counts, p: number): number {
  const entries = Object.entries(histogram)
    .map(([value, count]) => [Number(value), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const samples = entries.reduce((sum, [, count]) => sum + count, 0);
  if (samples === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * samples));
  let seen = 0;
  for (const [value, count] of entries) {
    seen += count;
    if (seen >= rank) return value;
  }
  return entries[entries.length - 1][0];
}

export function histogramMean(histogram: Counts): number {
  let samples = 0;
  let sum = 0;
  for (const [value, count] of Object.entries(histogram)) {
    samples += count;
    sum += Number(value) * count;
  }
  return samples ? sum / samples : 0;
}

export function histogramMax(histogram: Counts): number {
  let max = 0;
  for (const [value, count] of Object.entries(histogram)) if (count > 0) max = Math.max(max, Number(value));
  return max;
}

/** Share of the histogram's samples strictly above `limit`. */
export function histogramShareAbove(histogram: Counts, limit: number): number {
  let samples = 0;
  let above = 0;
  for (const [value, count] of Object.entries(histogram)) {
    samples += count;
    if (Number(value) > limit) above += count;
  }
  return share(above, samples);
}

/** n / (n + half): 0 with no samples, 0.5 at `half` samples, approaching 1. */
export function saturation(samples: number, half: number): number {
  return samples <= 0 ? 0 : samples / (samples + half);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

type Numeric = { [key: string]: number | Numeric };

/**
 * Adds every number of `source` into `target`, recursively (missing keys are created). Evidence objects
 * hold numbers and nested objects of numbers only, so this is how two of them merge.
 */
export function addDeep<T extends object>(target: T, source: T): T {
  const into = target as unknown as Numeric;
  for (const [key, value] of Object.entries(source as unknown as Numeric)) {
    if (typeof value === 'number') {
      const current = into[key];
      into[key] = (typeof current === 'number' ? current : 0) + value;
    } else if (value && typeof value === 'object') {
      const current = into[key];
      into[key] = addDeep(current && typeof current === 'object' ? current : {}, value);
    }
  }
  return target;
}

/** A deep copy of a JSON-shaped value. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
