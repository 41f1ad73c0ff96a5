import * as fs from 'node:fs';
import * as path from 'node:path';
import { writePrivateFileAtomic } from '../config/twin-home';
import { CURRENT_SCHEMA_VERSION } from './schema-version';

/** `twin.json` at the top of the data folder: what the folder holds and how to read it. */
export interface TwinManifest {
  schemaVersion: number;
  createdAt: string;
  /** The embedding model whose vectors the active table holds. */
  embedder: { id: string; dimensions: number };
  /** LanceDB table holding the memories; changes when the store is re-embedded or rewritten. */
  memoryTable: string;
  /** Epoch ms of the last consolidation, so decay is applied once per elapsed interval. */
  lastConsolidatedAt?: number;
}

export const MANIFEST_FILE = 'twin.json';

export class ManifestError extends Error {}

export function manifestPath(home: string): string {
  return path.join(home, MANIFEST_FILE);
}

export function readManifest(home: string): TwinManifest | undefined {
  const file = manifestPath(home);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ManifestError(
      `The Twin data folder's manifest ${file} is not valid JSON, so Twin cannot tell how to read the store. ` +
        `Restore it from a backup (see ${path.join(home, 'backups')}), or move the folder away and re-import an export.`,
    );
  }
  const manifest = parsed as Partial<TwinManifest>;
  if (typeof manifest.schemaVersion !== 'number' || !manifest.embedder || typeof manifest.memoryTable !== 'string') {
    throw new ManifestError(
      `The Twin data folder's manifest ${file} is missing schemaVersion, embedder or memoryTable. ` +
        `Restore it from a backup, or move the folder away and re-import an export.`,
    );
  }
  return manifest as TwinManifest;
}

export function writeManifest(home: string, manifest: TwinManifest): void {
  writePrivateFileAtomic(manifestPath(home), JSON.stringify(manifest, null, 2) + '\n');
}

export function newManifest(embedder: { id: string; dimensions: number }, memoryTable: string): TwinManifest {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    embedder,
    memoryTable,
  };
}
