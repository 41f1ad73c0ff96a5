import * as assert from 'node:assert/strict';
import { WriteQueue } from './write-queue';

describe('The write queue', function () {
  it('runs writes one at a time, in order, and a failure does not stop the next', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) =>
      queue.run(async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${name} end`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([step('a', 20), step('b', 5, true), step('c', 1)]);
    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    assert.deepEqual(results.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
  });

  it('finishes queued writes on close and refuses new ones', async () => {
    const queue = new WriteQueue();
    let finished = false;
    void queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    await queue.close();
    assert.equal(finished, true);
    await assert.rejects(queue.run(async () => 1), /stopping/);
  });
});
