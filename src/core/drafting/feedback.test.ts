import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { makeTempHome } from '../test-support/temp-twin';
import { adjustedSimilarity, exemplarAdjustments, feedbackPath, readFeedback, recordFeedback } from './feedback';

describe('draft feedback', () => {
  let temp: { home: string; cleanup(): void };
  beforeEach(() => (temp = makeTempHome('twin-feedback')));
  afterEach(() => temp.cleanup());

  const draft = (id: string, exemplars: string[]) => ({
    id,
    channel: 'reply' as const,
    provenance: { style: [], exemplars: exemplars.map((exemplarId) => ({ id: exemplarId, text: '', similarity: 0.5 })), memories: [] },
  });

  it('stores each verdict with the exemplars behind the draft in a private feedback.jsonl', () => {
    recordFeedback(temp.home, draft('d1', ['m1', 'm2']), 'up', new Date('2026-11-20T10:00:00Z'));
    recordFeedback(temp.home, draft('d2', ['m2']), 'down', new Date('2026-11-20T11:00:00Z'));
    assert.equal(fs.statSync(feedbackPath(temp.home)).mode & 0o777, 0o600);
    assert.deepEqual(readFeedback(temp.home), [
      { draftId: 'd1', channel: 'reply', verdict: 'up', exemplarIds: ['m1', 'm2'], at: '2026-11-20T10:00:00.000Z' },
      { draftId: 'd2', channel: 'reply', verdict: 'down', exemplarIds: ['m2'], at: '2026-11-20T11:00:00.000Z' },
    ]);
  });

  it('raises liked exemplars a little and lowers rejected ones more, per channel and within bounds', () => {
    for (let i = 0; i < 5; i++) recordFeedback(temp.home, draft(`up${i}`, ['liked']), 'up');
    recordFeedback(temp.home, draft('down', ['mixed', 'rejected']), 'down');
    recordFeedback(temp.home, draft('up', ['mixed']), 'up');
    const adjustments = exemplarAdjustments(readFeedback(temp.home), 'reply');
    assert.equal(adjustedSimilarity('liked', 0.6, adjustments), 0.75);
    assert.equal(adjustedSimilarity('rejected', 0.6, adjustments), 0.45);
    assert.equal(adjustedSimilarity('mixed', 0.6, adjustments), 0.5);
    assert.equal(adjustedSimilarity('unknown', 0.6, adjustments), 0.6);
    assert.equal(exemplarAdjustments(readFeedback(temp.home), 'commit').size, 0);
  });

  it('skips a torn line instead of losing the file', () => {
    recordFeedback(temp.home, draft('d1', ['m1']), 'up');
    fs.appendFileSync(feedbackPath(temp.home), '{"draftId": "d2", "verd');
    assert.equal(readFeedback(temp.home).length, 1);
  });
});
