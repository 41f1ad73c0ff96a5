/**
 * The contract between a collector (screen, browser, mail) and the sidecar that runs it.
 *
 * A collector observes something outside the editor and hands Twin memories. It never writes the store
 * itself: everything goes through `CollectorSink.remember`, which the sidecar runs through its one write
 * queue and refuses while observation is paused. A collector is started only when the user has turned it
 * on *and* consented to the description it shows (see CollectorHost in src/sidecar/collectors), and is
 * stopped when either is withdrawn; pause stops sampling too, so a paused twin captures nothing at all.
 *
 * The host says why it stops a collector (`CollectorStopReason`), because the right ending differs: after a
 * shutdown a collector catches up on what it missed, after it was switched off or its consent withdrawn it
 * must not, and before a forget it must not write back what it holds in memory.
 *
 * State is reported, not pushed: the sidecar asks `state()` whenever the dashboard refreshes.
 */
import type { MemoryInput } from '../types';

export type CollectorId = 'screen' | 'browser' | 'mail';

export interface CollectorDescription {
  id: CollectorId;
  /** A short name for the dashboard ("Screen activity"). */
  title: string;
  /**
   * What it captures and what it never captures, in plain words: shown to the user before the first run
   * and stored with their consent (a changed description asks again).
   */
  captures: string;
  /** Screen OCR and mail are off until the user turns them on; others may default on (still after consent). */
  defaultEnabled: boolean;
}

export interface CollectorLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface CollectorSink {
  /**
   * Stores memories (redacted and de-duplicated by Twin), through the sidecar's write queue. Memories with
   * an `id` replace an earlier memory of the same id, so a growing session can be rewritten in place.
   * Resolves `{ stored: false }` without writing when observation is paused.
   */
  remember(memories: MemoryInput[]): Promise<{ stored: boolean }>;
  /** Whether observation is paused right now (check before sampling; the sink checks again). */
  isPaused(): boolean;
  /** TWIN_HOME: collectors keep their cursors in `TWIN_HOME/collectors/<id>.json`. */
  home: string;
  /** The sidecar's log; the host prefixes every line with the collector's id, so messages need not. */
  log: CollectorLog;
}

export interface CollectorStatus {
  id: CollectorId;
  /** Running: sampling or syncing on its schedule. */
  running: boolean;
  /** Epoch ms of the last thing it captured. */
  lastActivityAt?: number;
  /** Epoch ms of the last successful run or sample. */
  lastRunAt?: number;
  /** How many memories it has handed over since the sidecar started. */
  captured: number;
  /** The last failure, said so the user knows what to do ("xdotool is not installed: …"). */
  lastError?: string;
  /** One line for the dashboard ("2 profiles: Chromium Default, Firefox abc.default"). */
  detail?: string;
}

/**
 * Why the host stops a collector:
 * - `shutdown`: the sidecar exits; the next start should catch up on what happened meanwhile.
 * - `restart`: the same collector starts again at once (changed options, a new secret, a failed start).
 * - `paused`: observation is paused; nothing from the pause may ever be recorded.
 * - `disabled`: the user turned the collector off; nothing from the time it was off may be recorded.
 * - `consent-withdrawn`: the user withdrew consent; as `disabled`.
 * - `forget`: the user is forgetting memories; the collector is started again right after. It must not
 *   write anything it holds in memory (an open session, a run it could extend), which may be forgotten.
 */
export type CollectorStopReason = 'shutdown' | 'restart' | 'paused' | 'disabled' | 'consent-withdrawn' | 'forget';

export interface CollectorStopOptions {
  /** Absent from older callers: treated as `shutdown`, or as `paused` while the sink says paused. */
  reason?: CollectorStopReason;
}

export interface Collector {
  readonly description: CollectorDescription;
  /** Begins sampling; resolves once the first run has been scheduled (not finished). */
  start(sink: CollectorSink): Promise<void>;
  /**
   * Stops sampling and waits for an in-flight run; idempotent. Ends an open session with what it has,
   * except when stopped for a forget, which drops it.
   */
  stop(options?: CollectorStopOptions): Promise<void>;
  status(): CollectorStatus;
}
