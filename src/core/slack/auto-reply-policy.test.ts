import assert from 'node:assert/strict';
import { decideAutoReply } from './auto-reply-policy';

const policy = { conversations: ['D0SAM', '#Team-Billing'], people: ['@priya', 'U0JO'], minConfidence: 0.8 };
const base = { conversation: 'C0RANDOM', conversationName: 'random', sender: 'U0X', senderNames: ['xavier'], confidence: 0.9, hasDraft: true };

describe('decideAutoReply', () => {
  it('sends by itself only for an allowlisted conversation or person at or above the threshold', () => {
    assert.equal(decideAutoReply(policy, { ...base, conversation: 'D0SAM' }).autoSend, true);
    assert.equal(decideAutoReply(policy, { ...base, conversationName: 'team-billing' }).autoSend, true, '#names match case-insensitively');
    assert.equal(decideAutoReply(policy, { ...base, senderNames: ['Priya'] }).autoSend, true, 'handles match without the @');
    assert.equal(decideAutoReply(policy, { ...base, sender: 'U0JO', confidence: 0.8 }).autoSend, true, 'the threshold itself is enough');
  });

  it('asks, and says why, otherwise', () => {
    assert.deepEqual(decideAutoReply(policy, base).reasons, ['neither this conversation nor this person is on your auto-reply allowlist']);
    assert.deepEqual(decideAutoReply(policy, { ...base, sender: 'U0JO', confidence: 0.62 }).reasons, ['confidence 0.62 is below your threshold 0.80']);
    assert.deepEqual(decideAutoReply(policy, { ...base, sender: 'U0JO', hasDraft: false, confidence: 0 }).reasons, ['there is no draft', 'confidence 0.00 is below your threshold 0.80']);
  });
});
