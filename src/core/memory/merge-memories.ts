import { Memory } from '../types';

/**
 * Two near-duplicate memories become one: the earliest time (when it first happened), the latest wording
 * (the freshest account), every source and person, the higher importance and the summed recall history.
 * The survivor keeps the existing id, so ids that callers already hold stay valid.
 */
export function mergeMemories(existing: Memory, incoming: Memory, now: number): Memory {
  const incomingIsLatest = incoming.timestamp >= existing.timestamp;
  const latest = incomingIsLatest ? incoming : existing;
  const mergedIds = new Set<string>([
    ...asStrings(existing.meta.mergedIds),
    ...asStrings(incoming.meta.mergedIds),
    incoming.id,
  ]);
  mergedIds.delete(existing.id);
  return {
    ...existing,
    text: latest.text,
    kind: latest.kind,
    timestamp: Math.min(existing.timestamp, incoming.timestamp),
    sources: [...new Set([...existing.sources, ...incoming.sources])],
    recipients: [...new Set([...existing.recipients, ...incoming.recipients])],
    author: latest.author ?? existing.author ?? incoming.author,
    channel: latest.channel ?? existing.channel ?? incoming.channel,
    thread: latest.thread ?? existing.thread ?? incoming.thread,
    project: latest.project ?? existing.project ?? incoming.project,
    file: latest.file ?? existing.file ?? incoming.file,
    symbol: latest.symbol ?? existing.symbol ?? incoming.symbol,
    importance: Math.max(existing.importance, incoming.importance),
    accessCount: existing.accessCount + incoming.accessCount,
    lastAccess: maxDefined(existing.lastAccess, incoming.lastAccess),
    meta: {
      ...(incomingIsLatest ? existing.meta : incoming.meta),
      ...(incomingIsLatest ? incoming.meta : existing.meta),
      // Capped: a memory that recurs daily should not grow without bound.
      mergedIds: [...mergedIds].slice(-20),
      mergeCount: asNumber(existing.meta.mergeCount) + asNumber(incoming.meta.mergeCount) + 1,
    },
    createdAt: Math.min(existing.createdAt, incoming.createdAt),
    updatedAt: now,
  };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}
