/**
 * What every TypeScript benchmark reads the same way: a numeric `--name N` option, and a seeded random
 * stream so generated data is the same from run to run (results that change with the data cannot be compared).
 */

/** `--name N` from the command line, or `fallback` when it is not given. */
export function numberOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** A linear-congruential stream in [0, 1): tiny and reproducible, for test data only. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
