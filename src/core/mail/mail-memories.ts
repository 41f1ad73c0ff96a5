/**
 * The memories an email becomes. Each message is an episodic memory of source `email` with a deterministic
 * id (`email:<message-id>`), so syncing or importing it again replaces it instead of adding a copy; its text
 * is what its writer wrote (quotes and signature stripped), which makes the user's own sent messages the
 * exemplars `draftReply` re-uses in their voice. Each correspondent is a social memory
 * (`person:email:<address>`) counting how often they write to the user and the user to them.
 */
import type { MemoryInput } from '../types';
import { formatAddress, type MailAddress, type MailMessage } from './mail-message';
import { isByUser, type IndexedMessage, type MailIndex } from './mail-index';

export function emailMemoryId(messageId: string): string {
  return `email:${messageId}`;
}

export function personMemoryId(address: string): string {
  return `person:email:${address.toLowerCase()}`;
}

/** The memory of one message, or undefined when it carries no text of its own (a bare forward, an empty body). */
export function emailMemory(message: MailMessage, byUser: boolean): MemoryInput | undefined {
  const text = message.reply || (message.subject ? `(no text) ${message.subject}` : '');
  if (!text.trim()) return undefined;
  const recipients = [...message.to, ...message.cc].map((who) => who.address);
  return {
    id: emailMemoryId(message.messageId),
    text,
    kind: 'episodic',
    source: 'email',
    timestamp: message.date,
    ...(message.from ? { author: message.from.address } : {}),
    recipients: [...new Set(recipients)],
    channel: message.mailbox,
    thread: message.threadKey,
    // The user's own words teach the voice; a newsletter is worth less than a colleague's question.
    importance: byUser ? 0.6 : message.automated ? 0.2 : 0.5,
    meta: {
      subject: message.subject,
      messageId: message.messageId,
      direction: byUser ? 'sent' : 'received',
      ...(message.from?.name ? { fromName: message.from.name } : {}),
      ...(message.cc.length ? { cc: message.cc.map(formatAddress) } : {}),
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
      ...(message.automated ? { automated: true } : {}),
    },
  };
}

export interface PersonStats {
  address: string;
  name?: string;
  /** Messages from them the user received. */
  wroteToYou: number;
  /** Messages the user sent them (to or cc). */
  youWroteTo: number;
  lastContact: number;
  automated: boolean;
}

/** Contact counts for `addresses`, from every message in the index (so re-syncing never double counts). */
export function peopleStats(index: MailIndex, addresses: Iterable<string>): PersonStats[] {
  const wanted = new Set([...addresses].map((address) => address.toLowerCase()));
  const identities = new Set(index.identities);
  for (const identity of identities) wanted.delete(identity);
  const stats = new Map<string, PersonStats>();
  const entry = (who: MailAddress): PersonStats => {
    let found = stats.get(who.address);
    if (!found) {
      found = { address: who.address, wroteToYou: 0, youWroteTo: 0, lastContact: 0, automated: true };
      stats.set(who.address, found);
    }
    if (who.name && !found.name) found.name = who.name;
    return found;
  };
  const sorted: IndexedMessage[] = Object.values(index.messages).sort((a, b) => b.date - a.date);
  for (const message of sorted) {
    if (isByUser(message, identities)) {
      for (const who of [...message.to, ...message.cc]) {
        if (!wanted.has(who.address)) continue;
        const person = entry(who);
        person.youWroteTo++;
        person.automated = false;
        person.lastContact = Math.max(person.lastContact, message.date);
      }
    } else if (message.from && wanted.has(message.from.address)) {
      const person = entry(message.from);
      person.wroteToYou++;
      if (!message.automated) person.automated = false;
      person.lastContact = Math.max(person.lastContact, message.date);
    }
  }
  return [...stats.values()];
}

export function personMemory(person: PersonStats): MemoryInput {
  const who = person.name ? `${person.name} <${person.address}>` : person.address;
  const last = new Date(person.lastContact).toISOString().slice(0, 10);
  const kind = person.automated ? ' (automated sender)' : '';
  return {
    id: personMemoryId(person.address),
    text: `${who}${kind} — email contact: wrote to you ${times(person.wroteToYou)}, you wrote to them ${times(person.youWroteTo)}; last contact ${last}.`,
    kind: 'social',
    source: 'email',
    timestamp: person.lastContact,
    author: person.address,
    importance: person.automated ? 0.2 : Math.min(0.9, 0.4 + 0.05 * (person.wroteToYou + person.youWroteTo)),
    meta: {
      ...(person.name ? { name: person.name } : {}),
      address: person.address,
      wroteToYou: person.wroteToYou,
      youWroteTo: person.youWroteTo,
      lastContact: new Date(person.lastContact).toISOString(),
      ...(person.automated ? { automated: true } : {}),
    },
  };
}

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}
