import assert from 'node:assert/strict';
import type { ResolvedAllowlist } from './allowlist-resolver';
import { decideAutoReply } from './auto-reply-policy';

const policy = { conversations: ['D0SAM', '#Team-Billing'], people: ['@priya', 'U0JO'], minConfidence: 0.8 };
/** What resolveAllowlist found at start: the handle and the channel name, by their unique Slack names. */
const resolved: ResolvedAllowlist = { people: new Map([['priya', 'U0PRIYA']]), conversations: new Map([['team-billing', 'C0BILLING']]), problems: [] };
const base = { conversation: 'C0RANDOM', sender: 'U0X', confidence: 0.9, hasDraft: true };

describe('decideAutoReply', () => {
  it('sends by itself only for an allowlisted conversation or person at or above the threshold', () => {
    assert.equal(decideAutoReply(policy, { ...base, conversation: 'D0SAM' }, resolved).autoSend, true);
    assert.equal(decideAutoReply(policy, { ...base, conversation: 'C0BILLING' }, resolved).autoSend, true, 'a #name counts through the id it was resolved to');
    assert.equal(decideAutoReply(policy, { ...base, sender: 'U0PRIYA' }, resolved).autoSend, true, 'a handle counts through the id it was resolved to');
    assert.equal(decideAutoReply(policy, { ...base, sender: 'U0JO', confidence: 0.8 }, resolved).autoSend, true, 'the threshold itself is enough');
  });

  it('never lets a name stand in for an id: only the ids the allowlist resolved to count', () => {
    // Someone who set their display name to "priya" is still U0X to Slack.
    assert.equal(decideAutoReply(policy, base, resolved).autoSend, false);
    assert.equal(decideAutoReply(policy, { ...base, sender: 'priya' }, resolved).autoSend, false, 'the handle itself is not an id');
    assert.equal(decideAutoReply(policy, { ...base, sender: 'U0PRIYA' }).autoSend, false, 'a handle that was not resolved matches no one');
    assert.equal(decideAutoReply(policy, { ...base, conversation: 'C0BILLING' }).autoSend, false, 'nor does an unresolved #name');
    assert.equal(decideAutoReply(policy, { ...base, sender: 'u0jo' }, resolved).autoSend, false, 'ids match exactly');
  });

  it('asks, and says why, otherwise', () => {
    assert.deepEqual(decideAutoReply(policy, base, resolved).reasons, ['neither this conversation nor this person is on your auto-reply allowlist']);
    assert.deepEqual(decideAutoReply(policy, { ...base, sender: 'U0JO', confidence: 0.62 }, resolved).reasons, ['confidence 0.62 is below your threshold 0.80']);
    assert.deepEqual(decideAutoReply(policy, { ...base, sender: 'U0JO', hasDraft: false, confidence: 0 }, resolved).reasons, ['there is no draft', 'confidence 0.00 is below your threshold 0.80']);
  });
});
