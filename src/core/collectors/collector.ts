/**
 * The contract between a collector (screen, browser, mail) and the sidecar that runs it.
 *
 * A collector observes something outside the editor and hands Twin memories. It never writes the store
 * itself: everything goes through `CollectorSink.remember`, which the sidecar runs through its one write
 * queue and refuses while observation is paused. A collector is started only when the user has turned it
 * on *and* consented to the description it shows (see CollectorHost in src/sidecar/collectors), and is
 * stopped when either is withdrawn; pause stops sampling too, so a paused twin captures nothing at all.
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

export interface Collector {
  readonly description: CollectorDescription;
  /** Begins sampling; resolves once the first run has been scheduled (not finished). */
  start(sink: CollectorSink): Promise<void>;
  /** Stops sampling and waits for an in-flight run; idempotent. Ends an open session with what it has. */
  stop(): Promise<void>;
  status(): CollectorStatus;
}
