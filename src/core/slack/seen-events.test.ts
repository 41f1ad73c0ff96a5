import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempHome } from '../test-support/temp-twin';
import { SeenEvents } from './seen-events';

describe('SeenEvents (TWIN_HOME/slack/seen-events.json)', () => {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = makeTempHome('twin-slack-seen')));
  afterEach(() => cleanup());

  it('claims a delivery once, whether it comes back by event id or as the same message', () => {
    const seen = new SeenEvents(home);
    assert.equal(seen.claim({ eventId: 'Ev1', conversation: 'D0SAM', ts: '1.000100' }), true);
    assert.equal(seen.claim({ eventId: 'Ev1', conversation: 'D0SAM', ts: '1.000100' }), false, 'a retry of the same event');
    assert.equal(seen.claim({ eventId: 'Ev2', conversation: 'D0SAM', ts: '1.000100' }), false, 'the same message as an app_mention');
    assert.equal(seen.claim({ eventId: 'Ev1', conversation: 'D0SAM', ts: '2.000100' }), false, 'the same event id');
    assert.equal(seen.claim({ conversation: 'D0SAM', ts: '3.000100' }), true, 'a new message without an event id');
  });

  it('remembers across restarts, keeping ids only and dropping the oldest past its bound', () => {
    const first = new SeenEvents(home, 6);
    for (let i = 1; i <= 4; i++) first.claim({ eventId: `Ev${i}`, conversation: 'C0BILLING', ts: `${i}.000100` });
    const file = path.join(home, 'slack', 'seen-events.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
    assert.deepEqual(stored, ['event:Ev2', 'message:C0BILLING:2.000100', 'event:Ev3', 'message:C0BILLING:3.000100', 'event:Ev4', 'message:C0BILLING:4.000100']);
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'private to the user');

    const afterRestart = new SeenEvents(home, 6);
    assert.equal(afterRestart.has({ eventId: 'Ev4', conversation: 'C0BILLING', ts: '4.000100' }), true);
    assert.equal(afterRestart.has({ eventId: 'Ev1', conversation: 'C0BILLING', ts: '1.000100' }), false, 'the oldest was dropped');
  });

  it('starts empty when the file is unreadable, rather than refusing every message', () => {
    fs.mkdirSync(path.join(home, 'slack'), { recursive: true });
    fs.writeFileSync(path.join(home, 'slack', 'seen-events.json'), '{not json');
    assert.equal(new SeenEvents(home).claim({ eventId: 'Ev1', conversation: 'D0SAM', ts: '1.000100' }), true);
  });
});
