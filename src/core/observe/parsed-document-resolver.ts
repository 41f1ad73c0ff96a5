/**
 * A SymbolResolver on tree-sitter: one ParsedDocument per document asked about, kept current by
 * replaying the buffered changes in one incremental re-parse when symbols are asked for, never per
 * keystroke. Grammars load the first time a supported document is edited or asked about.
 *
 * Correctness does not hinge on seeing every change: before answering, the parsed text is compared
 * with the editor's and re-parsed in full when they differ (a change missed while paused, a reload).
 */

import { ParsedDocument, type TextChange } from '../code/document-parser';
import { loadLanguage } from '../code/grammar-loader';
import { type LanguageId, isSupportedLanguage } from '../code/languages';
import type { CodeSymbol } from '../code/symbols';
import type { ContentChange, ObservedDocument } from './observed-document';
import type { ResolvedSymbol, SymbolQuery, SymbolResolver } from './symbol-resolver';

export interface ParsedDocumentResolverOptions {
  /** The document's current text; undefined when it is no longer open. */
  getText(document: ObservedDocument): string | undefined;
  /** Parsed documents kept at once; the least recently used is freed beyond this. */
  maxDocuments?: number;
  /** Buffered changes beyond which one full parse replaces replaying them. */
  maxBufferedChanges?: number;
  /**
   * Documents longer than this (UTF-16 units) get no symbols: a full parse runs at ~8 MB/s on the
   * extension host's thread, so a minified bundle must not be parsed there.
   */
  maxDocumentLength?: number;
  /** Opens a document (tests substitute it). */
  open?: (languageId: LanguageId, text: string) => Promise<ParsedDocument>;
  /** Starts loading a grammar ahead of the first question (tests substitute it). */
  warm?: (languageId: LanguageId) => Promise<unknown>;
}

interface Entry {
  readonly language: LanguageId;
  parsed: ParsedDocument | undefined;
  opening: Promise<ParsedDocument> | undefined;
  /** Changes since the parsed (or being parsed) text, in order. */
  pending: ContentChange[];
  /** Too many changes buffered, or one could not be applied: re-parse from the editor's text. */
  stale: boolean;
}

function toResolved(symbol: CodeSymbol): ResolvedSymbol {
  return { qualifiedName: symbol.qualifiedName, kind: symbol.kind, startLine: symbol.startLine, endLine: symbol.endLine };
}

/** The offset of each line's first non-blank character (or its end), in one pass over the text. */
function offsetsOfLines(text: string, lines: readonly number[]): Map<number, number> {
  const wanted = [...new Set(lines)].filter((line) => line >= 0).sort((a, b) => a - b);
  const offsets = new Map<number, number>();
  let line = 0;
  let lineStart = 0;
  for (const target of wanted) {
    while (line < target) {
      const newline = text.indexOf('\n', lineStart);
      if (newline === -1) break;
      lineStart = newline + 1;
      line++;
    }
    if (line < target) break;
    let offset = lineStart;
    while (offset < text.length && (text[offset] === ' ' || text[offset] === '\t')) offset++;
    offsets.set(target, offset);
  }
  return offsets;
}

/**
 * One change equivalent to a sequence of changes (each against the text the previous one produced),
 * given the text they produced: the span from the first to the last touched character, old and new.
 * Replaying a batch as one edit costs one string rebuild and one re-parse instead of one per keystroke.
 */
export function coalesceChanges(changes: readonly ContentChange[], producedText: string): TextChange {
  // Invariant: before `start` the old and current texts agree, and so do old.slice(oldEnd) and current.slice(currentEnd).
  let start = Number.POSITIVE_INFINITY;
  let oldEnd = 0;
  let currentEnd = 0;
  for (const { rangeOffset, rangeLength, text } of changes) {
    const removedEnd = rangeOffset + rangeLength;
    if (start === Number.POSITIVE_INFINITY) {
      start = rangeOffset;
      oldEnd = removedEnd;
      currentEnd = removedEnd;
    }
    if (removedEnd > currentEnd) {
      oldEnd += removedEnd - currentEnd;
      currentEnd = removedEnd;
    }
    if (rangeOffset < start) start = rangeOffset;
    currentEnd += text.length - rangeLength;
  }
  if (start === Number.POSITIVE_INFINITY) return { rangeOffset: 0, rangeLength: 0, text: '' };
  return { rangeOffset: start, rangeLength: oldEnd - start, text: producedText.slice(start, currentEnd) };
}

/** A coalesced edit spanning more than this is replayed change by change, to keep the re-parse local. */
const MAX_COALESCED_SPAN = 64 * 1024;

export class ParsedDocumentResolver implements SymbolResolver {
  private readonly entries = new Map<string, Entry>();
  /** Documents found too long to parse; asked about again only after they are forgotten. */
  private readonly tooLong = new Set<string>();
  private readonly warmed = new Set<LanguageId>();
  private readonly getText: (document: ObservedDocument) => string | undefined;
  private readonly maxDocuments: number;
  private readonly maxBufferedChanges: number;
  private readonly maxDocumentLength: number;
  private readonly openDocument: (languageId: LanguageId, text: string) => Promise<ParsedDocument>;
  private readonly warm: (languageId: LanguageId) => Promise<unknown>;

  constructor(options: ParsedDocumentResolverOptions) {
    this.getText = options.getText;
    this.maxDocuments = options.maxDocuments ?? 16;
    this.maxBufferedChanges = options.maxBufferedChanges ?? 5_000;
    this.maxDocumentLength = options.maxDocumentLength ?? 1_000_000;
    this.openDocument = options.open ?? ((languageId, text) => ParsedDocument.open(languageId, text));
    this.warm = options.warm ?? loadLanguage;
  }

