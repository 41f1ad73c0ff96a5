import * as assert from 'node:assert/strict';
import {
  explainRecall,
  formatDuration,
  formatMinutes,
  formatRelativeTime,
  hourRange,
  languageName,
  splitPath,
  truncate,
} from '../../../webview/dashboard/format';

describe('Dashboard formatting', () => {
  it('writes minutes the way a sidebar has room for', () => {
    assert.deepEqual([0, 0.4, 1, 45, 60, 61, 125, 1272, -3, Number.NaN].map(formatMinutes), ['0m', '<1m', '1m', '45m', '1h', '1h 1m', '2h 5m', '21h 12m', '0m', '0m']);
  });

  it('writes how long the sidecar has been up', () => {
    assert.deepEqual([5, 59, 60, 3 * 3600 + 1260, 2 * 86400 + 3 * 3600, 86400].map(formatDuration), ['5s', '59s', '1m', '3h 21m', '2d 3h', '1d']);
  });

  it('says how long ago something happened, then the date', () => {
    const now = new Date(2025, 2, 6, 16, 30).getTime();
    const at = (d: number, h: number, m = 0) => new Date(2025, 2, d, h, m).getTime();
    assert.equal(formatRelativeTime(now - 20_000, now), 'just now');
    assert.equal(formatRelativeTime(at(6, 15, 55), now), '35 min ago');
    assert.equal(formatRelativeTime(at(6, 14, 30), now), '2 h ago');
    assert.equal(formatRelativeTime(at(5, 9), now), 'yesterday');
    assert.equal(formatRelativeTime(at(2, 9), now), '4 days ago');
    assert.equal(formatRelativeTime(new Date(2025, 1, 25, 9).getTime(), now), 'Feb 25');
    assert.equal(formatRelativeTime(new Date(2023, 10, 2).getTime(), now), 'Nov 2, 2023');
  });

  it('names hours, languages and paths', () => {
    assert.equal(hourRange(9), '09:00–10:00');
    assert.equal(hourRange(23), '23:00–00:00');
    assert.equal(languageName('typescriptreact'), 'TypeScript JSX');
    assert.equal(languageName('zig'), 'Zig');
    assert.deepEqual(splitPath('src\\core\\store.ts'), { name: 'store.ts', folder: 'src/core' });
    assert.deepEqual(splitPath('README.md'), { name: 'README.md', folder: '' });
  });

  it('explains a recall result with the first three reasons that were measured', () => {
    assert.equal(explainRecall({ textRank: 1, vectorRank: 3, similarity: 0.71, relevance: 0.8234, importance: 0.5, recency: 0.97 }), 'words #1 · meaning #3 · relevance 0.82');
    assert.equal(explainRecall({ vectorRank: 2, relevance: 0.5, importance: 0.5, recency: 0.25, textRank: undefined }), 'meaning #2 · relevance 0.50 · recency 0.25');
    assert.equal(explainRecall({}), '');
  });

  it('truncates by characters a person sees, not UTF-16 halves', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('abcdefghij', 5), 'abcd…');
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
  });
});
