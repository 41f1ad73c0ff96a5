import * as fs from 'node:fs';
import * as path from 'node:path';
import { TwinManifest, writeManifest } from './manifest';
import { CURRENT_SCHEMA_VERSION } from './schema-version';

/** One step of the on-disk format: reads a folder at `from`, leaves it at `to`. */
export interface Migration {
  from: number;
  to: number;
  describe: string;
  run(home: string, manifest: TwinManifest): Promise<TwinManifest>;
}

/** Every migration Twin knows, oldest first. Version 1 is the first released format, so none yet. */
export const MIGRATIONS: readonly Migration[] = [];

export class SchemaVersionError extends Error {}

export interface MigrationOutcome {
  manifest: TwinManifest;
  /** Folder holding a copy of the store as it was before migrating, when a migration ran. */
  backupFolder?: string;
  applied: string[];
}

/**
 * Checks the folder's schema version; migrates an older one after copying it aside, refuses anything else
 * with a message saying what to do. A store is never rewritten silently.
 */
export async function checkSchemaVersion(
  home: string,
  manifest: TwinManifest,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = CURRENT_SCHEMA_VERSION,
): Promise<MigrationOutcome> {
  const found = manifest.schemaVersion;
  if (found === target) return { manifest, applied: [] };
  if (found > target) {
    throw new SchemaVersionError(
      `The Twin data folder ${home} has schema version ${found}, written by a newer Twin; this one reads version ${target}. ` +
        `Update Twin, or point TWIN_HOME at another folder. Nothing was changed.`,
    );
  }
  const chain: Migration[] = [];
  for (let version = found; version < target; ) {
    const step = migrations.find((m) => m.from === version);
    if (!step) {
      throw new SchemaVersionError(
        `The Twin data folder ${home} has schema version ${found}, and this Twin has no migration from version ${version}. ` +
          `Export it with the Twin that wrote it (\`twin export DIR\`), then \`twin import DIR\` here. Nothing was changed.`,
      );
    }
    chain.push(step);
    version = step.to;
  }
  const backupFolder = backupStore(home, found);
  let current = manifest;
  const applied: string[] = [];
  for (const step of chain) {
    current = await step.run(home, current);
    current = { ...current, schemaVersion: step.to };
    writeManifest(home, current);
    applied.push(`v${step.from} → v${step.to}: ${step.describe}`);
  }
  return { manifest: current, backupFolder, applied };
}

/** Copies everything but earlier backups into `backups/schema-vN-<time>/`. */
function backupStore(home: string, version: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(home, 'backups', `schema-v${version}-${stamp}`);
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const entry of fs.readdirSync(home)) {
    if (entry === 'backups' || entry.endsWith('.lock')) continue;
    fs.cpSync(path.join(home, entry), path.join(target, entry), { recursive: true });
  }
  return target;
}
