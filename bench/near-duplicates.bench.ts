/**
 * Benchmark and false-positive report for near-duplicate detection. Not a test: it prints tables.
 *
 *   npx tsc -p . && node --expose-gc out/bench/near-duplicates.bench.js
 *
 * 1. signatureOf throughput; 2. index build, memory and find+add throughput at 100k templated memories
 * for several LSH bandings; 3. how often pairs of known Jaccard similarity are found at 0.8;
 * 4. false merges among a few hundred templated but distinct sentences.
 */
import { MINHASH_BITS, MINHASH_COUNT, NearDuplicateIndex, NearDuplicateIndexOptions, signatureOf, signatureSimilarity, textSimilarity } from '../src/core/memory/near-duplicates';
import { seeded } from './support/bench-args';


const random = seeded(42);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
const verbs = ['parse', 'load', 'save', 'render', 'fetch', 'update', 'delete', 'create', 'validate', 'format', 'merge', 'split', 'resolve', 'build', 'sync', 'index', 'embed', 'recall', 'draft', 'observe'];
const nouns = ['Config', 'User', 'Memory', 'Event', 'Profile', 'Token', 'Session', 'Commit', 'Review', 'Message', 'Thread', 'Channel', 'Index', 'Vector', 'Store', 'Query', 'Result', 'Schema', 'Row', 'Batch'];
const dirs = ['src/core', 'src/cli', 'src/extension', 'src/sidecar', 'src/core/store', 'src/core/recall', 'webview', 'test/unit'];
const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const channels = ['dev', 'general', 'random', 'ops'];
const filler =
  'the a to of and in for on with that this we should it is be not as by from at or will can when if our new all but so up out about which more after before some into than then only also because any these most other over such first well even need want way use how make like time just know take people year good work back still see look come think give find tell very call try ask seem feel leave put mean keep let begin help show hear play run move live believe hold bring happen write provide sit stand lose pay meet include continue set learn change lead understand watch follow stop create speak read allow add spend grow open walk win offer remember consider appear buy wait serve send expect build stay fall cut reach remain suggest raise pass sell require report decide pull'.split(
    ' ',
  );
const symbol = () => pick(verbs) + pick(nouns);
const file = () => `${pick(dirs)}/${pick(verbs)}-${pick(nouns).toLowerCase()}.ts`;
const number = (max: number) => 1 + Math.floor(random() * max);

const TEMPLATES: Record<string, () => string> = {
  'editor event': () => `Edited function ${symbol()} in ${file()} for ${number(30)} minutes`,
  'file opened': () => `Opened ${file()} at line ${number(500)}`,
  commit: () => `Committed ${Math.floor(random() * 2 ** 28).toString(16)}: ${pick(verbs)} ${pick(nouns).toLowerCase()} handling in ${pick(dirs)}`,
  'chat question': () => `${pick(people)} asked about ${symbol()} in #${pick(channels)}`,
  review: () => `Reviewed PR #${number(900)}: ${pick(verbs)} ${pick(nouns).toLowerCase()} and ${pick(verbs)} ${pick(nouns).toLowerCase()}`,
  'long note': () =>
    `${pick(people)} said the ${pick(nouns).toLowerCase()} service should ${pick(verbs)} the ${pick(nouns).toLowerCase()} cache before the nightly ${pick(nouns).toLowerCase()} job runs, otherwise the dashboard shows stale numbers to everyone`,
  'free text': () => Array.from({ length: 12 + Math.floor(random() * 25) }, () => pick(filler)).join(' '),
};
const templateNames = Object.keys(TEMPLATES);
const anyTemplated = () => TEMPLATES[pick(templateNames)]();

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) gc?.();
  const usage = process.memoryUsage();
  return (usage.heapUsed + usage.arrayBuffers) / 1e6;
}

function table(rows: Array<Record<string, string | number>>): void {
  console.table(rows);
}

// 1. signatures ---------------------------------------------------------------------------------------
{
  const short = Array.from({ length: 20_000 }, () => TEMPLATES['editor event']());
  const long = Array.from({ length: 5_000 }, () => Array.from({ length: 60 }, () => pick(filler)).join(' '));
  for (const text of short.slice(0, 500)) signatureOf(text);
  let started = process.hrtime.bigint();
  for (const text of short) signatureOf(text);
  const shortMs = ms(started);
  started = process.hrtime.bigint();
  for (const text of long) signatureOf(text);
  const longMs = ms(started);
  console.log('\nsignatureOf');
  table([
    { input: '10-word editor event', texts: short.length, 'µs/text': +((shortMs * 1000) / short.length).toFixed(1), 'texts/s': Math.round((short.length / shortMs) * 1000) },
    { input: '60-word note', texts: long.length, 'µs/text': +((longMs * 1000) / long.length).toFixed(1), 'texts/s': Math.round((long.length / longMs) * 1000) },
  ]);
}

