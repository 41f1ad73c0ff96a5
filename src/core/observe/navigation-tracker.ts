/**
 * Turns active-editor changes and cursor moves into dwell events (time spent in one file, and the symbol
 * the cursor spent longest in) and jump events (switching files, or following a definition, an
 * implementation or a reference).
 *
 * What VS Code 1.100 lets an extension observe (checked in code-server 4.100.3 with real keystrokes):
 * - There is no event for executed commands. A selection change carries a kind: `Keyboard` (typing,
 *   arrows), `Mouse` (clicks), `Command` for every programmatic move — go to definition (F12, Ctrl+click),
 *   implementation, references, type definition, go to line, go to symbol, go back/forward,
 *   `showTextDocument` with a selection, and other extensions' moves (Vim's motions among them) — and no
 *   kind at all when an editor restores its view state or an undo moves the cursor.
 * - A jump into another file arrives as an active-editor change whose selection is still the old one
 *   (often 0:0), followed within milliseconds by a `Command` selection change to the target. A tab click,
 *   Quick Open or the explorer gives the active-editor change alone, or one followed by a kind-less
 *   view-state restore.
 * - Peek widgets (peek definition, references, Ctrl+click with several targets) report their embedded
 *   editor's selection changes too, while the active editor stays put: the adapter passes only the
 *   active editor's selection changes, so peeking is not a jump.
 *
 * The heuristic, from that:
 * - An arrival in another file followed within `jumpWindowMs` by a `Command` selection change there is a
 *   navigation jump; any other arrival is a switch. A switch into a file left again before `minDwellMs`
 *   is folded into the next one (A → B briefly → C reads as A → C).
 * - A `Command` move of at least two lines within the file is a candidate jump, kept only when it is
 *   shown to be a definition, implementation or references jump (plain go-to-line is not worth a row).
 * - Which kind: a `JumpClassifier` checks the move against the language's own providers from the place
 *   the cursor left (the adapter asks VS Code's definition, implementation and reference providers); when
 *   there is none or it cannot tell, a target on a symbol's declaration line counts as a definition, and
 *   anything else as `other`. Same-file candidates are classified one at a time, newest first, so a Vim
 *   user's stream of `Command` moves cannot flood the language server.
 * - Go Back / Go Forward are `Command` moves too, and going back from a definition lands on a reference
 *   of it: a move to exactly the place (line and column) a recent jump left from is history navigation,
 *   `other`, whatever the providers would say.
 *
 * Dwell: a visit starts when an observed file becomes active in a focused window and ends when another
 * editor becomes active, the window loses focus, or nothing happens (no cursor move, scroll or edit) for
 * `idleGapMs` — then it ends at the last activity, inventing no time. Visits shorter than `minDwellMs`
 * are not reported. Time is counted per cursor line (a bounded map updated per move); lines become
 * symbols only when the visit ends, through the `SymbolResolver`.
 */

import { randomUUID } from 'node:crypto';

import type { DwellEvent, JumpEvent } from '../protocol/events';
import { type Clock, type TimerHandle, systemClock } from './clock';
import type { CursorPosition, ObservedDocument } from './observed-document';
import { PathFilter } from './path-filter';
import { type ResolvedSymbol, type SymbolResolver, isDeclarationSite } from './symbol-resolver';

export type SelectionChangeKind = 'keyboard' | 'mouse' | 'command' | 'other';
export type JumpKind = JumpEvent['kind'];

export interface Place {
  readonly document: ObservedDocument;
  readonly position: CursorPosition;
}

/** Decides what kind of move brought the cursor from one place to another. */
export interface JumpClassifier {
  /** `definition`, `implementation`, `references` or `other` when it can tell; undefined when it cannot. */
  classify(from: Place, to: Place): Promise<JumpKind | undefined>;
}

export const DEFAULT_MIN_DWELL_MS = 2_000;
export const DEFAULT_NAVIGATION_IDLE_GAP_MS = 180_000;
export const DEFAULT_JUMP_WINDOW_MS = 1_500;
export const DEFAULT_CLASSIFY_TIMEOUT_MS = 3_000;