  supports(language: string): boolean {
    return isSupportedLanguage(language);
  }

  /** Whether a document was found too long to parse (and so gets no symbols). */
  isTooLong(key: string): boolean {
    return this.tooLong.has(key);
  }

  noteChanges(document: ObservedDocument, changes: readonly ContentChange[]): void {
    const entry = this.entries.get(document.key);
    if (entry === undefined) {
      // Nothing parsed yet: it will be opened from the editor's text when asked; only start the grammar.
      if (isSupportedLanguage(document.language) && !this.warmed.has(document.language)) {
        this.warmed.add(document.language);
        this.warm(document.language).catch(() => this.warmed.delete(document.language as LanguageId));
      }
      return;
    }
    if (entry.stale) return;
    const pending = entry.pending;
    for (let i = 0; i < changes.length; i++) pending.push(changes[i]);
    if (pending.length > this.maxBufferedChanges) {
      entry.stale = true;
      entry.pending = [];
    }
  }

  resolve(document: ObservedDocument, queries: readonly SymbolQuery[]): Promise<ReadonlyArray<ResolvedSymbol | undefined>> {
    const none = () => queries.map(() => undefined);
    if (!isSupportedLanguage(document.language) || queries.length === 0 || this.tooLong.has(document.key)) return Promise.resolve(none());
    const entry = this.entries.get(document.key);
    if (entry?.parsed !== undefined && entry.language === document.language) {
      // The common case answers synchronously, so the offsets asked about match the text answered from.
      return Promise.resolve(this.answer(document, entry, queries));
    }
    return this.openAndAnswer(document, queries);
  }

  resolveNow(document: ObservedDocument, queries: readonly SymbolQuery[]): ReadonlyArray<ResolvedSymbol | undefined> | undefined {
    const entry = this.entries.get(document.key);
    if (entry?.parsed === undefined || entry.language !== document.language) return undefined;
    return this.answer(document, entry, queries);
  }

  forget(key: string): void {
    this.tooLong.delete(key);
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    entry.parsed?.dispose();
    entry.opening?.then((parsed) => parsed.dispose()).catch(() => undefined);
  }

  reset(): void {
    for (const key of [...this.entries.keys()]) this.forget(key);
    this.tooLong.clear();
  }

  dispose(): void {
    this.reset();
  }

  /** Documents currently parsed or being parsed, for tests. */
  get size(): number {
    return this.entries.size;
  }

  private async openAndAnswer(document: ObservedDocument, queries: readonly SymbolQuery[]): Promise<ReadonlyArray<ResolvedSymbol | undefined>> {
    const none = () => queries.map(() => undefined);
    const language = document.language as LanguageId;
    let entry = this.entries.get(document.key);
    if (entry !== undefined && entry.language !== language) {
      this.forget(document.key);
      entry = undefined;
    }
    if (entry === undefined) {
      const text = this.getText(document);
      if (text === undefined) return none();
      if (text.length > this.maxDocumentLength) {
        this.tooLong.add(document.key);
        return none();
      }
      entry = { language, parsed: undefined, opening: this.openDocument(language, text), pending: [], stale: false };
      this.entries.set(document.key, entry);
      this.evict();
    }
    try {
      const parsed = await entry.opening;
      if (this.entries.get(document.key) !== entry) return none();
      if (entry.parsed === undefined && parsed !== undefined) {
        entry.parsed = parsed;
        entry.opening = undefined;
      }
      return this.answer(document, entry, queries);
    } catch {
      if (this.entries.get(document.key) === entry) this.entries.delete(document.key);
      return none();
    }
  }

  private answer(document: ObservedDocument, entry: Entry, queries: readonly SymbolQuery[]): Array<ResolvedSymbol | undefined> {
    const parsed = entry.parsed;
    if (parsed === undefined) return queries.map(() => undefined);
    const current = this.getText(document);
    if (current !== undefined && current.length > this.maxDocumentLength) {
      this.forget(document.key);
      this.tooLong.add(document.key);
      return queries.map(() => undefined);
    }
    try {
      if (!entry.stale && entry.pending.length > 0) {
        const batch: TextChange[] = entry.pending;
        entry.pending = [];
        const merged = current !== undefined && batch.length > 1 ? coalesceChanges(batch, current) : undefined;
        if (merged !== undefined && Math.max(merged.rangeLength, merged.text.length) <= MAX_COALESCED_SPAN) parsed.applyChanges([merged]);
        else parsed.applyChanges(batch);
      }
    } catch {
      entry.stale = true;
    }
    // The safety net: a change not seen (or a stale buffer) would skew every answer after it.
    if (current !== undefined && (entry.stale || current !== parsed.text)) parsed.replaceText(current);
    entry.stale = false;
    entry.pending = [];
    this.touch(document.key, entry);

    const text = parsed.text;
    const lines = queries.flatMap((query) => ('line' in query ? [query.line] : []));
    const lineOffsets = lines.length > 0 ? offsetsOfLines(text, lines) : undefined;
    return queries.map((query) => {
      const offset = 'offset' in query ? query.offset : lineOffsets?.get(query.line);
      if (offset === undefined) return undefined;
      const symbol = parsed.symbolAt(Math.max(0, Math.min(offset, text.length)));
      return symbol && toResolved(symbol);
    });
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private evict(): void {
    while (this.entries.size > this.maxDocuments) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.forget(oldest);
    }
  }
}
