import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSqlJs } from './sql-wasm';
import { mergeWal } from './sqlite-wal';

/** Rows of `t` in the database bytes after folding in the WAL, as sql.js sees them. */
async function rowsAfterMerge(database: Buffer, wal: Buffer): Promise<{ rows: number[]; frames: number }> {
  const SQL = await loadSqlJs();
  const merged = mergeWal(database, wal);
  const db = new SQL.Database(merged.database);
  try {
    const result = db.exec('SELECT x FROM t ORDER BY x');
    return { rows: result.length ? result[0].values.map(([x]) => x as number) : [], frames: merged.framesApplied };
  } finally {
    db.close();
  }
}

describe('Folding a SQLite WAL into its database', () => {
  let folder: string;
  let database: Buffer;
  let wal: Buffer;

  before(() => {
    // The real sqlite3 writes the WAL; a second process copies it while the first still holds it open,
    // as Twin copies a running Firefox's files. Three commits after the table is checkpointed.
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-wal-'));
    const file = path.join(folder, 'w.sqlite');
    execFileSync('sqlite3', [file, 'PRAGMA journal_mode=WAL; CREATE TABLE t(x);']);
    const script = `PRAGMA wal_autocheckpoint=0; INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (3);
.shell cp ${file} ${file}.copy && cp ${file}-wal ${file}.copy-wal
`;
    execFileSync('sqlite3', [file], { input: script });
    database = fs.readFileSync(`${file}.copy`);
    wal = fs.readFileSync(`${file}.copy-wal`);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('applies every committed frame', async () => {
    const { rows, frames } = await rowsAfterMerge(database, wal);
    assert.deepEqual(rows, [1, 2, 3]);
    assert.ok(frames >= 3);
  });

  it('ignores a torn last frame and keeps the commits before it', async () => {
    const torn = wal.subarray(0, wal.length - 100);
    assert.deepEqual((await rowsAfterMerge(database, torn)).rows, [1, 2]);
  });

  it('stops at a frame whose checksum does not match', async () => {
    const damaged = Buffer.from(wal);
    damaged[damaged.length - 50] ^= 0xff;
    assert.deepEqual((await rowsAfterMerge(database, damaged)).rows, [1, 2]);
  });

  it('leaves the database alone when the WAL is empty or not a WAL', async () => {
    assert.deepEqual(await rowsAfterMerge(database, Buffer.alloc(0)), { rows: [], frames: 0 });
    assert.deepEqual(await rowsAfterMerge(database, Buffer.from('garbage'.repeat(100))), { rows: [], frames: 0 });
  });
});
