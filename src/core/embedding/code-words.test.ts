import assert from 'node:assert/strict';
import { codeWords, forEachChunk } from './code-words';

describe('codeWords', () => {
  it('splits camelCase and PascalCase identifiers into words', () => {
    assert.deepEqual(codeWords('getUserName'), ['get', 'user', 'name']);
    assert.deepEqual(codeWords('OfflineEmbedder'), ['offline', 'embedder']);
  });

  it('keeps acronyms together and still separates the word after them', () => {
    assert.deepEqual(codeWords('HTTPServerError'), ['http', 'server', 'error']);
    assert.deepEqual(codeWords('XMLHttpRequest'), ['xml', 'http', 'request']);
    assert.deepEqual(codeWords('userID'), ['user', 'id']);
  });

  it('treats snake_case, SCREAMING_CASE, kebab-case and paths as word breaks', () => {
    assert.deepEqual(codeWords('MAX_RETRY_COUNT'), ['max', 'retry', 'count']);
    assert.deepEqual(codeWords('parse_http_response'), ['parse', 'http', 'response']);
    assert.deepEqual(codeWords('src/core/offline-embedder.ts'), ['src', 'core', 'offline', 'embedder', 'ts']);
  });

  it('keeps numbers as words of their own', () => {
    assert.deepEqual(codeWords('retry3Times'), ['retry', '3', 'times']);
    assert.deepEqual(codeWords('version 2.0.1'), ['version', '2', '0', '1']);
  });

  it('drops punctuation and lower-cases prose', () => {
    assert.deepEqual(codeWords("Hello, World! (It's fine.)"), ['hello', 'world', 'it', 's', 'fine']);
  });

  it('returns nothing for empty or punctuation-only text', () => {
    assert.deepEqual(codeWords(''), []);
    assert.deepEqual(codeWords('  --> !!! ;; '), []);
  });

  it('keeps accented letters and reads composed and decomposed accents alike', () => {
    assert.deepEqual(codeWords('Café naïve'), ['café', 'naïve']);
    assert.deepEqual(codeWords('Cafe\u0301'), ['café']);
  });

  it('keeps uncased scripts as whole words', () => {
    assert.deepEqual(codeWords('数据库 timeout'), ['数据库', 'timeout']);
  });
});

describe('forEachChunk', () => {
  it('offers the whole identifier before its parts, so known compounds can stay intact', () => {
    const seen: Array<[string, readonly string[]]> = [];
    forEachChunk('JavaScript getUserName plain', (whole, parts) => seen.push([whole, [...parts]]));
    assert.deepEqual(seen, [
      ['javascript', ['java', 'script']],
      ['getusername', ['get', 'user', 'name']],
      ['plain', ['plain']],
    ]);
  });
});
