import * as fs from 'node:fs';
import * as path from 'node:path';
import { Memory } from '../types';
import { Twin } from '../twin';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';

export interface ExportReport {
  folder: string;
  count: number;
  bytes: number;
}

/** What an export folder's manifest.json says. */
export interface ExportManifest {
  format: 'twin-export';
  version: 1;
  exportedAt: string;
  count: number;
  schemaVersion: number;
  embedder: { id: string; dimensions: number };
  files: { memories: 'memories.jsonl' };
}

/**
 * Writes everything the twin remembers as readable JSONL plus a manifest, in the import format (with the
 * extra fields a restore needs). Vectors are left out: they are derived data, and the machine that
 * imports may use another model, so import embeds again.
 */
export async function exportTwin(twin: Twin, folder: string): Promise<ExportReport> {
  ensurePrivateFolder(folder);
  const existing = fs.readdirSync(folder).filter((entry) => entry !== '.' && entry !== '..');
  if (existing.length > 0 && !existing.every((entry) => entry === 'memories.jsonl' || entry === 'manifest.json')) {
    throw new Error(`${folder} is not empty; export into a new folder so nothing else is overwritten.`);
  }
  const { store, manifest } = twin.internals;
  const memoriesFile = path.join(folder, 'memories.jsonl');
  const temp = `${memoriesFile}.tmp`;
  const out = fs.openSync(temp, 'w', 0o600);
  let count = 0;
  try {
    for await (const batch of store.scan()) {
      const lines = batch.map(({ memory }) => JSON.stringify(exportRecord(memory))).join('\n') + '\n';
      fs.writeSync(out, lines);
      count += batch.length;
    }
  } finally {
    fs.closeSync(out);
  }
  fs.renameSync(temp, memoriesFile);
  const exportManifest: ExportManifest = {
    format: 'twin-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    count,
    schemaVersion: manifest.schemaVersion,
    embedder: manifest.embedder,
    files: { memories: 'memories.jsonl' },
  };
  writePrivateFileAtomic(path.join(folder, 'manifest.json'), JSON.stringify(exportManifest, null, 2) + '\n');
  return { folder, count, bytes: fs.statSync(memoriesFile).size };
}

function exportRecord(memory: Memory): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: memory.id,
    text: memory.text,
    timestamp: new Date(memory.timestamp).toISOString(),
    kind: memory.kind,
    source: memory.source,
    sources: memory.sources,
    author: memory.author,
    recipients: memory.recipients.length ? memory.recipients : undefined,
    channel: memory.channel,
    thread: memory.thread,
    project: memory.project,
    file: memory.file,
    symbol: memory.symbol,
    importance: memory.importance,
    accessCount: memory.accessCount,
    lastAccess: memory.lastAccess,
    createdAt: memory.createdAt,
    updatedAt: memory.updatedAt,
    meta: Object.keys(memory.meta).length ? memory.meta : undefined,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
