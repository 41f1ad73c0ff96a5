import * as assert from 'node:assert/strict';

import { ParsedDocument } from '../code/document-parser';
import type { LanguageId } from '../code/languages';
import type { EditSessionEvent } from '../protocol/events';
import { EditSessionTracker } from './edit-session-tracker';
import type { ContentChange } from './observed-document';
import { ParsedDocumentResolver, coalesceChanges } from './parsed-document-resolver';
import { FakeClock } from './test-support/fake-clock';
import { observedDocument } from './test-support/builders';

const SOURCE = `export class Cart {
  private items: number[] = [];

  add(price: number): void {
    this.items.push(price);
  }

  total(): number {
    return this.items.reduce((sum, price) => sum + price, 0);
  }
}

export function checkout(cart: Cart): string {
  return cart.total().toFixed(2);
}
`;

/** A text the test edits as an editor would, handing each change to the resolver. */
class Editor {
  constructor(public text: string) {}
  apply(change: ContentChange): ContentChange[] {
    this.text = this.text.slice(0, change.rangeOffset) + change.text + this.text.slice(change.rangeOffset + change.rangeLength);
    return [change];
  }
  typeAt(offset: number, text: string): ContentChange[] {
    return this.apply({ rangeOffset: offset, rangeLength: 0, text });
  }
}

function setup(text = SOURCE) {
  const editor = new Editor(text);
  const opened: LanguageId[] = [];
  const resolver = new ParsedDocumentResolver({
    getText: () => editor.text,
    open: (languageId, source) => {
      opened.push(languageId);
      return ParsedDocument.open(languageId, source);
    },
  });
  return { editor, resolver, opened, document: observedDocument('src/cart.ts') };
}

describe('coalesceChanges', () => {
  it('turns any sequence of changes into one that makes the same text', () => {
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 300; round++) {
      const original = 'abcdefghijklmnopqrstuvwxyz\n'.repeat(1 + random(4));
      const editor = new Editor(original);
      const changes: ContentChange[] = [];
      for (let i = 0, count = 1 + random(12); i < count; i++) {
        const rangeOffset = random(editor.text.length + 1);
        const rangeLength = random(Math.min(6, editor.text.length - rangeOffset) + 1);
        changes.push(...editor.apply({ rangeOffset, rangeLength, text: 'XYZ\n'.slice(0, random(5)) }));
      }
      const merged = coalesceChanges(changes, editor.text);
      const replayed = original.slice(0, merged.rangeOffset) + merged.text + original.slice(merged.rangeOffset + merged.rangeLength);
      assert.equal(replayed, editor.text, JSON.stringify({ original, changes, merged }));
    }
  });

  it('spans only what the typing touched', () => {
    const editor = new Editor('function a() {}\nfunction b() {}\n');
    const changes = [...editor.typeAt(20, 'x'), ...editor.typeAt(21, 'y'), ...editor.apply({ rangeOffset: 21, rangeLength: 1, text: '' })];
    assert.deepEqual(coalesceChanges(changes, editor.text), { rangeOffset: 20, rangeLength: 0, text: 'x' });
  });
});

