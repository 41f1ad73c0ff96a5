import * as assert from 'node:assert/strict';

import type { DwellEvent, JumpEvent } from '../protocol/events';
import { type JumpClassifier, type JumpKind, NavigationTracker, type NavigationTrackerOptions, type Place } from './navigation-tracker';
import { PathFilter } from './path-filter';
import { FakeClock } from './test-support/fake-clock';
import { FakeResolver, fakeSymbol, observedDocument } from './test-support/builders';

const SECOND = 1000;
const A = observedDocument('src/a.ts');
const B = observedDocument('src/b.ts');
const C = observedDocument('src/c.ts');
const at = (line: number, character = 0) => ({ line, character });

/** Symbols of a.ts and b.ts: a class with two methods, and a function. */
function resolver(): FakeResolver {
  return new FakeResolver({
    'src/a.ts': [fakeSymbol('Cart', [0, 40]), fakeSymbol('Cart.add', [2, 10]), fakeSymbol('Cart.total', [12, 30])],
    'src/b.ts': [fakeSymbol('price', [5, 20])],
  });
}

class ScriptedClassifier implements JumpClassifier {
  readonly calls: Array<[string, number, string, number]> = [];
  gate: Promise<void> | undefined;
  constructor(private readonly answer: (from: Place, to: Place) => JumpKind | undefined) {}
  async classify(from: Place, to: Place): Promise<JumpKind | undefined> {
    this.calls.push([from.document.file, from.position.line, to.document.file, to.position.line]);
    if (this.gate) await this.gate;
    return this.answer(from, to);
  }
}

function setup(options: Partial<NavigationTrackerOptions> = {}) {
  const clock = new FakeClock();
  const events: Array<DwellEvent | JumpEvent> = [];
  const tracker = new NavigationTracker({ emit: (event) => events.push(event), clock, resolver: resolver(), ...options });
  const dwells = () => events.filter((event): event is DwellEvent => event.type === 'dwell');
  const jumps = () => events.filter((event): event is JumpEvent => event.type === 'jump');
  return { clock, events, tracker, dwells, jumps };
}

