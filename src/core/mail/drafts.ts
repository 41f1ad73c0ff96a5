/**
 * Saving a reply as a draft: an RFC 822 message answering the original (In-Reply-To and References set,
 * so mail clients thread it) APPENDed to the Drafts mailbox with the \Draft flag, where the user reviews,
 * edits and sends it from their own mail client. Twin never sends mail: there is no SMTP here at all.
 */
import { randomUUID } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { closeImap, openImap, type ImapAccount, type ImapCredentials } from './imap-connection';
import type { MailAddress } from './mail-message';
import { findMailboxRoles } from './mailbox-roles';

export interface ReplyDraftMessage {
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  /** The subject of the message answered; "Re: " is added once. */
  subject: string;
  /** Message-ID of the message answered (without angle brackets). */
  inReplyTo: string;
  /** Its References, oldest first. */
  references: string[];
  text: string;
  date?: Date;
}

export interface SavedDraft {
  mailbox: string;
  uid?: number;
  messageId: string;
}

export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  return /^re:/i.test(trimmed) ? trimmed : `Re: ${trimmed || '(no subject)'}`;
}

/** The draft as RFC 822 text (CRLF line ends, UTF-8 body in base64 so any text survives every server). */
export function buildReplyMessage(message: ReplyDraftMessage, messageId = `twin-draft-${randomUUID()}@${message.from.address.split('@')[1] ?? 'twin.local'}`): { raw: string; messageId: string } {
  const references = [...new Set([...message.references, message.inReplyTo])];
  const headers = [
    `From: ${address(message.from)}`,
    `To: ${message.to.map(address).join(', ')}`,
    ...(message.cc?.length ? [`Cc: ${message.cc.map(address).join(', ')}`] : []),
    `Subject: ${encodeWord(replySubject(message.subject))}`,
    `Date: ${(message.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    `In-Reply-To: <${message.inReplyTo}>`,
    `References: ${references.map((id) => `<${id}>`).join(' ')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    'X-Twin-Draft: drafted by Twin for review; Twin never sends mail',
  ];
  const body = Buffer.from(message.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return { raw: `${headers.join('\r\n')}\r\n\r\n${body}\r\n`, messageId };
}

/** APPENDs the draft to `draftsMailbox` with \Draft (and \Seen, so it does not show as new mail). */
export async function saveDraft(client: ImapFlow, draftsMailbox: string, message: ReplyDraftMessage): Promise<SavedDraft> {
  const { raw, messageId } = buildReplyMessage(message);
  // imapflow sends only flags the *selected* mailbox accepts: with a read-only mailbox open it would drop
  // \Draft, so Drafts itself is selected for the APPEND.
  const lock = await client.getMailboxLock(draftsMailbox);
  try {
    const appended = await client.append(draftsMailbox, raw, ['\\Draft', '\\Seen'], message.date ?? new Date());
    if (!appended) throw new Error(`The server refused to store the draft in "${draftsMailbox}".`);
    return { mailbox: draftsMailbox, ...(appended.uid !== undefined ? { uid: appended.uid } : {}), messageId };
  } finally {
    lock.release();
  }
}

/** Opens the account, finds its Drafts mailbox (by \Drafts flag, else by name) and saves the draft there. */
export async function saveDraftToAccount(account: ImapAccount, credentials: ImapCredentials, message: ReplyDraftMessage): Promise<SavedDraft> {
  const client = await openImap(account, credentials);
  try {
    const roles = await findMailboxRoles(client);
    if (!roles.drafts) throw new Error(`${account.user} at ${account.host} has no Drafts mailbox (no \\Drafts flag and none named Drafts): create one in your mail client.`);
    return await saveDraft(client, roles.drafts, message);
  } finally {
    await closeImap(client);
  }
}

function address(who: MailAddress): string {
  return who.name ? `${encodeWord(who.name.includes(',') || /["]/.test(who.name) ? JSON.stringify(who.name) : who.name)} <${who.address}>` : who.address;
}

/** RFC 2047 encoding for header text that is not plain ASCII. */
function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
