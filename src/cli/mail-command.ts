/**
 * `twin mail …`: sync a mailbox over IMAP, list threads awaiting the user's reply, draft a reply into
 * Drafts, and import mbox/Maildir exports. Secrets come from the environment (`TWIN_IMAP_PASSWORD`, or
 * `TWIN_IMAP_TOKEN` for an OAuth2 access token), never from the command line where `ps` would show them.
 *
 * Writes go through the sidecar when VS Code's sidecar holds the store (its `twin/remember`, so its write
 * queue orders them with everything else); otherwise the store is opened here, and only once the IMAP
 * login has succeeded, so a wrong password fails in a moment without touching the store.
 */
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { readConfigFile } from '../core/config/embedder-config';
import { resolveTwinHome } from '../core/config/twin-home';
import { draftJson, recordDraft, renderProvenance } from '../core/drafting';
import {
  draftMailReply,
  importMail,
  readEmailVoice,
  readPendingReplies,
  syncMail,
  voiceFor,
  describeVoice,
  formatAddress,
  type ImapAccount,
  type ImapCredentials,
  type MailSink,
} from '../core/mail';
import { createModelRouter } from '../core/models';
import type { MemoryInput } from '../core/types';
import { Twin } from '../core/twin';
import { viaSidecarOr } from './sidecar-client';
import { withRecaller } from './with-recaller';

export interface MailCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** TWIN_HOME; default from the environment. */
  home?: string;
}

interface ConnectionFlags {
  host?: string;
  port?: string;
  user?: string;
  tls?: boolean;
}

export function registerMailCommand(program: Command, io: Partial<MailCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const home = () => io.home ?? resolveTwinHome();

  const mail = program.command('mail').description('Your mail over IMAP: learn your email voice, index threads and people, list replies you owe, save drafts (never sends).');

  withConnection(
    mail
      .command('sync')
      .description('Read new mail from Sent, INBOX (and --mailbox …) into memory: threads, people, your email voice. Incremental; progress on stderr.')
      .option('--mailbox <path...>', 'more mailboxes to read besides Sent and INBOX')
      .option('--from-start', 'read every mailbox from its first message again, e.g. to bring back mail you forgot (nothing is stored twice)')
      .option('--json', 'print the report as JSON'),
  ).action(async (options: ConnectionFlags & { mailbox?: string[]; fromStart?: boolean; json?: boolean }) => {
    const account = accountFrom(options, home());
    const credentials = credentialsFrom(env, account);
    err.write(`Syncing mail of ${account.user} at ${account.host}:${account.port} (${account.tls ? 'TLS' : 'no TLS'})…\n`);
    let lastLine = 0;
    const report = await withMailSink(home(), err, (sink) =>
      syncMail({
        account,
        credentials,
        home: home(),
        sink,
        ...(options.mailbox ? { mailboxes: options.mailbox } : {}),
        ...(options.fromStart ? { fromStart: true } : {}),
        onProgress: (progress) => {
          const now = Date.now();
          if (progress.done !== progress.total && progress.done !== 0 && now - lastLine < 1000) return;
          lastLine = now;
          err.write(`  ${progress.mailbox}: ${progress.done}/${progress.total} messages\n`);
        },
      }),
    );
    if (options.json) return void out.write(JSON.stringify(report, null, 2) + '\n');
    const again = options.fromStart ? ' (read again from the start)' : ' (renumbered by the server: read again)';
    const perBox = report.mailboxes.map((box) => `${box.mailbox} ${box.fetched}${box.reset ? again : ''}`).join(', ');
    out.write(
      `Synced ${report.messages} new message${report.messages === 1 ? '' : 's'} (${perBox}) in ${report.seconds.toFixed(1)} s: ` +
        `${report.memories} stored, ${report.sent} of them yours, ${report.people} people updated.` +
        (report.roles.sent ? '' : ' No Sent mailbox was found, so your email voice could not be learned; name it with --mailbox.') +
        '\n',
    );
  });

  mail
    .command('pending')
    .description('Threads awaiting your reply (the last message is to you, from a person, unanswered), oldest first.')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const pending = readPendingReplies(home());
      if (options.json) return void out.write(JSON.stringify(pending, null, 2) + '\n');
      if (pending.length === 0) return void out.write('Nothing awaits your reply (run `twin mail sync` for the latest mail).\n');
      for (const item of pending) {
        out.write(`${waited(item.waitingHours).padEnd(10)} ${formatAddress(item.from)} — ${item.subject}\n           thread: ${item.thread}\n`);
      }
    });

  withConnection(
    mail
      .command('draft-reply')
      .description('Draft a reply to a thread in your email voice and save it in Drafts (Twin never sends it): the draft on stdout, its provenance on stderr.')
      .argument('<thread>', 'a thread from `twin mail pending` (or a Message-ID in it)')
      .option('--json', 'print {draft, saved, answering} as JSON'),
  ).action(async (thread: string, options: ConnectionFlags & { json?: boolean }) => {
    const account = accountFrom(options, home());
    const credentials = credentialsFrom(env, account);
    const provider = createModelRouter({ home: home(), env });
    if (!provider) err.write('No model configured (models in TWIN_HOME/config.json, or TWIN_MODEL_URL and TWIN_MODEL): using the offline drafter.\n');
    const result = await withRecaller(home(), (twin) => draftMailReply({ home: home(), account, credentials, thread, twin, ...(provider ? { provider } : {}) }));
    if (result.draft.text) recordDraft(home(), result.draft);
    if (options.json) return void out.write(JSON.stringify({ draft: draftJson(result.draft), saved: result.saved, answering: result.answering }, null, 2) + '\n');
    if (result.draft.text) out.write(result.draft.text.endsWith('\n') ? result.draft.text : result.draft.text + '\n');
    err.write(renderProvenance(result.draft) + '\n');
    if (!result.saved) throw new Error('No draft: none of your past emails is close enough to reuse offline (see above). Write this one yourself, or configure a model.');
    err.write(`Saved in "${result.saved.mailbox}"${result.saved.uid !== undefined ? ` (uid ${result.saved.uid})` : ''} as a draft replying to ${formatAddress(result.answering.from)}; review and send it from your mail client.\n`);
  });

  mail
    .command('import')
    .description('Import mail from an mbox file or a Maildir folder: the same memories, people and email voice as `twin mail sync`.')
    .argument('<path>', 'an mbox file or a Maildir folder')
    .option('--me <address...>', 'your own addresses (besides config.json identities and what Sent folders show)')
    .option('--json', 'print the report as JSON')
    .action(async (target: string, options: { me?: string[]; json?: boolean }) => {
      const absolute = path.resolve(target);
      const report = await withMailSink(home(), err, (sink) =>
        importMail(absolute, { home: home(), sink, ...(options.me ? { identities: options.me } : {}), onProgress: (progress) => err.write(`  ${progress.mailbox}: ${progress.done} messages\n`) }),
      );
      for (const failure of report.failed.slice(0, 20)) err.write(`${failure.file}: ${failure.message} (skipped)\n`);
      if (options.json) return void out.write(JSON.stringify(report, null, 2) + '\n');
      out.write(
        `Imported ${report.messages} message${report.messages === 1 ? '' : 's'} from ${report.format} (${report.mailboxes.map((box) => `${box.mailbox} ${box.messages}`).join(', ')}) in ${report.seconds.toFixed(1)} s: ` +
          `${report.memories} stored, ${report.sent} of them yours, ${report.people} people updated` +
          (report.failed.length ? `; skipped ${report.failed.length} unreadable` : '') +
          '.\n',
      );
    });

  mail
    .command('voice')
    .description('Your email voice learned from Sent: greeting, sign-off, length, tone and phrases, overall or with one correspondent.')
    .option('--to <address>', 'how you write to this person (else their domain, else overall)')
    .option('--json', 'print the whole learned voice as JSON')
    .action((options: { to?: string; json?: boolean }) => {
      const voice = readEmailVoice(home());
      if (!voice?.overall) throw new Error('No email voice learned yet: run `twin mail sync` (or `twin mail import`) on mail that includes your Sent folder.');
      if (options.json) {
        const { samples: _samples, ...learned } = voice;
        return void out.write(JSON.stringify(learned, null, 2) + '\n');
      }
      const resolved = voiceFor(voice, options.to)!;
      for (const line of describeVoice(resolved)) out.write(`${line}\n`);
    });

  return mail;
}

