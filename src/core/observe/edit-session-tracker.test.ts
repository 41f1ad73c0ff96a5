import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';

import type { EditSessionEvent } from '../protocol/events';
import { EditSessionTracker, type EditSessionTrackerOptions } from './edit-session-tracker';
import { PathFilter } from './path-filter';
import { FakeClock } from './test-support/fake-clock';
import { FakeResolver, deleted, fakeSymbol, observedDocument, typed } from './test-support/builders';

const SECOND = 1000;
const A = observedDocument('src/a.ts');
const B = observedDocument('src/b.ts');

function setup(options: Partial<EditSessionTrackerOptions> = {}) {
  const clock = new FakeClock();
  const events: EditSessionEvent[] = [];
  let ids = 0;
  const tracker = new EditSessionTracker({
    emit: (event) => events.push(event),
    clock,
    newId: () => `session-${++ids}`,
    ...options,
  });
  /** Types `count` characters one by one, `gapMs` apart, from `offset`. */
  const type = (document = A, count = 1, gapMs = 100, offset = 0) => {
    for (let i = 0; i < count; i++) {
      tracker.documentChanged(document, typed(offset + i), undefined, clock.now());
      clock.advance(gapMs);
    }
  };
  return { clock, events, tracker, type };
}

describe('EditSessionTracker', () => {
  it('groups typing in one file into one session, emitted after the idle gap, with its counts', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    const start = clock.now();
    type(A, 10, 200);
    tracker.documentChanged(A, deleted(5, 3), undefined, clock.now());
    tracker.documentChanged(A, [{ rangeOffset: 0, rangeLength: 2, text: 'const' }], undefined, clock.now());
    assert.equal(events.length, 0, 'nothing is emitted while the session is open');
    await clock.advanceAndSettle(90 * SECOND);
    assert.equal(events.length, 1);
    const [session] = events;
    assert.equal(session.type, 'edit');
    assert.equal(session.id, 'session-1');
    assert.equal(session.file, 'src/a.ts');
    assert.equal(session.language, 'typescript');
    assert.equal(session.project, 'twin');
    assert.equal(session.start, start);
    assert.equal(session.duration, 10 * 200);
    assert.equal(session.charsInserted, 10 + 5);
    assert.equal(session.charsDeleted, 3 + 2);
    assert.equal(session.changes, 12);
    assert.deepEqual([session.saves, session.undos, session.redos], [0, 0, 0]);
  });

  it('uses a fresh UUID for each session when no id source is given', async () => {
    const clock = new FakeClock();
    const events: EditSessionEvent[] = [];
    const tracker = new EditSessionTracker({ emit: (event) => events.push(event), clock });
    tracker.documentChanged(A, typed(0), undefined, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    tracker.documentChanged(A, typed(0), undefined, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 2);
    for (const event of events) assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(events[0].id, events[1].id);
  });

  it('splits sessions on an idle gap, and the gap is configurable', async () => {
    const { clock, events, tracker, type } = setup({ idleGapMs: 30 * SECOND });
    type(A, 3);
    clock.advance(29 * SECOND);
    type(A, 3);
    await clock.advanceAndSettle(31 * SECOND);
    assert.equal(events.length, 1, 'a pause shorter than the gap keeps one session');
    type(A, 3);
    await clock.advanceAndSettle(31 * SECOND);
    assert.equal(events.length, 2);
    tracker.setIdleGap(5 * SECOND);
    type(A, 1);
    clock.advance(6 * SECOND);
    type(A, 1);
    await clock.advanceAndSettle(6 * SECOND);
    assert.equal(events.length, 4);
  });

  it('ends the session of one file when another file is edited, so sessions never overlap', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    type(A, 5);
    tracker.focusChanged(B);
    type(B, 4);
    await clock.settle();
    assert.equal(events.length, 1, 'the first file is done as soon as the second is edited');
    assert.equal(events[0].file, 'src/a.ts');
    assert.equal(events[0].changes, 5);
    tracker.focusChanged(A);
    type(A, 2);
    await clock.advanceAndSettle(91 * SECOND);
    assert.deepEqual(
      events.map((event) => [event.file, event.changes]),
      [
        ['src/a.ts', 5],
        ['src/b.ts', 4],
        ['src/a.ts', 2],
      ],
    );
    for (let i = 1; i < events.length; i++) assert.ok(events[i].start >= events[i - 1].start + events[i - 1].duration);
  });

  it('keeps the session when the user only looks at another file and comes back within the gap', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    type(A, 5);
    tracker.focusChanged(B);
    clock.advance(40 * SECOND);
    tracker.focusChanged(A);
    type(A, 5);
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 1);
    assert.equal(events[0].changes, 10);
  });

  it('ends a session when the file has been left for longer than the gap', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    type(A, 5);
    tracker.focusChanged(undefined);
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 1);
  });

  it('ignores changes to documents without focus: refactorings, replace-all and reloads are not typing', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    type(A, 3);
    tracker.documentChanged(B, typed(0, 'renamed'), undefined, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.deepEqual(
      events.map((event) => event.file),
      ['src/a.ts'],
    );
  });

  it('splits a session at the hard cap', async () => {
    const { clock, events, type } = setup({ maxSessionMs: 30 * 60 * SECOND });
    type(A, 45 * 60, SECOND);
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 2);
    assert.ok(events[0].duration < 30 * 60 * SECOND);
    assert.equal(events[0].changes + events[1].changes, 45 * 60);
    assert.equal(events[1].start, events[0].start + 30 * 60 * SECOND);
  });

  it('counts undos, redos and saves of the session file only', async () => {
    const { clock, events, tracker, type } = setup();
    tracker.focusChanged(A);
    type(A, 4);
    tracker.documentChanged(A, deleted(3, 2), 'undo', clock.now());
    tracker.documentChanged(A, typed(3, 'xx'), 'redo', clock.now());
    tracker.documentChanged(A, deleted(3, 2), 'undo', clock.now());
    tracker.documentSaved(A, clock.now());
    tracker.documentSaved(B, clock.now());
    clock.advance(50 * SECOND);
    tracker.documentSaved(A, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 1);
    const [session] = events;
    assert.deepEqual([session.undos, session.redos, session.saves], [2, 1, 2]);
    assert.equal(session.changes, 7);
    assert.equal(session.duration, 4 * 100 + 50 * SECOND, 'a save counts as activity');
  });

  it('ignores a save when no session of that file is open', async () => {
    const { clock, events, tracker } = setup();
    tracker.documentSaved(A, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 0);
  });

  it('resolves symbols after a typing pause, never per change, and names the edited symbols most edited first', async () => {
    const resolver = new FakeResolver({
      'src/a.ts': [fakeSymbol('Parser', [0, 9], [0, 999]), fakeSymbol('Parser.parse', [1, 4], [100, 499]), fakeSymbol('Parser.reset', [5, 8], [500, 899])],
    });
    const { clock, events, tracker, type } = setup({ resolver });
    tracker.focusChanged(A);
    type(A, 30, 150, 200);
    assert.equal(resolver.resolveCalls.length, 0, 'no lookup while typing');
    assert.equal(resolver.noted, 30, 'every change is handed over for the incremental parse');
    clock.advance(749 - 150);
    assert.equal(resolver.resolveCalls.length, 0);
    clock.advance(1);
    assert.equal(resolver.resolveCalls.length, 1, 'one lookup after the pause');
    assert.deepEqual(resolver.resolveCalls[0].queries, [{ offset: 229 }], 'thirty keystrokes along a line are one edit point');
    type(A, 3, 150, 600);
    type(A, 2, 150, 950);
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(resolver.resolveCalls.length, 2);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].symbols, ['Parser.parse', 'Parser.reset', 'Parser']);
  });

  it('resolves pending edit points when the session ends, before emitting', async () => {
    const resolver = new FakeResolver({ 'src/a.ts': [fakeSymbol('main', [0, 3])] });
    const { clock, events, tracker } = setup({ resolver });
    tracker.focusChanged(A);
    tracker.documentChanged(A, typed(10), undefined, clock.now());
    tracker.focusChanged(B);
    tracker.documentChanged(B, typed(10), undefined, clock.now());
    await clock.settle();
    assert.equal(resolver.resolveCalls.length, 1);
    assert.deepEqual(events[0].symbols, ['main']);
  });

  it('keeps edit points on the text they were made in when later edits shift it', async () => {
    const resolver = new FakeResolver({ 'src/a.ts': [fakeSymbol('first', [0, 1], [0, 150]), fakeSymbol('second', [2, 5], [151, 400])] });
    const { clock, events, tracker } = setup({ resolver });
    tracker.focusChanged(A);
    tracker.documentChanged(A, typed(120), undefined, clock.now());
    // 100 characters inserted before it move the edit from `first` into `second`'s range.
    tracker.documentChanged(A, typed(0, 'y'.repeat(100)), undefined, clock.now());
    // A deletion around a point pulls it to where the deletion started.
    tracker.documentChanged(A, typed(300, 'z'), undefined, clock.now());
    tracker.documentChanged(A, deleted(250, 60), undefined, clock.now());
    await clock.advanceAndSettle(SECOND);
    assert.deepEqual(resolver.resolveCalls[0].queries, [{ offset: 220 }, { offset: 0 }, { offset: 250 }]);
    await clock.advanceAndSettle(91 * SECOND);
    assert.deepEqual(events[0].symbols, ['second', 'first']);
  });

  it('points a paste at its first non-blank character', async () => {
    const resolver = new FakeResolver();
    const { clock, tracker } = setup({ resolver });
    tracker.documentChanged(A, typed(500, '\n\n  function pasted() {}\n'), undefined, clock.now());
    await clock.advanceAndSettle(SECOND);
    assert.deepEqual(resolver.resolveCalls[0].queries, [{ offset: 504 }]);
  });

  it('does not ask the resolver about a language it does not support', async () => {
    const resolver = new FakeResolver();
    const { clock, events, tracker } = setup({ resolver });
    const notes = observedDocument('notes.md', 'markdown');
    tracker.documentChanged(notes, typed(0), undefined, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(resolver.noted, 0);
    assert.equal(resolver.resolveCalls.length, 0);
    assert.deepEqual(events[0].symbols, []);
  });

  it('still emits the session when the resolver fails', async () => {
    const resolver = new FakeResolver();
    resolver.resolve = () => Promise.reject(new Error('grammar missing'));
    const { clock, events, type } = setup({ resolver });
    type(A, 3);
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].symbols, []);
  });

  describe('privacy', () => {
    for (const file of ['.env', 'config/.env.local', 'certs/server.pem', 'deploy/prod.key', '.ssh/id_rsa', 'ops/secrets/db.ts', 'node_modules/x/index.ts', 'dist/extension.ts']) {
      it(`records nothing about ${file}, not even for the resolver`, async () => {
        const resolver = new FakeResolver();
        const { clock, events, tracker } = setup({ resolver, pathFilter: new PathFilter() });
        const secret = observedDocument(file);
        tracker.focusChanged(secret);
        tracker.documentChanged(secret, typed(0, 'API_KEY=abc'), undefined, clock.now());
        tracker.documentSaved(secret, clock.now());
        assert.equal(tracker.openSession, undefined);
        await clock.advanceAndSettle(91 * SECOND);
        assert.equal(events.length, 0);
        assert.equal(resolver.noted, 0);
        assert.equal(resolver.resolveCalls.length, 0);
      });
    }

    it('drops the open session of a file the user has just excluded', async () => {
      const resolver = new FakeResolver();
      const { clock, events, tracker, type } = setup({ resolver });
      type(A, 5);
      tracker.setPathFilter(new PathFilter(['src/a.ts']));
      await clock.advanceAndSettle(91 * SECOND);
      assert.equal(events.length, 0);
      assert.deepEqual(resolver.forgotten, [A.key]);
      type(A, 5);
      await clock.advanceAndSettle(91 * SECOND);
      assert.equal(events.length, 0);
    });
  });

  describe('pause', () => {
    it('drops the open session and everything not yet emitted', async () => {
      const resolver = new FakeResolver();
      let gateOpen: () => void = () => undefined;
      resolver.gate = new Promise((resolve) => (gateOpen = resolve));
      const { clock, events, tracker, type } = setup({ resolver });
      tracker.focusChanged(A);
      type(A, 5);
      tracker.focusChanged(B);
      type(B, 5);
      // The first session is waiting for its symbols; the second is open.
      tracker.reset();
      gateOpen();
      await clock.advanceAndSettle(91 * SECOND);
      assert.equal(events.length, 0);
      assert.equal(resolver.resets, 1);
      assert.equal(tracker.openSession, undefined);
    });

    it('drops a session whose observation stopped while it was finishing', async () => {
      let recording = true;
      const { clock, events, type } = setup({ isRecording: () => recording });
      type(A, 5);
      recording = false;
      await clock.advanceAndSettle(91 * SECOND);
      assert.equal(events.length, 0);
    });

    it('records again after a reset, from scratch', async () => {
      const { clock, events, tracker, type } = setup();
      type(A, 5);
      tracker.reset();
      type(A, 2);
      await clock.advanceAndSettle(91 * SECOND);
      assert.equal(events.length, 1);
      assert.equal(events[0].changes, 2);
    });
  });

  it('ends the session of a closed document at once, and lets the resolver forget it', async () => {
    const resolver = new FakeResolver();
    const { clock, events, tracker, type } = setup({ resolver });
    type(A, 2);
    tracker.documentClosed(A.key);
    await clock.settle();
    assert.equal(events.length, 1);
    assert.deepEqual(resolver.forgotten, [A.key]);
  });

  it('emits the open session on flush', async () => {
    const { events, tracker, type } = setup();
    type(A, 2);
    await tracker.flush();
    assert.equal(events.length, 1);
  });

  it('hands everything over synchronously on flushNow, with the symbols the resolver can name at once', () => {
    const resolver = new FakeResolver({ 'src/a.ts': [fakeSymbol('first', [0, 1], [0, 99])], 'src/b.ts': [fakeSymbol('second', [0, 1], [0, 99])] });
    resolver.syncAnswers = true;
    resolver.gate = new Promise(() => undefined); // asynchronous answers never come
    const { events, tracker, type } = setup({ resolver });
    tracker.focusChanged(A);
    type(A, 2);
    tracker.focusChanged(B);
    type(B, 2);
    tracker.flushNow();
    assert.deepEqual(
      events.map((event) => [event.file, event.symbols]),
      [
        ['src/a.ts', ['first']],
        ['src/b.ts', ['second']],
      ],
    );
    tracker.flushNow();
    assert.equal(events.length, 2, 'nothing is handed over twice');
  });

  it('does not hand over on flushNow what a reset dropped', () => {
    const resolver = new FakeResolver();
    resolver.gate = new Promise(() => undefined);
    const { events, tracker, type } = setup({ resolver });
    tracker.focusChanged(A);
    type(A, 2);
    tracker.focusChanged(B);
    type(B, 2);
    tracker.reset();
    tracker.flushNow();
    assert.deepEqual(events, []);
  });

  it('reports a failing emit and carries on', async () => {
    const errors: unknown[] = [];
    const clock = new FakeClock();
    const tracker = new EditSessionTracker({
      emit: () => {
        throw new Error('sidecar gone');
      },
      clock,
      onError: (error) => errors.push(error),
    });
    tracker.documentChanged(A, typed(0), undefined, clock.now());
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(errors.length, 1);
  });

  it('handles 5,000 keystrokes in a 5,000-line document in far less than a millisecond each', async () => {
    const resolver = new FakeResolver({ 'src/big.ts': [fakeSymbol('Service2500.fetch', [2500, 2520], [0, 1e9])] });
    const { clock, events, tracker } = setup({ resolver });
    const big = observedDocument('src/big.ts');
    tracker.focusChanged(big);
    const lineLength = 40;
    const changes = Array.from({ length: 5_000 }, (_, i) => {
      // Typing along lines in the middle of the file, a newline every 30 characters, some deletions.
      const offset = 2500 * lineLength + i;
      return i % 17 === 16 ? deleted(offset - 1) : typed(offset, i % 30 === 29 ? '\n' : 'x');
    });
    const start = performance.now();
    for (const change of changes) {
      tracker.documentChanged(big, change, undefined, clock.now());
      clock.now();
    }
    const totalMs = performance.now() - start;
    await clock.advanceAndSettle(91 * SECOND);
    assert.equal(events.length, 1);
    assert.equal(events[0].changes, 5_000);
    assert.equal(resolver.resolveCalls.length, 1);
    assert.ok(totalMs < 250, `5,000 changes took ${totalMs.toFixed(1)} ms`);
  });
});
