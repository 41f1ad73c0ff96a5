/**
 * Groups document changes into edit sessions: continuous editing of one file, ended by an idle gap, by
 * editing another file, by closing the file, or split at a hard cap. Counts characters, changes, saves,
 * undos and redos, and names the symbols the edits fell in.
 *
 * The change handler runs on every keystroke in the extension host, so it does O(1) work with no
 * allocation in the common case: a few counter updates, a fixed-size array of edit points shifted by the
 * change, and at most one timer (re)scheduled per typing burst. Nothing is parsed here: edit points are
 * resolved to symbols by the `SymbolResolver` after a typing pause and when the session ends.
 *
 * Only the focused document's changes count: edits that land in other documents (a rename across files,
 * search-and-replace, files reloaded by git) are the tool's, not typing, and would open phantom sessions.
 * At most one session is open at a time, so sessions never overlap in time.
 */

import { randomUUID } from 'node:crypto';

import type { EditSessionEvent } from '../protocol/events';
import { type Clock, type TimerHandle, systemClock } from './clock';
import type { ChangeReason, ContentChange, ObservedDocument } from './observed-document';
import { PathFilter } from './path-filter';
import type { SymbolResolver } from './symbol-resolver';

export const DEFAULT_EDIT_IDLE_GAP_MS = 90_000;
export const DEFAULT_MAX_SESSION_MS = 30 * 60_000;
export const DEFAULT_RESOLVE_DEBOUNCE_MS = 750;

/** Distinct edit points kept between two resolutions; later distant points wait for the next pause. */
const POINT_CAPACITY = 64;
/** Edits this close (UTF-16 units) to a kept point join it: typing along a line is one point. */
const POINT_RADIUS = 48;
/** How far into inserted text to look for its first non-blank character. */
const LEADING_BLANK_SCAN = 64;

export interface EditSessionTrackerOptions {
  emit(event: EditSessionEvent): void;
  clock?: Clock;
  pathFilter?: PathFilter;
  resolver?: SymbolResolver;
  /** A session ends after this long without a change or save. */
  idleGapMs?: number;
  /** A session reaching this length is split; the next change starts a new one. */
  maxSessionMs?: number;
  /** Edit points are resolved to symbols this long after the last change. */
  resolveDebounceMs?: number;
  /** At most this many symbols per event, most edited first. */
  maxSymbols?: number;
  /** Checked again just before emitting, so a session still in flight when observation stops is dropped. */
  isRecording?: () => boolean;
  newId?: () => string;
  /** Where a failing `emit` is reported; the tracker carries on. Defaults to console.error. */
  onError?: (error: unknown) => void;
}

interface PointBatch {
  readonly queries: ReadonlyArray<{ offset: number }>;
  readonly weights: readonly number[];
  landed: boolean;
}

class EditSession {
  readonly id: string;
  lastActivity: number;
  lastChangeAt: number;
  charsInserted = 0;
  charsDeleted = 0;
  changes = 0;
  saves = 0;
  undos = 0;
  redos = 0;
  /** Offsets (in the current text) of edits not yet resolved, and how many changes each stands for. */
  readonly points: number[] = new Array<number>(POINT_CAPACITY).fill(0);
  readonly weights: number[] = new Array<number>(POINT_CAPACITY).fill(0);
  pointCount = 0;
  readonly symbolWeights = new Map<string, number>();
  /** Edit points handed to the resolver, kept until their symbols land (flushNow may resolve them itself). */
  readonly batches: PointBatch[] = [];
  /** Resolutions in flight; the session is emitted only after they land. */
  resolving: Promise<void> | undefined;
  /** Handed over (or dropped) already: a resolution landing late must not emit it again. */
  done = false;

  constructor(
    readonly document: ObservedDocument,
    readonly start: number,
    readonly resolvable: boolean,
    id: string,
  ) {
    this.id = id;
    this.lastActivity = start;
    this.lastChangeAt = start;
  }