/** A `Command` move within a file must cover at least this many lines to be considered a jump. */
const SAME_FILE_MIN_LINES = 2;
/** Distinct lines timed per visit; time on further lines is not attributed to a symbol. */
const LINE_CAPACITY = 512;
/** The most-dwelt lines sent to the resolver when a visit ends. */
const LINES_RESOLVED = 32;
/** Recent jump origins remembered to recognise Go Back. */
const ORIGINS_REMEMBERED = 16;

export interface NavigationTrackerOptions {
  emit(event: DwellEvent | JumpEvent): void;
  clock?: Clock;
  pathFilter?: PathFilter;
  resolver?: SymbolResolver;
  classifier?: JumpClassifier;
  minDwellMs?: number;
  idleGapMs?: number;
  jumpWindowMs?: number;
  classifyTimeoutMs?: number;
  isRecording?: () => boolean;
  newId?: () => string;
  onError?: (error: unknown) => void;
}

interface Visit {
  readonly document: ObservedDocument;
  readonly start: number;
  lastActivity: number;
  /** When time was last attributed to `line`. */
  lastMark: number;
  line: number;
  character: number;
  readonly lineTimes: Map<number, number>;
  /** Arrival not yet told apart (switch or navigation jump): where the cursor came from. */
  arrival: { readonly from: Place; readonly decideBy: number } | undefined;
  /** Arrived by a plain switch: such a visit, if brief, is folded into the next switch. */
  arrivedBySwitch: boolean;
}

interface PendingSwitch {
  readonly visit: Visit;
  readonly from: Place;
  readonly at: number;
}

export class NavigationTracker {
  private readonly emitEvent: (event: DwellEvent | JumpEvent) => void;
  private readonly clock: Clock;
  private readonly resolver: SymbolResolver | undefined;
  private readonly classifier: JumpClassifier | undefined;
  private readonly minDwellMs: number;
  private readonly jumpWindowMs: number;
  private readonly classifyTimeoutMs: number;
  private readonly isRecording: () => boolean;
  private readonly newId: () => string;
  private readonly onError: (error: unknown) => void;
  private pathFilter: PathFilter;
  private idleGapMs: number;

  private current: Visit | undefined;
  /** The observed document in the active editor, visited or not (window unfocused, idle); updated in place per move. */
  private active: { document: ObservedDocument; position: CursorPosition } | undefined;
  private windowFocused = true;
  /** Where the cursor last was in a file that was really visited: the origin of the next jump. */
  private lastPlace: Place | undefined;
  private pendingSwitch: PendingSwitch | undefined;
  /** Where recent jumps left from, newest last: landing exactly there again is going back. */
  private readonly origins: Place[] = [];
  private classifyingSameFile = false;
  private queuedSameFile: { from: Place; to: Place; at: number } | undefined;

  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private generation = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private disposed = false;

  constructor(options: NavigationTrackerOptions) {
    this.emitEvent = options.emit;
    this.clock = options.clock ?? systemClock;
    this.pathFilter = options.pathFilter ?? new PathFilter();
    this.resolver = options.resolver;
    this.classifier = options.classifier;
    this.minDwellMs = options.minDwellMs ?? DEFAULT_MIN_DWELL_MS;
    this.idleGapMs = options.idleGapMs ?? DEFAULT_NAVIGATION_IDLE_GAP_MS;
    this.jumpWindowMs = options.jumpWindowMs ?? DEFAULT_JUMP_WINDOW_MS;
    this.classifyTimeoutMs = options.classifyTimeoutMs ?? DEFAULT_CLASSIFY_TIMEOUT_MS;
    this.isRecording = options.isRecording ?? (() => true);
    this.newId = options.newId ?? randomUUID;
    this.onError = options.onError ?? reportError;
  }

