/** The review voice learner on review comments with a known voice, and a direct one to contrast. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REVIEWED_PULLS, REVIEWER } from '../github/test-support/review-fixtures';
import { renderStyleProfile } from './render-style-profile';
import { describeReviewVoice, learnReviewVoice, requestPhrase, type ReviewText } from './review-voice';
import { forgetRepositoryStyle, readStyleProfile, saveRepositoryStyle, saveReviewVoice } from './style-profile-store';

const hedgedTexts: ReviewText[] = REVIEWED_PULLS.flatMap((pull) => [
  ...(pull.comments ?? []).filter((comment) => comment.login === REVIEWER).map((comment): ReviewText => ({ id: `c${comment.id}`, body: comment.body, type: 'line-comment' })),
  ...(pull.reviews ?? []).filter((review) => review.login === REVIEWER && review.body).map((review): ReviewText => ({ id: `r${review.id}`, body: review.body, type: 'review', state: review.state })),
]);

describe('review voice', () => {
  it('learns a hedged reviewer: "could we", nit: prefix, LGTM approvals, tests/naming/error handling', () => {
    const voice = learnReviewVoice(hedgedTexts, { login: REVIEWER, bareApprovals: 1, learnedAt: '2026-11-22T00:00:00Z' })!;
    assert.equal(voice.lineComments, 7);
    assert.equal(voice.reviewBodies, 3);
    assert.equal(voice.tone.style, 'hedged');
    assert.ok(voice.tone.hedgedShare >= 0.8, `hedged share ${voice.tone.hedgedShare}`);
    assert.ok(voice.tone.questionShare >= 0.7);
    assert.equal(voice.requests[0].phrase, 'could we');
    assert.ok(voice.requests[0].exemplars.includes('c301'));
    assert.equal(voice.nits.prefix, 'nit:');
    assert.equal(voice.nits.share, Math.round((3 / 7) * 100) / 100);
    assert.deepEqual(voice.nits.exemplars, ['c302', 'c313', 'c322']);
    assert.equal(voice.approvals.typical, 'LGTM, thanks!');
    assert.equal(voice.approvals.count, 3);
    assert.equal(voice.approvals.bareShare, 0.33);
    const focus = voice.focus.map((entry) => entry.category);
    assert.equal(focus[0], 'tests');
    for (const category of ['naming', 'error handling', 'docs', 'debug output'] as const) assert.ok(focus.includes(category), `${category} in ${focus.join(', ')}`);
    assert.ok(!focus.includes('security'));
    assert.ok(voice.length.medianWords >= 10 && voice.length.medianWords <= 16, `median ${voice.length.medianWords}`);
    assert.ok(voice.length.p90Words >= voice.length.medianWords);
    assert.equal(voice.emoji.share, 0);
    for (const value of [voice.tone, voice.nits, voice.approvals, voice.length, voice.requests[0], voice.focus[0]]) {
      assert.ok(value.confidence > 0 && value.confidence <= 1, JSON.stringify(value));
      assert.ok(value.exemplars.length > 0);
    }
    assert.ok(describeReviewVoice(voice).some((line) => line === 'nits: prefixed "nit:" (43% of line comments)'));
  });

  it('learns a direct reviewer who writes imperatives and emoji', () => {
    const direct = ['Rename this to `retryBudget`.', 'Remove the debug print 🙏', 'Use the shared client here.', 'Add a test for the 404 path.', 'Extract this into a helper 👍'].map(
      (body, index): ReviewText => ({ id: `d${index}`, body, type: 'line-comment' }),
    );
    const voice = learnReviewVoice(direct)!;
    assert.equal(voice.tone.style, 'direct');
    assert.equal(voice.tone.imperativeShare, 1);
    assert.equal(voice.nits.prefix, undefined);
    assert.match(voice.requests[0].phrase, /^imperative "/);
    assert.equal(voice.emoji.share, 0.4);
    assert.deepEqual(voice.emoji.top.sort(), ['👍', '🙏'].sort());
    assert.equal(requestPhrase('nit: could we drop this?'), 'could we');
    assert.equal(learnReviewVoice([]), undefined);
  });

  it('is kept in the style profile beside the code style, and `twin style` shows it', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-review-voice-'));
    try {
      const voice = learnReviewVoice(hedgedTexts, { login: REVIEWER })!;
      saveReviewVoice(home, voice);
      const profile = readStyleProfile(home)!;
      assert.equal(profile.reviews?.tone.style, 'hedged');
      const text = renderStyleProfile(profile);
      assert.match(text, /Reviews\n {2}alex's 7 line comments and 3 review bodies, confidence 0\.\d\d/);
      assert.match(text, /nits +prefixed "nit:"/);
      assert.match(text, /approvals +"LGTM, thanks!"/);

      // Learning or forgetting a repository's code style keeps the review voice.
      const repository = { repository: '/work/repo', learnedAt: '2026-11-22T01:00:00.000Z', code: {}, skipped: {}, seconds: { code: 0, commits: 0 } };
      assert.equal(saveRepositoryStyle(home, repository).reviews?.login, REVIEWER);
      assert.equal(forgetRepositoryStyle(home, '/work/repo')?.reviews?.login, REVIEWER);
      assert.deepEqual(Object.keys(readStyleProfile(home)!.repositories), []);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
