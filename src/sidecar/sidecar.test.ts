import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitEvent, dwellEvent, editEvent, jumpEvent, MINUTE, T0 } from '../core/events/test-support/event-builders';
import { LOADER_TS, LOADER_TS_PARSE_CONFIG_EDITED } from '../core/git/test-support/sample-sources';
import { TempGitRepo } from '../core/git/test-support/temp-git-repo';
import type { EditSessionEvent } from '../core/protocol/events';
import { filesContaining, makeTempHome } from '../core/test-support/temp-twin';
import type { IngestResult } from './sidecar-handlers';
import { runCli, SidecarProcess } from './test-support/sidecar-process';

describe('The sidecar process', function () {
  let home: string;
  let cleanup: () => void;
  const running: SidecarProcess[] = [];

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const sidecar = await SidecarProcess.start(home, env);
    running.push(sidecar);
    return sidecar;
  };

  beforeEach(() => ({ home, cleanup } = makeTempHome('twin-sidecar')));
  afterEach(async () => {
    for (const sidecar of running.splice(0)) if (sidecar.child.exitCode === null && sidecar.child.signalCode === null) await sidecar.kill('SIGKILL');
    cleanup();
  });

  it('records edits sent over stdio, so recall finds them by function name', async () => {
    const sidecar = await start();
    const edit = editEvent({ symbols: ['resolveWorkspaceRoot'], file: 'src/workspace/roots.ts' });
    const result = await sidecar.request('twin/ingestEvents', { events: [edit, jumpEvent(), dwellEvent()] });
    assert.equal(result.stored.length, 3);
    const hits = await sidecar.request('twin/recall', { query: 'resolveWorkspaceRoot', limit: 3 });
    assert.match(hits[0].memory.text, /^Edited resolveWorkspaceRoot in src\/workspace\/roots\.ts \(typescript\) for 2 min/);
    assert.equal(hits[0].memory.source, 'editor');
    assert.equal(hits[0].memory.symbol, 'resolveWorkspaceRoot');
    const summary = await sidecar.request('twin/activity', { from: T0 - 60 * MINUTE, to: T0 + 60 * MINUTE });
    assert.equal(summary.totals.jumps, 1);
    assert.equal(summary.totals.editMinutes, 2);
    assert.equal(summary.topSymbols[0].symbol, 'resolveWorkspaceRoot');
  });

  it('stores a resent event id once', async () => {
    const sidecar = await start();
    const events = [editEvent(), editEvent({ start: T0 + 30 * MINUTE, symbols: ['loadDefaults'] })];
    await sidecar.request('twin/ingestEvents', { events });
    const again = await sidecar.request('twin/ingestEvents', { events });
    assert.deepEqual(new Set(again.stored), new Set(events.map((event) => event.id)));
    const status = await sidecar.request('twin/status', {});
    assert.equal(status.eventsStored, 2);
    assert.equal(status.memories, 2);
  });

  it('records nothing while paused, says so, and stays paused across a restart', async () => {
    let sidecar = await start();
    assert.deepEqual(await sidecar.request('twin/setPaused', { paused: true }), { paused: true });
    const result = (await sidecar.request('twin/ingestEvents', { events: [editEvent({ symbols: ['secretProject'] })] })) as IngestResult;
    assert.deepEqual(result, { stored: [], paused: true });
    await sidecar.stop();

    sidecar = await start();
    const status = await sidecar.request('twin/status', {});
    assert.equal(status.paused, true);
    assert.equal(status.eventsStored, 0);
    assert.equal(status.memories, 0);
    assert.deepEqual(await sidecar.request('twin/recall', { query: 'secretProject' }), []);
    await sidecar.request('twin/setPaused', { paused: false });
    const resumed = await sidecar.request('twin/ingestEvents', { events: [editEvent()] });
    assert.equal(resumed.stored.length, 1);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(home, 'state.json'), 'utf8')).paused, false);
  });

  it('loses no acknowledged event when killed mid-stream, and opens fine after', async () => {
    let sidecar = await start();
    const batches: EditSessionEvent[][] = Array.from({ length: 12 }, (_, batch) =>
      Array.from({ length: 20 }, (_, index) => editEvent({ start: T0 + (batch * 20 + index) * 10 * MINUTE, symbols: [`handler${batch}_${index}`] })),
    );
    const acknowledged: string[] = [];
    const inFlight: Array<Promise<unknown>> = [];
    for (const [index, events] of batches.entries()) {
      const request = sidecar.request('twin/ingestEvents', { events }).then((result) => acknowledged.push(...result.stored));
      inFlight.push(request.catch(() => undefined));
      // Let some batches finish, then kill while the others are queued or being written.
      if (index === 5) await request;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sidecar.kill('SIGKILL');
    await Promise.all(inFlight);
    assert.ok(acknowledged.length >= 120, `only ${acknowledged.length} acknowledged`);
    assert.ok(fs.existsSync(path.join(home, 'writer.lock')), 'a killed sidecar leaves its lock behind');

    sidecar = await start();
    const status = await sidecar.request('twin/status', {});
    assert.ok(status.eventsStored >= acknowledged.length, `${status.eventsStored} stored < ${acknowledged.length} acknowledged`);
    // Every acknowledged event survived: resending them all stores nothing new.
    const byId = new Map(batches.flat().map((event) => [event.id, event]));
    await sidecar.request('twin/ingestEvents', { events: acknowledged.map((id) => byId.get(id)!) });
    assert.equal((await sidecar.request('twin/status', {})).eventsStored, status.eventsStored);
    // Everything is resent, as the extension's queue does after a restart: each id ends up stored once.
    const all = batches.flat();
    for (const events of batches) {
      const result = await sidecar.request('twin/ingestEvents', { events });
      assert.equal(result.stored.length, events.length);
    }
    const after = await sidecar.request('twin/status', {});
    assert.equal(after.eventsStored, all.length);
    assert.equal(after.memories, all.length);
    const [hit] = await sidecar.request('twin/recall', { query: 'handler0_7', limit: 1 });
    assert.match(hit.memory.text, /handler0_7/);
  });

  it('serves the CLI over its socket while it holds the writer lock', async () => {
    const sidecar = await start();
    await sidecar.request('twin/ingestEvents', { events: [editEvent({ symbols: ['flushPendingWrites'], file: 'src/store/flush.ts' })] });
    const lock = JSON.parse(fs.readFileSync(path.join(home, 'writer.lock'), 'utf8'));
    assert.equal(lock.pid, sidecar.pid);

    const recalled = await runCli(home, ['recall', 'flushPendingWrites', '--json']);
    assert.equal(recalled.code, 0, recalled.stderr);
    assert.match(JSON.parse(recalled.stdout)[0].text, /flushPendingWrites/);
    await sidecar.waitForLog(/socket#\d+ twin\/recall \d+ ms/);

    const remembered = await runCli(home, ['remember', 'The', 'release', 'train', 'leaves', 'on', 'Wednesdays', '--json']);
    assert.equal(remembered.code, 0, remembered.stderr);
    await sidecar.waitForLog(/socket#\d+ twin\/remember \d+ ms/);
    const [hit] = await sidecar.request('twin/recall', { query: 'when does the release train leave' });
    assert.equal(hit.memory.id, JSON.parse(remembered.stdout).id);

    const stats = await runCli(home, ['stats', '--json']);
    assert.equal(JSON.parse(stats.stdout).total, 2);
    await sidecar.waitForLog(/socket#\d+ twin\/stats/);
  });

  it('imports a file for the CLI while it holds the store, with the bad lines reported', async () => {
    const sidecar = await start();
    const file = path.join(home, 'import.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ id: 'imp-1', text: 'Quarterly planning moved the search rewrite to Q3' }), '{broken'].join('\n'));
    const imported = await runCli(home, ['import', file, '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const report = JSON.parse(imported.stdout);
    assert.equal(report.imported, 1);
    assert.equal(report.skipped, 1);
    assert.match(imported.stderr, /line 2: .*\(skipped\)/);
    await sidecar.waitForLog(/socket#\d+ twin\/import \d+ ms/);
    const [hit] = await sidecar.request('twin/recall', { query: 'search rewrite quarter' });
    assert.equal(hit.memory.id, 'imp-1');
  });

  it('forgets a phrase from the activity rows too, so no file keeps the path', async () => {
    const sidecar = await start();
    await sidecar.request('twin/ingestEvents', {
      events: [
        editEvent({ file: 'src/falconridge/term-sheet.ts', symbols: ['priceDeal'] }),
        editEvent({ file: 'src/config/loader.ts', symbols: ['parseConfig'], start: T0 + 10 * MINUTE }),
      ],
    });
    assert.notDeepEqual(filesContaining(path.join(home, 'memory.lancedb'), 'falconridge'), [], 'positive control: the path is on disk');
    const forgotten = await runCli(home, ['forget', '--query', 'falconridge', '--json']);
    assert.equal(forgotten.code, 0, forgotten.stderr);
    assert.deepEqual(filesContaining(home, 'falconridge'), []);
    const summary = await sidecar.request('twin/activity', { from: T0 - MINUTE, to: T0 + 60 * MINUTE });
    assert.deepEqual(summary.topFiles.map((file) => file.file), ['src/config/loader.ts'], 'the other file’s activity stays');
  });

  it('keeps its socket and data folder private to the user', async () => {
    const sidecar = await start();
    const socket = path.join(home, 'sidecar.sock');
    const stat = fs.statSync(socket);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
    assert.equal(fs.statSync(home).mode & 0o777, 0o700);
    await sidecar.request('twin/setPaused', { paused: false });
    await sidecar.request('twin/setPaused', { paused: true });
    assert.equal(fs.statSync(path.join(home, 'state.json')).mode & 0o077, 0);
  });

  it('stops cleanly on stdin end and on SIGTERM: lock released, socket removed', async () => {
    let sidecar = await start();
    assert.deepEqual(await sidecar.stop(), { code: 0, signal: null });
    assert.equal(fs.existsSync(path.join(home, 'writer.lock')), false);
    assert.equal(fs.existsSync(path.join(home, 'sidecar.sock')), false);
    assert.match(sidecar.stderr, /stopping \(stdin closed\)[\s\S]*stopped/);

    sidecar = await start();
    await sidecar.request('twin/ingestEvents', { events: [editEvent()] });
    assert.deepEqual(await sidecar.kill('SIGTERM'), { code: 0, signal: null });
    assert.equal(fs.existsSync(path.join(home, 'writer.lock')), false);
    assert.equal(fs.existsSync(path.join(home, 'sidecar.sock')), false);

    // With no sidecar the CLI opens the store itself.
    const recalled = await runCli(home, ['recall', 'parseConfig', '--json']);
    assert.equal(recalled.code, 0, recalled.stderr);
    assert.equal(JSON.parse(recalled.stdout).length, 1);
  });

  it('removes a stale socket file left by a killed sidecar', async () => {
    const first = await start();
    await first.kill('SIGKILL');
    assert.ok(fs.existsSync(path.join(home, 'sidecar.sock')));
    const cli = await runCli(home, ['stats', '--json']);
    assert.equal(cli.code, 0, `the CLI falls back to the store when the socket does not answer: ${cli.stderr}`);
    const second = await start();
    assert.equal((await second.request('twin/status', {})).pid, second.pid);
  });

  it('relays a second sidecar on the same folder to the first', async () => {
    const first = await start();
    const second = await start();
    await second.waitForLog(/relaying this client/);
    const status = await second.request('twin/status', {});
    assert.equal(status.pid, first.pid);
    await second.request('twin/ingestEvents', { events: [editEvent({ symbols: ['relayedThroughSecond'] })] });
    const [hit] = await first.request('twin/recall', { query: 'relayedThroughSecond' });
    assert.match(hit.memory.text, /relayedThroughSecond/);
    await first.stop();
    assert.equal((await second.exited).code, 0);
  });

  it('reads the commits of an observed HEAD move', async () => {
    const repo = TempGitRepo.create();
    try {
      repo.write('src/config/loader.ts', LOADER_TS);
      const before = repo.commit('feat: config loader');
      repo.write('src/config/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
      const head = repo.commit('fix(config): tolerate flaky mirrors with five retries');
      const sidecar = await start();
      const event = commitEvent(repo.root, { head, previousHead: before, start: Date.now() });
      assert.deepEqual((await sidecar.request('twin/ingestEvents', { events: [event] })).stored, [event.id]);
      const [hit] = await sidecar.request('twin/recall', { query: 'tolerate flaky mirrors', filter: { source: 'git' } });
      assert.equal(hit.memory.id, `git:${head}`);
      // The repository's clock starts at T0.
      const summary = await sidecar.request('twin/activity', { from: T0 - 86_400_000, to: T0 + 86_400_000 });
      assert.equal(summary.recentCommits[0].hash, head);
      assert.deepEqual(summary.recentCommits[0].symbols, ['parseConfig']);
    } finally {
      repo.cleanup();
    }
  });

  it('learns a repository for the CLI, with progress, so recall finds a commit by its message', async () => {
    const repo = TempGitRepo.create();
    try {
      repo.write('src/config/loader.ts', LOADER_TS);
      repo.commit('feat: config loader');
      repo.write('src/config/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
      const head = repo.commit('fix(config): five retries survive the flaky artifact mirror');
      repo.write('other.txt', 'not mine\n');
      repo.commit('docs: a colleague', { email: 'colleague@example.com' });

      const sidecar = await start();
      const learned = await runCli(home, ['learn', repo.root, '--json']);
      assert.equal(learned.code, 0, learned.stderr);
      const report = JSON.parse(learned.stdout);
      assert.deepEqual([report.commits, report.learned, report.emails], [2, 2, ['me@example.com']]);
      assert.match(learned.stderr, /learn/);
      await sidecar.waitForLog(/socket#\d+ twin\/learnRepository/);

      const recalled = await runCli(home, ['recall', 'flaky artifact mirror', '--source', 'git', '--json']);
      assert.equal(JSON.parse(recalled.stdout)[0].id, `git:${head}`);
      const again = JSON.parse((await runCli(home, ['learn', repo.root, '--json', '--author-email', 'colleague@example.com'])).stdout);
      assert.deepEqual([again.learned, again.alreadyLearned], [1, 2]);
      assert.equal((await sidecar.request('twin/status', {})).memories, 3);
    } finally {
      repo.cleanup();
    }
  });

  it('consolidates when idle', async () => {
    const sidecar = await start({ TWIN_SIDECAR_IDLE_MS: '1500', TWIN_SIDECAR_CONSOLIDATE_EVERY_MS: '3600000' });
    await sidecar.request('twin/ingestEvents', { events: [editEvent()] });
    await sidecar.waitForLog(/idle: consolidated in \d+ ms/, 30_000);
    const log = fs.readFileSync(path.join(home, 'logs', 'consolidation.jsonl'), 'utf8').trim().split('\n');
    assert.equal(log.length, 1);
  });

  it('refuses malformed requests with a message that says what is expected', async () => {
    const sidecar = await start();
    await assert.rejects(sidecar.request('twin/recall', { query: '' }), /needs a non-empty "query"/);
    await assert.rejects(sidecar.request('twin/forget', {}), /exactly one of ids, query, source or all/);
    const result = (await sidecar.request('twin/ingestEvents', { events: [{ id: 'x', type: 'edit' } as never, editEvent()] })) as IngestResult;
    assert.equal(result.stored.length, 1);
    assert.equal(result.rejected?.[0].id, 'x');
  });
});
