/**
 * Incremental IMAP sync: for each mailbox (Sent first, so the user's addresses are known before the inbox
 * is read, then INBOX, then any the user named), fetch the messages past the stored cursor in batches,
 * parse them, hand them to `ingestMessages`, and only then move the cursor. Progress is reported per batch
 * as counts; no message text is ever logged.
 */
import type { ImapFlow } from 'imapflow';
import { accountKey, readMailboxCursor, writeMailboxCursor } from './mail-cursor';
import { MailIngestor, type IngestReport, type MailSink } from './mail-ingest';
import { parseMailMessage, type MailMessage } from './mail-message';
import { findMailboxRoles, type MailboxRoles } from './mailbox-roles';
import { closeImap, openImap, type ImapAccount, type ImapCredentials } from './imap-connection';

export interface MailSyncProgress {
  mailbox: string;
  done: number;
  total: number;
}

export interface MailSyncOptions {
  account: ImapAccount;
  credentials: ImapCredentials;
  home: string;
  sink: MailSink;
  /** Mailboxes to read besides Sent and INBOX (paths as the server lists them). */
  mailboxes?: string[];
  /** Messages per fetch-and-store round (default 200). */
  batchSize?: number;
  onProgress?: (progress: MailSyncProgress) => void;
  /** Checked between batches: a collector being stopped or paused ends the sync early (cursor kept where it got to). */
  shouldStop?: () => boolean;
  /**
   * Read every mailbox from its first message, whatever the cursors say (`twin mail sync --from-start`):
   * the one way to bring back mail that was forgotten, since forgetting keeps the cursors. Ids are stable,
   * so what is still stored is replaced, not doubled.
   */
  fromStart?: boolean;
}

export interface MailboxSyncReport {
  mailbox: string;
  role: 'inbox' | 'sent' | 'other';
  uidValidity: string;
  /** True when the mailbox was read again from the start: the server's UIDVALIDITY changed, or `fromStart`. */
  reset: boolean;
  fetched: number;
  lastUid: number;
}

export interface MailSyncReport extends IngestReport {
  mailboxes: MailboxSyncReport[];
  roles: MailboxRoles;
  seconds: number;
  stoppedEarly: boolean;
}

const DEFAULT_BATCH = 200;
/** How often a long sync writes the index, voice and cursor (also at the end of every mailbox). */
const FLUSH_EVERY_MS = 5000;

export async function syncMail(options: MailSyncOptions): Promise<MailSyncReport> {
  const started = performance.now();
  const client = await openImap(options.account, options.credentials);
  try {
    return await syncOpen(client, options, started);
  } finally {
    await closeImap(client);
  }
}

async function syncOpen(client: ImapFlow, options: MailSyncOptions, started: number): Promise<MailSyncReport> {
  const roles = await findMailboxRoles(client);
  const key = accountKey(options.account);
  const wanted = [...(roles.sent ? [roles.sent] : []), roles.inbox, ...(options.mailboxes ?? [])];
  const mailboxes = [...new Set(wanted.map((box) => (box.toUpperCase() === 'INBOX' ? 'INBOX' : box)))];
  const report: MailSyncReport = { messages: 0, memories: 0, sent: 0, people: 0, mailboxes: [], roles, seconds: 0, stoppedEarly: false };
  const identities = options.account.user.includes('@') ? [options.account.user] : [];
  const ingestor = new MailIngestor({ home: options.home, sink: options.sink, identities });
  let lastFlush = performance.now();
  for (const mailbox of mailboxes) {
    if (options.shouldStop?.()) {
      report.stoppedEarly = true;
      break;
    }
    const lock = await client.getMailboxLock(mailbox, { readOnly: true }).catch((error: Error) => {
      throw new Error(`Cannot open the mailbox "${mailbox}" on ${options.account.host}: ${error.message}. List the mailboxes with your mail client and check --mailbox.`);
    });
    try {
      const status = client.mailbox;
      if (!status) throw new Error(`The server did not open "${mailbox}".`);
      const uidValidity = String(status.uidValidity);
      const cursor = readMailboxCursor(options.home, key, mailbox);
      const reset = cursor !== undefined && (cursor.uidValidity !== uidValidity || options.fromStart === true);
      const from = cursor && !reset ? cursor.lastUid + 1 : 1;
      const box: MailboxSyncReport = { mailbox, role: mailbox === roles.sent ? 'sent' : mailbox === 'INBOX' ? 'inbox' : 'other', uidValidity, reset, fetched: 0, lastUid: cursor && !reset ? cursor.lastUid : 0 };
      report.mailboxes.push(box);
      const uids = status.exists === 0 || Number(status.uidNext) <= from ? [] : ((await client.search({ uid: `${from}:*` }, { uid: true })) || []).filter((uid) => uid >= from).sort((a, b) => a - b);
      options.onProgress?.({ mailbox, done: 0, total: uids.length });
      const batchSize = options.batchSize ?? DEFAULT_BATCH;
      for (let start = 0; start < uids.length; start += batchSize) {
        if (options.shouldStop?.()) {
          report.stoppedEarly = true;
          break;
        }
        const batch = uids.slice(start, start + batchSize);
        const messages: MailMessage[] = [];
        for await (const fetched of client.fetch(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (!fetched.source) continue;
          const internalDate = fetched.internalDate ? new Date(fetched.internalDate) : undefined;
          messages.push(await parseMailMessage(fetched.source, { mailbox, uid: fetched.uid, ...(internalDate ? { internalDate } : {}) }));
        }
        const ingested = await ingestor.ingest(messages, { isSentMailbox: (name) => name === roles.sent, uidValidity });
        report.messages += ingested.messages;
        report.memories += ingested.memories;
        report.sent += ingested.sent;
        report.people += ingested.people;
        box.fetched += messages.length;
        box.lastUid = batch[batch.length - 1];
        // The batch is stored; once the index is written too, the cursor may move past it.
        if (performance.now() - lastFlush >= FLUSH_EVERY_MS) {
          ingestor.flush();
          writeMailboxCursor(options.home, key, mailbox, { uidValidity, lastUid: box.lastUid, syncedAt: new Date().toISOString() });
          lastFlush = performance.now();
        }
        options.onProgress?.({ mailbox, done: Math.min(start + batch.length, uids.length), total: uids.length });
      }
      ingestor.flush();
      writeMailboxCursor(options.home, key, mailbox, { uidValidity, lastUid: box.lastUid, syncedAt: new Date().toISOString() });
      lastFlush = performance.now();
    } finally {
      lock.release();
    }
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