  /** Moves kept points as the change shifts the text, then records where the change happened. */
  recordChange(change: ContentChange): void {
    const { rangeOffset, rangeLength, text } = change;
    const removedEnd = rangeOffset + rangeLength;
    const delta = text.length - rangeLength;
    let at = rangeOffset;
    // Point at the first non-blank inserted character, so a pasted "\n\nfunction f() {…}" names f.
    const scan = Math.min(text.length, LEADING_BLANK_SCAN);
    for (let i = 0; i < scan; i++) {
      const code = text.charCodeAt(i);
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) {
        at = rangeOffset + i;
        break;
      }
    }
    let near = -1;
    let nearest = POINT_RADIUS + 1;
    const points = this.points;
    for (let i = 0; i < this.pointCount; i++) {
      let point = points[i];
      if (point >= removedEnd) point += delta;
      else if (point > rangeOffset) point = rangeOffset;
      points[i] = point;
      const distance = point > at ? point - at : at - point;
      if (distance < nearest) {
        near = i;
        nearest = distance;
      }
    }
    if (near !== -1) {
      points[near] = at;
      this.weights[near]++;
    } else if (this.pointCount < POINT_CAPACITY) {
      points[this.pointCount] = at;
      this.weights[this.pointCount] = 1;
      this.pointCount++;
    }
  }
}

export class EditSessionTracker {
  private readonly emitEvent: (event: EditSessionEvent) => void;
  private readonly clock: Clock;
  private readonly resolver: SymbolResolver | undefined;
  private readonly maxSessionMs: number;
  private readonly resolveDebounceMs: number;
  private readonly maxSymbols: number;
  private readonly isRecording: () => boolean;
  private readonly newId: () => string;
  private readonly onError: (error: unknown) => void;
  private pathFilter: PathFilter;
  private idleGapMs: number;

  private open: EditSession | undefined;
  /** The focused document's key; undefined when no observed document has focus. */
  private focusedKey: string | undefined;
  /** Until the host reports focus once, changes to any document count. */
  private focusKnown = false;
  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  /** Bumped by reset(); a session finishing under an older generation is dropped, not emitted. */
  private generation = 0;
  /** Sessions ended and waiting for their symbols, by the promise that emits them. */
  private readonly finishing = new Map<Promise<void>, EditSession>();
  private disposed = false;

  constructor(options: EditSessionTrackerOptions) {
    this.emitEvent = options.emit;
    this.clock = options.clock ?? systemClock;
    this.pathFilter = options.pathFilter ?? new PathFilter();
    this.resolver = options.resolver;
    this.idleGapMs = options.idleGapMs ?? DEFAULT_EDIT_IDLE_GAP_MS;
    this.maxSessionMs = options.maxSessionMs ?? DEFAULT_MAX_SESSION_MS;
    this.resolveDebounceMs = options.resolveDebounceMs ?? DEFAULT_RESOLVE_DEBOUNCE_MS;
    this.maxSymbols = options.maxSymbols ?? 20;
    this.isRecording = options.isRecording ?? (() => true);
    this.newId = options.newId ?? randomUUID;
    this.onError = options.onError ?? reportError;
  }

  /** The per-keystroke path. `changes` may be VS Code's own array; it is read, never kept or changed. */
  documentChanged(document: ObservedDocument, changes: readonly ContentChange[], reason: ChangeReason | undefined, at: number): void {
    if (changes.length === 0 || this.disposed) return;
    if (this.focusKnown && this.focusedKey !== document.key) return;
    if (this.pathFilter.excludes(document.file)) return;

    let session = this.open;
    if (
      session !== undefined &&
      (session.document.key !== document.key || at - session.lastActivity >= this.idleGapMs || at - session.start >= this.maxSessionMs)
    ) {
      this.end(session);
      session = undefined;
    }
    if (session === undefined) session = this.startSession(document, at);

    for (let i = 0; i < changes.length; i++) {
      const change = changes[i];
      session.charsInserted += change.text.length;
      session.charsDeleted += change.rangeLength;
      if (session.resolvable) session.recordChange(change);
    }
    session.changes += changes.length;
    if (reason === 'undo') session.undos++;
    else if (reason === 'redo') session.redos++;
    session.lastActivity = at;
    session.lastChangeAt = at;
    if (session.resolvable) {
      this.resolver?.noteChanges?.(document, changes);
      this.schedule(at + this.resolveDebounceMs);
    } else {
      this.schedule(at + this.idleGapMs);
    }
  }

