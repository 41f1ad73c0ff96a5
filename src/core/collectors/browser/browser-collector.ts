/**
 * The browser-history collector: every poll it finds the Chromium-family and Firefox profiles, reads the
 * visits each recorded since its cursor (from a private copy of the history database), and hands Twin
 * one episodic memory per page looked at.
 *
 * Guarantees:
 * - Nothing acknowledged is lost: a profile's cursor moves only after `sink.remember` stored its visits;
 *   after a failure or crash the same visits are read again and their deterministic ids
 *   (`browser:<browser>:<profile key>:<visit id>`) replace rather than duplicate.
 * - Pause means never: while paused nothing is read, and visits made while paused are skipped for good
 *   when observation resumes (their cursor moves past them, nothing is stored). Twin cannot ask the
 *   browser when a pause began, so the pause is counted from the last poll that ran unpaused: visits in
 *   the minute before a pause may be dropped too, never recorded by mistake.
 * - Off means never too: stopped because the user turned it off or withdrew consent (or for a forget),
 *   it records the same kind of no-capture window from its last poll, so switching it on again does not
 *   store what was browsed meanwhile. Only after a shutdown or restart of the sidecar does it catch up.
 * - Any such stop (and so every forget) drops what it keeps to extend the last page looked at, so a
 *   reload afterwards starts a new memory instead of rewriting one that may have been forgotten.
 * - One broken profile does not stop the others; its error names the file.
 * - Only URLs the UrlPolicy allows are stored, cleaned; logs carry counts and timings, never URLs.
 */
import * as fs from 'node:fs';
import type { Collector, CollectorDescription, CollectorSink, CollectorStatus, CollectorStopOptions, CollectorStopReason } from '../collector';
import type { MemoryInput } from '../../types';
import { type BrowserProfile, discoverProfiles, type ExtraProfile, type ProfileDiscoveryOptions } from './browser-profiles';
import { type BrowserState, duringPause, type ProfileCursor, emptyBrowserState, loadBrowserState, saveBrowserState } from './browser-state';
import { type HistoryVisit, readerFor } from './history-readers';
import { openHistorySnapshot } from './history-snapshot';
import { UrlPolicy } from './url-policy';
import { COLLAPSE_WINDOW_MS, collapseVisits, memoryForRun, type PageVisit, tailOf } from './visit-memories';

const DAY_MS = 86_400_000;

export const BROWSER_COLLECTOR_DESCRIPTION: CollectorDescription = {
  id: 'browser',
  title: 'Browser history',
  captures:
    'Reads the history of Chrome, Chromium, Edge, Brave and Firefox on this machine (a private copy, never the ' +
    'browser’s own file) and remembers each page you visited: its title, its address without query ' +
    'parameters that could hold secrets, when, and how long where the browser records it. It never ' +
    'stores browser-internal pages, local files, sign-in, banking, health, webmail, messaging or adult ' +
    'sites (the domain denylist), nor anything you visit while Twin is paused or this collector is off. ' +
    'The first time it finds a browser profile it also reads the last 7 days of that profile’s history. ' +
    'Private windows are not in the history, so they are never read.',
  defaultEnabled: true,
};

export interface BrowserCollectorOptions {
  /** Between polls; default 60 s. */
  pollIntervalMs?: number;
  /** Search the browsers' usual profile folders (default true). */
  standardLocations?: boolean;
  /** More profile folders (a Chromium `Default`/`Profile N` folder, or a Firefox profile folder). */
  extraProfiles?: readonly ExtraProfile[];
  /** Host patterns never stored; replaces DEFAULT_DENIED_DOMAINS (see url-policy.ts). */
  deniedDomains?: readonly string[];
  /** Query parameters kept in stored URLs; replaces DEFAULT_KEPT_QUERY_PARAMETERS. */
  keptQueryParameters?: readonly string[];
  /** A newly found profile is read from this many days back (default 7). */
  backfillDays?: number;
  /** Visits read per profile and poll (default 2000); a long backlog is spread over polls. */
  maxVisitsPerPoll?: number;
  /** Loads of the same page within this long of the previous one are one memory (default 60 s). */
  collapseWindowMs?: number;
  /** Where the usual profile folders are looked for (tests). */
  discovery?: Pick<ProfileDiscoveryOptions, 'homeDir' | 'platform' | 'env'>;
  now?: () => number;
}

