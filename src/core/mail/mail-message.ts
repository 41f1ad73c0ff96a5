/**
 * One email as the rest of the mail code sees it, parsed from its raw RFC 822 bytes by mailparser: who
 * wrote it to whom, when, which conversation it belongs to, what its writer wrote (quotes and signature
 * stripped), and whether a machine sent it. IMAP sync, mbox and Maildir import all go through here, so
 * they produce the same memories.
 */
import { createHash } from 'node:crypto';
// Types only: mailparser is loaded with the first message parsed (see parse below).
import type { AddressObject, ParsedMail } from 'mailparser';
import { replyText } from './reply-text';

export interface MailAddress {
  address: string;
  name?: string;
}

export interface MailMessage {
  /** Message-ID without angle brackets; synthesised from the content when the message has none. */
  messageId: string;
  /** The conversation: the first of References, else In-Reply-To, else the message's own id. */
  threadKey: string;
  inReplyTo?: string;
  references: string[];
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  /** Where the sender asked replies to go (Reply-To), when set. */
  replyTo: MailAddress[];
  /** Epoch ms (the Date header, else the server's internal date, else now). */
  date: number;
  subject: string;
  /** The whole plain-text body. */
  body: string;
  /** What the writer wrote: quoted replies and signature removed. */
  reply: string;
  /** Mailing lists, newsletters, notifications: never awaiting a reply. */
  automated: boolean;
  /** Where it was found ("INBOX", "Sent", an mbox file name). */
  mailbox: string;
  /** IMAP UID within `mailbox`, when it came over IMAP. */
  uid?: number;
}

const NO_REPLY_SENDER = /^(no-?reply|do-?not-?reply|donotreply|mailer-daemon|postmaster|bounces?|notifications?|notify|alerts?|newsletter|news|info|support-noreply)([+.-][^@]*)?@/i;

export async function parseMailMessage(raw: Buffer | string, where: { mailbox: string; uid?: number; internalDate?: Date }): Promise<MailMessage> {
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: false });
  const body = (parsed.text ?? '').replace(/\r\n?/g, '\n');
  const from = addresses(parsed.from)[0];
  const references = messageIds(parsed.references);
  const inReplyTo = messageIds(parsed.inReplyTo)[0];
  const date = parsed.date?.getTime() ?? where.internalDate?.getTime() ?? Date.now();
  const subject = (parsed.subject ?? '').trim();
  const messageId = messageIds(parsed.messageId)[0] ?? syntheticId(from?.address, date, subject, body);
  return {
    messageId,
    threadKey: references[0] ?? inReplyTo ?? messageId,
    ...(inReplyTo ? { inReplyTo } : {}),
    references,
    ...(from ? { from } : {}),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    date,
    subject,
    body,
    reply: replyText(body),
    automated: isAutomated(parsed, from?.address),
    mailbox: where.mailbox,
    ...(where.uid !== undefined ? { uid: where.uid } : {}),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const found: MailAddress[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) found.push({ address: entry.address.toLowerCase(), ...(entry.name ? { name: entry.name } : {}) });
    }
  };
  for (const object of objects) visit(object.value);
  return found;
}

function messageIds(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((item) => item.match(/<[^<>\s]+>/g) ?? (item.trim() ? [item.trim()] : [])).map((id) => id.replace(/^<|>$/g, '')).filter(Boolean);
}

function isAutomated(parsed: ParsedMail, from: string | undefined): boolean {
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  };
  if (header('list-unsubscribe') !== undefined || header('list-id') !== undefined) return true;
  if (/^(bulk|list|junk)$/i.test((header('precedence') ?? '').trim())) return true;
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && !/^no$/i.test(autoSubmitted.trim())) return true;
  return from !== undefined && NO_REPLY_SENDER.test(from);
}

function syntheticId(from: string | undefined, date: number, subject: string, body: string): string {
  const digest = createHash('sha256').update(`${from ?? ''}\n${date}\n${subject}\n${body}`).digest('hex').slice(0, 32);
  return `${digest}@twin.generated`;
}

/** "Anna Berg" from "Anna Berg <anna@x>", else the local part of the address with a capital ("Anna"). */
export function firstName(who: MailAddress | undefined): string | undefined {
  if (!who) return undefined;
  const named = who.name?.trim().replace(/^"|"$/g, '');
  if (named) {
    const comma = /^([^,]+),\s*(\S+)/.exec(named);
    return comma ? comma[2] : named.split(/\s+/)[0];
  }
  const local = who.address.split('@')[0].split(/[._+-]/)[0];
  return /^[a-z]{2,}$/i.test(local) ? local[0].toUpperCase() + local.slice(1).toLowerCase() : undefined;
}

export function formatAddress(who: MailAddress): string {
  return who.name ? `${who.name} <${who.address}>` : who.address;
}
