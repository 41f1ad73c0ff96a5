/**
 * Which mailbox holds the user's sent mail and which their drafts: the server's special-use flags
 * (RFC 6154: \Sent, \Drafts) when it has them, else the usual names in a few languages and providers
 * ("Sent Items", "[Gmail]/Sent Mail", "Gesendet", …).
 */
import type { ImapFlow, ListResponse } from 'imapflow';

export interface MailboxRoles {
  inbox: string;
  sent?: string;
  drafts?: string;
}

const SENT_NAMES = /^(sent|sent items|sent mail|sent messages|gesendet|gesendete elemente|envoyés|messages envoyés|enviados|inviata|posta inviata|verzonden)$/i;
const DRAFT_NAMES = /^(drafts?|entwürfe|brouillons|borradores|bozze|concepten)$/i;

export function rolesFromList(list: ListResponse[]): MailboxRoles {
  const byFlag = (flag: string) => list.find((box) => box.flags.has(flag) || (box.specialUse === flag && box.specialUseSource !== 'name'));
  const byName = (pattern: RegExp) => list.find((box) => pattern.test(box.name) || pattern.test(box.path));
  const inbox = list.find((box) => box.specialUse === '\\Inbox')?.path ?? 'INBOX';
  const sent = byFlag('\\Sent') ?? byName(SENT_NAMES);
  const drafts = byFlag('\\Drafts') ?? byName(DRAFT_NAMES);
  return { inbox, ...(sent ? { sent: sent.path } : {}), ...(drafts ? { drafts: drafts.path } : {}) };
}

export async function findMailboxRoles(client: ImapFlow): Promise<MailboxRoles> {
  return rolesFromList(await client.list());
}
