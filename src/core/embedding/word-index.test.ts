import assert from 'node:assert/strict';
import { WordIndex } from './word-index';

describe('WordIndex', () => {
  it('finds the row of every word in the list', () => {
    const words = Array.from({ length: 5000 }, (_unused, i) => `word${i.toString(36)}`);
    const index = new WordIndex(words.join('\n'));
    assert.equal(index.size, words.length);
    words.forEach((word, row) => assert.equal(index.get(word), row, word));
  });

  it('answers -1 for absent words, prefixes and extensions of listed words', () => {
    const index = new WordIndex(['database', 'data', 'the'].join('\n'));
    assert.equal(index.get('datab'), -1);
    assert.equal(index.get('databases'), -1);
    assert.equal(index.get('kitten'), -1);
    assert.equal(index.get(''), -1);
    assert.equal(index.get('data'), 1);
  });

  it('keeps the first (most frequent) row of a repeated word', () => {
    const index = new WordIndex(['alpha', 'beta', 'alpha'].join('\n'));
    assert.equal(index.get('alpha'), 0);
  });

  it('is empty for an empty list', () => {
    const index = new WordIndex('');
    assert.equal(index.size, 0);
    assert.equal(index.get('anything'), -1);
  });
});