describe('ParsedDocumentResolver', () => {
  it('names the innermost symbol at offsets and lines', async () => {
    const { resolver, document } = setup();
    const symbols = await resolver.resolve(document, [
      { offset: SOURCE.indexOf('push') },
      { line: 8 },
      { line: 12 },
      { offset: SOURCE.indexOf('private items') },
      { line: 11 },
    ]);
    assert.deepEqual(
      symbols.map((symbol) => symbol?.qualifiedName),
      ['Cart.add', 'Cart.total', 'checkout', 'Cart', undefined],
    );
    assert.deepEqual(symbols[0] && [symbols[0].startLine, symbols[0].endLine, symbols[0].kind], [3, 5, 'method']);
    resolver.dispose();
  });

  it('does not parse while changes are noted, and parses once, incrementally, when asked', async () => {
    const { editor, resolver, opened, document } = setup();
    await resolver.resolve(document, [{ line: 0 }]);
    assert.equal(opened.length, 1);
    // A new method typed character by character after `total`.
    const at = editor.text.indexOf('\n}\n\nexport function') + 1;
    const method = '\n  clear(): void {\n    this.items = [];\n  }\n';
    for (let i = 0; i < method.length; i++) resolver.noteChanges(document, editor.typeAt(at + i, method[i]));
    assert.equal(opened.length, 1);
    const [symbol] = await resolver.resolve(document, [{ offset: editor.text.indexOf('this.items = []') }]);
    assert.equal(symbol?.qualifiedName, 'Cart.clear');
    assert.equal(opened.length, 1, 'replayed onto the open document, not re-opened');
    resolver.dispose();
  });

  it('heals from a change it never saw by comparing with the editor text', async () => {
    const { editor, resolver, document } = setup();
    await resolver.resolve(document, [{ line: 0 }]);
    editor.typeAt(0, 'function helper(): void {}\n');
    const [symbol] = await resolver.resolve(document, [{ offset: 5 }]);
    assert.equal(symbol?.qualifiedName, 'helper');
    resolver.dispose();
  });

  it('starts loading the grammar on the first change but opens nothing until asked', async () => {
    const warmed: string[] = [];
    const opened: string[] = [];
    const resolver = new ParsedDocumentResolver({
      getText: () => SOURCE,
      warm: async (languageId) => warmed.push(languageId),
      open: (languageId, text) => {
        opened.push(languageId);
        return ParsedDocument.open(languageId, text);
      },
    });
    const document = observedDocument('src/cart.ts');
    resolver.noteChanges(document, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }]);
    resolver.noteChanges(document, [{ rangeOffset: 1, rangeLength: 0, text: 'y' }]);
    resolver.noteChanges(observedDocument('notes.md', 'markdown'), [{ rangeOffset: 0, rangeLength: 0, text: 'x' }]);
    assert.deepEqual(warmed, ['typescript']);
    assert.deepEqual(opened, []);
    assert.equal(resolver.size, 0);
    resolver.dispose();
  });

  it('answers undefined for unsupported languages and closed documents', async () => {
    const resolver = new ParsedDocumentResolver({ getText: () => undefined });
    assert.deepEqual(await resolver.resolve(observedDocument('a.md', 'markdown'), [{ line: 0 }]), [undefined]);
    assert.deepEqual(await resolver.resolve(observedDocument('a.ts'), [{ line: 0 }]), [undefined]);
  });

  it('never parses a document too long for the extension host, nor one that grows too long', async () => {
    const editor = new Editor(SOURCE);
    const opened: string[] = [];
    const resolver = new ParsedDocumentResolver({
      getText: () => editor.text,
      maxDocumentLength: SOURCE.length + 10,
      open: (languageId, text) => {
        opened.push(languageId);
        return ParsedDocument.open(languageId, text);
      },
    });
    const document = observedDocument('src/cart.ts');
    assert.equal((await resolver.resolve(document, [{ line: 3 }]))[0]?.qualifiedName, 'Cart.add');
    editor.typeAt(0, '/* a long licence header */\n');
    assert.deepEqual(await resolver.resolve(document, [{ line: 3 }]), [undefined]);
    assert.equal(resolver.isTooLong(document.key), true);
    assert.deepEqual(await resolver.resolve(document, [{ line: 3 }]), [undefined]);
    assert.equal(opened.length, 1);
    resolver.dispose();
  });

  it('keeps at most the configured number of documents and frees what it forgets', async () => {
    const resolver = new ParsedDocumentResolver({ getText: () => SOURCE, maxDocuments: 2 });
    for (const file of ['a.ts', 'b.ts', 'c.ts']) await resolver.resolve(observedDocument(file), [{ line: 3 }]);
    assert.equal(resolver.size, 2);
    resolver.forget(observedDocument('c.ts').key);
    assert.equal(resolver.size, 1);
    resolver.reset();
    assert.equal(resolver.size, 0);
  });

  it('lets the edit tracker name the method typed into, end to end', async () => {
    const { editor, resolver } = setup();
    const clock = new FakeClock();
    const events: EditSessionEvent[] = [];
    const tracker = new EditSessionTracker({ emit: (event) => events.push(event), clock, resolver });
    const document = observedDocument('src/cart.ts');
    tracker.focusChanged(document);
    const inTotal = editor.text.indexOf(', 0);');
    for (const char of ' + 1') {
      tracker.documentChanged(document, editor.typeAt(inTotal + 0, char), undefined, clock.now());
      clock.advance(120);
    }
    await clock.advanceAndSettle(2_000);
    const inCheckout = editor.text.indexOf('toFixed(2)') + 'toFixed('.length;
    tracker.documentChanged(document, editor.apply({ rangeOffset: inCheckout, rangeLength: 1, text: '3' }), undefined, clock.now());
    await tracker.flush();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].symbols, ['Cart.total', 'checkout']);
    resolver.dispose();
  });
});