/** What one poll did; also what the host shows after "sync now". */
export interface BrowserPollReport {
  paused: boolean;
  profiles: string[];
  /** Profiles whose history files had not changed since the last poll (not copied or opened). */
  unchanged: number;
  /** Visit rows examined. */
  visitsRead: number;
  /** Memories handed to Twin (collapsed runs). */
  memoriesStored: number;
  skipped: { notPage: number; scheme: number; deniedDomain: number; paused: number };
  errors: string[];
  durationMs: number;
}

interface ProfileResult {
  visitsRead: number;
  memories: MemoryInput[];
  skipped: BrowserPollReport['skipped'];
  /** The profile's cursor once the memories are stored. */
  entry: ProfileCursor;
  latest?: number;
}

/** Failures that a half-written copy can cause; worth one more try with a fresh copy. */
const TORN_COPY = /malformed|not a database|disk image/i;

function describeFailure(profile: BrowserProfile, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const kind = profile.format === 'firefox' ? 'Firefox places.sqlite' : 'Chromium History';
  let hint: string;
  if (code === 'ENOENT') hint = 'the file is gone (was the profile deleted or moved?)';
  else if (code === 'EACCES' || code === 'EPERM') hint = 'Twin may not read it: check the file’s permissions';
  else if (TORN_COPY.test(message)) hint = `it is damaged or not a ${kind} database; Twin keeps trying each poll, other profiles are unaffected`;
  else if (/no such (table|column)/i.test(message)) hint = `it does not have the tables of a ${kind} database (an unsupported browser version?)`;
  else hint = 'Twin keeps trying each poll, other profiles are unaffected';
  return `Cannot read the history of ${profile.label} (${profile.historyFile}): ${message.replace(/\.$/, '')} — ${hint}.`;
}

