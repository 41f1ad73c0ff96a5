/**
 * The twin's sleep: when no request has come for a while, consolidate (merge duplicates, decay, prune) and
 * compact, at most once per interval. The last run's time is the store's (`lastConsolidatedAt` in twin.json),
 * so restarts do not make it run more often.
 */
import type { Logger } from './logger';

export interface IdleJobsOptions {
  /** No request for this long counts as idle. */
  idleMs: number;
  /** At most one run per this long. */
  intervalMs: number;
  lastRunAt: () => number | undefined;
  job: () => Promise<void>;
  log: Logger;
}

export class IdleJobs {
  private lastRequest = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** A failed run does not move the store's time; this keeps it from being retried every tick. */
  private lastAttempt = 0;

  constructor(private readonly options: IdleJobsOptions) {}

  /** A request arrived: the twin is in use. */
  touch(): void {
    this.lastRequest = Date.now();
  }

  start(): void {
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.options.idleMs / 2)));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    const now = Date.now();
    if (now - this.lastRequest < this.options.idleMs) return;
    const last = Math.max(this.options.lastRunAt() ?? 0, this.lastAttempt);
    if (now - last < this.options.intervalMs) return;
    this.lastAttempt = now;
    const started = Date.now();
    this.options.log.info('idle: consolidating the twin');
    this.running = this.options
      .job()
      .then(() => this.options.log.info(`idle: consolidated in ${Date.now() - started} ms`))
      .catch((error: Error) => this.options.log.warn(`idle: consolidation failed: ${error.message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
