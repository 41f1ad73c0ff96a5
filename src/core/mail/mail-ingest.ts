/**
 * The one path by which parsed emails become what Twin knows, shared by IMAP sync and mbox/Maildir import:
 * message memories first (through the sink, so the sidecar's write queue and pause apply), then the people
 * they involve, the mail index and the email voice learned from the user's sent messages.
 *
 * The index and voice files are kept in memory across batches and written by `flush()`: rewriting them
 * after every batch would make a cold sync of a large mailbox quadratic. A caller advances its sync
 * cursor only after a flush, so a cursor never runs ahead of what was stored; a crash in between makes the
 * next run fetch those messages again, and deterministic ids turn that into replacements, not copies.
 */
import { identitiesFromConfig } from '../drafting/reply-drafter';
import type { MemoryInput } from '../types';
import { saveVoiceSamples, voiceSample, type VoiceSample } from './email-voice';
import { indexEntry, isByUser, readMailIndex, writeMailIndex, type MailIndex } from './mail-index';
import { emailMemory, emailMemoryId, peopleStats, personMemory } from './mail-memories';
import type { MailMessage } from './mail-message';

/** Where memories go: a Twin opened here, the sidecar over its socket, or a collector's sink. */
export interface MailSink {
  remember(memories: MemoryInput[]): Promise<{ stored: boolean }>;
}

export class MailPausedError extends Error {
  constructor() {
    super('Twin is paused, so no mail was stored; resume observation and sync again.');
  }
}

export interface IngestorOptions {
  home: string;
  sink: MailSink;
  /** The user's addresses beyond those in config.json and in Sent (the IMAP login, `--me`). */
  identities?: string[];
}

export interface BatchOptions {
  /** Whether a mailbox holds the user's sent mail (its messages are the user's, whatever the From:). */
  isSentMailbox: (mailbox: string) => boolean;
  /** UIDVALIDITY of the messages' mailbox, kept with their uids. */
  uidValidity?: string;
}

export interface IngestReport {
  messages: number;
  memories: number;
  sent: number;
  people: number;
}

export class MailIngestor {
  private readonly index: MailIndex;
  private readonly identities: Set<string>;
  private samples: VoiceSample[] = [];
  private dirty = false;

  constructor(private readonly options: IngestorOptions) {
    this.index = readMailIndex(options.home);
    this.identities = new Set(
      [...this.index.identities, ...identitiesFromConfig(options.home, 'email'), ...(options.identities ?? [])].map((address) => address.toLowerCase()).filter((address) => address.includes('@')),
    );
  }

  /** Stores one batch's memories and people; the index and voice wait for `flush()`. */
  async ingest(messages: MailMessage[], batch: BatchOptions): Promise<IngestReport> {
    const report: IngestReport = { messages: messages.length, memories: 0, sent: 0, people: 0 };
    if (messages.length === 0) return report;
    const index = this.index;
    for (const message of messages) if (batch.isSentMailbox(message.mailbox) && message.from) this.identities.add(message.from.address);

    const memories: MemoryInput[] = [];
    const samples: VoiceSample[] = [];
    const touched = new Set<string>();
    const entries: MailIndex['messages'] = {};
    for (const message of messages) {
      // A reply that names an earlier message joins that message's thread, even when its References were cut short.
      const known = [...message.references, ...(message.inReplyTo ? [message.inReplyTo] : [])].map((id) => entries[id] ?? index.messages[id]).find(Boolean);
      if (known) message.threadKey = known.threadKey;
      const inSent = batch.isSentMailbox(message.mailbox);
      const byUser = isByUser({ inSent, ...(message.from ? { from: message.from } : {}) }, this.identities);
      const memory = emailMemory(message, byUser);
      if (memory) memories.push(memory);
      entries[message.messageId] = indexEntry(message, { inSent, ...(memory ? { memoryId: emailMemoryId(message.messageId) } : {}), ...(batch.uidValidity ? { uidValidity: batch.uidValidity } : {}) });
      if (byUser) {
        report.sent++;
        if (memory && message.reply) samples.push(voiceSample(emailMemoryId(message.messageId), message.reply, message.to.map((who) => who.address), message.date));
        for (const who of [...message.to, ...message.cc]) touched.add(who.address);
      } else if (message.from) {
        touched.add(message.from.address);
      }
    }
    if (memories.length) {
      const { stored } = await this.options.sink.remember(memories);
      if (!stored) throw new MailPausedError();
      report.memories = memories.length;
    }
    // Only stored messages enter the index; people are counted from it, so nobody is counted twice.
    Object.assign(index.messages, entries);
    index.identities = [...this.identities].sort();
    this.samples.push(...samples);
    this.dirty = true;
    const people = peopleStats(index, touched).map(personMemory);
    if (people.length) {
      const { stored } = await this.options.sink.remember(people);
      if (!stored) throw new MailPausedError();
      report.people = people.length;
    }
    return report;
  }

  /** Writes the index and the email voice learned so far. */
  flush(): void {
    if (!this.dirty) return;
    writeMailIndex(this.options.home, this.index);
    if (this.samples.length) saveVoiceSamples(this.options.home, this.samples);
    this.samples = [];
    this.dirty = false;
  }
}

/** One batch, stored and flushed (for callers that ingest once). */
export async function ingestMessages(messages: MailMessage[], options: IngestorOptions & BatchOptions): Promise<IngestReport> {
  const ingestor = new MailIngestor(options);
  const report = await ingestor.ingest(messages, options);
  ingestor.flush();
  return report;
}
