import * as assert from 'node:assert/strict';
import { analyzeCommitMessage, moodOf, referenceOf } from './commit-message';

describe('Reading one commit message for style', function () {
  it('parses conventional subjects: type, scope, breaking mark, and the description after them', () => {
    const features = analyzeCommitMessage('feat(api)!: Drop the v1 endpoints (#231)');
    assert.deepEqual(features.conventional, { type: 'feat', scope: 'api', breaking: true });
    assert.equal(features.description, 'Drop the v1 endpoints (#231)');
    assert.equal(features.capitalized, true);
    assert.equal(features.mood, 'imperative');
    assert.deepEqual(analyzeCommitMessage('fix: handle empty input').conventional, { type: 'fix', breaking: false });
  });

  it('does not take an area prefix or a sentence with a colon for a conventional commit', () => {
    assert.equal(analyzeCommitMessage('net/http: fix the timeout').conventional, undefined);
    assert.equal(analyzeCommitMessage('Benchmarks: import and recall latency').conventional, undefined);
    assert.equal(analyzeCommitMessage('fix(api):missing space').conventional, undefined);
  });

  it('tells the verb form of the first word: imperative, past, third person, gerund, or a noun phrase', () => {
    assert.deepEqual(
      ['Add', 'added', 'Updated', 'dropped', 'applied', 'adds', 'Fixes', 'applies', 'adding', 'updating', 'Made', 'Memory'].map(moodOf),
      ['imperative', 'past', 'past', 'past', 'past', 'third-person', 'third-person', 'third-person', 'gerund', 'gerund', 'past', 'descriptive'],
    );
  });

  it('tells the reference style and where it sits', () => {
    assert.deepEqual(referenceOf('Speed up search (#42)', ''), { style: 'pr-suffix', placement: 'subject-end' });
    assert.deepEqual(referenceOf('Speed up search', 'Longer text.\n\nFixes #42'), { style: 'closing-keyword', placement: 'body' });
    assert.deepEqual(referenceOf('[PAY-12] Speed up search', ''), { style: 'jira', placement: 'subject-start', issueKey: 'PAY' });
    assert.deepEqual(referenceOf('Speed up search for PAY-12', ''), { style: 'jira', placement: 'subject-end', issueKey: 'PAY' });
    assert.deepEqual(referenceOf('Speed up search, see #9 for why', ''), { style: 'hash', placement: 'subject' });
    assert.deepEqual(referenceOf('Support UTF-8 and SHA-256 names', ''), { style: 'none' });
    assert.deepEqual(referenceOf('Speed up search', 'See https://github.com/o/r/issues/7'), { style: 'url', placement: 'body' });
  });

  it('finds the leading emoji, a ticket prefix, trailers and the body length', () => {
    const features = analyzeCommitMessage(
      '✨ PAY-7: Add a search box\n\nThe box filters as you type.\nIt keeps the last query.\n\nSigned-off-by: Me <me@example.com>\nCo-authored-by: Dana <dana@example.com>',
    );
    assert.equal(features.emoji, '✨');
    assert.equal(features.description, 'Add a search box');
    assert.equal(features.bodyLines, 2);
    assert.deepEqual(features.trailers, ['Signed-off-by', 'Co-authored-by']);
    assert.equal(analyzeCommitMessage(':bug: fix the crash').emoji, ':bug:');
    assert.equal(analyzeCommitMessage('feat: ♻️ tidy the parser').emoji, '♻️');
  });

  it('measures the subject in characters, full stops, and marks git-written subjects', () => {
    const features = analyzeCommitMessage('🐛 Fix it.');
    assert.equal(features.subjectLength, 9);
    assert.equal(features.endsWithPeriod, true);
    assert.equal(analyzeCommitMessage('Wait for it...').endsWithPeriod, false);
    assert.equal(analyzeCommitMessage('Revert "feat: add search"\n\nThis reverts commit abc.').generated, true);
    assert.equal(analyzeCommitMessage('Add search').generated, false);
  });
});