  /** A save counts toward the open session of that document; saves of other documents are ignored. */
  documentSaved(document: ObservedDocument, at: number): void {
    const session = this.open;
    if (session === undefined || session.document.key !== document.key) return;
    if (at - session.lastActivity >= this.idleGapMs) return;
    session.saves++;
    session.lastActivity = at;
  }

  /** The focused document changed (undefined: no observed document has focus). */
  focusChanged(document: ObservedDocument | undefined): void {
    this.focusKnown = true;
    this.focusedKey = document === undefined || this.pathFilter.excludes(document.file) ? undefined : document.key;
  }

  /** A closed document's session ends now. */
  documentClosed(key: string): void {
    if (this.open?.document.key === key) this.end(this.open);
    this.resolver?.forget?.(key);
  }

  /** New exclusions apply at once: a session on a newly excluded file is dropped unrecorded. */
  setPathFilter(filter: PathFilter): void {
    this.pathFilter = filter;
    const session = this.open;
    if (session !== undefined && filter.excludes(session.document.file)) {
      this.open = undefined;
      this.clearTimer();
      this.resolver?.forget?.(session.document.key);
    }
  }

  setIdleGap(ms: number): void {
    this.idleGapMs = ms;
    if (this.open) this.schedule(this.open.lastActivity + ms);
  }

  /** Drops everything in flight, recording nothing (observation paused, or the workspace is untrusted). */
  reset(): void {
    this.generation++;
    for (const session of this.finishing.values()) session.done = true;
    this.open = undefined;
    this.clearTimer();
    this.resolver?.reset?.();
  }

  /**
   * Hands everything over now, synchronously: the open session and those still waiting for symbols are
   * emitted with the symbols known (plus what the resolver can answer without waiting).
   */
  flushNow(): void {
    const open = this.open;
    this.open = undefined;
    this.clearTimer();
    // Oldest first: sessions already ended, then the open one.
    for (const session of [...this.finishing.values(), ...(open ? [open] : [])]) {
      this.resolvePointsNow(session);
      this.emitSession(session, this.generation);
    }
  }

  /** Ends the open session and waits until every finished session has been emitted (or dropped). */
  async flush(): Promise<void> {
    if (this.open) this.end(this.open);
    while (this.finishing.size > 0) await Promise.all([...this.finishing.keys()]);
  }

  /** Hands everything over (see flushNow) and stops. */
  dispose(): void {
    this.flushNow();
    this.clearTimer();
    this.disposed = true;
  }

  /** The session being recorded, for tests and the status line; undefined when none. */
  get openSession(): Readonly<{ file: string; changes: number; start: number }> | undefined {
    const session = this.open;
    return session && { file: session.document.file, changes: session.changes, start: session.start };
  }

  private startSession(document: ObservedDocument, at: number): EditSession {
    const resolvable = this.resolver !== undefined && this.resolver.supports(document.language);
    const session = new EditSession(document, at, resolvable, this.newId());
    this.open = session;
    return session;
  }

