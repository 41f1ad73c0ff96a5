import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempHome } from '../test-support/temp-twin';
import { Twin } from '../twin';
import { readManifest, writeManifest } from './manifest';
import { Migration } from './migrations';
import { CURRENT_SCHEMA_VERSION } from './schema-version';

describe('The data folder’s schema version', function () {
  let home: string;
  let cleanup: () => void;

  beforeEach(async () => {
    ({ home, cleanup } = makeTempHome());
    const twin = await Twin.open({ home, embedder: { kind: 'offline' } });
    await twin.remember([{ id: 'keep', text: 'The on-call rotation switches every Monday at noon' }]);
    await twin.close();
  });
  afterEach(() => cleanup());

  it('records the current schema version in twin.json', () => {
    assert.equal(readManifest(home)!.schemaVersion, CURRENT_SCHEMA_VERSION);
  });

  it('refuses a folder written by a newer Twin, says what to do, and changes nothing', async () => {
    const manifest = readManifest(home)!;
    writeManifest(home, { ...manifest, schemaVersion: CURRENT_SCHEMA_VERSION + 1 });
    const before = fs.readFileSync(path.join(home, 'twin.json'), 'utf8');
    await assert.rejects(Twin.open({ home, embedder: { kind: 'offline' } }), /newer Twin.*Update Twin/s);
    assert.equal(fs.readFileSync(path.join(home, 'twin.json'), 'utf8'), before);
    assert.ok(!fs.existsSync(path.join(home, 'writer.lock')), 'a refused open releases the writer lock');
  });

  it('refuses an older folder it has no migration for, pointing to export and import', async () => {
    const manifest = readManifest(home)!;
    writeManifest(home, { ...manifest, schemaVersion: 0 });
    await assert.rejects(Twin.open({ home, embedder: { kind: 'offline' } }), /no migration from version 0.*twin export/s);
  });

  it('migrates an older folder only after copying it aside', async () => {
    const seen: string[] = [];
    const migration: Migration = {
      from: CURRENT_SCHEMA_VERSION,
      to: CURRENT_SCHEMA_VERSION + 1,
      describe: 'test step',
      async run(folder, manifest) {
        const backups = fs.readdirSync(path.join(folder, 'backups'));
        seen.push(...backups);
        return manifest;
      },
    };
    const twin = await Twin.open({ home, embedder: { kind: 'offline' }, migrations: [migration], schemaTarget: CURRENT_SCHEMA_VERSION + 1 });
    try {
      assert.equal(seen.length, 1, 'the backup existed before the migration ran');
      const backupManifest = JSON.parse(fs.readFileSync(path.join(home, 'backups', seen[0], 'twin.json'), 'utf8'));
      assert.equal(backupManifest.schemaVersion, CURRENT_SCHEMA_VERSION);
      assert.equal(readManifest(home)!.schemaVersion, CURRENT_SCHEMA_VERSION + 1);
      assert.equal((await twin.recall('on-call rotation'))[0].memory.id, 'keep');
    } finally {
      await twin.close();
    }
  });

  it('explains a corrupt twin.json instead of overwriting it', async () => {
    fs.writeFileSync(path.join(home, 'twin.json'), '{"schemaVersion": 1, "embedd');
    await assert.rejects(Twin.open({ home, embedder: { kind: 'offline' } }), /not valid JSON.*backup/s);
    assert.equal(fs.readFileSync(path.join(home, 'twin.json'), 'utf8'), '{"schemaVersion": 1, "embedd');
  });

  it('keeps the data folder private to the user', () => {
    assert.equal(fs.statSync(home).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(home, 'twin.json')).mode & 0o077, 0);
  });

  it('lets only one process write at a time', async () => {
    const writer = await Twin.open({ home, embedder: { kind: 'offline' } });
    try {
      fs.writeFileSync(path.join(home, 'writer.lock'), JSON.stringify({ pid: process.ppid, since: 'test' }));
      const reader = await Twin.open({ home, embedder: { kind: 'offline' }, preferReadOnlyWhenBusy: true });
      try {
        assert.equal(reader.canWrite, false);
        assert.equal((await reader.recall('on-call rotation'))[0].memory.id, 'keep');
        await assert.rejects(reader.remember([{ text: 'x y z' }]), /Another Twin process is writing/);
      } finally {
        await reader.close();
      }
      await assert.rejects(Twin.open({ home, embedder: { kind: 'offline' } }), /Another Twin process \(pid \d+/);
    } finally {
      fs.rmSync(path.join(home, 'writer.lock'), { force: true });
      await writer.close();
    }
  });
});
