/**
 * The screen collector: which application and window the user works in, sampled every few seconds on the
 * X display and merged into sessions that become episodic memories, plus — only when the user turns it
 * on — the text in the active window, read by OCR at a low rate.
 *
 * It runs in the sidecar, one tick at a time (a tick never overlaps the previous one, so `stop` only has
 * to wait for the one in flight). Excluded windows (password managers, private browsing) end the open
 * session and leave nothing behind. Pause is honoured at every step: a paused twin runs no tool at all,
 * and the open session ends at the pause. Stopped for a forget, the open session is dropped, not written:
 * it is rewritten in place by id, so writing it would bring back what the forget removed. It samples only
 * the present, so a time it was off leaves nothing to catch up on. A broken setup (no DISPLAY, xdotool missing, no window manager)
 * shows in `status().lastError` and is retried with backoff; it never throws out of the collector.
 */
import type { Collector, CollectorDescription, CollectorSink, CollectorStatus, CollectorStopOptions } from '../collector';
import type { MemoryInput } from '../../types';
import { type ActiveWindow, ActiveWindowProbe, ScreenUnavailableError } from './active-window';
import { ScreenExclusions, type ScreenExclusionOptions } from './screen-exclusions';
import { ocrMemory, sessionMemory } from './screen-memories';
import { cleanOcrText, OcrDeduplicator, WindowOcr } from './window-ocr';
import { sessionDuration, type WindowSession, WindowSessions } from './window-sessions';

export const DEFAULT_SAMPLE_INTERVAL_MS = 5_000;
export const MIN_SAMPLE_INTERVAL_MS = 250;
export const DEFAULT_MIN_SESSION_MS = 10_000;
export const DEFAULT_FLUSH_EVERY_MS = 60_000;
export const DEFAULT_MAX_BACKOFF_MS = 60_000;
export const DEFAULT_OCR_INTERVAL_MS = 60_000;
export const MIN_OCR_INTERVAL_MS = 10_000;
export const DEFAULT_OCR_MAX_CHARS = 4_000;
/** OCR that finds less than this many characters read nothing worth keeping (an empty terminal, a video). */
const MIN_OCR_CHARS = 8;

export interface ScreenOcrOptions {
  /** Off unless the user turns it on. */
  enabled?: boolean;
  /** Time between two OCR passes; at least 10 s (smaller values are raised to it). Default 60 s. */
  intervalMs?: number;
  /** OCR text kept per capture, cut at a line end. Default 4000 characters. */
  maxChars?: number;
  /** Tesseract language(s); `eng` by default. */
  language?: string;
}

export interface ScreenCollectorOptions {
  /** Environment for the X tools; DISPLAY (and XAUTHORITY) come from it. Default: the sidecar's. */
  env?: NodeJS.ProcessEnv;
  /** Time between two samples of the active window. Default 5 s, at least 250 ms. */
  sampleIntervalMs?: number;
  /** A sample later than this after the last one ends the session. Default 2.5 sample intervals. */
  sessionGapMs?: number;
  /** Sessions shorter than this are not remembered. Default 10 s. */
  minSessionMs?: number;
  /** A growing session's memory is rewritten at most this often. Default 60 s. */
  flushEveryMs?: number;
  /** Longest wait between retries while the screen cannot be read. Default 60 s. */
  maxBackoffMs?: number;
  exclusions?: ScreenExclusionOptions;
  ocr?: ScreenOcrOptions;
}

/** What the collector cost so far, for benchmarks and the log (never what it saw). */
export interface ScreenCollectorMetrics {
  samples: number;
  sampleMsTotal: number;
  ocrRuns: number;
  ocrMsTotal: number;
  /** OCR passes skipped because the window looked exactly as when it was last read. */
  ocrSkippedUnchanged: number;
}

export const SCREEN_COLLECTOR_DESCRIPTION: CollectorDescription = {
  id: 'screen',
  title: 'Screen activity',
  captures:
    'Which application and window title you are using, checked every few seconds on your X display and kept as sessions ' +
    '("Used Firefox — \'Pull request #12\' for 4 min"). Only if you also turn on screen text (OCR): the text inside the ' +
    'active window, read on this machine with tesseract about once a minute; the screenshot itself is never stored or ' +
    'written to disk. Never captured: password managers and passphrase prompts, private or incognito browser windows ' +
    '(where the title or launch says so), and anything while Twin is paused. Everything kept is redacted first.',
  defaultEnabled: true,
};

export class ScreenCollector implements Collector {
  readonly description = SCREEN_COLLECTOR_DESCRIPTION;

