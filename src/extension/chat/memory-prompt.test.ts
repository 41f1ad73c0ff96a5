import assert from 'node:assert/strict';
import type { RecallItem } from '../../core/protocol/sidecar-protocol';
import type { Memory } from '../../core/types';
import { buildAnswerMessages, memoriesBlock, TWIN_SYSTEM_PROMPT } from './memory-prompt';

const memory = (id: string, text: string, extra: Partial<Memory> = {}): RecallItem => ({
  memory: { id, text, kind: 'episodic', source: 'editor', sources: ['editor'], timestamp: Date.UTC(2026, 2, 4, 5, 6), recipients: [], importance: 0.5, accessCount: 0, meta: {}, createdAt: 0, updatedAt: 0, ...extra },
  score: 1,
  why: { relevance: 1, importance: 0.5, recency: 1 },
});

describe('the prompt for a plain @twin question', () => {
  it('numbers the recalled memories with their time, source and file so the model can cite them', () => {
    const block = memoriesBlock([memory('a', 'Edited parseConfig', { file: 'src/config.ts', project: 'api' }), memory('b', 'Read the\nretry docs')]);
    assert.equal(
      block,
      'Memories Twin recalled for this question, most relevant first:\n' +
        '[1] (2026-03-04 05:06 UTC; editor, src/config.ts, api) Edited parseConfig\n' +
        '[2] (2026-03-04 05:06 UTC; editor) Read the retry docs',
    );
  });

  it('says so when nothing was recalled, rather than sending an empty list', () => {
    assert.equal(memoriesBlock([]), 'Twin recalled no memories for this question.');
  });

  it('puts the instructions first, earlier turns next, and the memories right before the question', () => {
    const messages = buildAnswerMessages('why did I change parseConfig?', [memory('a', 'Edited parseConfig')], [
      { role: 'user', content: '/recall parseConfig' },
      { role: 'assistant', content: 'Twin remembers 1 thing' },
    ]);
    assert.deepEqual(
      messages.map((message) => message.role),
      ['system', 'user', 'assistant', 'system', 'user'],
    );
    assert.equal(messages[0].content, TWIN_SYSTEM_PROMPT);
    assert.match(messages[3].content, /\[1\] .* Edited parseConfig/);
    assert.equal(messages[4].content, 'why did I change parseConfig?');
  });
});
