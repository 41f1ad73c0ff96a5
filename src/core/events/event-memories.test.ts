import * as assert from 'node:assert/strict';
import { absorb, recordFromEvent } from '../activity/heartbeat';
import { formatDuration, memoryForEvent, memoryForRecord } from './event-memories';
import { dwellEvent, editEvent, jumpEvent, MINUTE, T0 } from './test-support/event-builders';

describe('Memories from editor events', function () {
  it('describes an edit session with its function, file, language, time, characters and saves', () => {
    const event = editEvent({
      id: 'e1', duration: 4 * MINUTE, charsInserted: 380, charsDeleted: 120, saves: 2,
      symbols: ['parseConfig', 'loadDefaults'], file: 'src/config/loader.ts', project: 'demo',
    });
    const memory = memoryForEvent(event)!;
    assert.equal(memory.text, 'Edited parseConfig (and loadDefaults) in src/config/loader.ts (typescript) for 4 min: +380 −120 characters, 2 saves');
    assert.equal(memory.id, 'editor:e1');
    assert.equal(memory.source, 'editor');
    assert.equal(memory.kind, 'episodic');
    assert.equal(memory.timestamp, T0);
    assert.equal(memory.file, 'src/config/loader.ts');
    assert.equal(memory.symbol, 'parseConfig');
    assert.equal(memory.project, 'demo');
  });

  it('describes a merged run of sessions by the row, keeping the first event\'s id', () => {
    const first = editEvent({ id: 'e1', duration: MINUTE, saves: 0, undos: 2 });
    const second = editEvent({ id: 'e2', start: T0 + 90_000, duration: 30 * 60_000, symbols: ['parseConfig', 'a', 'b', 'c', 'd'], saves: 1 });
    const row = absorb(recordFromEvent(first), second);
    const memory = memoryForRecord(row)!;
    assert.equal(memory.id, 'editor:e1');
    assert.equal(
      memory.text,
      'Edited parseConfig (and a, b, c and 1 more) in src/config/loader.ts (typescript) for 32 min: +200 −40 characters, 1 save, 2 undos, 2 sessions',
    );
  });

  it('names the file alone when the edits fell outside every symbol', () => {
    assert.equal(
      memoryForEvent(editEvent({ symbols: [], duration: 40_000, saves: 0 }))!.text,
      'Edited src/config/loader.ts (typescript) for 40 s: +100 −20 characters',
    );
  });

  it('remembers reading only from a minute on', () => {
    assert.equal(memoryForEvent(dwellEvent({ duration: 3 * MINUTE }))!.text, 'Read src/parser.ts around Parser.parse for 3 min');
    assert.equal(memoryForEvent(dwellEvent({ duration: 3 * MINUTE, symbol: undefined }))!.text, 'Read src/parser.ts for 3 min');
    assert.equal(memoryForEvent(dwellEvent({ duration: 59_000 })), undefined);
  });

  it('keeps jumps out of memory', () => {
    assert.equal(memoryForEvent(jumpEvent()), undefined);
  });

  it('formats durations for people', () => {
    assert.deepEqual([5_000, 59_400, 90_000, 3_600_000, 4_500_000].map(formatDuration), ['5 s', '59 s', '2 min', '1 h', '1 h 15 min']);
  });
});
