/**
 * Folds a SQLite write-ahead log into a copy of its database, in memory.
 *
 * Firefox keeps `places.sqlite` in WAL mode, so recent visits sit in `places.sqlite-wal` until a
 * checkpoint; sql.js opens a database from a byte array and cannot see a WAL beside it. Applying the
 * committed frames ourselves gives sql.js the database as a reader connected to the live browser would
 * see it. Only frames that belong to the current WAL generation (salts match the header), whose checksum
 * chain is intact, and that end in a commit frame are applied, exactly the frames SQLite itself would
 * trust; a torn or stale tail is ignored.
 *
 * Format: https://www.sqlite.org/fileformat.html#the_write_ahead_log
 */

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;

/** SQLite's WAL checksum: pairs of 32-bit words, Fibonacci-weighted, continued from `[s1, s2]`. */
function walChecksum(bytes: Buffer, start: number, end: number, bigEndian: boolean, s1: number, s2: number): [number, number] {
  for (let i = start; i < end; i += 8) {
    const a = bigEndian ? bytes.readUInt32BE(i) : bytes.readUInt32LE(i);
    const b = bigEndian ? bytes.readUInt32BE(i + 4) : bytes.readUInt32LE(i + 4);
    s1 = (s1 + a + s2) >>> 0;
    s2 = (s2 + b + s1) >>> 0;
  }
  return [s1, s2];
}

export interface WalMergeResult {
  database: Buffer;
  /** Committed frames applied (0 when the WAL was empty, stale or not a WAL). */
  framesApplied: number;
}

/**
 * The database with every committed WAL frame applied, marked as a rollback-journal database so a reader
 * does not look for a WAL again. Returns the database unchanged when the WAL holds nothing usable.
 */
export function mergeWal(database: Buffer, wal: Buffer): WalMergeResult {
  if (wal.length < WAL_HEADER_BYTES) return { database, framesApplied: 0 };
  const magic = wal.readUInt32BE(0);
  if (magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN) return { database, framesApplied: 0 };
  const bigEndian = magic === MAGIC_BIG_ENDIAN;
  const pageSize = wal.readUInt32BE(8) === 1 ? 65536 : wal.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { database, framesApplied: 0 };
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let [s1, s2] = walChecksum(wal, 0, 24, bigEndian, 0, 0);
  if (s1 !== wal.readUInt32BE(24) || s2 !== wal.readUInt32BE(28)) return { database, framesApplied: 0 };

  const committed = new Map<number, number>();
  const pending = new Map<number, number>();
  let committedPages = 0;
  let framesApplied = 0;
  let framesPending = 0;
  for (let offset = WAL_HEADER_BYTES; offset + FRAME_HEADER_BYTES + pageSize <= wal.length; offset += FRAME_HEADER_BYTES + pageSize) {
    if (wal.readUInt32BE(offset + 8) !== salt1 || wal.readUInt32BE(offset + 12) !== salt2) break;
    [s1, s2] = walChecksum(wal, offset, offset + 8, bigEndian, s1, s2);
    [s1, s2] = walChecksum(wal, offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + pageSize, bigEndian, s1, s2);
    if (s1 !== wal.readUInt32BE(offset + 16) || s2 !== wal.readUInt32BE(offset + 20)) break;
    const pageNumber = wal.readUInt32BE(offset);
    if (pageNumber === 0) break;
    pending.set(pageNumber, offset + FRAME_HEADER_BYTES);
    framesPending++;
    const pagesAfterCommit = wal.readUInt32BE(offset + 4);
    if (pagesAfterCommit > 0) {
      for (const [page, at] of pending) committed.set(page, at);
      pending.clear();
      committedPages = pagesAfterCommit;
      framesApplied += framesPending;
      framesPending = 0;
    }
  }
  if (framesApplied === 0) return { database, framesApplied: 0 };

  const merged = Buffer.alloc(committedPages * pageSize);
  database.copy(merged, 0, 0, Math.min(database.length, merged.length));
  for (const [page, at] of committed) {
    if (page <= committedPages) wal.copy(merged, (page - 1) * pageSize, at, at + pageSize);
  }
  // Header bytes 18 and 19 say "WAL" (2); 1 makes it an ordinary database file again.
  merged[18] = 1;
  merged[19] = 1;
  return { database: merged, framesApplied };
}
