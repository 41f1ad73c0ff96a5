/**
 * The mail index, `TWIN_HOME/mail/index.json`: one small header record per message (who, to whom, when,
 * which thread, where it lives on the server, whether a machine sent it) and the user's own addresses.
 * Pending replies, people's contact counts and `draft-reply` are answered from it without scanning the
 * memory store; message text is never kept here (that lives in the store, redacted), and the subject is
 * redacted before it is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';
import { redact } from '../privacy/redact';
import type { MailAddress, MailMessage } from './mail-message';

export interface IndexedMessage {
  messageId: string;
  threadKey: string;
  mailbox: string;
  uid?: number;
  /** UIDVALIDITY of `mailbox` when `uid` was read (a changed one means the uid is stale). */
  uidValidity?: string;
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  date: number;
  subject: string;
  automated: boolean;
  /** Found in the Sent mailbox (so written by the user whatever address they used). */
  inSent: boolean;
  /** The stored memory of this message, when it had text to store. */
  memoryId?: string;
}

export interface MailIndex {
  version: 1;
  /** The user's addresses, lowercased: the account, configured identities, and every From: in Sent. */
  identities: string[];
  messages: Record<string, IndexedMessage>;
}

export function mailIndexPath(home: string): string {
  return path.join(home, 'mail', 'index.json');
}

export function readMailIndex(home: string): MailIndex {
  const file = mailIndexPath(home);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, identities: [], messages: {} };
    throw new Error(`Cannot read the mail index at ${file}: ${(error as Error).message}.`);
  }
  try {
    const parsed = JSON.parse(raw) as MailIndex;
    return { version: 1, identities: parsed.identities ?? [], messages: parsed.messages ?? {} };
  } catch (error) {
    throw new Error(`The mail index at ${file} is not valid JSON (${(error as Error).message}); delete it and run \`twin mail sync\` again (memories are kept; ids do not change).`);
  }
}

export function writeMailIndex(home: string, index: MailIndex): void {
  ensurePrivateFolder(home);
  ensurePrivateFolder(path.dirname(mailIndexPath(home)));
  writePrivateFileAtomic(mailIndexPath(home), JSON.stringify(index) + '\n');
}

export function indexEntry(message: MailMessage, extra: { inSent: boolean; memoryId?: string; uidValidity?: string }): IndexedMessage {
  return {
    messageId: message.messageId,
    threadKey: message.threadKey,
    mailbox: message.mailbox,
    ...(message.uid !== undefined ? { uid: message.uid } : {}),
    ...(extra.uidValidity ? { uidValidity: extra.uidValidity } : {}),
    ...(message.from ? { from: message.from } : {}),
    to: message.to,
    cc: message.cc,
    date: message.date,
    subject: redact(message.subject).text,
    automated: message.automated,
    inSent: extra.inSent,
    ...(extra.memoryId ? { memoryId: extra.memoryId } : {}),
  };
}

export function isByUser(message: Pick<IndexedMessage, 'from' | 'inSent'>, identities: ReadonlySet<string>): boolean {
  return message.inSent || (message.from !== undefined && identities.has(message.from.address));
}

/** Messages of each thread, oldest first. */
export function threadsOf(index: MailIndex): Map<string, IndexedMessage[]> {
  const threads = new Map<string, IndexedMessage[]>();
  for (const message of Object.values(index.messages)) {
    const list = threads.get(message.threadKey) ?? [];
    list.push(message);
    threads.set(message.threadKey, list);
  }
  for (const list of threads.values()) list.sort((a, b) => a.date - b.date);
  return threads;
}
