/**
 * How trackers turn recorded positions into symbol names without parsing on the keystroke path: they
 * hand changes over as they come (`noteChanges`, which must only buffer) and ask for symbols later, after
 * a typing pause or when a session or visit ends.
 */

import type { ContentChange, ObservedDocument } from './observed-document';

/** A UTF-16 offset or a 0-based line in the document's current text. */
export type SymbolQuery = { readonly offset: number } | { readonly line: number };

export interface ResolvedSymbol {
  /** `Class.method`, as the code module names it. */
  qualifiedName: string;
  kind: string;
  /** 0-based, inclusive; decorators and attributes count as part of the symbol. */
  startLine: number;
  endLine: number;
}

export interface SymbolResolver {
  /** Whether symbols can be found in this language at all; trackers skip the rest when not. */
  supports(language: string): boolean;
  /** Every change the tracker accepted for a document, in order. Called per keystroke: buffer, never parse. */
  noteChanges?(document: ObservedDocument, changes: readonly ContentChange[]): void;
  /** The innermost symbol at each query in the document's current text (undefined outside every symbol). */
  resolve(document: ObservedDocument, queries: readonly SymbolQuery[]): Promise<ReadonlyArray<ResolvedSymbol | undefined>>;
  /**
   * The same answer synchronously when it can be had without waiting (the document is already parsed),
   * else undefined. Used when everything must be handed over at once (VS Code shutting down).
   */
  resolveNow?(document: ObservedDocument, queries: readonly SymbolQuery[]): ReadonlyArray<ResolvedSymbol | undefined> | undefined;
  /** The document closed or must no longer be looked at: free what is kept for it. */
  forget?(key: string): void;
  /** Observation paused: free everything. */
  reset?(): void;
}

/** Lines after a symbol's first line that still count as its declaration (decorators, long signatures). */
export const DECLARATION_LINES = 3;

/** True when `line` is on the declaration (not the body) of `symbol`: where go-to-definition lands. */
export function isDeclarationSite(symbol: ResolvedSymbol, line: number): boolean {
  return line >= symbol.startLine && line <= Math.min(symbol.startLine + DECLARATION_LINES, symbol.endLine);
}
