import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportTwin } from './io/export-folder';
import { makeTempHome, openTempTwin } from './test-support/temp-twin';
import { Twin } from './twin';

describe('Importing and exporting', function () {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
  });
  afterEach(async () => cleanup());

  it('reports each bad JSONL line with its number and reason, and keeps every good line', async () => {
    const file = path.join(home, 'input.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'ok-1', text: 'Paired with Sam on the websocket reconnect logic', timestamp: '2026-11-02T10:00:00Z', source: 'slack', author: 'sam' }),
        '{"text": "unterminated',
        JSON.stringify({ text: '' }),
        '',
        JSON.stringify({ id: 'ok-2', text: 'Merged the retry budget PR', timestamp: 1762077600000, recipients: ['lee', 'sam'], kind: 'episodic' }),
        JSON.stringify({ text: 'bad kind', kind: 'dream' }),
        JSON.stringify({ text: 'bad time', timestamp: 'last tuesday-ish' }),
        JSON.stringify(['not', 'an', 'object']),
        JSON.stringify({ id: 'ok-3', text: 'Team lunch moved to Friday', mood: 'cheerful' }),
      ].join('\n') + '\n',
    );
    const report = await twin.importPath(file);
    assert.equal(report.imported, 3);
    assert.equal(report.skipped, 5);
    assert.deepEqual(report.errors.map((error) => error.line), [2, 3, 6, 7, 8]);
    assert.match(report.errors[0].message, /JSON/);
    assert.match(report.errors[1].message, /"text" is empty/);
    assert.match(report.errors[2].message, /"kind" must be one of/);
    assert.match(report.errors[3].message, /ISO-8601/);
    const [withTime] = await twin.recall('websocket reconnect');
    assert.equal(withTime.memory.id, 'ok-1');
    assert.equal(withTime.memory.timestamp, Date.parse('2026-11-02T10:00:00Z'));
    assert.equal(withTime.memory.author, 'sam');
    const [epoch] = await twin.recall('retry budget');
    assert.equal(epoch.memory.timestamp, 1762077600000);
    assert.deepEqual(epoch.memory.recipients, ['lee', 'sam']);
    const [unknownField] = await twin.recall('team lunch');
    assert.equal(unknownField.memory.meta.mood, 'cheerful', 'unknown fields are kept in meta, not dropped');
  });

  it('explains that a missing file cannot be imported', async () => {
    await assert.rejects(twin.importPath(path.join(home, 'nope.jsonl')), /Nothing to import at .*nope\.jsonl/);
  });

  it('exports the whole twin as readable JSONL and imports it into another folder unchanged', async () => {
    await twin.remember([
      { id: 'x1', text: 'Prefers squash merges with a conventional commit title', source: 'git', kind: 'procedural', importance: 0.9 },
      { id: 'x2', text: 'Lee owns the mobile release train', source: 'slack', kind: 'social', recipients: ['me'] },
      { text: 'Edited function renderSidebar in webview/app.tsx for 6 minutes', source: 'editor', symbol: 'renderSidebar', file: 'webview/app.tsx' },
    ]);
    await twin.recall('mobile release train');
    await twin.flushAccess();
    const folder = path.join(home, 'export');
    const report = await exportTwin(twin, folder);
    assert.equal(report.count, 3);
    const lines = fs.readFileSync(path.join(folder, 'memories.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 3);
    assert.ok(lines.every((line) => typeof line.text === 'string' && !('vector' in line)));
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    assert.equal(manifest.format, 'twin-export');
    assert.equal(manifest.count, 3);

    const other = makeTempHome();
    const restored = await Twin.open({ home: other.home, embedder: { kind: 'offline' } });
    try {
      const imported = await restored.importPath(folder);
      assert.equal(imported.imported, 3);
      const [social] = await restored.recall('who owns the mobile release train');
      assert.equal(social.memory.id, 'x2');
      assert.equal(social.memory.kind, 'social');
      assert.equal(social.memory.accessCount, 1, 'recall history travels with the export');
      const [procedure] = await restored.recall('squash merges');
      assert.equal(procedure.memory.importance, 0.9);
      const [edit] = await restored.recall('render sidebar');
      assert.equal(edit.memory.symbol, 'renderSidebar');
      assert.equal((await restored.stats()).total, 3);
    } finally {
      await restored.close();
      other.cleanup();
    }
  });

  it('refuses to export into a folder that holds other files', async () => {
    const folder = path.join(home, 'busy');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'thesis.docx'), 'precious');
    await assert.rejects(exportTwin(twin, folder), /not empty/);
    assert.equal(fs.readFileSync(path.join(folder, 'thesis.docx'), 'utf8'), 'precious');
  });
});
