/**
 * The dashboard's numbers from activity rows. Time is counted as the union of intervals, so a dwell that
 * overlaps an edit of the same file, or two editors open side by side, is not counted twice.
 */
import type { ActivitySummary } from '../protocol/dashboard';
import type { ActivityRecord, CommitRecord } from './activity-record';
import { recordEnd } from './activity-record';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TOP = 10;
const RECENT_COMMITS = 20;

/** Minutes to add to UTC to get local time at an instant (CET in winter: 60). */
export type TimeZoneOffset = (at: number) => number;

export const localTimeZone: TimeZoneOffset = (at) => -new Date(at).getTimezoneOffset();

export function fixedTimeZone(offsetMinutes: number): TimeZoneOffset {
  return () => offsetMinutes;
}

type Interval = [number, number];

class IntervalSet {
  private intervals: Interval[] = [];
  add(start: number, end: number): void {
    if (end > start) this.intervals.push([start, end]);
  }
  /** Merged, sorted, non-overlapping. */
  merged(): Interval[] {
    const sorted = [...this.intervals].sort((a, b) => a[0] - b[0]);
    const out: Interval[] = [];
    for (const [start, end] of sorted) {
      const last = out[out.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else out.push([start, end]);
    }
    return out;
  }
  minutes(): number {
    return this.merged().reduce((sum, [start, end]) => sum + (end - start), 0) / MINUTE;
  }
}

function grouped<K>(map: Map<K, IntervalSet>, key: K): IntervalSet {
  let set = map.get(key);
  if (!set) map.set(key, (set = new IntervalSet()));
  return set;
}

// Hundredths of a minute: a few seconds of typing still shows as activity ("<1m"), not as nothing.
const round1 = (minutes: number) => Math.round(minutes * 100) / 100;

/** Local midnight (as epoch ms) of the day holding `at`. */
export function localMidnight(at: number, zone: TimeZoneOffset): number {
  const offset = zone(at) * MINUTE;
  return Math.floor((at + offset) / DAY) * DAY - offset;
}

export function summarizeActivity(records: Iterable<ActivityRecord>, from: number, to: number, zone: TimeZoneOffset = localTimeZone): ActivitySummary {
  const windowStart = localMidnight(from, zone);
  const days = Math.max(1, Math.ceil((to - windowStart) / DAY));
  const heatmap = Array.from({ length: days }, () => new Array<number>(24).fill(0));

  const active = new IntervalSet();
  const edits = new IntervalSet();
  const dwells = new IntervalSet();
  const byLanguage = new Map<string, IntervalSet>();
  const byFile = new Map<string, IntervalSet>();
  const fileEdits = new Map<string, number>();
  const bySymbol = new Map<string, IntervalSet>();
  const symbolEdits = new Map<string, number>();
  const commits: CommitRecord[] = [];
  let jumps = 0;
  let events = 0;

  for (const record of records) {
    if (record.type === 'commit') {
      if (record.start >= windowStart && record.start <= to) {
        commits.push(record);
        events++;
      }
      continue;
    }
    const start = Math.max(record.start, windowStart);
    const end = Math.min(recordEnd(record), to);
    const instantInWindow = record.start >= windowStart && record.start <= to;
    if (end < start || (record.duration === 0 && !instantInWindow)) continue;
    events += record.data.ids.length;
    if (record.type === 'jump') {
      jumps += record.data.ids.length;
      continue;
    }
    active.add(start, end);
    (record.type === 'edit' ? edits : dwells).add(start, end);
    if (record.language) grouped(byLanguage, record.language).add(start, end);
    grouped(byFile, record.file).add(start, end);
    const symbols = record.type === 'edit' ? record.data.symbols : record.symbol ? [record.symbol] : [];
    for (const symbol of symbols) grouped(bySymbol, `${symbol}\u0000${record.file}`).add(start, end);
    if (record.type === 'edit') {
      const sessions = record.data.ids.length;
      fileEdits.set(record.file, (fileEdits.get(record.file) ?? 0) + sessions);
      for (const symbol of symbols) {
        const key = `${symbol}\u0000${record.file}`;
        symbolEdits.set(key, (symbolEdits.get(key) ?? 0) + sessions);
      }
    }
  }

  for (const [start, end] of active.merged()) {
    // Walk hour by hour in local time; each piece lands in its day × hour cell.
    for (let cursor = start; cursor < end; ) {
      const offset = zone(cursor) * MINUTE;
      const local = cursor + offset;
      const hourEnd = Math.floor(local / HOUR) * HOUR + HOUR - offset;
      const pieceEnd = Math.min(end, hourEnd);
      const day = Math.floor((localMidnight(cursor, zone) - windowStart) / DAY + 0.5);
      const hour = Math.floor((local % DAY) / HOUR);
      if (day >= 0 && day < days) heatmap[day][hour] += (pieceEnd - cursor) / MINUTE;
      cursor = pieceEnd;
    }
  }

  const byMinutes = <T extends { minutes: number }>(a: T, b: T) => b.minutes - a.minutes;
  return {
    from: windowStart,
    to,
    heatmap: heatmap.map((row) => row.map(round1)),
    byLanguage: [...byLanguage].map(([language, set]) => ({ language, minutes: round1(set.minutes()) })).sort(byMinutes),
    topFiles: [...byFile]
      .map(([file, set]) => ({ file, minutes: round1(set.minutes()), edits: fileEdits.get(file) ?? 0 }))
      .sort((a, b) => b.minutes - a.minutes || b.edits - a.edits)
      .slice(0, TOP),
    topSymbols: [...bySymbol]
      .map(([key, set]) => {
        const [symbol, file] = key.split('\u0000');
        return { symbol, file, minutes: round1(set.minutes()), edits: symbolEdits.get(key) ?? 0 };
      })
      .sort((a, b) => b.edits - a.edits || b.minutes - a.minutes)
      .slice(0, TOP),
    recentCommits: commits
      .sort((a, b) => b.start - a.start)
      .slice(0, RECENT_COMMITS)
      .map((commit) => ({
        hash: commit.data.hash,
        message: commit.data.message,
        time: commit.start,
        branch: commit.data.branch,
        files: commit.data.fileCount,
        insertions: commit.data.insertions,
        deletions: commit.data.deletions,
        symbols: commit.data.symbols,
      })),
    totals: {
      editMinutes: round1(edits.minutes()),
      dwellMinutes: round1(dwells.minutes()),
      jumps,
      commits: commits.length,
      events,
    },
  };
}
