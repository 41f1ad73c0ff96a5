/**
 * One open document's syntax tree, kept current by incremental re-parses as the user types, with its
 * symbols computed on demand and reused until the next edit.
 */

import type { Parser, Point, Tree } from 'web-tree-sitter';
// A require() keeps esbuild on the CommonJS build (see grammar-loader.ts).
import TreeSitter = require('web-tree-sitter');

import { createParser } from './grammar-loader';
import type { LanguageId } from './languages';
import { type CodeSymbol, enclosingSymbol, extractSymbols, symbolAtOffset } from './symbols';

/**
 * An edit in tree-sitter's terms. Offsets and columns are UTF-16 code units, the units of VS Code's
 * `offsetAt` and `Position.character`; rows are 0-based lines.
 */
export interface TextEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** The shape of a VS Code `TextDocumentContentChangeEvent`, minus the range it also carries. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Row and UTF-16 column of an offset, counting `\n` as the line break (as tree-sitter does). */
export function positionAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    row++;
    lineStart = newline + 1;
  }
  return { row, column: offset - lineStart };
}

/** Where inserted text ends, given where it starts. */
function advance(start: Point, inserted: string): Point {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline === -1) return { row: start.row, column: start.column + inserted.length };
  let newlines = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) newlines++;
  return { row: start.row + newlines, column: inserted.length - lastNewline - 1 };
}

/** The tree-sitter edit for replacing `rangeLength` characters at `rangeOffset` of `text` with `inserted`. */
export function editForChange(text: string, change: TextChange): TextEdit {
  const startPosition = positionAt(text, change.rangeOffset);
  const removed = text.slice(change.rangeOffset, change.rangeOffset + change.rangeLength);
  return {
    startIndex: change.rangeOffset,
    oldEndIndex: change.rangeOffset + change.rangeLength,
    newEndIndex: change.rangeOffset + change.text.length,
    startPosition,
    oldEndPosition: advance(startPosition, removed),
    newEndPosition: advance(startPosition, change.text),
  };
}

export class ParsedDocument {
  private symbolCache: CodeSymbol[] | undefined;
  private editCount = 0;
  private disposed = false;

  private constructor(
    readonly languageId: LanguageId,
    private readonly parser: Parser,
    private currentText: string,
    private currentTree: Tree,
  ) {}

  /** Parses `text` in full; loads the grammar on first use. */
  static async open(languageId: LanguageId, text: string): Promise<ParsedDocument> {
    const parser = await createParser(languageId);
    const tree = parser.parse(text);
    if (!tree) {
      parser.delete();
      throw new Error(`Tree-sitter returned no tree for a ${languageId} document; the grammar failed to load into the parser.`);
    }
    return new ParsedDocument(languageId, parser, text, tree);
  }

  get text(): string {
    return this.currentText;
  }

  /** The current tree. It is freed on the next edit or on dispose(): do not keep it. */
  get tree(): Tree {
    this.assertOpen();
    return this.currentTree;
  }

  /** How many edits or replacements this document has seen; a cheap staleness check for callers' caches. */
  get version(): number {
    return this.editCount;
  }

  /** Applies one edit that turned the current text into `newText`, re-parsing incrementally. */
  applyEdit(edit: TextEdit, newText: string): void {
    this.assertOpen();
    this.currentTree.edit(new TreeSitter.Edit(edit));
    this.reparse(newText, this.currentTree);
  }

  /**
   * Applies VS Code content changes in order, each against the text the previous one produced (VS Code
   * sends multi-cursor changes last-first, so this also holds for ranges against the original text),
   * then re-parses once.
   */
  applyChanges(changes: readonly TextChange[]): void {
    this.assertOpen();
    let text = this.currentText;
    for (const change of changes) {
      this.currentTree.edit(new TreeSitter.Edit(editForChange(text, change)));
      text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
    }
    this.reparse(text, this.currentTree);
  }

  /** Replaces the whole text with a full parse (a reload, or an edit the caller cannot describe). */
  replaceText(newText: string): void {
    this.assertOpen();
    this.reparse(newText, null);
  }

  /** Every symbol of the current text, computed once per version. */
  symbols(): readonly CodeSymbol[] {
    this.assertOpen();
    this.symbolCache ??= extractSymbols(this.currentTree, this.languageId);
    return this.symbolCache;
  }

  /**
   * The innermost symbol at a UTF-16 offset. Right after an edit it reads only the top-level declaration
   * around the offset instead of extracting the whole file, so calling it per keystroke stays cheap.
   */
  symbolAt(offset: number): CodeSymbol | undefined {
    this.assertOpen();
    if (this.symbolCache) return enclosingSymbol(this.symbolCache, { offset });
    return symbolAtOffset(this.currentTree, this.languageId, offset);
  }

  /** The innermost symbol holding a 0-based line. */
  symbolAtLine(line: number): CodeSymbol | undefined {
    return enclosingSymbol(this.symbols(), { line });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.currentTree.delete();
    this.parser.delete();
    this.symbolCache = undefined;
  }

  private reparse(newText: string, oldTree: Tree | null): void {
    const tree = this.parser.parse(newText, oldTree);
    if (!tree) throw new Error(`Tree-sitter returned no tree while re-parsing a ${this.languageId} document.`);
    this.currentTree.delete();
    this.currentTree = tree;
    this.currentText = newText;
    this.symbolCache = undefined;
    this.editCount++;
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error(`This ${this.languageId} document was disposed; open a new ParsedDocument.`);
  }
}
