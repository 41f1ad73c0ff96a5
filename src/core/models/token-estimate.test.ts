import assert from 'node:assert/strict';
import { estimateChatTokens, estimateTokens } from './token-estimate';

const PROSE =
  'Twin is a developer’s digital twin that lives on your own machine. It watches how you work, remembers it in a ' +
  'local store with local embeddings, learns how you write code, commits, reviews and replies, and drafts them in ' +
  'your style for you to approve. Nothing leaves the machine unless you configure a remote model.';

const CODE = `export function retryDelayMs(retry: number, policy: RetryPolicy): number {
  const step = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(step / 2 + Math.random() * (step / 2));
}`;

describe('token estimate', () => {
  it('counts English prose at roughly four characters per token', () => {
    const ratio = PROSE.length / estimateTokens(PROSE);
    assert.ok(ratio > 3.5 && ratio < 5, `prose: ${ratio.toFixed(2)} characters per token`);
  });

  it('counts code, numbers and other scripts as denser than prose', () => {
    const prose = PROSE.length / estimateTokens(PROSE);
    const code = CODE.length / estimateTokens(CODE);
    assert.ok(code < prose, `code ${code.toFixed(2)} vs prose ${prose.toFixed(2)} characters per token`);
    assert.equal(estimateTokens('数据库连接失败'), 7);
    assert.ok(estimateTokens('1234567890') >= 3);
    assert.ok(estimateTokens('🎉🎉') >= 4);
  });

  it('is deterministic, zero for nothing, and grows with the text', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens(PROSE), estimateTokens(PROSE));
    assert.equal(estimateTokens(PROSE + ' ' + PROSE), 2 * estimateTokens(PROSE));
    assert.equal(estimateTokens('hello'), 1);
    assert.equal(estimateTokens('hello world.'), 3);
  });

  it('adds the chat format’s framing per message', () => {
    const messages = [
      { role: 'system' as const, content: 'You write like the user.' },
      { role: 'user' as const, content: PROSE },
    ];
    assert.equal(estimateChatTokens(messages), 3 + (3 + estimateTokens(messages[0].content)) + (3 + estimateTokens(PROSE)));
  });
});
