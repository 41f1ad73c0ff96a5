/** Small builders for observer tests: documents, keystrokes, and a resolver that counts its calls. */

import type { ContentChange, ObservedDocument } from '../observed-document';
import type { ResolvedSymbol, SymbolQuery, SymbolResolver } from '../symbol-resolver';

export function observedDocument(file: string, language = 'typescript', project = 'twin'): ObservedDocument {
  return { key: `file:///work/${project}/${file}`, file, language, project };
}

/** One typed character at `offset`. */
export function typed(offset: number, text = 'x'): ContentChange[] {
  return [{ rangeOffset: offset, rangeLength: 0, text }];
}

/** `length` characters deleted at `offset`. */
export function deleted(offset: number, length = 1): ContentChange[] {
  return [{ rangeOffset: offset, rangeLength: length, text: '' }];
}

/** A symbol spanning offsets [startIndex, endIndex] and lines [startLine, endLine]. */
export interface FakeSymbol extends ResolvedSymbol {
  startIndex: number;
  endIndex: number;
}

export function fakeSymbol(qualifiedName: string, lines: [number, number], offsets: [number, number] = [lines[0] * 100, lines[1] * 100 + 99]): FakeSymbol {
  return { qualifiedName, kind: 'function', startLine: lines[0], endLine: lines[1], startIndex: offsets[0], endIndex: offsets[1] };
}

/**
 * A resolver over a fixed symbol table per file, answering the innermost symbol; it records every call
 * so tests can tell when (and how often) symbols were looked up.
 */
export class FakeResolver implements SymbolResolver {
  readonly resolveCalls: Array<{ file: string; queries: SymbolQuery[] }> = [];
  noted = 0;
  forgotten: string[] = [];
  resets = 0;
  /** When set, resolve() waits for this before answering. */
  gate: Promise<void> | undefined;

  constructor(
    private readonly symbolsByFile: Record<string, FakeSymbol[]> = {},
    private readonly languages: readonly string[] = ['typescript', 'python'],
  ) {}

  supports(language: string): boolean {
    return this.languages.includes(language);
  }

  noteChanges(_document: ObservedDocument, changes: readonly ContentChange[]): void {
    this.noted += changes.length;
  }

  async resolve(document: ObservedDocument, queries: readonly SymbolQuery[]): Promise<Array<ResolvedSymbol | undefined>> {
    this.resolveCalls.push({ file: document.file, queries: [...queries] });
    if (this.gate) await this.gate;
    return this.lookup(document, queries);
  }

  private lookup(document: ObservedDocument, queries: readonly SymbolQuery[]): Array<ResolvedSymbol | undefined> {
    const symbols = this.symbolsByFile[document.file] ?? [];
    return queries.map((query) => {
      const holding = symbols.filter((symbol) =>
        'offset' in query
          ? symbol.startIndex <= query.offset && query.offset <= symbol.endIndex
          : symbol.startLine <= query.line && query.line <= symbol.endLine,
      );
      return holding.sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine))[0];
    });
  }

  /** Answers synchronously only when `syncAnswers` is set, like a resolver whose document is parsed. */
  syncAnswers = false;

  resolveNow(document: ObservedDocument, queries: readonly SymbolQuery[]): Array<ResolvedSymbol | undefined> | undefined {
    return this.syncAnswers ? this.lookup(document, queries) : undefined;
  }

  forget(key: string): void {
    this.forgotten.push(key);
  }

  reset(): void {
    this.resets++;
  }
}
