import * as assert from 'node:assert/strict';

import type { CommitObservedEvent } from '../protocol/events';
import { CommitTracker } from './commit-tracker';
import type { GitLocation, HeadState } from './git-head';
import { FakeClock } from './test-support/fake-clock';

const MAIN: GitLocation = { workTree: '/work/app', gitDir: '/work/app/.git', commonDir: '/work/app/.git' };
const WORKTREE: GitLocation = { workTree: '/work/app-side', gitDir: '/work/app/.git/worktrees/app-side', commonDir: '/work/app/.git' };

function setup() {
  const clock = new FakeClock();
  const events: CommitObservedEvent[] = [];
  const heads = new Map<string, HeadState | undefined>([
    [MAIN.gitDir, { hash: 'a'.repeat(40), branch: 'main' }],
    [WORKTREE.gitDir, { hash: 'b'.repeat(40), branch: 'side' }],
  ]);
  let reads = 0;
  let recording = true;
  const tracker = new CommitTracker({
    emit: (event) => events.push(event),
    clock,
    readHead: async (location) => {
      reads++;
      return heads.get(location.gitDir);
    },
    isRecording: () => recording,
    newId: () => `commit-${events.length + 1}`,
  });
  const settle = async (ms = 500) => {
    clock.advance(ms);
    await clock.settle();
    await tracker.idle();
  };
  return { clock, events, heads, tracker, settle, reads: () => reads, setRecording: (value: boolean) => (recording = value) };
}

describe('CommitTracker', () => {
  it('reports HEAD moving, from where to where, once per burst of file changes', async () => {
    const { events, heads, tracker, settle, reads, clock } = setup();
    await tracker.add(MAIN, 'app');
    assert.equal(events.length, 0, 'the HEAD found at the start is a baseline, not a commit');
    heads.set(MAIN.gitDir, { hash: 'c'.repeat(40), branch: 'main' });
    const before = reads();
    const t0 = clock.now();
    for (let i = 0; i < 5; i++) {
      tracker.changed(MAIN.gitDir);
      clock.advance(100);
    }
    await settle();
    assert.equal(reads() - before, 1, 'a burst is read once');
    assert.deepEqual(events, [
      { id: 'commit-1', type: 'commit', start: t0 + 400 + 500, duration: 0, project: 'app', repository: '/work/app', head: 'c'.repeat(40), previousHead: 'a'.repeat(40) },
    ]);
  });

  it('stays quiet when HEAD did not move (a fetch, an index refresh) or cannot be read mid-write', async () => {
    const { events, heads, tracker, settle } = setup();
    await tracker.add(MAIN);
    tracker.changed(MAIN.gitDir);
    await settle();
    heads.set(MAIN.gitDir, undefined);
    tracker.changed(MAIN.gitDir);
    await settle();
    assert.equal(events.length, 0);
    heads.set(MAIN.gitDir, { hash: 'd'.repeat(40), branch: 'main' });
    tracker.changed(MAIN.gitDir);
    await settle();
    assert.equal(events.length, 1);
    assert.equal(events[0].previousHead, 'a'.repeat(40));
  });

  it('checks every worktree sharing a changed common folder', async () => {
    const { events, heads, tracker, settle } = setup();
    await tracker.add(MAIN);
    await tracker.add(WORKTREE);
    heads.set(WORKTREE.gitDir, { hash: 'e'.repeat(40), branch: 'side' });
    tracker.changed(MAIN.commonDir);
    await settle();
    assert.deepEqual(
      events.map((event) => [event.repository, event.head]),
      [['/work/app-side', 'e'.repeat(40)]],
    );
  });

  it('follows HEAD silently while observation is off, so a commit made during a pause is never reported', async () => {
    const { events, heads, tracker, settle, setRecording } = setup();
    await tracker.add(MAIN);
    setRecording(false);
    heads.set(MAIN.gitDir, { hash: 'f'.repeat(40), branch: 'main' });
    tracker.changed(MAIN.gitDir);
    await settle();
    setRecording(true);
    heads.set(MAIN.gitDir, { hash: '1'.repeat(40), branch: 'main' });
    tracker.changed(MAIN.gitDir);
    await settle();
    assert.deepEqual(
      events.map((event) => [event.previousHead, event.head]),
      [['f'.repeat(40), '1'.repeat(40)]],
    );
  });

  it('takes the current HEADs as the new baseline on resync', async () => {
    const { events, heads, tracker, settle } = setup();
    await tracker.add(MAIN);
    heads.set(MAIN.gitDir, { hash: '2'.repeat(40), branch: 'main' });
    await tracker.resync();
    tracker.changed(MAIN.gitDir);
    await settle();
    assert.equal(events.length, 0);
  });

  it('forgets a removed repository and stops after dispose', async () => {
    const { events, heads, tracker, settle } = setup();
    await tracker.add(MAIN);
    await tracker.add(WORKTREE);
    tracker.remove(WORKTREE.gitDir);
    assert.deepEqual(tracker.followed, [MAIN]);
    tracker.dispose();
    heads.set(MAIN.gitDir, { hash: '3'.repeat(40), branch: 'main' });
    tracker.changed(MAIN.gitDir);
    await settle();
    assert.equal(events.length, 0);
  });
});
