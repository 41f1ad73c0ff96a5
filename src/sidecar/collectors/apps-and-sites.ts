/**
 * "Apps & sites" for the dashboard: which applications the screen collector saw and for how long, and which
 * domains the browser collector saw visited, within a window. Computed from the memories those collectors
 * stored (a filtered scan of the store, no recall), so it shows exactly what Twin kept — and forgetting a
 * memory removes it from here too.
 */
import { filterToSql } from '../../core/store/memory-filter';
import type { MemoryStore } from '../../core/store/memory-store';
import type { AppsAndSites } from '../../core/protocol/dashboard';
import type { Memory } from '../../core/types';

export const APPS_AND_SITES_TOP = 10;

export async function appsAndSites(store: MemoryStore, from: number, to: number): Promise<AppsAndSites> {
  const memories: Memory[] = [];
  for (const source of ['screen', 'browser']) {
    for await (const batch of store.scan({ where: filterToSql({ source, since: from, until: to }) })) {
      for (const { memory } of batch) memories.push(memory);
    }
  }
  return summarizeAppsAndSites(memories, from, to);
}

/** Screen sessions by application (minutes), browser visits by domain (visits, dwell minutes), largest first. */
export function summarizeAppsAndSites(memories: readonly Memory[], from: number, to: number): AppsAndSites {
  const apps = new Map<string, { minutes: number; sessions: number }>();
  const sites = new Map<string, { visits: number; minutes: number }>();
  for (const memory of memories) {
    const sources = memory.sources.length ? memory.sources : [memory.source];
    if (sources.includes('screen')) {
      const app = screenApp(memory);
      if (app) {
        const entry = apps.get(app) ?? { minutes: 0, sessions: 0 };
        entry.minutes += durationMinutes(memory.meta);
        entry.sessions += 1;
        apps.set(app, entry);
      }
    }
    if (sources.includes('browser')) {
      const domain = visitDomain(memory.meta);
      if (domain) {
        const entry = sites.get(domain) ?? { visits: 0, minutes: 0 };
        entry.visits += positiveNumber(memory.meta.visits) ?? 1;
        entry.minutes += durationMinutes(memory.meta);
        sites.set(domain, entry);
      }
    }
  }
  return {
    from,
    to,
    apps: [...apps]
      .map(([app, entry]) => ({ app, minutes: round(entry.minutes), sessions: entry.sessions }))
      .sort((a, b) => b.minutes - a.minutes || b.sessions - a.sessions || a.app.localeCompare(b.app))
      .slice(0, APPS_AND_SITES_TOP),
    sites: [...sites]
      .map(([domain, entry]) => ({ domain, visits: entry.visits, minutes: round(entry.minutes) }))
      .sort((a, b) => b.visits - a.visits || b.minutes - a.minutes || a.domain.localeCompare(b.domain))
      .slice(0, APPS_AND_SITES_TOP),
  };
}

/** The application of a screen session; OCR memories name the app too but are not time of their own. */
function screenApp(memory: Memory): string | undefined {
  if (memory.meta.event !== undefined && memory.meta.event !== 'window') return undefined;
  const app = memory.meta.app;
  return typeof app === 'string' && app.trim() ? app.trim() : undefined;
}

function visitDomain(meta: Record<string, unknown>): string | undefined {
  if (typeof meta.domain === 'string' && meta.domain) return meta.domain.toLowerCase().replace(/^www\./, '');
  if (typeof meta.url !== 'string') return undefined;
  try {
    const host = new URL(meta.url).hostname.toLowerCase();
    return host ? host.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

/** A session's or visit's length: `durationMs`/`dwellMs`, else `end − start`, in minutes. */
function durationMinutes(meta: Record<string, unknown>): number {
  const ms = positiveNumber(meta.durationMs) ?? positiveNumber(meta.dwellMs);
  if (ms !== undefined) return ms / 60_000;
  const start = Number(meta.start ?? meta.startedAt);
  const end = Number(meta.end ?? meta.endedAt);
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? (end - start) / 60_000 : 0;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function round(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}
