/**
 * Heartbeat-style merging, as ActivityWatch does it: an edit session or a dwell that follows one of the
 * same kind in the same file within a pulse window extends it instead of adding a row, so an hour of work
 * in one file with short breaks becomes a handful of events. Jumps and commits pass straight through.
 *
 * The last event of each mergeable kind is held back until the pulse window after it has passed. A
 * session can outlast the window, though (the next one is only pushed when it ends), so `ongoing` lets
 * the tracker say what it is recording right now: when that is the same file and began within the
 * window, the held event waits for it. Merged events never exceed `maxDurationMs`, so the tracker's hard
 * cap still splits long stretches.
 */

import type { DwellEvent, EditSessionEvent, TwinEvent } from '../protocol/events';
import { type Clock, type TimerHandle, systemClock } from './clock';

export const DEFAULT_PULSE_MS = 5 * 60_000;
export const DEFAULT_MAX_MERGED_MS = 30 * 60_000;

type Mergeable = EditSessionEvent | DwellEvent;

export interface EventMergerOptions {
  emit(event: TwinEvent): void;
  clock?: Clock;
  /** Events of one kind and file whose gap is at most this long merge. */
  pulseMs?: number;
  /** A merged event never spans more than this. */
  maxDurationMs?: number;
  maxSymbols?: number;
  /** The session (`edit`) or visit (`dwell`) the tracker is recording now, if any. */
  ongoing?: (type: Mergeable['type']) => { readonly file: string; readonly start: number } | undefined;
  onError?: (error: unknown) => void;
}

function end(event: TwinEvent): number {
  return event.start + event.duration;
}

export class EventMerger {
  private readonly emitEvent: (event: TwinEvent) => void;
  private readonly clock: Clock;
  private readonly pulseMs: number;
  private readonly maxDurationMs: number;
  private readonly maxSymbols: number;
  private readonly ongoing: (type: Mergeable['type']) => { readonly file: string; readonly start: number } | undefined;
  private readonly onError: (error: unknown) => void;
  private readonly held = new Map<Mergeable['type'], Mergeable>();
  /** Held events kept past their window because their file is being worked on again: look again then. */
  private readonly deferredUntil = new Map<Mergeable['type'], number>();
  private timer: TimerHandle | undefined;

  constructor(options: EventMergerOptions) {
    this.emitEvent = options.emit;
    this.clock = options.clock ?? systemClock;
    this.pulseMs = options.pulseMs ?? DEFAULT_PULSE_MS;
    this.maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_MERGED_MS;
    this.maxSymbols = options.maxSymbols ?? 20;
    this.ongoing = options.ongoing ?? (() => undefined);
    this.onError = options.onError ?? ((error) => console.error('Twin could not hand an event over; it is lost:', error));
  }

  push(event: TwinEvent): void {
    if (event.type !== 'edit' && event.type !== 'dwell') {
      this.emitSafely(event);
      return;
    }
    const held = this.held.get(event.type);
    if (held !== undefined) {
      const merged = this.merge(held, event);
      this.deferredUntil.delete(event.type);
      if (merged !== undefined) {
        this.held.set(event.type, merged);
        this.reschedule();
        return;
      }
      this.emitSafely(held);
    }
    this.held.set(event.type, event);
    this.reschedule();
  }

  /** Emits everything held back. */
  flush(): void {
    const held = [...this.held.values()].sort((a, b) => a.start - b.start);
    this.held.clear();
    this.deferredUntil.clear();
    this.clearTimer();
    for (const event of held) this.emitSafely(event);
  }

  /** Forgets everything held back, emitting nothing. */
  drop(): void {
    this.held.clear();
    this.deferredUntil.clear();
    this.clearTimer();
  }

  dispose(): void {
    this.flush();
  }

  private merge(held: Mergeable, next: Mergeable): Mergeable | undefined {
    if (held.file !== next.file || held.language !== next.language || held.project !== next.project) return undefined;
    const gap = next.start - end(held);
    if (gap < 0 || gap > this.pulseMs) return undefined;
    const duration = Math.max(end(held), end(next)) - held.start;
    if (duration > this.maxDurationMs) return undefined;
    if (held.type === 'edit' && next.type === 'edit') {
      const symbols = [...held.symbols];
      for (const symbol of next.symbols) if (!symbols.includes(symbol)) symbols.push(symbol);
      return {
        ...held,
        duration,
        charsInserted: held.charsInserted + next.charsInserted,
        charsDeleted: held.charsDeleted + next.charsDeleted,
        changes: held.changes + next.changes,
        saves: held.saves + next.saves,
        undos: held.undos + next.undos,
        redos: held.redos + next.redos,
        symbols: symbols.slice(0, this.maxSymbols),
      };
    }
    if (held.type === 'dwell' && next.type === 'dwell') {
      // The symbol of the longer stay stands for both.
      const symbol = next.duration > held.duration ? next.symbol : held.symbol;
      const { symbol: _dropped, ...rest } = held;
      return { ...rest, duration, ...(symbol !== undefined ? { symbol } : {}) };
    }
    return undefined;
  }

  private reschedule(): void {
    this.clearTimer();
    if (this.held.size === 0) return;
    const due = Math.min(...[...this.held].map(([type, event]) => this.deferredUntil.get(type) ?? end(event) + this.pulseMs));
    this.timer = this.clock.setTimer(() => this.onTimer(), Math.max(0, due - this.clock.now()));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private onTimer(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (const [type, event] of [...this.held]) {
      if (now < (this.deferredUntil.get(type) ?? end(event) + this.pulseMs)) continue;
      if (this.mayStillMerge(event)) {
        // Look again a window later: the session under way may end, move elsewhere or be dropped.
        this.deferredUntil.set(type, now + this.pulseMs);
        continue;
      }
      this.held.delete(type);
      this.deferredUntil.delete(type);
      this.emitSafely(event);
    }
    this.reschedule();
  }

  /** The tracker is recording the same file again, begun within the window: it may yet merge. */
  private mayStillMerge(held: Mergeable): boolean {
    const ongoing = this.ongoing(held.type);
    return ongoing !== undefined && ongoing.file === held.file && ongoing.start - end(held) <= this.pulseMs && ongoing.start >= held.start;
  }

  private emitSafely(event: TwinEvent): void {
    try {
      this.emitEvent(event);
    } catch (error) {
      this.onError(error);
    }
  }
}
