/**
 * Turns active-window samples into sessions, the way ActivityWatch merges heartbeats: a sample repeating
 * the open session's application and title within the gap extends it; a different window, or a gap longer
 * than the pulse (missed samples: suspend, pause, an excluded window in between), ends it and opens another.
 *
 * Pure bookkeeping with time passed in, so the rules are tested without an X server. It also decides when a
 * growing session is due to be (re)written: once it is long enough to be worth a memory, then every
 * `flushEveryMs`, and once more when it ends if it grew since.
 */
import { createHash } from 'node:crypto';

import { redact } from '../../privacy/redact';

export interface WindowSession {
  /** `screen:<start>:<hash of app and title>`: the memory id, stable while the session grows. */
  id: string;
  app: string;
  title: string;
  start: number;
  /** Time of the last sample that saw this window. */
  lastSeen: number;
  /** `lastSeen` when the session was last handed over; undefined until it first is. */
  flushedLastSeen?: number;
  /** When it was last handed over (wall time of the write). */
  flushedAt?: number;
}

export interface WindowSessionRules {
  /** A sample later than this after the previous one starts a new session. */
  gapMs: number;
  /** Sessions shorter than this are glances, not worth a memory. */
  minSessionMs: number;
  /** A growing session is rewritten at most this often. */
  flushEveryMs: number;
}

export function sessionDuration(session: WindowSession): number {
  return session.lastSeen - session.start;
}

/**
 * The short, stable hash of a window's identity used in memory ids. It is taken over the redacted title,
 * so an id kept in the store cannot be used to confirm a guessed secret that was in a title.
 */
export function windowKeyHash(app: string, title: string): string {
  return createHash('sha256').update(app).update('\0').update(redact(title).text).digest('hex').slice(0, 16);
}

export class WindowSessions {
  private open: WindowSession | undefined;

  constructor(private readonly rules: WindowSessionRules) {}

  get current(): WindowSession | undefined {
    return this.open;
  }

  /** Records a sample; returns the session it ended, if it ended one. */
  observe(app: string, title: string, now: number): WindowSession | undefined {
    const open = this.open;
    if (open && open.app === app && open.title === title && now - open.lastSeen <= this.rules.gapMs) {
      open.lastSeen = Math.max(open.lastSeen, now);
      return undefined;
    }
    this.open = { id: `screen:${now}:${windowKeyHash(app, title)}`, app, title, start: now, lastSeen: now };
    return open;
  }

  /** Ends the open session (stop, pause, an excluded or no window); returns it. */
  end(): WindowSession | undefined {
    const open = this.open;
    this.open = undefined;
    return open;
  }

  /** Whether the session has something new worth writing now (`final`: it has ended). */
  due(session: WindowSession, now: number, final: boolean): boolean {
    if (sessionDuration(session) < this.rules.minSessionMs) return false;
    if (session.flushedLastSeen === undefined) return true;
    if (session.flushedLastSeen === session.lastSeen) return false;
    return final || now - (session.flushedAt ?? 0) >= this.rules.flushEveryMs;
  }

  /** Notes that the session was handed over as it stood at `lastSeen`. */
  markFlushed(session: WindowSession, lastSeen: number, now: number): void {
    session.flushedLastSeen = lastSeen;
    session.flushedAt = now;
  }
}
