import * as assert from 'node:assert/strict';

import { parseActiveWindowOutput, parseWmClass } from './active-window';

describe('parsing xdotool and xprop output', () => {
  it('reads the window id and a title that itself looks like geometry', () => {
    const out = 'WINDOW=4194316\nX=2\nY=40\nWIDTH=1264\nHEIGHT=745\nSCREEN=0\nX=5 - vim\n';
    assert.deepEqual(parseActiveWindowOutput(out), { id: '4194316', title: 'X=5 - vim' });
  });

  it('keeps an empty title, and refuses output without the geometry', () => {
    assert.deepEqual(parseActiveWindowOutput('WINDOW=7\nX=0\nY=0\nWIDTH=1\nHEIGHT=1\nSCREEN=0\n\n'), { id: '7', title: '' });
    assert.equal(parseActiveWindowOutput(''), undefined);
    assert.equal(parseActiveWindowOutput('notes.md - vim\n'), undefined);
  });

  it('reads both WM_CLASS strings, quotes and all', () => {
    assert.deepEqual(parseWmClass('WM_CLASS(STRING) = "chromium (/tmp/p)", "Chromium"\n'), ['chromium (/tmp/p)', 'Chromium']);
    assert.deepEqual(parseWmClass('WM_CLASS(STRING) = "a\\"b", "C"\n'), ['a"b', 'C']);
    assert.deepEqual(parseWmClass('WM_CLASS:  not found.\n'), []);
  });
});