function withConnection(command: Command): Command {
  return command
    .option('--host <host>', 'IMAP server (default: collectors.mail.host in config.json)')
    .option('--port <port>', 'IMAP port (default 993 with TLS, 143 without)')
    .option('--user <user>', 'login name, usually your address')
    .addOption(new Option('--tls', 'TLS from the first byte (port 993; the default)'))
    .addOption(new Option('--no-tls', 'plain connection, upgraded with STARTTLS when the server offers it (port 143; plain only to 127.0.0.1)'));
}

function accountFrom(flags: ConnectionFlags, home: string): ImapAccount {
  const saved = ((readConfigFile(home).collectors as Record<string, unknown> | undefined)?.mail ?? {}) as Partial<{ host: string; port: number; user: string; tls: boolean }>;
  const host = flags.host ?? saved.host;
  const user = flags.user ?? saved.user;
  if (!host || !user) throw usage('Say which mailbox: --host H --user U (and --port P, --tls/--no-tls), or set collectors.mail in TWIN_HOME/config.json.');
  const tls = flags.tls ?? saved.tls ?? true;
  const port = flags.port !== undefined ? Number(flags.port) : saved.port ?? (tls ? 993 : 143);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usage(`--port must be a port number, got "${flags.port}".`);
  return { host, port, user, tls };
}

function credentialsFrom(env: NodeJS.ProcessEnv, account: ImapAccount): ImapCredentials {
  const token = env.TWIN_IMAP_TOKEN || env.TWIN_IMAP_ACCESS_TOKEN;
  if (token) return { accessToken: token };
  if (env.TWIN_IMAP_PASSWORD) return { password: env.TWIN_IMAP_PASSWORD };
  throw usage(`No IMAP secret for ${account.user}: set TWIN_IMAP_PASSWORD (or TWIN_IMAP_TOKEN for an OAuth2 access token) in the environment.`);
}

function usage(message: string): Error {
  return new Error(message);
}

/**
 * A sink that stores through the sidecar when one serves `home`, else in the store opened here — lazily, on
 * the first memories, so an IMAP failure never opens (or locks) the store.
 */
async function withMailSink<T>(home: string, err: MailCommandIo['stderr'], work: (sink: MailSink) => Promise<T>): Promise<T> {
  return viaSidecarOr(
    home,
    (client) => {
      err.write('Storing through the running Twin sidecar.\n');
      return work({ remember: async (memories: MemoryInput[]) => (await client.request('twin/remember', { memories }), { stored: true }) });
    },
    async () => {
      let twin: Twin | undefined;
      try {
        return await work({
          remember: async (memories) => {
            twin ??= await Twin.open({ home });
            await twin.remember(memories);
            return { stored: true };
          },
        });
      } finally {
        await twin?.close();
      }
    },
  );
}


function waited(hours: number): string {
  if (hours < 1) return 'just now';
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
