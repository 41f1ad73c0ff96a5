/**
 * Benchmark for secret redaction. Not a test: it prints a table.
 *
 *   npx tsc -p . && node out/bench/redact.bench.js
 *
 * Typical inputs (developer activity, TypeScript source, prose, a .env file full of secrets, short
 * metadata fields) and the slowest of a set of adversarial 100 kB inputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../src/core/privacy/redact';

const DEV_LINES = [
  'Edited function parseConfig in src/core/config/twin-home.ts for 3 minutes',
  'const memories = await store.search({ text: query, limit: 10, where: "kind = \'semantic\'" });',
  'Alice asked in #dev whether the recall ranking should weigh recency more than importance.',
  'https://github.com/acme/twin/pull/42#discussion_r1234567 — review comments on the token budget',
  'commit 9fceb02d0ae598e95dc970b74767f19372d61af8: store the api key in SecretStorage, not settings',
  'export function keyFor(id: string): string { return `memory:${id}`; }',
  '{"id": "550e8400-e29b-41d4-a716-446655440000", "source": "editor", "importance": 0.4}',
];

function repeatTo(lines: string[], size: number): string {
  let text = '';
  for (let i = 0; text.length < size; i++) text += `${lines[i % lines.length]}\n`;
  return text.slice(0, size);
}

const secretsEnv = [
  'NODE_ENV=production',
  'GITHUB_TOKEN=gh' + 'p_ua7aJK2mq8K8M38YxWJyBYHl9GKmw5TeTO3e',
  'DATABASE_URL=postgres://twin:s3cr3t-P4ss@db.internal:5432/twin',
  'SESSION_SECRET=keyboardcat',
  'OPENAI_API_KEY=sk-' + '2MlF9GXfr9BcL0WnVo8F4G2AbUrz7YntURwRFMh68oNqhjI9',
  'LOG_LEVEL=info',
];

const inputs: Array<[string, string]> = [
  ['developer activity, 10 kB', repeatTo(DEV_LINES, 10_000)],
  ['compiled source code, 10 kB', repeatTo(readFileSync(join(__dirname, '../memory/near-duplicates.js'), 'utf8').split('\n'), 10_000)],
  ['prose, 10 kB', repeatTo(['The quick brown fox jumps over the lazy dog while the team discusses release plans.'], 10_000)],
  ['.env with 4 secrets, 1 kB', repeatTo(secretsEnv, 1_000)],
  ['short field, 30 B', 'Fix login page redirect loop'],
];

function measure(text: string): { perRunMs: number; redactions: number } {
  const redactions = redact(text).redactions.length;
  let runs = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 300) {
    for (let i = 0; i < 10; i++) redact(text);
    runs += 10;
    elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return { perRunMs: elapsed / runs, redactions };
}

const rows = inputs.map(([input, text]) => {
  for (let i = 0; i < 50; i++) redact(text);
  const { perRunMs, redactions } = measure(text);
  return {
    input,
    bytes: text.length,
    redactions,
    'ms per call': +perRunMs.toFixed(4),
    'MB/s': +(text.length / 1e6 / (perRunMs / 1000)).toFixed(1),
    'calls/s': Math.round(1000 / perRunMs),
  };
});
console.log('\nredact');
console.table(rows);

const adversarial: Array<[string, string]> = [
  ['letter run', 'a'.repeat(100_000)],
  ['base64 run', 'Ab1+'.repeat(25_000)],
  ['"password="×', 'password='.repeat(11_000)],
  ['"key "×', 'key '.repeat(25_000)],
  ['key + random ×', 'key knxA1WPOLygGzXI4otm2SuuCsfDrj2wH '.repeat(2_700)],
  ['BEGIN lines ×', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(3_000)],
  ['"eyJ"×', 'eyJ'.repeat(33_000)],
  ['"a://"×', 'a://'.repeat(25_000)],
  ['"http://a:"×', 'http://a:'.repeat(11_000)],
  ['"Authorization: "×', 'Authorization: '.repeat(6_500)],
  ['"Bearer "×', 'Bearer '.repeat(14_000)],
  ['quotes', '"'.repeat(100_000)],
];
let worst = { input: '', ms: 0 };
for (const [input, text] of adversarial) {
  const started = process.hrtime.bigint();
  redact(text);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (ms > worst.ms) worst = { input, ms };
}
console.log(`\nslowest of ${adversarial.length} adversarial ~100 kB inputs: ${worst.input} in ${worst.ms.toFixed(1)} ms`);
