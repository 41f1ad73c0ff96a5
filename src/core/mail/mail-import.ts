/**
 * `twin mail import PATH`: mail exported from a client or server as an mbox file (Thunderbird, Gmail
 * Takeout, `mutt`) or a Maildir folder (Dovecot, offlineimap, mbsync) becomes the same memories, index,
 * people and email voice as an IMAP sync. A Maildir's `.Sent`/`Sent` folder, or an mbox whose file name
 * says Sent, holds the user's own mail; elsewhere a message is the user's when its From: is one of
 * their addresses (config.json `identities`, or `--me`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { MailIngestor, type IngestReport, type MailSink } from './mail-ingest';
import { parseMailMessage, type MailMessage } from './mail-message';

export interface MailImportOptions {
  home: string;
  sink: MailSink;
  /** The user's addresses (besides config.json `identities` and whatever Sent folders show). */
  identities?: string[];
  batchSize?: number;
  onProgress?: (progress: { mailbox: string; done: number }) => void;
}

export interface MailImportReport extends IngestReport {
  format: 'mbox' | 'maildir';
  mailboxes: Array<{ mailbox: string; messages: number }>;
  /** Files that could not be read or parsed, with why; the others were imported. */
  failed: Array<{ file: string; message: string }>;
  seconds: number;
}

const SENT_NAME = /(^|[./\\])(sent|sent items|sent mail|sent messages|gesendet|envoyés)(\.mbox)?$/i;
const DEFAULT_BATCH = 200;

export async function importMail(target: string, options: MailImportOptions): Promise<MailImportReport> {
  const started = performance.now();
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new Error(`Nothing to import at ${target}: no such file or folder.`);
  const report: MailImportReport = { format: stat.isDirectory() ? 'maildir' : 'mbox', messages: 0, memories: 0, sent: 0, people: 0, mailboxes: [], failed: [], seconds: 0 };
  const sources = stat.isDirectory() ? maildirFolders(target) : [{ mailbox: path.basename(target).replace(/\.mbox$/i, '') || 'mbox', read: () => mboxMessages(target) }];
  if (stat.isDirectory() && sources.length === 0) throw new Error(`${target} is neither an mbox file nor a Maildir (no cur/ or new/ folder inside): give the mbox file, or the Maildir folder.`);
  const ingestor = new MailIngestor({ home: options.home, sink: options.sink, ...(options.identities ? { identities: options.identities } : {}) });
  for (const source of sources) {
    const sent = SENT_NAME.test(source.mailbox);
    let batch: MailMessage[] = [];
    let count = 0;
    const flush = async () => {
      if (!batch.length) return;
      const ingested = await ingestor.ingest(batch, { isSentMailbox: () => sent });
      report.messages += ingested.messages;
      report.memories += ingested.memories;
      report.sent += ingested.sent;
      report.people += ingested.people;
      batch = [];
      options.onProgress?.({ mailbox: source.mailbox, done: count });
    };
    for await (const item of source.read()) {
      try {
        batch.push(await parseMailMessage(item.raw, { mailbox: source.mailbox, ...(item.date ? { internalDate: item.date } : {}) }));
        count++;
      } catch (error) {
        report.failed.push({ file: item.label, message: (error as Error).message });
      }
      if (batch.length >= (options.batchSize ?? DEFAULT_BATCH)) await flush();
    }
    await flush();
    ingestor.flush();
    report.mailboxes.push({ mailbox: source.mailbox, messages: count });
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

interface RawItem {
  raw: Buffer;
  label: string;
  date?: Date;
}

/** Messages of an mbox file: each starts at a "From " line; ">From " inside bodies is unescaped (mboxrd). */
export async function* mboxMessages(file: string): AsyncGenerator<RawItem> {
  // latin1 maps every byte to one character and back, so 8-bit bodies survive untouched.
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'latin1' }), crlfDelay: Infinity });
  let current: string[] | undefined;
  let number = 0;
  let startLine = 0;
  let lineNumber = 0;
  let previousBlank = true;
  const finish = (): RawItem | undefined => {
    if (!current) return undefined;
    while (current.length && current[current.length - 1] === '') current.pop();
    return { raw: Buffer.from(current.join('\r\n') + '\r\n', 'latin1'), label: `${file} message ${number} (line ${startLine})` };
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.startsWith('From ') && previousBlank) {
      const done = finish();
      if (done) yield done;
      current = [];
      number++;
      startLine = lineNumber;
    } else if (current) {
      current.push(/^>+From /.test(line) ? line.slice(1) : line);
    } else if (line.trim() !== '') {
      throw new Error(`${file} is not an mbox file: it does not start with a "From " line (line ${lineNumber}). Give an mbox file or a Maildir folder.`);
    }
    previousBlank = line === '';
  }
  const last = finish();
  if (last) yield last;
}

/** Every folder of a Maildir (or Maildir++) tree holding cur/ or new/, named the way IMAP shows it. */
function maildirFolders(root: string): Array<{ mailbox: string; read: () => AsyncGenerator<RawItem> }> {
  const folders: Array<{ mailbox: string; read: () => AsyncGenerator<RawItem> }> = [];
  const visit = (folder: string, name: string, depth: number) => {
    const isMaildir = ['cur', 'new'].some((sub) => fs.existsSync(path.join(folder, sub)));
    if (isMaildir) folders.push({ mailbox: name, read: () => maildirMessages(folder) });
    if (depth > 4) return;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory() || ['cur', 'new', 'tmp'].includes(entry.name)) continue;
      const child = entry.name.startsWith('.') ? entry.name.slice(1).replace(/\./g, '/') : entry.name;
      visit(path.join(folder, entry.name), name === 'INBOX' && isMaildir ? child : `${name}/${child}`, depth + 1);
    }
  };
  visit(root, 'INBOX', 0);
  return folders;
}

async function* maildirMessages(folder: string): AsyncGenerator<RawItem> {
  for (const sub of ['cur', 'new']) {
    const dir = path.join(folder, sub);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      if (!stat.isFile()) continue;
      yield { raw: fs.readFileSync(file), label: file, date: stat.mtime };
    }
  }
}
