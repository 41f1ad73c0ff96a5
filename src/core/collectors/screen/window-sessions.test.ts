import * as assert from 'node:assert/strict';

import { sessionDuration, windowKeyHash, WindowSessions } from './window-sessions';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const SECOND = 1000;

function sessions() {
  return new WindowSessions({ gapMs: 12_500, minSessionMs: 10 * SECOND, flushEveryMs: 60 * SECOND });
}

describe('WindowSessions', () => {
  it('extends the open session while samples repeat its app and title within the gap', () => {
    const tracker = sessions();
    for (let t = 0; t <= 60; t += 5) assert.equal(tracker.observe('xterm', 'vim notes.md', T0 + t * SECOND), undefined);
    const open = tracker.current!;
    assert.equal(open.start, T0);
    assert.equal(sessionDuration(open), 60 * SECOND);
    assert.equal(open.id, `screen:${T0}:${windowKeyHash('xterm', 'vim notes.md')}`);
  });

  it('ends the session when the title or the app changes', () => {
    const tracker = sessions();
    tracker.observe('xterm', 'vim notes.md', T0);
    tracker.observe('xterm', 'vim notes.md', T0 + 5 * SECOND);
    const ended = tracker.observe('xterm', 'vim todo.md', T0 + 10 * SECOND);
    assert.equal(ended?.title, 'vim notes.md');
    assert.equal(ended && sessionDuration(ended), 5 * SECOND);
    const next = tracker.observe('code', 'vim todo.md', T0 + 15 * SECOND);
    assert.equal(next?.app, 'xterm', 'same title in another app is another session');
    assert.equal(tracker.current?.app, 'code');
  });

  it('ends the session after a gap longer than the pulse, even for the same window', () => {
    const tracker = sessions();
    tracker.observe('xterm', 'vim', T0);
    tracker.observe('xterm', 'vim', T0 + 5 * SECOND);
    const ended = tracker.observe('xterm', 'vim', T0 + 5 * SECOND + 12_501);
    assert.equal(ended?.start, T0);
    assert.equal(tracker.current?.start, T0 + 5 * SECOND + 12_501);
    assert.notEqual(tracker.current?.id, ended?.id);
  });

  it('writes a session once it is worth a memory, then at most every flush interval, and once more at its end', () => {
    const tracker = sessions();
    tracker.observe('xterm', 'vim', T0);
    tracker.observe('xterm', 'vim', T0 + 5 * SECOND);
    const open = tracker.current!;
    assert.equal(tracker.due(open, T0 + 5 * SECOND, false), false, 'a glance is not worth a memory');
    assert.equal(tracker.due(open, T0 + 5 * SECOND, true), false, 'not even when it ends');
    tracker.observe('xterm', 'vim', T0 + 10 * SECOND);
    assert.equal(tracker.due(open, T0 + 10 * SECOND, false), true);
    tracker.markFlushed(open, open.lastSeen, T0 + 10 * SECOND);
    assert.equal(tracker.due(open, T0 + 10 * SECOND, true), false, 'nothing new to write');
    tracker.observe('xterm', 'vim', T0 + 15 * SECOND);
    assert.equal(tracker.due(open, T0 + 15 * SECOND, false), false, 'grew, but the last write is recent');
    assert.equal(tracker.due(open, T0 + 15 * SECOND, true), true, 'its end is written');
    assert.equal(tracker.due(open, T0 + 70 * SECOND, false), true, 'a minute on, it is rewritten');
  });

  it('ends the open session on request and has none after', () => {
    const tracker = sessions();
    tracker.observe('xterm', 'vim', T0);
    assert.equal(tracker.end()?.title, 'vim');
    assert.equal(tracker.current, undefined);
    assert.equal(tracker.end(), undefined);
  });
});
