import assert from 'node:assert/strict';
import { OutgoingRateLimiter } from './rate-limiter';

describe('OutgoingRateLimiter', () => {
  it('limits posts per conversation and overall, and refills with time', () => {
    let now = 0;
    const limiter = new OutgoingRateLimiter({ perConversationPerMinute: 2, globalPerMinute: 3 }, () => now);
    assert.equal(limiter.tryTake('C1'), true);
    assert.equal(limiter.tryTake('C1'), true);
    assert.equal(limiter.tryTake('C1'), false, 'third post in one conversation within the minute');
    assert.equal(limiter.tryTake('C2'), true);
    assert.equal(limiter.tryTake('C3'), false, 'the global bucket is empty');
    now += 30_000;
    assert.equal(limiter.tryTake('C1'), true, 'half a minute refills one token of each');
    assert.equal(limiter.tryTake('C3'), false);
    now += 20_000;
    assert.equal(limiter.tryTake('C3'), true);
  });
});
