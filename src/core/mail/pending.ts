/**
 * Threads awaiting the user's reply: the last message is from someone else, addressed to the user, the
 * user has not written in the thread since, and no machine sent it (mailing lists, newsletters,
 * notifications, no-reply senders). Oldest first: what has waited longest is most overdue.
 */
import { isByUser, readMailIndex, threadsOf, type IndexedMessage, type MailIndex } from './mail-index';
import type { MailAddress } from './mail-message';

export interface PendingReply {
  /** The thread key (pass it to `twin mail draft-reply`). */
  thread: string;
  subject: string;
  from: MailAddress;
  /** The message to answer. */
  messageId: string;
  memoryId?: string;
  mailbox: string;
  receivedAt: number;
  /** How long it has waited, in whole hours. */
  waitingHours: number;
  messagesInThread: number;
}

export function pendingReplies(index: MailIndex, now = Date.now()): PendingReply[] {
  const identities = new Set(index.identities);
  const pending: PendingReply[] = [];
  for (const [thread, messages] of threadsOf(index)) {
    const last: IndexedMessage = messages[messages.length - 1];
    if (!last.from || last.automated || isByUser(last, identities)) continue;
    // Sent to a list or to someone else with the user only in Bcc still counts: it reached the inbox.
    const addressed = [...last.to, ...last.cc].some((who) => identities.has(who.address)) || last.mailbox.toUpperCase() === 'INBOX';
    if (!addressed) continue;
    pending.push({
      thread,
      subject: last.subject || messages.find((message) => message.subject)?.subject || '(no subject)',
      from: last.from,
      messageId: last.messageId,
      ...(last.memoryId ? { memoryId: last.memoryId } : {}),
      mailbox: last.mailbox,
      receivedAt: last.date,
      waitingHours: Math.max(0, Math.floor((now - last.date) / 3_600_000)),
      messagesInThread: messages.length,
    });
  }
  return pending.sort((a, b) => a.receivedAt - b.receivedAt);
}

export function readPendingReplies(home: string, now = Date.now()): PendingReply[] {
  return pendingReplies(readMailIndex(home), now);
}
