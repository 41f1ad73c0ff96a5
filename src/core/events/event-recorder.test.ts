import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ActivityStore } from '../activity/activity-store';
import { TempGitRepo } from '../git/test-support/temp-git-repo';
import { LOADER_TS, LOADER_TS_PARSE_CONFIG_EDITED } from '../git/test-support/sample-sources';
import { openTempTwin } from '../test-support/temp-twin';
import { Twin } from '../twin';
import { EventRecorder } from './event-recorder';
import { commitEvent, dwellEvent, editEvent, jumpEvent, MINUTE, T0 } from './test-support/event-builders';

describe('Recording events into the twin', function () {
  let twin: Twin;
  let activity: ActivityStore;
  let recorder: EventRecorder;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTempTwin();
    ({ twin, cleanup } = opened);
    activity = await ActivityStore.open(path.join(opened.home, 'memory.lancedb'));
    recorder = new EventRecorder(twin, activity);
  });
  afterEach(async () => {
    activity.close();
    await cleanup();
  });

  it('makes an edit findable by its function name, once however often it is sent', async () => {
    const events = [editEvent({ symbols: ['normalizeWhitespace'], file: 'src/text/normalize.ts' }), jumpEvent(), dwellEvent({ duration: 10_000 })];
    const first = await recorder.record(events);
    assert.deepEqual(first.stored, events.map((event) => event.id));
    assert.equal(first.memories, 1);
    const second = await recorder.record(events);
    assert.deepEqual(new Set(second.stored), new Set(events.map((event) => event.id)));
    assert.deepEqual(second.added, []);
    assert.equal(second.memories, 0);

    const [hit] = await twin.recall('normalizeWhitespace');
    assert.match(hit.memory.text, /^Edited normalizeWhitespace in src\/text\/normalize\.ts/);
    assert.equal((await twin.stats()).total, 1);
    assert.deepEqual(await activity.counts(), { rows: 3, events: 3 });
  });

  it('rewrites the memory of a row in place when later sessions extend it', async () => {
    const first = editEvent({ start: T0, duration: 2 * MINUTE });
    await recorder.record([first]);
    await recorder.record([editEvent({ start: T0 + 2 * MINUTE + 20_000, duration: 5 * MINUTE })]);
    const stats = await twin.stats();
    assert.equal(stats.total, 1);
    const [hit] = await twin.recall('parseConfig loader');
    assert.equal(hit.memory.id, `editor:${first.id}`);
    assert.match(hit.memory.text, /for 7 min: \+200 −40 characters, 2 saves, 2 sessions$/);
  });

  it('refuses a malformed event with a reason and stores the rest', async () => {
    const good = editEvent();
    const report = await recorder.record([good, { id: 'bad', type: 'edit', start: T0 }, { type: 'teleport' }]);
    assert.deepEqual(report.stored, [good.id]);
    assert.equal(report.rejected.length, 2);
    assert.equal(report.rejected[0].id, 'bad');
    assert.match(report.rejected[1].reason, /"id"/);
  });

  it('reads the commits of an observed HEAD move and remembers them by message', async () => {
    const repo = TempGitRepo.create();
    try {
      repo.write('src/config/loader.ts', LOADER_TS);
      const before = repo.commit('feat: config loader');
      repo.write('src/config/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
      const head = repo.commit('fix(config): survive flaky networks with more retries');
      const event = commitEvent(repo.root, { head, previousHead: before });
      const report = await recorder.record([event]);
      assert.deepEqual(report.stored, [event.id]);
      assert.equal(report.memories, 1);
      const again = await recorder.record([event]);
      assert.deepEqual(again.added, []);

      const [hit] = await twin.recall('survive flaky networks', { filter: { source: 'git' } });
      assert.equal(hit.memory.id, `git:${head}`);
      assert.match(hit.memory.text, /touched parseConfig in src\/config\/loader\.ts/);
      const [row] = await activity.getRows([`git:${head}`]);
      assert.equal(row.type, 'commit');
      const gone = commitEvent(repo.root, { head, previousHead: 'f'.repeat(40) });
      await recorder.record([gone]);
      assert.deepEqual((await activity.getRows([`git:${head}`])).length, 1, 'a vanished previous HEAD still reads the new one');
      const missing = commitEvent('/nonexistent/repository');
      const logged: string[] = [];
      const tolerant = new EventRecorder(twin, activity, { log: (_level, message) => logged.push(message) });
      assert.deepEqual((await tolerant.record([missing])).stored, [missing.id]);
      assert.match(logged[0], /Could not read the commits of \/nonexistent\/repository/);
    } finally {
      repo.cleanup();
    }
  });
});