  private schedule(due: number): void {
    if (this.timer !== undefined) {
      if (this.timerDue <= due) return;
      this.clock.clearTimer(this.timer);
    }
    this.timerDue = due;
    this.timer = this.clock.setTimer(() => this.onTimer(), due - this.clock.now());
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  /** One timer serves both deadlines; keystrokes only move the deadlines, and the timer re-arms itself. */
  private onTimer(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const session = this.open;
    if (session === undefined) return;
    const now = this.clock.now();
    if (now - session.lastActivity >= this.idleGapMs) {
      this.end(session);
      return;
    }
    if (session.pointCount > 0) {
      const resolveAt = session.lastChangeAt + this.resolveDebounceMs;
      if (now >= resolveAt) this.resolvePoints(session);
      else {
        this.schedule(resolveAt);
        return;
      }
    }
    this.schedule(session.lastActivity + this.idleGapMs);
  }

  /** Moves the session's pending edit points into a batch for the resolver. */
  private takePoints(session: EditSession): PointBatch | undefined {
    const count = session.pointCount;
    session.pointCount = 0;
    if (this.resolver === undefined || count === 0) return undefined;
    const batch: PointBatch = {
      queries: session.points.slice(0, count).map((offset) => ({ offset })),
      weights: session.weights.slice(0, count),
      landed: false,
    };
    session.batches.push(batch);
    return batch;
  }

  private land(session: EditSession, batch: PointBatch, symbols: ReadonlyArray<{ qualifiedName: string } | undefined>): void {
    if (batch.landed) return;
    batch.landed = true;
    for (let i = 0; i < symbols.length && i < batch.weights.length; i++) {
      const name = symbols[i]?.qualifiedName;
      if (name) session.symbolWeights.set(name, (session.symbolWeights.get(name) ?? 0) + batch.weights[i]);
    }
  }

  /** Hands the pending edit points to the resolver; their symbols are added to the session when they land. */
  private resolvePoints(session: EditSession): void {
    const resolver = this.resolver;
    const batch = this.takePoints(session);
    if (resolver === undefined || batch === undefined) return;
    let answer: Promise<ReadonlyArray<{ qualifiedName: string } | undefined>>;
    try {
      answer = resolver.resolve(session.document, batch.queries);
    } catch {
      batch.landed = true;
      return;
    }
    const landed = answer.then(
      (symbols) => this.land(session, batch, symbols),
      // A resolver failure costs this session its symbols, never the session itself.
      () => {
        batch.landed = true;
      },
    );
    session.resolving = session.resolving ? Promise.all([session.resolving, landed]).then(() => undefined) : landed;
  }

  /** Resolves every batch not yet landed if the resolver can answer without waiting; gives up on them otherwise. */
  private resolvePointsNow(session: EditSession): void {
    this.takePoints(session);
    const resolveNow = this.resolver?.resolveNow?.bind(this.resolver);
    for (const batch of session.batches) {
      if (batch.landed) continue;
      let symbols: ReadonlyArray<{ qualifiedName: string } | undefined> | undefined;
      try {
        symbols = resolveNow?.(session.document, batch.queries);
      } catch {
        symbols = undefined;
      }
      if (symbols !== undefined) this.land(session, batch, symbols);
      else batch.landed = true;
    }
  }

  private end(session: EditSession): void {
    if (this.open === session) {
      this.open = undefined;
      this.clearTimer();
    }
    this.resolvePoints(session);
    const generation = this.generation;
    const finishing = this.finish(session, generation);
    this.finishing.set(finishing, session);
    void finishing.finally(() => this.finishing.delete(finishing));
  }

  private async finish(session: EditSession, generation: number): Promise<void> {
    if (session.resolving) await session.resolving;
    this.emitSession(session, generation);
  }

  private emitSession(session: EditSession, generation: number): void {
    if (session.done) return;
    session.done = true;
    if (generation !== this.generation || !this.isRecording()) return;
    const symbols = [...session.symbolWeights]
      .sort((a, b) => b[1] - a[1])
      .slice(0, this.maxSymbols)
      .map(([name]) => name);
    const { document } = session;
    try {
      this.emitEvent({
        id: session.id,
        type: 'edit',
        start: session.start,
        duration: session.lastActivity - session.start,
        ...(document.project !== undefined ? { project: document.project } : {}),
        file: document.file,
        language: document.language,
        charsInserted: session.charsInserted,
        charsDeleted: session.charsDeleted,
        changes: session.changes,
        saves: session.saves,
        undos: session.undos,
        redos: session.redos,
        symbols,
      });
    } catch (error) {
      this.onError(error);
    }
  }
}

function reportError(error: unknown): void {
  console.error('Twin could not hand an edit session over; it is lost, observation goes on:', error);
}
