/**
 * Turns page visits into episodic memories, one per stretch of looking at a page.
 *
 * Reloads and repeated loads of the same page close together are one stretch: a visit to the URL of the
 * previous visit that starts within `windowMs` of the end of the previous one (its start plus its dwell)
 * extends it, ActivityWatch-style, instead of adding a memory. The memory keeps the id of the stretch's
 * first visit (`browser:<browser>:<profile key>:<visit id>`), so a stretch that goes on in the next poll is
 * rewritten in place, and reading the same visits again after a crash writes the same ids.
 */
import { createHash } from 'node:crypto';
import { formatDuration } from '../../events/event-memories';
import type { MemoryInput } from '../../types';
import type { BrowserProfile } from './browser-profiles';

/** Default: a load within a minute of the previous one ending is the same look at the page. */
export const COLLAPSE_WINDOW_MS = 60_000;

/** A visit that may be stored: its URL already cleaned by the UrlPolicy. */
export interface PageVisit {
  visitId: number;
  url: string;
  domain: string;
  title: string;
  time: number;
  dwellMs?: number;
}

/** One stretch of visits to a page. */
export interface VisitRun {
  firstVisitId: number;
  url: string;
  domain: string;
  title: string;
  start: number;
  /** When the last visit of the run ended, as far as known (its start plus its dwell). */
  end: number;
  /** Summed known dwell; undefined when the browser recorded none. */
  dwellMs?: number;
  visits: number;
}

/**
 * What the cursor file keeps of a profile's last run so the next poll can extend it: no URL or title,
 * only a hash of the URL, so the file holds nothing a `twin forget` could miss.
 */
export interface RunTail {
  firstVisitId: number;
  urlHash: string;
  start: number;
  end: number;
  dwellMs?: number;
  visits: number;
}

export function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

export function tailOf(run: VisitRun): RunTail {
  return { firstVisitId: run.firstVisitId, urlHash: urlHash(run.url), start: run.start, end: run.end, dwellMs: run.dwellMs, visits: run.visits };
}

function extend(run: VisitRun, visit: PageVisit): void {
  run.end = Math.max(run.end, visit.time + (visit.dwellMs ?? 0));
  if (visit.dwellMs !== undefined) run.dwellMs = (run.dwellMs ?? 0) + visit.dwellMs;
  if (visit.title) run.title = visit.title;
  run.visits++;
}

/** Whether `visit` is a reload or repeat of a run of `url` that ended at `end`. */
function continues(sameUrl: boolean, end: number, visit: PageVisit, windowMs: number): boolean {
  return sameUrl && visit.time - end <= windowMs;
}

/**
 * Groups visits (oldest first) into runs. When the first visit continues `previous` (the tail of the last
 * run stored), the first run returned is that run, extended, under its original id.
 */
export function collapseVisits(visits: readonly PageVisit[], previous?: RunTail, windowMs = COLLAPSE_WINDOW_MS): VisitRun[] {
  const runs: VisitRun[] = [];
  for (const visit of visits) {
    const current = runs[runs.length - 1];
    if (current && continues(current.url === visit.url, current.end, visit, windowMs)) {
      extend(current, visit);
      continue;
    }
    if (!current && previous && continues(previous.urlHash === urlHash(visit.url), previous.end, visit, windowMs)) {
      const resumed: VisitRun = {
        firstVisitId: previous.firstVisitId,
        url: visit.url,
        domain: visit.domain,
        title: visit.title,
        start: previous.start,
        end: previous.end,
        dwellMs: previous.dwellMs,
        visits: previous.visits,
      };
      extend(resumed, visit);
      runs.push(resumed);
      continue;
    }
    runs.push({
      firstVisitId: visit.visitId,
      url: visit.url,
      domain: visit.domain,
      title: visit.title,
      start: visit.time,
      end: visit.time + (visit.dwellMs ?? 0),
      dwellMs: visit.dwellMs,
      visits: 1,
    });
  }
  return runs;
}

export function visitMemoryId(profile: Pick<BrowserProfile, 'browser' | 'key'>, firstVisitId: number): string {
  return `browser:${profile.browser}:${profile.key}:${firstVisitId}`;
}

/** "Visited Pricing — Acme (acme.com) for 3 min — https://acme.com/pricing" */
export function memoryForRun(run: VisitRun, profile: Pick<BrowserProfile, 'browser' | 'key' | 'label'>): MemoryInput {
  const title = run.title.trim() || run.url.replace(/^https?:\/\//, '');
  const dwell = run.dwellMs !== undefined && run.dwellMs >= 1000 ? ` for ${formatDuration(run.dwellMs)}` : '';
  const reloads = run.visits > 1 ? ` (${run.visits} loads)` : '';
  return {
    id: visitMemoryId(profile, run.firstVisitId),
    text: `Visited ${title} (${run.domain})${dwell}${reloads} — ${run.url}`,
    kind: 'episodic',
    source: 'browser',
    timestamp: run.start,
    channel: profile.label,
    meta: {
      url: run.url,
      domain: run.domain,
      title: run.title,
      browser: profile.browser,
      profile: profile.label,
      visits: run.visits,
      lastVisitAt: run.end,
      ...(run.dwellMs !== undefined ? { dwellMs: run.dwellMs } : {}),
    },
  };
}