describe('NavigationTracker', () => {
  describe('dwell', () => {
    it('reports the time spent in a file when the user leaves it, with the symbol the cursor spent longest in', async () => {
      const { clock, tracker, dwells } = setup();
      const start = clock.now();
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(3), 'mouse', clock.now());
      clock.advance(5 * SECOND);
      tracker.selectionChanged(A, at(15), 'keyboard', clock.now());
      clock.advance(20 * SECOND);
      tracker.selectionChanged(A, at(4), 'keyboard', clock.now());
      clock.advance(3 * SECOND);
      tracker.editorChanged(undefined, undefined, clock.now());
      await clock.settle();
      assert.deepEqual(dwells(), [
        { id: dwells()[0].id, type: 'dwell', start, duration: 28 * SECOND, project: 'twin', file: 'src/a.ts', language: 'typescript', symbol: 'Cart.total' },
      ]);
    });

    it('ignores stays shorter than two seconds', async () => {
      const { clock, tracker, dwells } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(1_900);
      tracker.editorChanged(B, at(0), clock.now());
      clock.advance(2_000);
      tracker.editorChanged(C, at(0), clock.now());
      await clock.settle();
      assert.deepEqual(
        dwells().map((dwell) => [dwell.file, dwell.duration]),
        [['src/b.ts', 2_000]],
      );
    });

    it('ends a dwell at the last activity once the user has been idle, and starts anew when they return', async () => {
      const { clock, tracker, dwells } = setup({ idleGapMs: 60 * SECOND });
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.activity(A, clock.now());
      await clock.advanceAndSettle(10 * 60 * SECOND, 10 * SECOND);
      assert.equal(dwells().length, 1);
      assert.equal(dwells()[0].duration, 10 * SECOND, 'no time is invented after the last activity');
      tracker.selectionChanged(A, at(3), 'mouse', clock.now());
      clock.advance(5 * SECOND);
      await tracker.flush();
      assert.equal(dwells().length, 2);
      assert.equal(dwells()[1].duration, 5 * SECOND);
    });

    it('pauses while the window has no focus', async () => {
      const { clock, tracker, dwells, jumps } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(5 * SECOND);
      tracker.windowFocusChanged(false, clock.now());
      clock.advance(60 * SECOND);
      tracker.windowFocusChanged(true, clock.now());
      clock.advance(3 * SECOND);
      await tracker.flush();
      assert.deepEqual(
        dwells().map((dwell) => dwell.duration),
        [5 * SECOND, 3 * SECOND],
      );
      assert.equal(jumps().length, 0, 'coming back to the window is not a jump');
    });

    it('hands the visit over synchronously on flushNow, with the symbol the resolver can name at once', () => {
      const fast = resolver();
      fast.syncAnswers = true;
      fast.gate = new Promise(() => undefined); // asynchronous answers never come
      const { clock, tracker, events } = setup({ resolver: fast });
      tracker.editorChanged(B, at(6), clock.now());
      clock.advance(3 * SECOND);
      tracker.flushNow();
      assert.deepEqual(
        events.map((event) => [event.type, event.start + event.duration - clock.now(), (event as DwellEvent).symbol]),
        [['dwell', 0, 'price']],
      );
    });

    it('leaves the symbol out when the resolver has none for the file', async () => {
      const { clock, tracker, dwells } = setup();
      tracker.editorChanged(C, at(0), clock.now());
      clock.advance(3 * SECOND);
      await tracker.flush();
      assert.equal(dwells().length, 1);
      assert.equal('symbol' in dwells()[0], false);
    });
  });

  describe('jumps', () => {
    it('reports a switch between files once the user has stayed in the new one', async () => {
      const { clock, tracker, jumps } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(4), 'mouse', clock.now());
      clock.advance(10 * SECOND);
      const switchedAt = clock.now();
      tracker.editorChanged(B, at(0), clock.now());
      // The editor restores its view state: a selection change without a kind.
      tracker.selectionChanged(B, at(7), 'other', clock.now());
      await clock.advanceAndSettle(2 * SECOND);
      assert.deepEqual(jumps(), [
        { id: jumps()[0].id, type: 'jump', start: switchedAt, duration: 0, project: 'twin', kind: 'switch', fromFile: 'src/a.ts', fromSymbol: 'Cart.add', toFile: 'src/b.ts', toSymbol: 'price', language: 'typescript' },
      ]);
    });

    it('reports a switch when no selection change follows the new editor', async () => {
      const { clock, tracker, jumps } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      await clock.advanceAndSettle(3 * SECOND);
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.fromFile, jump.toFile]),
        [['switch', 'src/a.ts', 'src/b.ts']],
      );
    });

    it('folds a brief stop on the way into one switch (A, B for a moment, C reads as A to C)', async () => {
      const { clock, tracker, jumps } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      clock.advance(400);
      tracker.editorChanged(C, at(0), clock.now());
      await clock.advanceAndSettle(5 * SECOND);
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.fromFile, jump.toFile]),
        [['switch', 'src/a.ts', 'src/c.ts']],
      );
    });

    it('keeps the origin across a moment without a text editor (VS Code reports none between two editors)', async () => {
      const { clock, tracker, jumps } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(undefined, undefined, clock.now());
      clock.advance(5);
      tracker.editorChanged(B, at(0), clock.now());
      await clock.advanceAndSettle(3 * SECOND);
      assert.deepEqual(
        jumps().map((jump) => [jump.fromFile, jump.toFile]),
        [['src/a.ts', 'src/b.ts']],
      );
    });

    it('treats an arrival followed at once by a command-driven selection as a navigation jump, checked by the classifier', async () => {
      const classifier = new ScriptedClassifier(() => 'definition');
      const { clock, tracker, jumps } = setup({ classifier });
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(14, 8), 'keyboard', clock.now());
      clock.advance(10 * SECOND);
      const jumpedAt = clock.now() + 5;
      // As VS Code 1.100 delivers F12 into another file: the editor first (selection still 0:0), then the move.
      tracker.editorChanged(undefined, undefined, clock.now());
      tracker.editorChanged(B, at(0), clock.now() + 4);
      tracker.selectionChanged(B, at(5, 16), 'command', jumpedAt);
      clock.advance(500);
      tracker.editorChanged(A, at(0), clock.now());
      await clock.advanceAndSettle(SECOND);
      assert.deepEqual(classifier.calls[0], ['src/a.ts', 14, 'src/b.ts', 5]);
      const [jump] = jumps();
      assert.equal(jump.kind, 'definition');
      assert.equal(jump.start, jumpedAt);
      assert.deepEqual([jump.fromFile, jump.fromSymbol, jump.toFile, jump.toSymbol], ['src/a.ts', 'Cart.total', 'src/b.ts', 'price']);
    });

    it('reports what the classifier verified: implementation, references, or other', async () => {
      for (const kind of ['implementation', 'references', 'other'] as const) {
        const { clock, tracker, jumps } = setup({ classifier: new ScriptedClassifier(() => kind) });
        tracker.editorChanged(A, at(3), clock.now());
        clock.advance(10 * SECOND);
        tracker.editorChanged(B, at(0), clock.now());
        tracker.selectionChanged(B, at(9), 'command', clock.now());
        await clock.advanceAndSettle(SECOND);
        assert.deepEqual(
          jumps().map((jump) => jump.kind),
          [kind],
        );
      }
    });

    it('without a classifier, calls a command-driven arrival on a declaration line a definition, and anything else other', async () => {
      const { clock, tracker, jumps } = setup();
      tracker.editorChanged(A, at(3), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      tracker.selectionChanged(B, at(5, 16), 'command', clock.now());
      await clock.settle();
      clock.advance(10 * SECOND);
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(20), 'command', clock.now());
      await clock.advanceAndSettle(SECOND);
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.toFile, jump.toSymbol]),
        [
          ['definition', 'src/b.ts', 'price'],
          ['other', 'src/a.ts', 'Cart.total'],
        ],
      );
    });

    it('falls back to the declaration check when the classifier cannot tell or takes too long', async () => {
      const classifier = new ScriptedClassifier(() => undefined);
      const { clock, tracker, jumps } = setup({ classifier, classifyTimeoutMs: 1_000 });
      tracker.editorChanged(A, at(3), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      tracker.selectionChanged(B, at(5), 'command', clock.now());
      await clock.advanceAndSettle(SECOND);
      classifier.gate = new Promise(() => undefined);
      clock.advance(10 * SECOND);
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(12), 'command', clock.now());
      await clock.advanceAndSettle(2 * SECOND);
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.toFile]),
        [
          ['definition', 'src/b.ts'],
          ['definition', 'src/a.ts'],
        ],
      );
    });

    it('reports a jump within a file only when it is a definition, implementation or references jump', async () => {
      const classifier = new ScriptedClassifier((_from, to) => (to.position.line === 12 ? 'definition' : 'other'));
      const { clock, tracker, jumps } = setup({ classifier });
      tracker.editorChanged(A, at(25), clock.now());
      clock.advance(3 * SECOND);
      tracker.selectionChanged(A, at(3), 'command', clock.now()); // go to line: not a definition
      await clock.advanceAndSettle(SECOND);
      tracker.selectionChanged(A, at(25, 10), 'keyboard', clock.now());
      tracker.selectionChanged(A, at(26, 10), 'command', clock.now()); // one line: a motion, never asked about
      tracker.selectionChanged(A, at(12, 4), 'command', clock.now()); // F12
      await clock.advanceAndSettle(SECOND);
      assert.deepEqual(classifier.calls, [
        ['src/a.ts', 25, 'src/a.ts', 3],
        ['src/a.ts', 26, 'src/a.ts', 12],
      ]);
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.fromFile, jump.fromSymbol, jump.toFile, jump.toSymbol]),
        [['definition', 'src/a.ts', 'Cart.total', 'src/a.ts', 'Cart.total']],
      );
    });

    it('calls going back to where a jump left from history, not a references jump, without asking the classifier', async () => {
      const classifier = new ScriptedClassifier(() => 'references');
      const { clock, tracker, jumps } = setup({ classifier });
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(14, 8), 'mouse', clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      tracker.selectionChanged(B, at(5, 16), 'command', clock.now()); // F12
      await clock.advanceAndSettle(3 * SECOND);
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(14, 8), 'command', clock.now()); // Go Back: exactly where the jump left
      tracker.selectionChanged(A, at(25, 3), 'command', clock.now());
      tracker.selectionChanged(A, at(14, 8), 'command', clock.now()); // and back again, within the file
      await clock.advanceAndSettle(3 * SECOND);
      assert.equal(classifier.calls.length, 2, JSON.stringify(classifier.calls));
      assert.deepEqual(
        jumps().map((jump) => [jump.kind, jump.fromFile, jump.toFile]),
        [
          ['references', 'src/a.ts', 'src/b.ts'],
          ['other', 'src/b.ts', 'src/a.ts'],
          ['references', 'src/a.ts', 'src/a.ts'],
        ],
      );
    });

    it('classifies one same-file candidate at a time and only the newest waiting one, so command-driven motions cannot flood', async () => {
      let release: () => void = () => undefined;
      const classifier = new ScriptedClassifier(() => 'other');
      classifier.gate = new Promise((resolve) => (release = resolve));
      const { clock, tracker } = setup({ classifier });
      tracker.editorChanged(A, at(0), clock.now());
      for (let i = 1; i <= 50; i++) tracker.selectionChanged(A, at(i * 3), 'command', clock.now());
      assert.equal(classifier.calls.length, 1);
      release();
      await clock.advanceAndSettle(SECOND);
      assert.equal(classifier.calls.length, 2);
      assert.deepEqual(classifier.calls[1], ['src/a.ts', 147, 'src/a.ts', 150]);
    });

    it('emits nothing about excluded files, and never names one as the origin of a jump', async () => {
      const filter = new PathFilter();
      const { clock, tracker, events } = setup({ pathFilter: filter });
      const secret = observedDocument('.env');
      tracker.editorChanged(secret, at(0), clock.now());
      tracker.selectionChanged(secret, at(2), 'keyboard', clock.now());
      clock.advance(30 * SECOND);
      tracker.editorChanged(A, at(0), clock.now());
      tracker.selectionChanged(A, at(3), 'command', clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(secret, at(0), clock.now());
      clock.advance(10 * SECOND);
      await tracker.flush();
      assert.ok(events.length > 0);
      assert.ok(!JSON.stringify(events).includes('.env'), JSON.stringify(events));
    });

    it('forgets a place once its file is excluded', async () => {
      const { clock, tracker, events } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.setPathFilter(new PathFilter(['src/a.ts']));
      tracker.editorChanged(B, at(0), clock.now());
      clock.advance(10 * SECOND);
      await tracker.flush();
      assert.ok(!JSON.stringify(events).includes('src/a.ts'), JSON.stringify(events));
    });
  });

  describe('pause', () => {
    it('drops the visit under way and every jump not yet emitted', async () => {
      const classifier = new ScriptedClassifier(() => 'definition');
      let release: () => void = () => undefined;
      classifier.gate = new Promise((resolve) => (release = resolve));
      const { clock, tracker, events } = setup({ classifier });
      tracker.editorChanged(A, at(3), clock.now());
      clock.advance(10 * SECOND);
      tracker.editorChanged(B, at(0), clock.now());
      tracker.selectionChanged(B, at(5), 'command', clock.now());
      clock.advance(5 * SECOND);
      tracker.reset();
      release();
      await clock.advanceAndSettle(10 * SECOND);
      await tracker.flush();
      assert.deepEqual(events, []);
    });

    it('starts from nothing afterwards: the first editor is not a jump from before the pause', async () => {
      const { clock, tracker, jumps, dwells } = setup();
      tracker.editorChanged(A, at(0), clock.now());
      clock.advance(10 * SECOND);
      tracker.reset();
      tracker.editorChanged(B, at(0), clock.now());
      clock.advance(3 * SECOND);
      await tracker.flush();
      assert.equal(jumps().length, 0);
      assert.deepEqual(
        dwells().map((dwell) => dwell.file),
        ['src/b.ts'],
      );
    });
  });
});
