import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listFiles } from '../../src/core/io/folder-size';
import { makeTempHome } from '../../src/core/test-support/temp-twin';

const CLI = path.resolve(__dirname, '../../../dist/twin.js');

function twin(home: string, args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, TWIN_HOME: home, TWIN_EMBEDDER: '' },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('The twin CLI', function () {
  let home: string;
  let cleanup: () => void;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run \`npm run build\` first`);
  });
  beforeEach(() => ({ home, cleanup } = makeTempHome('twin-cli')));
  afterEach(() => cleanup());

  it('prints help for every command and exits 0', () => {
    for (const args of [['--help'], ['import', '--help'], ['recall', '--help'], ['forget', '--help'], ['export', '--help'], ['stats', '--help'], ['consolidate', '--help'], ['remember', '--help']]) {
      const result = twin(home, args);
      assert.equal(result.code, 0, `twin ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /Usage: twin/);
    }
  });

  it('rejects wrong usage with exit code 2 and a hint', () => {
    const unknown = twin(home, ['teleport']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command/);
    const noTarget = twin(home, ['forget']);
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /Say what to forget/);
  });

  it('imports JSONL, recalls it as JSON with the given ids, and reports bad lines by number', () => {
    const file = path.join(home, 'memories.jsonl');
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ id: 'c-1', text: 'feat(auth): add PKCE to the OAuth login flow', source: 'git', author: 'me@example.com', timestamp: '2026-11-01T08:00:00Z' }),
        'not json at all',
        JSON.stringify({ id: 's-1', text: 'Can someone review the PKCE change before the release freeze?', source: 'slack', author: 'me', timestamp: 1761990000000 }),
      ].join('\n'),
    );
    const imported = twin(home, ['import', file, '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const report = JSON.parse(imported.stdout);
    assert.equal(report.imported, 2);
    assert.equal(report.skipped, 1);
    assert.match(imported.stderr, /line 2: .*\(skipped\)/);

    const recalled = twin(home, ['recall', 'PKCE', 'OAuth', 'login', '--json', '--limit', '5']);
    assert.equal(recalled.code, 0, recalled.stderr);
    const results = JSON.parse(recalled.stdout);
    assert.equal(results[0].id, 'c-1');
    for (const result of results) assert.deepEqual(Object.keys(result).slice(0, 6), ['id', 'text', 'score', 'timestamp', 'source', 'author']);
    assert.equal(results[0].timestamp, '2026-11-01T08:00:00.000Z');

    const bySource = JSON.parse(twin(home, ['recall', 'PKCE', '--source', 'slack', '--json']).stdout);
    assert.deepEqual(bySource.map((r: { id: string }) => r.id), ['s-1']);
    const byTime = JSON.parse(twin(home, ['recall', 'PKCE', '--since', '2026-10-31T00:00:00Z', '--json']).stdout);
    assert.deepEqual(byTime.map((r: { id: string }) => r.id), ['c-1']);
  });

  it('answers a file of queries with one JSON array per line, in order', () => {
    const file = path.join(home, 'm.jsonl');
    fs.writeFileSync(file, ['alpha release notes drafted', 'bravo incident postmortem scheduled', 'charlie hiring loop feedback'].map((text, i) => JSON.stringify({ id: `q${i}`, text })).join('\n'));
    assert.equal(twin(home, ['import', file]).code, 0);
    const queries = path.join(home, 'queries.txt');
    fs.writeFileSync(queries, 'incident postmortem\nhiring feedback\n\nrelease notes\n');
    const result = twin(home, ['recall', '--queries', queries, '--json', '--limit', '1', '--timings']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((line) => line[0].id), ['q1', 'q2', 'q0']);
    const timings = JSON.parse(result.stderr.trim().split('\n').at(-1)!);
    assert.equal(timings.timingsMs.length, 3);
  });

  it('remembers, forgets, exports and counts', () => {
    const remembered = twin(home, ['remember', 'The', 'design', 'review', 'is', 'every', 'other', 'Tuesday', '--json']);
    assert.equal(remembered.code, 0, remembered.stderr);
    const { id } = JSON.parse(remembered.stdout);
    const stats = JSON.parse(twin(home, ['stats', '--json']).stdout);
    assert.equal(stats.total, 1);
    assert.equal(stats.bySource.note, 1);
    assert.equal(stats.byKind.semantic, 1);
    assert.ok(stats.bytesOnDisk > 0);
    const exportDir = path.join(home, 'out');
    const exported = twin(home, ['export', exportDir]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(fs.readFileSync(path.join(exportDir, 'memories.jsonl'), 'utf8'), /design review/);
    const forgotten = twin(home, ['forget', id]);
    assert.equal(forgotten.code, 0, forgotten.stderr);
    assert.match(forgotten.stdout, /Forgot 1 memory/);
    const missing = twin(home, ['forget', id]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No memory with id/);
    assert.equal(JSON.parse(twin(home, ['stats', '--json']).stdout).total, 0);
    const consolidated = twin(home, ['consolidate', '--json']);
    assert.equal(consolidated.code, 0, consolidated.stderr);
  });

  it('writes every file of the data folder readable by the user only', () => {
    assert.equal(twin(home, ['remember', 'private by default']).code, 0);
    const store = path.join(home, 'memory.lancedb');
    for (const file of [...listFiles(store), path.join(home, 'twin.json')]) {
      assert.equal(fs.statSync(file).mode & 0o077, 0, `${file} is readable by others`);
    }
  });

  it('says clearly when the file to import does not exist', () => {
    const result = twin(home, ['import', path.join(home, 'missing.jsonl')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /twin: Nothing to import at .*missing\.jsonl: no such file or folder/);
  });
});