// 2. index at 100k ------------------------------------------------------------------------------------
{
  const stored = Array.from({ length: 100_000 }, () => signatureOf(anyTemplated()));
  const incoming = Array.from({ length: 20_000 }, () => signatureOf(anyTemplated()));
  const rows: Array<Record<string, string | number>> = [];
  const bandings: NearDuplicateIndexOptions[] = [{}, { bands: 8 }, { bands: 12 }, { bands: 24 }];
  for (const options of bandings) {
    const before = heapMb();
    let index: NearDuplicateIndex | undefined = new NearDuplicateIndex(options);
    let started = process.hrtime.bigint();
    stored.forEach((signature, i) => index!.add(`mem_${i.toString(36).padStart(8, '0')}`, signature));
    const buildMs = ms(started);
    const memory = heapMb() - before;
    started = process.hrtime.bigint();
    let merged = 0;
    incoming.forEach((signature, i) => {
      if (index!.findNearest(signature)) merged++;
      else index!.add(`new_${i}`, signature);
    });
    const importMs = ms(started);
    rows.push({
      bands: `${index.bands}${options.bands ? '' : ' (default)'}`,
      'build 100k (ms)': Math.round(buildMs),
      'MB for 100k': +memory.toFixed(1),
      'find+add /s at 100k': Math.round((incoming.length / importMs) * 1000),
      'merged of 20k': merged,
    });
    index = undefined;
  }
  console.log('\nindex of 100,000 templated memories, then 20,000 more checked and added');
  table(rows);
}

// 3. detection by true similarity --------------------------------------------------------------------
{
  const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  const byBucket = new Map<number, Array<[Uint32Array, Uint32Array]>>();
  for (let attempt = 0; attempt < 80_000; attempt++) {
    const words = Array.from({ length: 15 + Math.floor(random() * 30) }, () => pick(vocabulary));
    const changed = words.slice();
    const edits = Math.floor(random() * 8);
    for (let e = 0; e < edits; e++) changed[Math.floor(random() * changed.length)] = pick(vocabulary);
    const a = words.join(' ');
    const b = changed.join(' ');
    const bucket = Math.round(textSimilarity(a, b) * 20) / 20;
    if (bucket < 0.6) continue;
    const pairs = byBucket.get(bucket) ?? [];
    if (pairs.length < 1000) pairs.push([signatureOf(a), signatureOf(b)]);
    byBucket.set(bucket, pairs);
  }
  const rows: Array<Record<string, string | number>> = [];
  for (const bucket of [...byBucket.keys()].sort()) {
    const pairs = byBucket.get(bucket)!;
    const row: Record<string, string | number> = { 'exact Jaccard': bucket.toFixed(2), pairs: pairs.length };
    row['estimate ≥ 0.8'] = (pairs.filter(([a, b]) => signatureSimilarity(a, b) >= 0.8).length / pairs.length).toFixed(3);
    for (const options of [{ bands: 16 }, { bands: 8 }, { bands: 32 }]) {
      let found = 0;
      for (const [a, b] of pairs) {
        const index = new NearDuplicateIndex({ ...options, initialCapacity: 16 });
        index.add('a', a);
        if (index.findNearest(b, 0.8)) found++;
      }
      row[`found, ${options.bands} bands`] = (found / pairs.length).toFixed(3);
    }
    rows.push(row);
  }
  console.log(`\nshare of pairs found at threshold 0.8, by exact Jaccard (${MINHASH_COUNT} hashes of ${MINHASH_BITS} bits)`);
  table(rows);
}

// 4. false merges among distinct templated sentences -------------------------------------------------
{
  const perTemplate = 300;
  const rows: Array<Record<string, string | number>> = [];
  const examples: string[] = [];
  let total = 0;
  for (const template of templateNames) {
    const seen = new Set<string>();
    while (seen.size < perTemplate) seen.add(TEMPLATES[template]());
    const texts = [...seen];
    total += texts.length;
    const signatures = texts.map((text) => signatureOf(text));
    let pairs = 0;
    let flagged = 0;
    let flaggedBelow = 0;
    for (let x = 0; x < texts.length; x++) {
      for (let y = x + 1; y < texts.length; y++) {
        pairs++;
        if (signatureSimilarity(signatures[x], signatures[y]) < 0.8) continue;
        flagged++;
        const exact = textSimilarity(texts[x], texts[y]);
        if (exact < 0.8) flaggedBelow++;
        if (examples.length < 8 && !examples.some((e) => e.startsWith(`  ${template}:`))) {
          examples.push(`  ${template}: "${texts[x]}" ~ "${texts[y]}" (exact ${exact.toFixed(2)})`);
        }
      }
    }
    // what the writer sees: each sentence checked against all earlier ones through the index
    const index = new NearDuplicateIndex();
    let merged = 0;
    let mergedBelow = 0;
    texts.forEach((text, i) => {
      const match = index.findNearest(signatures[i]);
      if (!match) return index.add(String(i), signatures[i]);
      merged++;
      if (textSimilarity(text, texts[Number(match.id)]) < 0.8) mergedBelow++;
    });
    rows.push({
      template,
      sentences: texts.length,
      pairs,
      'pairs est. ≥ 0.8': flagged,
      '… of them exact < 0.8': flaggedBelow,
      'merged on write': `${merged} (${((merged / texts.length) * 100).toFixed(1)}%)`,
      '… exact < 0.8': mergedBelow,
    });
  }
  console.log(`\nnear-duplicate calls among ${total} distinct templated sentences (threshold 0.8)`);
  table(rows);
  if (examples.length) console.log(`one example per template of a pair at or above 0.8:\n${examples.join('\n')}`);
}
