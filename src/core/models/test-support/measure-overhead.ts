/**
 * What Twin's model layer adds to a request: the same chat request against the local fake server, sent
 * with bare `fetch`, through OpenAICompatibleProvider (the `openai` client, retries, usage, pricing), and
 * through the ModelRouter (routing, ledger line). Prints a table of medians and p95s.
 *
 *   npx tsc -p . && node out/src/core/models/test-support/measure-overhead.js [requests]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelRouter } from '../model-router';
import { OpenAICompatibleProvider } from '../openai-compatible-provider';
import { UsageLedger } from '../usage-ledger';
import { startFakeOpenAIServer } from './fake-openai-server';

const REPLY = 'Refresh the token before it expires, then retry the request once with the new token and log the attempt.';
const MESSAGES = [
  { role: 'system' as const, content: 'You write commit messages like the user.' },
  { role: 'user' as const, content: 'Describe: src/api/client.ts modified (+12 -3), request() changed.' },
];

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 300);
  const server = await startFakeOpenAIServer({ reply: REPLY });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-overhead-'));
  const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', prices: { 'fake-model': { inputPerMillion: 1, outputPerMillion: 2 } } }, { env: {} });
  const router = new ModelRouter({ providers: { local: provider } }, { ledger: UsageLedger.forHome(home) });
  const url = `${server.baseUrl}/chat/completions`;

  const rawFetch = (stream: boolean) => async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-model', messages: MESSAGES, stream, ...(stream ? { stream_options: { include_usage: true } } : {}) }),
    });
    await response.text();
  };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['fetch, JSON', rawFetch(false)],
    ['provider, JSON', () => provider.chat({ messages: MESSAGES })],
    ['router + ledger, JSON', () => router.chat({ messages: MESSAGES, task: 'commit' })],
    ['fetch, stream', rawFetch(true)],
    ['provider, stream', () => provider.chat({ messages: MESSAGES }, { onToken: () => undefined })],
    ['router + ledger, stream', () => router.chat({ messages: MESSAGES, task: 'commit' }, { onToken: () => undefined })],
  ];

  const rows: Array<{ name: string; median: number; p95: number }> = [];
  for (const [name, run] of cases) {
    for (let i = 0; i < 30; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = process.hrtime.bigint();
      await run();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    rows.push({ name, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] });
  }
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });

  const base = (name: string) => rows.find((row) => row.name === name)!.median;
  console.log(`${count} sequential requests each, ${REPLY.split(' ').length} streamed pieces per answer, node ${process.version}, ${os.cpus().length} cores`);
  console.log('| path | median ms | p95 ms | median over bare fetch |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) {
    const reference = base(row.name.endsWith('stream') ? 'fetch, stream' : 'fetch, JSON');
    console.log(`| ${row.name} | ${row.median.toFixed(2)} | ${row.p95.toFixed(2)} | ${(row.median - reference >= 0 ? '+' : '') + (row.median - reference).toFixed(2)} ms |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
