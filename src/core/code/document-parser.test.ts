import * as assert from 'node:assert/strict';

import { ParsedDocument, editForChange, positionAt } from './document-parser';
import { TYPESCRIPT_SAMPLE } from './fixtures/samples';

function names(document: ParsedDocument): string[] {
  return document.symbols().map((symbol) => symbol.qualifiedName);
}

/** Replaces `search` (first occurrence) with `replacement` through the incremental edit path. */
function replaceViaEdit(document: ParsedDocument, search: string, replacement: string): void {
  const text = document.text;
  const at = text.indexOf(search);
  assert.ok(at >= 0, `document lacks ${search}`);
  const edit = editForChange(text, { rangeOffset: at, rangeLength: search.length, text: replacement });
  document.applyEdit(edit, text.slice(0, at) + replacement + text.slice(at + search.length));
}

describe('ParsedDocument', () => {
  let document: ParsedDocument | undefined;
  afterEach(() => {
    document?.dispose();
    document = undefined;
  });

  it('renames a function through an incremental edit and reports the new name', async () => {
    document = await ParsedDocument.open('typescript', TYPESCRIPT_SAMPLE);
    assert.ok(names(document).includes('Protocol.encode'));
    replaceViaEdit(document, 'function encode(', 'function encodeUtf8(');
    assert.ok(names(document).includes('Protocol.encodeUtf8'));
    assert.ok(!names(document).includes('Protocol.encode'));
    assert.equal(document.version, 1);
  });

  it('finds a function inserted by an edit, and shifts the symbols after it', async () => {
    document = await ParsedDocument.open('typescript', TYPESCRIPT_SAMPLE);
    const before = document.symbols().find((symbol) => symbol.name === 'createManager');
    assert.ok(before);
    const inserted = 'export function closeAll(manager: SessionManager): void {\n  manager.removeAllListeners();\n}\n\n';
    const at = document.text.indexOf('export default function createManager');
    document.applyChanges([{ rangeOffset: at, rangeLength: 0, text: inserted }]);

    const closeAll = document.symbols().find((symbol) => symbol.name === 'closeAll');
    assert.ok(closeAll, 'the inserted function is a symbol');
    assert.equal(closeAll.kind, 'function');
    assert.equal(document.text.slice(closeAll.startIndex, closeAll.endIndex), inserted.trimEnd());
    const after = document.symbols().find((symbol) => symbol.name === 'createManager');
    assert.equal(after?.startIndex, before.startIndex + inserted.length);
    assert.equal(after?.startLine, before.startLine + 4);
    assert.equal(document.symbolAt(document.text.indexOf('removeAllListeners'))?.name, 'closeAll');
  });

  it('leaves the same tree as a full parse after a series of keystrokes', async () => {
    document = await ParsedDocument.open('typescript', TYPESCRIPT_SAMPLE);
    const typed = '\n  ping(): string {\n    return "pong";\n  }\n';
    let offset = document.text.indexOf('  get size()') - 1;
    for (const character of typed) {
      document.applyChanges([{ rangeOffset: offset, rangeLength: 0, text: character }]);
      offset++;
    }
    const fresh = await ParsedDocument.open('typescript', document.text);
    try {
      assert.equal(document.tree.rootNode.toString(), fresh.tree.rootNode.toString());
      assert.deepEqual(document.symbols(), fresh.symbols());
      assert.ok(names(document).includes('SessionManager.ping'));
    } finally {
      fresh.dispose();
    }
  });

  it('applies multi-cursor changes given last-first, as VS Code sends them', async () => {
    const text = 'function one() {}\nfunction two() {}\n';
    document = await ParsedDocument.open('javascript', text);
    document.applyChanges([
      { rangeOffset: text.indexOf('two'), rangeLength: 3, text: 'second' },
      { rangeOffset: text.indexOf('one'), rangeLength: 3, text: 'first' },
    ]);
    assert.equal(document.text, 'function first() {}\nfunction second() {}\n');
    assert.deepEqual(names(document), ['first', 'second']);
  });

  it('recomputes symbols only after an edit', async () => {
    document = await ParsedDocument.open('python', 'def a():\n    pass\n');
    const first = document.symbols();
    assert.equal(document.symbols(), first, 'the same list until the text changes');
    document.replaceText('def a():\n    pass\n\ndef b():\n    pass\n');
    assert.notEqual(document.symbols(), first);
    assert.deepEqual(names(document), ['a', 'b']);
  });

  it('refuses use after dispose with a message that says what to do', async () => {
    const disposed = await ParsedDocument.open('go', 'package p\n');
    disposed.dispose();
    assert.throws(() => disposed.symbols(), /disposed; open a new ParsedDocument/);
  });
});

describe('positionAt and editForChange', () => {
  it('counts columns in UTF-16 code units and rows by line feeds', () => {
    const text = 'a😀b\r\nsecond\nthird';
    assert.deepEqual(positionAt(text, 3), { row: 0, column: 3 });
    assert.deepEqual(positionAt(text, text.indexOf('second') + 2), { row: 1, column: 2 });
    assert.deepEqual(positionAt(text, text.length), { row: 2, column: 5 });
  });

  it('describes a multi-line replacement with old and new end points', () => {
    const text = 'line0\nline1\nline2\n';
    const edit = editForChange(text, { rangeOffset: 2, rangeLength: 8, text: 'X\nYY\nZ' });
    assert.deepEqual(edit, {
      startIndex: 2,
      oldEndIndex: 10,
      newEndIndex: 8,
      startPosition: { row: 0, column: 2 },
      oldEndPosition: { row: 1, column: 4 },
      newEndPosition: { row: 2, column: 1 },
    });
  });
});
