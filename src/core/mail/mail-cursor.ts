/**
 * Where each mailbox's sync stopped: `TWIN_HOME/collectors/mail.json` keeps, per account and mailbox, the
 * UIDVALIDITY it was read under and the last UID stored. A new UIDVALIDITY means the server renumbered
 * the mailbox, so it is read again from the start (ids are stable, so nothing is stored twice).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';

export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
  syncedAt: string;
}

export interface MailCursorFile {
  version: 1;
  accounts: Record<string, { mailboxes: Record<string, MailboxCursor> }>;
}

export function mailCursorPath(home: string): string {
  return path.join(home, 'collectors', 'mail.json');
}

export function accountKey(account: { user: string; host: string; port: number }): string {
  return `${account.user.toLowerCase()}@${account.host.toLowerCase()}:${account.port}`;
}

export function readMailCursors(home: string): MailCursorFile {
  const file = mailCursorPath(home);
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as MailCursorFile;
    return { version: 1, accounts: parsed.accounts ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accounts: {} };
    throw new Error(`Cannot read the mail sync state at ${file} (${(error as Error).message}); delete it to sync every mailbox again (nothing is stored twice).`);
  }
}

export function readMailboxCursor(home: string, account: string, mailbox: string): MailboxCursor | undefined {
  return readMailCursors(home).accounts[account]?.mailboxes[mailbox];
}

/** Re-reads the file before writing, so two mailboxes (or a CLI and a collector) never undo each other. */
export function writeMailboxCursor(home: string, account: string, mailbox: string, cursor: MailboxCursor): void {
  const file = readMailCursors(home);
  const entry = file.accounts[account] ?? { mailboxes: {} };
  entry.mailboxes[mailbox] = cursor;
  file.accounts[account] = entry;
  ensurePrivateFolder(home);
  ensurePrivateFolder(path.dirname(mailCursorPath(home)));
  writePrivateFileAtomic(mailCursorPath(home), JSON.stringify(file, null, 2) + '\n');
}
