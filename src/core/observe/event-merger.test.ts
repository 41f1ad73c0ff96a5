import * as assert from 'node:assert/strict';

import type { DwellEvent, EditSessionEvent, JumpEvent, TwinEvent } from '../protocol/events';
import { EditSessionTracker } from './edit-session-tracker';
import { EventMerger, type EventMergerOptions } from './event-merger';
import { FakeClock } from './test-support/fake-clock';
import { observedDocument, typed } from './test-support/builders';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function edit(start: number, duration: number, overrides: Partial<EditSessionEvent> = {}): EditSessionEvent {
  return {
    id: `edit-${start}`,
    type: 'edit',
    start,
    duration,
    project: 'twin',
    file: 'src/a.ts',
    language: 'typescript',
    charsInserted: 10,
    charsDeleted: 2,
    changes: 12,
    saves: 1,
    undos: 0,
    redos: 1,
    symbols: ['a'],
    ...overrides,
  };
}

function dwell(start: number, duration: number, overrides: Partial<DwellEvent> = {}): DwellEvent {
  return { id: `dwell-${start}`, type: 'dwell', start, duration, file: 'src/a.ts', language: 'typescript', ...overrides };
}

function setup(options: Partial<EventMergerOptions> = {}) {
  const clock = new FakeClock();
  const events: TwinEvent[] = [];
  const merger = new EventMerger({ emit: (event) => events.push(event), clock, pulseMs: 5 * MINUTE, ...options });
  return { clock, events, merger, t0: clock.now() };
}

describe('EventMerger', () => {
  it('merges consecutive edit sessions of one file within the pulse window into one event', () => {
    const { clock, events, merger, t0 } = setup();
    merger.push(edit(t0, 2 * MINUTE, { symbols: ['Parser.parse'] }));
    merger.push(edit(t0 + 4 * MINUTE, 3 * MINUTE, { symbols: ['Parser.reset', 'Parser.parse'] }));
    merger.push(edit(t0 + 10 * MINUTE, MINUTE, { symbols: ['Parser'] }));
    assert.equal(events.length, 0, 'held until the window has passed');
    clock.advance(16 * MINUTE);
    assert.deepEqual(events, [
      {
        ...edit(t0, 11 * MINUTE),
        charsInserted: 30,
        charsDeleted: 6,
        changes: 36,
        saves: 3,
        undos: 0,
        redos: 3,
        symbols: ['Parser.parse', 'Parser.reset', 'Parser'],
      },
    ]);
  });

  it('keeps sessions of different files, or further apart than the window, separate', () => {
    const { clock, events, merger, t0 } = setup();
    merger.push(edit(t0, MINUTE));
    merger.push(edit(t0 + 2 * MINUTE, MINUTE, { file: 'src/b.ts' }));
    merger.push(edit(t0 + 4 * MINUTE, MINUTE));
    merger.push(edit(t0 + 11 * MINUTE, MINUTE));
    clock.advance(20 * MINUTE);
    assert.deepEqual(
      events.map((event) => [(event as EditSessionEvent).file, event.start - t0]),
      [
        ['src/a.ts', 0],
        ['src/b.ts', 2 * MINUTE],
        ['src/a.ts', 4 * MINUTE],
        ['src/a.ts', 11 * MINUTE],
      ],
    );
  });

  it('never merges beyond the maximum duration, so the hard cap still splits long stretches', () => {
    const { clock, events, merger, t0 } = setup({ maxDurationMs: 30 * MINUTE });
    merger.push(edit(t0, 20 * MINUTE));
    merger.push(edit(t0 + 21 * MINUTE, 20 * MINUTE));
    clock.advance(60 * MINUTE);
    assert.equal(events.length, 2);
  });

  it('merges dwells in one file and keeps the symbol of the longer stay', () => {
    const { clock, events, merger, t0 } = setup();
    merger.push(dwell(t0, 10 * SECOND, { symbol: 'short' }));
    merger.push(dwell(t0 + 20 * SECOND, MINUTE, { symbol: 'long' }));
    merger.push(dwell(t0 + 90 * SECOND, 5 * SECOND));
    clock.advance(10 * MINUTE);
    assert.deepEqual(events, [dwell(t0, 95 * SECOND, { symbol: 'long' })]);
  });

  it('passes jumps and commits straight through', () => {
    const { events, merger, t0 } = setup();
    const jump: JumpEvent = { id: 'j', type: 'jump', start: t0, duration: 0, kind: 'switch', toFile: 'src/b.ts' };
    merger.push(edit(t0, MINUTE));
    merger.push(jump);
    merger.push({ id: 'c', type: 'commit', start: t0, duration: 0, repository: '/repo', head: 'abc' });
    assert.deepEqual(
      events.map((event) => event.id),
      ['j', 'c'],
    );
  });

  it('does not wait for a session in another file, or one begun after the window', () => {
    for (const ongoing of [{ file: 'src/b.ts', start: 0 }, { file: 'src/a.ts', start: 0 }]) {
      const { clock, events, merger, t0 } = setup({ ongoing: () => ({ ...ongoing, start: ongoing.file === 'src/b.ts' ? t0 + MINUTE : t0 + 7 * MINUTE }) });
      merger.push(edit(t0, MINUTE));
      clock.advance(7 * MINUTE);
      assert.equal(events.length, 1);
    }
  });

  it('waits past the window while the tracker is still working on the same file, then merges', () => {
    let going = true;
    const { clock, events, merger, t0 } = setup({ ongoing: () => (going ? { file: 'src/a.ts', start: t0 + 4 * MINUTE } : undefined) });
    merger.push(edit(t0, MINUTE));
    clock.advance(20 * MINUTE);
    assert.equal(events.length, 0);
    going = false;
    merger.push(edit(t0 + 4 * MINUTE, 20 * MINUTE));
    clock.advance(30 * MINUTE);
    assert.equal(events.length, 1);
    assert.equal(events[0].duration, 24 * MINUTE);
  });

  it('emits what it holds on flush, and nothing after drop', () => {
    const { clock, events, merger, t0 } = setup();
    merger.push(edit(t0, MINUTE));
    merger.push(dwell(t0, MINUTE));
    merger.flush();
    assert.equal(events.length, 2);
    merger.push(edit(t0 + 2 * MINUTE, MINUTE));
    merger.drop();
    clock.advance(60 * MINUTE);
    assert.equal(events.length, 2);
  });

  it('turns an hour of typing with short breaks into a handful of events', async () => {
    const clock = new FakeClock();
    const events: TwinEvent[] = [];
    // Wired as the edit observer wires them.
    const merger: EventMerger = new EventMerger({ emit: (event) => events.push(event), clock, ongoing: () => tracker.openSession });
    const tracker = new EditSessionTracker({ emit: (event) => merger.push(event), clock });
    const document = observedDocument('src/a.ts');
    // Bursts of typing for 3 minutes, then a 2-minute break (longer than the 90 s idle gap), for an hour.
    for (let minute = 0; minute < 60; minute += 5) {
      for (let second = 0; second < 180; second += 2) {
        tracker.documentChanged(document, typed(0), undefined, clock.now());
        clock.advance(2 * SECOND);
      }
      await clock.advanceAndSettle(2 * MINUTE, SECOND);
    }
    await clock.advanceAndSettle(20 * MINUTE, 10 * SECOND);
    const sessions = events.filter((event): event is EditSessionEvent => event.type === 'edit');
    assert.ok(sessions.length <= 3, `${sessions.length} events`);
    assert.equal(
      sessions.reduce((sum, session) => sum + session.changes, 0),
      12 * 90,
    );
  });
});
