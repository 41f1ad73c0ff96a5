import * as assert from 'node:assert/strict';

import { cleanOcrText, OcrDeduplicator } from './window-ocr';

describe('cleanOcrText', () => {
  it('drops noise lines, squeezes blank runs and whitespace', () => {
    const raw = '  TWIN   OCR CHECK 4711 \n\n\n|  — ©\n\n  second   line here\n\f';
    assert.equal(cleanOcrText(raw, 1000), 'TWIN OCR CHECK 4711\n\nsecond line here');
  });

  it('cuts at a line end within the limit, or inside an overlong first line', () => {
    assert.equal(cleanOcrText('alpha beta\ngamma delta\nepsilon', 22), 'alpha beta\ngamma delta');
    assert.equal(cleanOcrText('a'.repeat(50), 10), 'a'.repeat(10));
  });
});

describe('OcrDeduplicator', () => {
  const key = OcrDeduplicator.key('xterm', 'vim notes.md');

  it('recognises an identical capture of the same window', () => {
    const seen = new OcrDeduplicator();
    const image = Buffer.from('P6 2 1 255 abcdef');
    const hash = OcrDeduplicator.imageHash(image);
    assert.equal(seen.sameImage(key, hash), false);
    seen.noteImage(key, hash);
    assert.equal(seen.sameImage(key, hash), true);
    assert.equal(seen.sameImage(OcrDeduplicator.key('xterm', 'vim todo.md'), hash), false, 'another title is another view');
    assert.equal(seen.sameImage(key, OcrDeduplicator.imageHash(Buffer.from('P6 2 1 255 abcdeg'))), false);
  });

  it('treats text sharing nearly all its words with the last stored text as the same', () => {
    const seen = new OcrDeduplicator();
    const text = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    assert.equal(seen.similarText(key, text), false, 'nothing stored yet');
    seen.noteStored(key, text);
    assert.equal(seen.similarText(key, `${text} word30`), true, 'one new word in thirty');
    assert.equal(seen.similarText(key, `${text} ${Array.from({ length: 10 }, (_, i) => `fresh${i}`).join(' ')}`), false);
  });
});