  private readonly sampleIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly minSessionMs: number;
  private readonly ocrEnabled: boolean;
  private readonly ocrIntervalMs: number;
  private readonly ocrMaxChars: number;
  private readonly probe: ActiveWindowProbe;
  private readonly ocr: WindowOcr;
  private readonly exclusions: ScreenExclusions;
  private readonly sessions: WindowSessions;
  private readonly seenText = new OcrDeduplicator();

  private sink: CollectorSink | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;
  private failures = 0;
  private lastOcrAt: number | undefined;
  private currentApp: string | undefined;
  private lastActivityAt: number | undefined;
  private lastRunAt: number | undefined;
  private lastError: string | undefined;
  /** Kept apart from sampling errors: a sample succeeding says nothing about whether OCR works. */
  private ocrError: string | undefined;
  private captured = 0;
  private readonly costs: ScreenCollectorMetrics = { samples: 0, sampleMsTotal: 0, ocrRuns: 0, ocrMsTotal: 0, ocrSkippedUnchanged: 0 };

  constructor(options: ScreenCollectorOptions = {}) {
    const env = options.env ?? process.env;
    this.sampleIntervalMs = Math.max(MIN_SAMPLE_INTERVAL_MS, options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS);
    this.maxBackoffMs = Math.max(this.sampleIntervalMs, options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
    this.minSessionMs = Math.max(0, options.minSessionMs ?? DEFAULT_MIN_SESSION_MS);
    this.ocrEnabled = options.ocr?.enabled === true;
    this.ocrIntervalMs = Math.max(MIN_OCR_INTERVAL_MS, options.ocr?.intervalMs ?? DEFAULT_OCR_INTERVAL_MS);
    this.ocrMaxChars = Math.max(100, options.ocr?.maxChars ?? DEFAULT_OCR_MAX_CHARS);
    this.probe = new ActiveWindowProbe({ env });
    this.ocr = new WindowOcr({ env, language: options.ocr?.language });
    this.exclusions = new ScreenExclusions(options.exclusions);
    this.sessions = new WindowSessions({
      gapMs: options.sessionGapMs ?? Math.round(this.sampleIntervalMs * 2.5),
      minSessionMs: this.minSessionMs,
      flushEveryMs: options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS,
    });
  }

  async start(sink: CollectorSink): Promise<void> {
    if (this.running) return;
    this.sink = sink;
    this.running = true;
    this.failures = 0;
    sink.log.info(`sampling every ${this.sampleIntervalMs} ms, OCR ${this.ocrEnabled ? `every ${this.ocrIntervalMs} ms` : 'off'}`);
    this.schedule(0);
  }

  async stop(options: CollectorStopOptions = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    if (options.reason === 'forget') this.sessions.end();
    else await this.endSession();
    this.currentApp = undefined;
  }

  status(): CollectorStatus {
    const cadence = `every ${formatSeconds(this.sampleIntervalMs)}, OCR ${this.ocrEnabled ? `every ${formatSeconds(this.ocrIntervalMs)}` : 'off'}`;
    return {
      id: 'screen',
      running: this.running,
      lastActivityAt: this.lastActivityAt,
      lastRunAt: this.lastRunAt,
      captured: this.captured,
      lastError: this.lastError ?? this.ocrError,
      // The application only: a title can say more than the dashboard should show over a shoulder.
      detail: this.sink?.isPaused() ? 'Paused: not sampling' : this.currentApp ? `${this.currentApp} (${cadence})` : `Sampling ${cadence}`,
    };
  }

  metrics(): ScreenCollectorMetrics {
    return { ...this.costs };
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.tick().finally(() => {
        this.inFlight = undefined;
      });
    }, delayMs);
    // The sidecar stays alive for its own reasons; a pending sample must not keep a CLI or test alive.
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    let next = this.sampleIntervalMs;
    try {
      next = await this.sampleOnce(started);
    } catch (error) {
      // Not a setup problem the probe explains: report it and keep going.
      this.lastError = `Screen sampling failed: ${(error as Error).message}`;
      this.sink?.log.warn(`${this.lastError}`);
    }
    this.schedule(Math.max(0, next - (Date.now() - started)));
  }

  /** One sample (and OCR when due); returns how long to wait before the next. */
  private async sampleOnce(now: number): Promise<number> {
    const sink = this.sink as CollectorSink;
    if (sink.isPaused()) {
      this.pauseSession();
      return this.sampleIntervalMs;
    }

    let window: ActiveWindow;
    const sampleStarted = performance.now();
    try {
      window = await this.probe.sample();
    } catch (error) {
      if (!(error instanceof ScreenUnavailableError)) throw error;
      return await this.unavailable(error);
    } finally {
      this.costs.samples++;
      this.costs.sampleMsTotal += performance.now() - sampleStarted;
    }
    if (!this.running) return this.sampleIntervalMs;
    if (sink.isPaused()) {
      this.pauseSession();
      return this.sampleIntervalMs;
    }
    this.lastRunAt = now;
    this.failures = 0;
    this.lastError = undefined;

    if (this.exclusions.excludes(window)) {
      // Nothing about this window is kept; the session before it ends where it was last seen.
      this.currentApp = undefined;
      await this.endSession();
      return this.sampleIntervalMs;
    }
    this.currentApp = window.app;

    const ended = this.sessions.observe(window.app, window.title, now);
    if (ended) await this.flush(ended, now, true);
    const session = this.sessions.current as WindowSession;
    await this.flush(session, now, false);
    if (this.ocrEnabled) await this.maybeReadText(window, session, now);
    return this.sampleIntervalMs;
  }

  private async unavailable(error: ScreenUnavailableError): Promise<number> {
    this.currentApp = undefined;
    const first = this.lastError !== error.message;
    this.lastError = error.message;
    if (first) this.sink?.log.warn(`${error.message}`);
    // The open session ends at its last good sample, and is written as it stood then.
    await this.endSession();
    this.failures++;
    const ceiling = error.transient ? Math.min(this.maxBackoffMs, 4 * this.sampleIntervalMs) : this.maxBackoffMs;
    return Math.min(ceiling, this.sampleIntervalMs * 2 ** Math.min(this.failures - 1, 16));
  }

  /** Paused: the open session ends here, as it was last written (the sink refuses writes now anyway). */
  private pauseSession(): void {
    this.sessions.end();
    this.currentApp = undefined;
  }

  private async endSession(): Promise<void> {
    const ended = this.sessions.end();
    if (ended && !this.sink?.isPaused()) await this.flush(ended, Date.now(), true);
  }

  private async flush(session: WindowSession, now: number, final: boolean): Promise<void> {
    if (!this.sessions.due(session, now, final)) return;
    const lastSeen = session.lastSeen;
    const first = session.flushedLastSeen === undefined;
    if (await this.hand([sessionMemory(session)], first ? 1 : 0)) this.sessions.markFlushed(session, lastSeen, now);
  }

  private async maybeReadText(window: ActiveWindow, session: WindowSession, now: number): Promise<void> {
    // A glance is not read; neither is a window before its session is worth a memory to attach to.
    if (sessionDuration(session) < this.minSessionMs || session.flushedLastSeen === undefined) return;
    if (this.lastOcrAt !== undefined && now - this.lastOcrAt < this.ocrIntervalMs) return;
    this.lastOcrAt = now;
    const key = OcrDeduplicator.key(window.app, window.title);
    const started = performance.now();
    try {
      const image = await this.ocr.capture(window.id);
      // The focus may have moved while capturing: keep the pixels only if they are still of this window.
      const after = await this.probe.sample().catch(() => undefined);
      if (!after || after.id !== window.id || after.title !== window.title || this.exclusions.excludes(after)) return;
      if (!this.running || this.sink?.isPaused()) return;
      const imageHash = OcrDeduplicator.imageHash(image);
      if (this.seenText.sameImage(key, imageHash)) {
        this.costs.ocrSkippedUnchanged++;
        return;
      }
      const raw = await this.ocr.recognize(image);
      this.seenText.noteImage(key, imageHash);
      this.ocrError = undefined;
      const text = cleanOcrText(raw, this.ocrMaxChars);
      const elapsed = performance.now() - started;
      this.costs.ocrRuns++;
      this.costs.ocrMsTotal += elapsed;
      this.sink?.log.debug(`OCR read ${text.length} characters in ${Math.round(elapsed)} ms`);
      if (text.length < MIN_OCR_CHARS || this.seenText.similarText(key, text)) return;
      if (!this.running || this.sink?.isPaused()) return;
      if (await this.hand([ocrMemory(session, text, now)], 1)) this.seenText.noteStored(key, text);
    } catch (error) {
      const message = error instanceof ScreenUnavailableError ? error.message : `Screen text (OCR) failed: ${(error as Error).message}`;
      if (this.ocrError !== message) this.sink?.log.warn(`${message}`);
      this.ocrError = message;
    }
  }

  /** Hands memories to the sink; true when they were stored. `fresh` is how many are new (not rewrites). */
  private async hand(memories: MemoryInput[], fresh: number): Promise<boolean> {
    const sink = this.sink;
    if (!sink) return false;
    try {
      const { stored } = await sink.remember(memories);
      if (!stored) return false;
      this.captured += fresh;
      this.lastActivityAt = Date.now();
      return true;
    } catch (error) {
      this.lastError = `Could not store screen activity: ${(error as Error).message}`;
      sink.log.warn(`${this.lastError} (${memories.map((memory) => memory.id).join(', ')})`);
      return false;
    }
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