  /** The active editor changed; `document` is undefined for anything not observed (output, settings, excluded). */
  editorChanged(document: ObservedDocument | undefined, position: CursorPosition | undefined, at: number): void {
    if (this.disposed) return;
    const observed = this.observable(document);
    if (observed !== undefined && this.active?.document.key === observed.key) return;
    this.leave(at);
    this.active = observed && { document: observed, position: position ?? { line: 0, character: 0 } };
    if (this.active !== undefined && this.windowFocused) this.startVisit(this.active, at, this.lastPlace);
  }

  /** The cursor moved in the active editor. */
  selectionChanged(document: ObservedDocument | undefined, position: CursorPosition, kind: SelectionChangeKind, at: number): void {
    if (this.disposed) return;
    const observed = this.observable(document);
    if (observed === undefined) return;
    if (this.active?.document.key !== observed.key) this.editorChanged(observed, position, at);
    if (this.active === undefined) this.active = { document: observed, position };
    else this.active.position = position;
    let visit = this.current;
    if (visit !== undefined && at - visit.lastActivity >= this.idleGapMs) {
      this.leave(at);
      visit = undefined;
    }
    if (visit === undefined) {
      if (!this.windowFocused) return;
      visit = this.startVisit(this.active, at, undefined);
    }

    if (visit.arrival !== undefined) {
      const { from } = visit.arrival;
      visit.arrival = undefined;
      if (kind === 'command') this.navigationJump(from, { document: observed, position }, at);
      else this.pendingSwitchInto(visit, from, visit.start);
    } else if (kind === 'command' && Math.abs(position.line - visit.line) >= SAME_FILE_MIN_LINES) {
      this.sameFileCandidate({ document: observed, position: { line: visit.line, character: visit.character } }, { document: observed, position }, at);
    }

    this.attribute(visit, at);
    visit.line = position.line;
    visit.character = position.character;
    visit.lastActivity = at;
  }

  /** Something else showed the user is there: a scroll, an edit. */
  activity(document: ObservedDocument | undefined, at: number): void {
    if (this.disposed || document === undefined || this.active?.document.key !== document.key) return;
    const visit = this.current;
    if (visit !== undefined && at - visit.lastActivity < this.idleGapMs) {
      visit.lastActivity = at;
      return;
    }
    if (visit !== undefined) this.leave(at);
    if (this.windowFocused) this.startVisit(this.active, at, undefined);
  }

  windowFocusChanged(focused: boolean, at: number): void {
    if (this.disposed || focused === this.windowFocused) return;
    this.windowFocused = focused;
    if (!focused) this.leave(at);
    else if (this.active !== undefined) this.startVisit(this.active, at, undefined);
  }

  setPathFilter(filter: PathFilter): void {
    this.pathFilter = filter;
    const excluded = (place: Place | undefined) => place !== undefined && filter.excludes(place.document.file);
    if (this.current !== undefined && filter.excludes(this.current.document.file)) {
      this.resolver?.forget?.(this.current.document.key);
      this.current = undefined;
    }
    if (excluded(this.active)) this.active = undefined;
    if (excluded(this.lastPlace)) this.lastPlace = undefined;
    for (let i = this.origins.length - 1; i >= 0; i--) if (excluded(this.origins[i])) this.origins.splice(i, 1);
    if (this.pendingSwitch !== undefined && (excluded(this.pendingSwitch.from) || filter.excludes(this.pendingSwitch.visit.document.file))) {
      this.pendingSwitch = undefined;
    }
    this.queuedSameFile = undefined;
    this.reschedule();
  }

  setIdleGap(ms: number): void {
    this.idleGapMs = ms;
    this.reschedule();
  }

  /** Drops everything in flight, recording nothing (observation paused, or the workspace is untrusted). */
  reset(): void {
    this.generation++;
    this.current = undefined;
    this.active = undefined;
    this.lastPlace = undefined;
    this.pendingSwitch = undefined;
    this.queuedSameFile = undefined;
    this.origins.length = 0;
    this.clearTimer();
  }

