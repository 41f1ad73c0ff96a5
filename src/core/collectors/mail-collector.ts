/**
 * The mail collector: an incremental IMAP sync on a schedule (every 5 minutes by default) inside the
 * sidecar. Credentials come from a function asked before each run — the extension reads the password or
 * OAuth2 token from VS Code's SecretStorage, headless use reads the environment — so a changed password
 * needs no restart and no secret sits in a settings file. Pause skips runs and stops one in flight between
 * batches (its cursor stays where storing stopped); failures are reported in the status, never thrown.
 *
 * Whatever the reason it was stopped for, the next run reads the mail that arrived meanwhile: a mailbox is
 * a record the user keeps, not an observation of what they did while Twin was off. What it was stopped for
 * matters only for a forget, and there stopping between batches and waiting for the run is enough: the
 * forget runs after that batch is stored and the cursor moved past it, and the cursors are kept on a
 * forget, so the next run reads only newer mail.
 */
import type { ImapAccount, ImapCredentials } from '../mail/imap-connection';
import { MailPausedError } from '../mail/mail-ingest';
import { syncMail } from '../mail/mail-sync';
import { readPendingReplies } from '../mail/pending';
import type { Collector, CollectorDescription, CollectorSink, CollectorStatus } from './collector';

export interface MailCollectorOptions {
  account: ImapAccount;
  /** Asked before every run; undefined means none is configured (the run reports what to set). */
  credentials: () => Promise<ImapCredentials | undefined> | ImapCredentials | undefined;
  /** Between the end of one sync and the start of the next (default 5 minutes). */
  intervalMs?: number;
  /** Mailboxes to read besides Sent and INBOX. */
  mailboxes?: string[];
}

export const MAIL_COLLECTOR_DESCRIPTION: CollectorDescription = {
  id: 'mail',
  title: 'Mail (IMAP)',
  captures:
    'Reads your mailbox over IMAP every few minutes: the text you and others wrote in each email (quoted replies and signatures left out, secrets redacted), ' +
    'who wrote to whom and when, and which threads await your reply. From your Sent mail it learns how you greet, sign off and phrase emails to each person. ' +
    'It saves reply drafts into your Drafts folder only when you ask. It never sends mail, never deletes or marks messages, and never stores attachments.',
  defaultEnabled: false,
};

const DEFAULT_INTERVAL_MS = 5 * 60_000;

/** Credentials for headless use: an OAuth2 access token (TWIN_IMAP_TOKEN or TWIN_IMAP_ACCESS_TOKEN), else TWIN_IMAP_PASSWORD. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): ImapCredentials | undefined {
  const token = env.TWIN_IMAP_TOKEN || env.TWIN_IMAP_ACCESS_TOKEN;
  if (token) return { accessToken: token };
  if (env.TWIN_IMAP_PASSWORD) return { password: env.TWIN_IMAP_PASSWORD };
  return undefined;
}

export class MailCollector implements Collector {
  readonly description = MAIL_COLLECTOR_DESCRIPTION;
  private sink: CollectorSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = true;
  private captured = 0;
  private lastRunAt: number | undefined;
  private lastActivityAt: number | undefined;
  private lastError: string | undefined;
  private detail: string | undefined;

  constructor(private readonly options: MailCollectorOptions) {}

  async start(sink: CollectorSink): Promise<void> {
    if (!this.stopped) return;
    this.sink = sink;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  status(): CollectorStatus {
    return {
      id: 'mail',
      running: !this.stopped,
      captured: this.captured,
      ...(this.lastActivityAt !== undefined ? { lastActivityAt: this.lastActivityAt } : {}),
      ...(this.lastRunAt !== undefined ? { lastRunAt: this.lastRunAt } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }

  /** Runs one sync now (unless one is running or the collector is stopped); resolves when it is done. */
  async syncNow(): Promise<void> {
    if (this.stopped) return;
    if (this.inFlight) return this.inFlight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight = this.run().finally(() => {
      this.inFlight = undefined;
      this.schedule(this.options.intervalMs ?? DEFAULT_INTERVAL_MS);
    });
    return this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.syncNow(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    const sink = this.sink!;
    if (sink.isPaused()) {
      this.detail = 'paused: not syncing';
      return;
    }
    const account = this.options.account;
    const where = `${account.user} at ${account.host}:${account.port}`;
    try {
      const credentials = await this.options.credentials();
      if (!credentials) {
        this.lastError = `No IMAP password or token for ${where}: set it in Twin's mail settings (or TWIN_IMAP_PASSWORD / TWIN_IMAP_TOKEN for the headless sidecar).`;
        return;
      }
      const report = await syncMail({
        account,
        credentials,
        home: sink.home,
        sink: { remember: (memories) => sink.remember(memories) },
        ...(this.options.mailboxes ? { mailboxes: this.options.mailboxes } : {}),
        shouldStop: () => this.stopped || sink.isPaused(),
      });
      this.lastRunAt = Date.now();
      this.lastError = undefined;
      this.captured += report.memories + report.people;
      if (report.messages > 0) this.lastActivityAt = this.lastRunAt;
      const pending = readPendingReplies(sink.home).length;
      this.detail = `${account.user}: ${report.messages} new message${report.messages === 1 ? '' : 's'} last sync, ${pending} awaiting your reply`;
      sink.log.info(`synced: ${report.messages} messages, ${report.memories + report.people} memories in ${report.seconds.toFixed(1)} s`);
    } catch (error) {
      if (error instanceof MailPausedError) {
        this.detail = 'paused: not syncing';
        return;
      }
      this.lastError = (error as Error).message;
      sink.log.warn(`sync failed: ${this.lastError}`);
    }
  }
}
