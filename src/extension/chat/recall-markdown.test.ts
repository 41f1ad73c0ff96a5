import assert from 'node:assert/strict';
import type { RecallItem } from '../../core/protocol/sidecar-protocol';
import type { Memory } from '../../core/types';
import { describeWhy, escapeMarkdown, recallItemMarkdown } from './recall-markdown';

function item(memory: Partial<Memory>, why: Partial<RecallItem['why']> = {}): RecallItem {
  const full: Memory = {
    id: 'm-1',
    text: 'Fixed the retry loop',
    kind: 'episodic',
    source: 'git',
    sources: ['git'],
    timestamp: Date.UTC(2026, 0, 2, 3, 4),
    recipients: [],
    importance: 0.5,
    accessCount: 0,
    meta: {},
    createdAt: 0,
    updatedAt: 0,
    ...memory,
  };
  return { memory: full, score: 0.9, why: { relevance: 0.8, importance: 0.5, recency: 0.25, ...why } };
}

describe('recall as chat markdown', () => {
  it('shows the text, where it came from, when, its id and why it matched', () => {
    const markdown = recallItemMarkdown(item({ author: 'dev@example.com', project: 'api' }, { vectorRank: 2, similarity: 0.61234, textRank: 1, textScore: 3.5 }), 1);
    assert.equal(
      markdown,
      [
        '1. Fixed the retry loop',
        '   - _git · dev@example.com · api_ · 2026-01-02 03:04 UTC · `m-1`',
        '   - why: meaning #2 (similarity 0.612), words #1 (bm25 3.5), relevance 0.8, importance 0.5, recency 0.25',
      ].join('\n'),
    );
  });

  it('keeps a memory’s text from becoming links, emphasis or HTML, and on one line', () => {
    const markdown = recallItemMarkdown(item({ text: 'see [docs](http://x) *now*\n<img src=x>' }), 3);
    assert.ok(markdown.startsWith('3. see \\[docs\\]\\(http://x\\) \\*now\\* \\<img src=x\\>\n'), markdown);
  });

  it('says only what recall found: a full-text-only match has no meaning rank', () => {
    assert.equal(describeWhy(item({}, { textRank: 4, textScore: 1.25 })), 'words #4 (bm25 1.25), relevance 0.8, importance 0.5, recency 0.25');
  });

  it('escapes every markdown control character', () => {
    assert.equal(escapeMarkdown('a_b*c`d#e|f'), 'a\\_b\\*c\\`d\\#e\\|f');
  });
});
