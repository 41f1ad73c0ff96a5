/**
 * Opens a browser's history database without touching the browser's own files.
 *
 * A running Chromium keeps `History` locked and may be writing it; Firefox keeps fresh visits in
 * `places.sqlite-wal`. So the database (and its WAL, when there is one) is first copied into a private
 * temp folder, read into memory, and the copy deleted at once: no second copy of someone's history lingers
 * on disk, and the browser never sees a reader holding its file. sql.js then opens the bytes in memory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Database } from 'sql.js';
import { loadSqlJs } from './sql-wasm';
import { mergeWal } from './sqlite-wal';

export interface HistorySnapshot {
  db: Database;
  /** Bytes of the database as read (after the WAL was applied). */
  bytes: number;
  /** Committed WAL frames applied on top of the database file. */
  walFrames: number;
}

/** Byte 18 of a SQLite header is 2 in WAL mode; an in-memory copy must not go looking for a WAL file. */
function asRollbackDatabase(bytes: Buffer): Buffer {
  if (bytes.length >= 20 && (bytes[18] === 2 || bytes[19] === 2)) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return bytes;
}

/** Copies `file` (and `file-wal`) privately, reads them and deletes the copies, whatever happens. */
async function readPrivateCopy(file: string): Promise<{ database: Buffer; wal?: Buffer }> {
  const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'twin-browser-'));
  try {
    const copy = path.join(folder, 'history.sqlite');
    await fs.promises.copyFile(file, copy);
    await fs.promises.chmod(copy, 0o600);
    let wal: Buffer | undefined;
    try {
      await fs.promises.copyFile(`${file}-wal`, `${copy}-wal`);
      await fs.promises.chmod(`${copy}-wal`, 0o600);
      wal = await fs.promises.readFile(`${copy}-wal`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { database: await fs.promises.readFile(copy), wal };
  } finally {
    await fs.promises.rm(folder, { recursive: true, force: true });
  }
}

/** The history database at `file` as of now, opened in memory; the caller closes `db`. */
export async function openHistorySnapshot(file: string): Promise<HistorySnapshot> {
  const [SQL, copy] = await Promise.all([loadSqlJs(), readPrivateCopy(file)]);
  let database = copy.database;
  let walFrames = 0;
  if (copy.wal) {
    const merged = mergeWal(database, copy.wal);
    database = merged.database;
    walFrames = merged.framesApplied;
  }
  const db = new SQL.Database(asRollbackDatabase(database));
  return { db, bytes: database.length, walFrames };
}
