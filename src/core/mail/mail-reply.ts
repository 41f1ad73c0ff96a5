/**
 * `twin mail draft-reply THREAD`: the last message someone else wrote in the thread is fetched again over
 * IMAP (the index knows its mailbox and UID; its text is not kept outside the store), answered by
 * `draftReply` in the user's email voice with that person, and the draft is APPENDed to Drafts for the
 * user to review and send from their mail client. Nothing is sent.
 */
import type { Draft, MemoryRecaller } from '../drafting';
import { draftReply } from '../drafting/reply-drafter';
import type { ModelProvider } from '../models';
import { saveDraft, type SavedDraft } from './drafts';
import { closeImap, openImap, type ImapAccount, type ImapCredentials } from './imap-connection';
import { isByUser, readMailIndex, threadsOf, type IndexedMessage } from './mail-index';
import { formatAddress, parseMailMessage, type MailAddress } from './mail-message';
import { findMailboxRoles } from './mailbox-roles';

export interface MailReplyOptions {
  home: string;
  account: ImapAccount;
  credentials: ImapCredentials;
  /** A thread key (from `twin mail pending`), or the Message-ID of a message in it. */
  thread: string;
  twin: MemoryRecaller;
  provider?: ModelProvider;
}

export interface MailReplyResult {
  draft: Draft;
  /** Undefined when there was no draft to save (the offline drafter declined). */
  saved?: SavedDraft;
  answering: { messageId: string; from: MailAddress; subject: string };
}

export async function draftMailReply(options: MailReplyOptions): Promise<MailReplyResult> {
  const index = readMailIndex(options.home);
  const key = options.thread.replace(/^<|>$/g, '');
  const threadKey = index.messages[key]?.threadKey ?? key;
  const messages = threadsOf(index).get(threadKey);
  if (!messages) throw new Error(`No thread "${options.thread}" in the mail index: run \`twin mail sync\`, then pick one from \`twin mail pending\`.`);
  const identities = new Set(index.identities);
  const answering = [...messages].reverse().find((message) => message.from && !isByUser(message, identities));
  if (!answering?.from) throw new Error(`Every message in thread "${options.thread}" is yours: there is nothing to reply to.`);
  if (answering.uid === undefined) {
    throw new Error(`The message to answer in thread "${options.thread}" came from an import, not from IMAP, so Twin cannot read it again: draft with \`twin draft reply --channel email FILE\` instead.`);
  }

  const client = await openImap(options.account, options.credentials);
  try {
    const original = await fetchOriginal(client, answering);
    const me = original.to.concat(original.cc).find((who) => identities.has(who.address)) ?? { address: options.account.user.includes('@') ? options.account.user : index.identities[0] ?? options.account.user };
    const draft = await draftReply({
      incoming: original.reply || original.body || original.subject,
      channel: 'email',
      audience: formatAddress(answering.from),
      twin: options.twin,
      home: options.home,
      ...(options.provider ? { provider: options.provider } : {}),
    });
    const result: MailReplyResult = { draft, answering: { messageId: answering.messageId, from: answering.from, subject: original.subject } };
    if (!draft.text) return result;
    const roles = await findMailboxRoles(client);
    if (!roles.drafts) throw new Error(`${options.account.user} at ${options.account.host} has no Drafts mailbox (no \\Drafts flag and none named Drafts): create one in your mail client.`);
    const cc = original.cc.filter((who) => !identities.has(who.address) && who.address !== answering.from!.address);
    result.saved = await saveDraft(client, roles.drafts, {
      from: me,
      to: original.replyTo.length ? original.replyTo : [answering.from],
      ...(cc.length ? { cc } : {}),
      subject: original.subject,
      inReplyTo: original.messageId,
      references: original.references,
      text: draft.text,
    });
    return result;
  } finally {
    await closeImap(client);
  }
}

async function fetchOriginal(client: Awaited<ReturnType<typeof openImap>>, message: IndexedMessage) {
  const lock = await client.getMailboxLock(message.mailbox, { readOnly: true });
  try {
    const status = client.mailbox;
    if (status && message.uidValidity && String(status.uidValidity) !== message.uidValidity) {
      throw new Error(`"${message.mailbox}" was renumbered by the server since the last sync: run \`twin mail sync\` again, then draft.`);
    }
    const fetched = await client.fetchOne(String(message.uid), { source: true, uid: true }, { uid: true });
    if (!fetched || !fetched.source) throw new Error(`The message to answer is no longer in "${message.mailbox}" (deleted or moved): run \`twin mail sync\` again.`);
    return await parseMailMessage(fetched.source, { mailbox: message.mailbox, uid: message.uid });
  } finally {
    lock.release();
  }
}