  /**
   * Ends the current visit and hands it over now, synchronously, with the symbols the resolver can name
   * without waiting. Jumps still being classified follow when they are.
   */
  flushNow(): void {
    this.leave(this.clock.now(), true);
  }

  /** Ends the current visit and waits until every event under way has been emitted (or dropped). */
  async flush(): Promise<void> {
    this.leave(this.clock.now());
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  dispose(): void {
    this.flushNow();
    this.clearTimer();
    this.disposed = true;
  }

  /** The visit under way, for the merger and tests; undefined when none. */
  get currentVisit(): Readonly<{ file: string; start: number }> | undefined {
    const visit = this.current;
    return visit && { file: visit.document.file, start: visit.start };
  }

  // ---------------------------------------------------------------------------------------------------
  // Visits

  private observable(document: ObservedDocument | undefined): ObservedDocument | undefined {
    return document === undefined || this.pathFilter.excludes(document.file) ? undefined : document;
  }

  private startVisit(place: Place, at: number, from: Place | undefined): Visit {
    const visit: Visit = {
      document: place.document,
      start: at,
      lastActivity: at,
      lastMark: at,
      line: place.position.line,
      character: place.position.character,
      lineTimes: new Map(),
      arrival: from !== undefined && from.document.key !== place.document.key ? { from, decideBy: at + this.jumpWindowMs } : undefined,
      arrivedBySwitch: false,
    };
    this.current = visit;
    this.reschedule();
    return visit;
  }

  /** Adds the time since the last mark to the cursor's line, up to the idle gap. */
  private attribute(visit: Visit, at: number): void {
    const elapsed = Math.min(at, visit.lastActivity + this.idleGapMs) - visit.lastMark;
    visit.lastMark = at;
    if (elapsed <= 0) return;
    const times = visit.lineTimes;
    const sofar = times.get(visit.line);
    if (sofar !== undefined) times.set(visit.line, sofar + elapsed);
    else if (times.size < LINE_CAPACITY) times.set(visit.line, elapsed);
  }

  /** Ends the current visit at `at` (or at its last activity when it had gone idle). */
  private leave(at: number, immediate = false): void {
    const visit = this.current;
    if (visit === undefined) return;
    this.current = undefined;
    const end = at - visit.lastActivity < this.idleGapMs ? at : visit.lastActivity;
    this.attribute(visit, end);
    if (visit.arrival !== undefined) {
      this.pendingSwitchInto(visit, visit.arrival.from, visit.start);
      visit.arrival = undefined;
    }
    const duration = end - visit.start;
    const pending = this.pendingSwitch;
    if (pending !== undefined && pending.visit === visit) {
      this.pendingSwitch = undefined;
      if (duration >= this.minDwellMs) {
        const to = { document: visit.document, position: { line: visit.line, character: visit.character } };
        this.emitJump('switch', pending.from, to, pending.at, this.generation, immediate);
      }
    }
    // A brief stop on the way (A → B → C within moments) is not where the next jump came from.
    if (!(visit.arrivedBySwitch && duration < this.minDwellMs)) {
      this.lastPlace = { document: visit.document, position: { line: visit.line, character: visit.character } };
    }
    if (duration >= this.minDwellMs) this.emitDwell(visit, end, immediate);
    this.reschedule();
  }

  // ---------------------------------------------------------------------------------------------------
  // Jumps

  private pendingSwitchInto(visit: Visit, from: Place, at: number): void {
    this.rememberOrigin(from);
    visit.arrivedBySwitch = true;
    this.pendingSwitch = { visit, from, at };
    this.reschedule();
  }

  private rememberOrigin(from: Place): void {
    this.origins.push(from);
    if (this.origins.length > ORIGINS_REMEMBERED) this.origins.shift();
  }

  private isRecentOrigin(to: Place): boolean {
    return this.origins.some(
      (origin) => origin.document.key === to.document.key && origin.position.line === to.position.line && origin.position.character === to.position.character,
    );
  }

  private navigationJump(from: Place, to: Place, at: number): void {
    const generation = this.generation;
    const back = this.isRecentOrigin(to);
    this.rememberOrigin(from);
    if (back) {
      this.emitJump('other', from, to, at, generation);
      return;
    }
    this.track(this.classify(from, to).then((kind) => this.emitJump(kind, from, to, at, generation)));
  }

  private sameFileCandidate(from: Place, to: Place, at: number): void {
    if (this.classifier === undefined && this.resolver?.supports(to.document.language) !== true) return;
    if (this.isRecentOrigin(to)) {
      this.rememberOrigin(from);
      return;
    }
    if (this.classifyingSameFile) {
      this.queuedSameFile = { from, to, at };
      return;
    }
    this.classifyingSameFile = true;
    const generation = this.generation;
    const work = this.classify(from, to)
      .then((kind) => {
        if (kind === 'other' || kind === 'switch') return;
        this.rememberOrigin(from);
        this.emitJump(kind, from, to, at, generation);
      })
      .finally(() => {
        this.classifyingSameFile = false;
        const next = this.queuedSameFile;
        this.queuedSameFile = undefined;
        if (next !== undefined && generation === this.generation) this.sameFileCandidate(next.from, next.to, next.at);
      });
    this.track(work);
  }

  private async classify(from: Place, to: Place): Promise<JumpKind> {
    if (this.classifier !== undefined) {
      const verdict = await this.withTimeout(this.classifier.classify(from, to)).catch(() => undefined);
      if (verdict !== undefined) return verdict;
    }
    const [symbol] = await this.symbolsAt(to.document, [to.position.line]);
    return symbol !== undefined && isDeclarationSite(symbol, to.position.line) ? 'definition' : 'other';
  }

  private emitJump(kind: JumpKind, from: Place, to: Place, at: number, generation = this.generation, immediate = false): void {
    const fromLines = [from.position.line];
    const toLines = [to.position.line];
    const send = (fromSymbol: ResolvedSymbol | undefined, toSymbol: ResolvedSymbol | undefined) => {
      if (!this.mayEmit(generation) || this.pathFilter.excludes(to.document.file)) return;
      // The origin may have been excluded since; it must not leak into the event.
      const fromShown = !this.pathFilter.excludes(from.document.file);
      this.emitSafely({
        id: this.newId(),
        type: 'jump',
        start: at,
        duration: 0,
        ...(to.document.project !== undefined ? { project: to.document.project } : {}),
        kind,
        ...(fromShown ? { fromFile: from.document.file } : {}),
        ...(fromShown && fromSymbol ? { fromSymbol: fromSymbol.qualifiedName } : {}),
        toFile: to.document.file,
        ...(toSymbol ? { toSymbol: toSymbol.qualifiedName } : {}),
        language: to.document.language,
      });
    };
    if (immediate) {
      send(this.symbolsNow(from.document, fromLines)[0], this.symbolsNow(to.document, toLines)[0]);
      return;
    }
    this.track(
      (async () => {
        const [[fromSymbol], [toSymbol]] = await Promise.all([this.symbolsAt(from.document, fromLines), this.symbolsAt(to.document, toLines)]);
        send(fromSymbol, toSymbol);
      })(),
    );
  }

  // ---------------------------------------------------------------------------------------------------
  // Dwell

  private emitDwell(visit: Visit, end: number, immediate = false): void {
    const generation = this.generation;
    const lines = [...visit.lineTimes].sort((a, b) => b[1] - a[1]).slice(0, LINES_RESOLVED);
    const send = (symbols: ReadonlyArray<ResolvedSymbol | undefined>) => {
      if (!this.mayEmit(generation) || this.pathFilter.excludes(visit.document.file)) return;
      const timeBySymbol = new Map<string, number>();
      symbols.forEach((symbol, i) => {
        if (symbol) timeBySymbol.set(symbol.qualifiedName, (timeBySymbol.get(symbol.qualifiedName) ?? 0) + lines[i][1]);
      });
      let symbol: string | undefined;
      let longest = 0;
      for (const [name, time] of timeBySymbol) {
        if (time > longest) {
          symbol = name;
          longest = time;
        }
      }
      const { document } = visit;
      this.emitSafely({
        id: this.newId(),
        type: 'dwell',
        start: visit.start,
        duration: end - visit.start,
        ...(document.project !== undefined ? { project: document.project } : {}),
        file: document.file,
        language: document.language,
        ...(symbol !== undefined ? { symbol } : {}),
      });
    };
    const lineNumbers = lines.map(([line]) => line);
    if (immediate) send(this.symbolsNow(visit.document, lineNumbers));
    else this.track(this.symbolsAt(visit.document, lineNumbers).then(send));
  }

  // ---------------------------------------------------------------------------------------------------
  // Plumbing

  private async symbolsAt(document: ObservedDocument, lines: readonly number[]): Promise<ReadonlyArray<ResolvedSymbol | undefined>> {
    const resolver = this.resolver;
    if (lines.length === 0 || resolver === undefined || !resolver.supports(document.language)) return lines.map(() => undefined);
    try {
      return await this.withTimeout(resolver.resolve(document, lines.map((line) => ({ line }))));
    } catch {
      return lines.map(() => undefined);
    }
  }

  private symbolsNow(document: ObservedDocument, lines: readonly number[]): ReadonlyArray<ResolvedSymbol | undefined> {
    const resolver = this.resolver;
    if (lines.length === 0 || resolver?.resolveNow === undefined || !resolver.supports(document.language)) return lines.map(() => undefined);
    try {
      return resolver.resolveNow(document, lines.map((line) => ({ line }))) ?? lines.map(() => undefined);
    } catch {
      return lines.map(() => undefined);
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.clock.setTimer(() => reject(new Error('timed out')), this.classifyTimeoutMs);
      work.then(
        (value) => {
          this.clock.clearTimer(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.clock.clearTimer(timer);
          reject(error);
        },
      );
    });
  }

  private mayEmit(generation: number): boolean {
    return generation === this.generation && this.isRecording();
  }

  private emitSafely(event: DwellEvent | JumpEvent): void {
    try {
      this.emitEvent(event);
    } catch (error) {
      this.onError(error);
    }
  }

  private track(work: Promise<void>): void {
    const guarded = work.catch((error: unknown) => this.onError(error));
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  /** One timer for every deadline: the arrival decision, the pending switch's minimum dwell, idleness. */
  private reschedule(): void {
    let due = Number.POSITIVE_INFINITY;
    const visit = this.current;
    if (visit !== undefined) {
      due = visit.lastActivity + this.idleGapMs;
      if (visit.arrival !== undefined) due = Math.min(due, visit.arrival.decideBy);
    }
    if (this.pendingSwitch !== undefined) due = Math.min(due, this.pendingSwitch.visit.start + this.minDwellMs);
    if (due === this.timerDue) return;
    this.clearTimer();
    if (due === Number.POSITIVE_INFINITY) return;
    this.timerDue = due;
    this.timer = this.clock.setTimer(() => this.onTimer(), due - this.clock.now());
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const visit = this.current;
    if (visit !== undefined && visit.arrival !== undefined && now >= visit.arrival.decideBy) {
      this.pendingSwitchInto(visit, visit.arrival.from, visit.start);
      visit.arrival = undefined;
    }
    const pending = this.pendingSwitch;
    if (pending !== undefined && pending.visit === this.current && now >= pending.visit.start + this.minDwellMs) {
      this.pendingSwitch = undefined;
      const { visit: into } = pending;
      this.emitJump('switch', pending.from, { document: into.document, position: { line: into.line, character: into.character } }, pending.at);
    }
    if (visit !== undefined && now - visit.lastActivity >= this.idleGapMs) this.leave(now);
    this.reschedule();
  }
}

function reportError(error: unknown): void {
  console.error('Twin could not hand a navigation event over; it is lost, observation goes on:', error);
}
