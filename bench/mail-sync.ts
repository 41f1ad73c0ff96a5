/**
 * Mail sync throughput against a real Dovecot on 127.0.0.1. Not a test: it prints a table.
 *
 *   npx tsc -p . && node out/bench/mail-sync.js [--messages 2000] [--new 100]
 *
 * N messages (a fifth of them in Sent, written by the user, the rest in INBOX, with quoted replies and
 * signatures) are written into the server's Maildir, and both mailboxes are opened once so Dovecot has
 * indexed them before anything is timed. Rows:
 * - cold sync, fetch + parse only: the IMAP fetch and mailparser, with a sink that counts and stores nothing;
 * - cold sync into Twin: everything the user waits for the first time (fetch, parse, index, voice, people,
 *   redaction, embedding with the built-in offline model, LanceDB writes);
 * - incremental, K new: the next run after K messages arrived;
 * - incremental, nothing new: the steady state of the collector's 5-minute schedule.
 */
import { execSync } from 'node:child_process';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { closeImap, openImap } from '../src/core/mail/imap-connection';
import { syncMail, type MailSyncReport } from '../src/core/mail/mail-sync';
import { startDovecot } from '../src/core/mail/test-support/dovecot';
import { rfc822, type TestEmail } from '../src/core/mail/test-support/messages';
import { makeTempHome, openTempTwin } from '../src/core/test-support/temp-twin';
import type { MemoryInput } from '../src/core/types';
import { numberOption, seeded } from './support/bench-args';



const FIRST = ['Anna', 'Bob', 'Carla', 'Dev', 'Erin', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lea'];
const DOMAINS = ['acme.test', 'globex.test', 'initech.test', 'umbrella.test'];
const SENTENCES = [
  'The staging deploy failed again because the VPN certificate expired overnight.',
  'Could you review the billing pull request before the release on Friday?',
  'I moved the retry loop into the client so the worker no longer blocks on timeouts.',
  'The customer asked whether the export can include archived projects as well.',
  'Lunch on Thursday works for me, see you at noon at the usual place.',
  'We should add a migration note to the changelog before we tag the release.',
  'The flaky test in the search suite was a race between the indexer and the cleanup.',
  'Please send me the invoice for October when you have a moment.',
  'Latency on the recall endpoint went from 40 ms to 90 ms after the index rebuild.',
  'I agree with the plan, but let us keep the old endpoint until the mobile app updates.',
  'The quarterly report needs the numbers from the support dashboard.',
  'Thanks for the quick fix, the alerts stopped firing after the deploy.',
];

function corpus(count: number, offset: number, random: () => number): { sent: string[]; inbox: string[] } {
  const sent: string[] = [];
  const inbox: string[] = [];
  for (let index = offset; index < offset + count; index++) {
    const first = FIRST[Math.floor(random() * FIRST.length)];
    const domain = DOMAINS[Math.floor(random() * DOMAINS.length)];
    const person = `${first} Example <${first.toLowerCase()}${index % 30}@${domain}>`;
    const sentences = Array.from({ length: 2 + Math.floor(random() * 4) }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]).join(' ');
    const date = new Date(Date.parse('2026-01-01T08:00:00Z') + index * 3_600_000).toISOString();
    const mine = index % 5 === 0;
    const email: TestEmail = mine
      ? { from: 'Sam Jones <sam@example.com>', to: person, subject: `Re: topic ${index}`, messageId: `m${index}@example.com`, inReplyTo: `m${index - 1}@${domain}`, references: [`m${index - 1}@${domain}`], date,
          body: `Hi ${first},\n\n${sentences}\n\nCheers,\nSam\n\nOn Mon, ${first} wrote:\n> ${SENTENCES[index % SENTENCES.length]}` }
      : { from: person, to: 'Sam Jones <sam@example.com>', subject: `topic ${index}`, messageId: `m${index}@${domain}`, date,
          body: `Hello Sam,\n\n${sentences}\n\nBest,\n${first}\n-- \n${first} Example | ${domain}` };
    (mine ? sent : inbox).push(rfc822(email));
  }
  return { sent, inbox };
}

interface Row {
  scenario: string;
  messages: number;
  seconds: number;
}

async function main(): Promise<void> {
  const total = numberOption('messages', 2000);
  const fresh = numberOption('new', 100);
  const random = seeded(42);
  const dovecot = await startDovecot();
  const rows: Row[] = [];
  const account = { host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false };
  const credentials = { password: dovecot.password };
  try {
    const first = corpus(total, 0, random);
    dovecot.seed('Sent', first.sent);
    dovecot.seed('INBOX', first.inbox);
    // Dovecot indexes a Maildir the first time a mailbox is opened; that is the server's one-off cost, not Twin's.
    const warm = await openImap(account, credentials);
    try {
      for (const mailbox of ['Sent', 'INBOX']) (await warm.getMailboxLock(mailbox, { readOnly: true })).release();
    } finally {
      await closeImap(warm);
    }
    const time = async (scenario: string, run: () => Promise<MailSyncReport>) => {
      const started = performance.now();
      const report = await run();
      rows.push({ scenario, messages: report.messages, seconds: (performance.now() - started) / 1000 });
      return report;
    };

    const counting = makeTempHome('twin-bench-mail-count');
    try {
      let counted = 0;
      await time('cold sync, fetch + parse only', () => syncMail({ account, credentials, home: counting.home, sink: { remember: async (memories: MemoryInput[]) => ((counted += memories.length), { stored: true }) } }));
      if (counted === 0) throw new Error('the counting sync stored nothing');
    } finally {
      counting.cleanup();
    }

    const { twin, home, cleanup } = await openTempTwin();
    try {
      const sink = { remember: async (memories: MemoryInput[]) => (await twin.remember(memories), { stored: true }) };
      const cold = await time('cold sync into Twin', () => syncMail({ account, credentials, home, sink }));
      const more = corpus(fresh, total, random);
      dovecot.seed('Sent', more.sent);
      dovecot.seed('INBOX', more.inbox);
      await time(`incremental, ${fresh} new`, () => syncMail({ account, credentials, home, sink }));
      await time('incremental, nothing new', () => syncMail({ account, credentials, home, sink }));
      const stats = await twin.stats();
      process.stderr.write(`stored: ${stats.bySource.email} email memories (${cold.sent} sent, ${cold.people} people updates in the cold sync)\n`);
    } finally {
      await cleanup();
    }
  } finally {
    await dovecot.stop();
  }

  const cpu = (() => {
    try {
      return execSync("lscpu | grep 'Model name'", { encoding: 'utf8' }).replace(/Model name:\s*/, '').trim();
    } catch {
      return os.cpus()[0]?.model ?? 'unknown';
    }
  })();
  console.log(`Mail sync against Dovecot ${execSync('dovecot --version', { encoding: 'utf8' }).trim().split(' ')[0]} on 127.0.0.1, ${total} messages (${total / 5} sent), batches of 200`);
  console.log(`Machine: ${os.cpus().length} cores (${cpu}), node ${process.version}, built-in offline embedder\n`);
  console.log('| scenario | messages | seconds | messages/s |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.scenario} | ${row.messages} | ${row.seconds.toFixed(2)} | ${row.messages ? Math.round(row.messages / row.seconds) : '—'} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