/** Size and modification time of a history file and its WAL; undefined when unknown or too fresh to trust. */
function fileSignature(file: string): string | undefined {
  try {
    const main = fs.statSync(file);
    let wal = '';
    let walMtime = 0;
    try {
      const walStat = fs.statSync(`${file}-wal`);
      wal = `${walStat.size}:${walStat.mtimeMs}`;
      walMtime = walStat.mtimeMs;
    } catch {
      // No WAL.
    }
    // A file written in the last two seconds may change again within its mtime's resolution: read it.
    if (Date.now() - main.mtimeMs < 2000 || Date.now() - walMtime < 2000) return undefined;
    return `${main.size}:${main.mtimeMs}:${wal}`;
  } catch {
    return undefined;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export class BrowserCollector implements Collector {
  readonly description = BROWSER_COLLECTOR_DESCRIPTION;
  private readonly policy: UrlPolicy;
  private readonly now: () => number;
  private sink?: CollectorSink;
  private state: BrowserState = emptyBrowserState();
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<BrowserPollReport> | undefined;
  private running = false;
  private captured = 0;
  private lastActivityAt?: number;
  private lastRunAt?: number;
  private profileLabels: string[] = [];
  private errors: string[] = [];
  private statePaused = false;
  /** Size and mtime of each profile's files when it was last read through: unchanged files are not copied again. */
  private readonly seen = new Map<string, string>();

  private get maxVisitsPerPoll(): number {
    return this.options.maxVisitsPerPoll ?? 2000;
  }

  constructor(private readonly options: BrowserCollectorOptions = {}) {
    this.policy = new UrlPolicy({ deniedDomains: options.deniedDomains, keptQueryParameters: options.keptQueryParameters });
    this.now = options.now ?? Date.now;
  }

  async start(sink: CollectorSink): Promise<void> {
    if (this.running) return;
    this.sink = sink;
    const loaded = loadBrowserState(sink.home);
    this.state = loaded.state;
    this.errors = loaded.problem ? [loaded.problem] : [];
    if (loaded.problem) sink.log.warn(`${loaded.problem}`);
    this.running = true;
    this.schedule(0);
  }

  async stop(options: CollectorStopOptions = {}): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
    const reason: CollectorStopReason = options.reason ?? (this.sink?.isPaused() ? 'paused' : 'shutdown');
    // After a shutdown or restart the next start catches up; after any other stop, what happens until then is not captured.
    if (reason === 'shutdown' || reason === 'restart') return;
    this.noteNoCapture(reason);
    // Nothing continues across a gap: a reload after it is a new memory. This also keeps a forget that
    // lands while the collector is stopped (paused, off) from being undone by a reload that extends a
    // forgotten page visit.
    for (const profile of Object.values(this.state.profiles)) delete profile.last;
    this.save();
  }

  status(): CollectorStatus {
    const profiles = this.profileLabels.length
      ? `${plural(this.profileLabels.length, 'profile')}: ${this.profileLabels.join(', ')}`
      : this.lastRunAt === undefined
        ? 'Looking for browser profiles'
        : 'No browser profiles found';
    return {
      id: 'browser',
      running: this.running,
      lastActivityAt: this.lastActivityAt,
      lastRunAt: this.lastRunAt,
      captured: this.captured,
      lastError: this.errors.length ? this.errors.join(' ') : undefined,
      detail: this.statePaused ? `Paused, reading nothing; ${profiles}` : profiles,
    };
  }

  /**
   * Runs a poll now (after one in flight), for "sync now" and tests; the next scheduled poll then comes
   * a full interval after it. Needs `start` first.
   */
  pollNow(): Promise<BrowserPollReport> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const previous = this.inFlight ?? Promise.resolve(undefined);
    const run = previous.catch(() => undefined).then(() => this.poll());
    this.inFlight = run;
    void run
      .catch((error) => this.sink?.log.error(`poll failed: ${(error as Error).message}`))
      .finally(() => {
        if (this.inFlight !== run) return;
        this.inFlight = undefined;
        this.schedule(this.options.pollIntervalMs ?? 60_000);
      });
    return run;
  }

  private schedule(delayMs: number): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().catch(() => undefined);
    }, delayMs);
    this.timer.unref();
  }

  private notePause(): void {
    this.noteNoCapture('paused');
  }

  /** Opens a no-capture window from the last poll (closed by the next poll that runs), unless one is open. */
  private noteNoCapture(reason: CollectorStopReason): void {
    const open = this.state.pauses.find((pause) => pause.to === undefined);
    if (!open) this.state.pauses.push({ from: this.state.lastPollAt ?? this.now(), reason });
    if (reason === 'paused') this.statePaused = true;
  }

  private closePause(now: number): void {
    for (const pause of this.state.pauses) if (pause.to === undefined) pause.to = now;
    this.statePaused = false;
    // Pauses older than any visit a new profile would still read can go.
    const horizon = now - (this.options.backfillDays ?? 7) * DAY_MS - DAY_MS;
    this.state.pauses = this.state.pauses.filter((pause) => pause.to === undefined || pause.to >= horizon);
  }

  private save(): void {
    if (!this.sink) return;
    try {
      saveBrowserState(this.sink.home, this.state);
    } catch (error) {
      this.sink.log.error(`cannot save its cursors: ${(error as Error).message}`);
    }
  }

  private async poll(): Promise<BrowserPollReport> {
    const started = this.now();
    const clock = Date.now();
    const report: BrowserPollReport = {
      paused: false,
      profiles: [],
      unchanged: 0,
      visitsRead: 0,
      memoriesStored: 0,
      skipped: { notPage: 0, scheme: 0, deniedDomain: 0, paused: 0 },
      errors: [],
      durationMs: 0,
    };
    const sink = this.sink;
    if (!sink) throw new Error('The browser collector was not started: call start(sink) first.');
    if (sink.isPaused()) {
      this.notePause();
      this.save();
      report.paused = true;
      report.durationMs = Date.now() - clock;
      return report;
    }
    this.closePause(started);

    const { profiles, problems } = discoverProfiles({ ...this.options.discovery, standardLocations: this.options.standardLocations, extraProfiles: this.options.extraProfiles });
    report.errors.push(...problems);
    report.profiles = profiles.map((profile) => profile.label);
    this.profileLabels = report.profiles;

    for (const profile of profiles) {
      if (sink.isPaused()) {
        this.notePause();
        report.paused = true;
        break;
      }
      const signature = fileSignature(profile.historyFile);
      if (signature !== undefined && this.seen.get(profile.key) === signature && this.state.profiles[profile.key]) {
        report.unchanged++;
        continue;
      }
      this.seen.delete(profile.key);
      try {
        const result = await this.readProfile(profile, started);
        report.visitsRead += result.visitsRead;
        for (const key of Object.keys(result.skipped) as (keyof BrowserPollReport['skipped'])[]) report.skipped[key] += result.skipped[key];
        if (result.memories.length) {
          let stored: boolean;
          try {
            ({ stored } = await sink.remember(result.memories));
          } catch (error) {
            report.errors.push(
              `Twin could not store ${plural(result.memories.length, 'visit')} from ${profile.label}: ${(error as Error).message.replace(/\.$/, '')} — they are read again on the next poll.`,
            );
            continue;
          }
          if (!stored) {
            // Paused between reading and storing: keep the cursor, the visits fall in the pause.
            this.notePause();
            report.paused = true;
            break;
          }
          report.memoriesStored += result.memories.length;
          this.captured += result.memories.length;
          if (result.latest !== undefined) this.lastActivityAt = Math.max(this.lastActivityAt ?? 0, result.latest);
        }
        this.state.profiles[profile.key] = result.entry;
        this.save();
        // A batch cut short by maxVisitsPerPoll leaves more to read even if the file does not change.
        if (signature !== undefined && result.visitsRead < this.maxVisitsPerPoll) this.seen.set(profile.key, signature);
      } catch (error) {
        report.errors.push(describeFailure(profile, error));
      }
    }
    if (!report.paused) this.state.lastPollAt = started;
    this.save();
    this.errors = report.errors;
    this.lastRunAt = this.now();
    report.durationMs = Date.now() - clock;
    sink.log.debug(
      `browser: ${report.profiles.length} profiles, ${report.visitsRead} visits read, ${report.memoriesStored} memories, ` +
        `skipped ${JSON.stringify(report.skipped)}, ${report.errors.length} errors, ${report.durationMs} ms`,
    );
    for (const error of report.errors) sink.log.warn(`${error}`);
    return report;
  }

  /** The visits after the profile's cursor, read from a fresh snapshot (once more if the copy was torn). */
  private async readVisits(profile: BrowserProfile, now: number): Promise<{ visits: HistoryVisit[]; cursor: number }> {
    const reader = readerFor(profile.format);
    const attempt = async () => {
      const snapshot = await openHistorySnapshot(profile.historyFile);
      try {
        const known = this.state.profiles[profile.key];
        const cursor = known ? known.cursor : reader.cursorBefore(snapshot.db, now - (this.options.backfillDays ?? 7) * DAY_MS);
        return { visits: reader.visitsAfter(snapshot.db, cursor, this.maxVisitsPerPoll), cursor };
      } finally {
        snapshot.db.close();
      }
    };
    try {
      return await attempt();
    } catch (error) {
      if (!TORN_COPY.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return attempt();
    }
  }

  private async readProfile(profile: BrowserProfile, now: number): Promise<ProfileResult> {
    const { visits, cursor } = await this.readVisits(profile, now);
    const skipped = { notPage: 0, scheme: 0, deniedDomain: 0, paused: 0 };
    const pages: PageVisit[] = [];
    for (const visit of visits) {
      if (!visit.page) skipped.notPage++;
      else if (duringPause(this.state.pauses, visit.time)) skipped.paused++;
      else {
        const verdict = this.policy.judge(visit.url);
        if (!verdict.stored) {
          if (verdict.reason === 'denied-domain') skipped.deniedDomain++;
          else skipped.scheme++;
        } else {
          pages.push({ visitId: visit.visitId, url: verdict.clean.url, domain: verdict.clean.domain, title: visit.title, time: visit.time, dwellMs: visit.dwellMs });
        }
      }
    }
    const known = this.state.profiles[profile.key];
    const runs = collapseVisits(pages, known?.last, this.options.collapseWindowMs ?? COLLAPSE_WINDOW_MS);
    const lastRun = runs[runs.length - 1];
    return {
      visitsRead: visits.length,
      memories: runs.map((run) => memoryForRun(run, profile)),
      skipped,
      entry: {
        cursor: visits.length ? visits[visits.length - 1].visitId : cursor,
        label: profile.label,
        last: lastRun ? tailOf(lastRun) : known?.last,
      },
      latest: lastRun?.end,
    };
  }
}
