/**
 * A document as the observers know it: identity, workspace-relative path, language and project, worked
 * out once per open document so the per-keystroke path only looks it up.
 */

export interface ObservedDocument {
  /** Identity while the document is open (the adapter uses the URI as a string). */
  readonly key: string;
  /** Workspace-relative path with forward slashes. */
  readonly file: string;
  /** VS Code language id. */
  readonly language: string;
  /** Workspace folder name. */
  readonly project?: string;
}

/**
 * One content change in VS Code's shape (`TextDocumentContentChangeEvent` fits as it is, so the adapter
 * hands VS Code's array over without copying). Offsets are UTF-16 code units; within one change event
 * each change applies to the text the previous one produced.
 */
export interface ContentChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

export type ChangeReason = 'undo' | 'redo';

/** A 0-based line and UTF-16 column, like VS Code's `Position`. */
export interface CursorPosition {
  readonly line: number;
  readonly character: number;
}

/**
 * Remembers what each open document is to the observers (or that it is not observed at all), keyed by
 * the host's document object so a lookup is one WeakMap read. A language change re-describes it.
 */
export class DocumentRegistry<D extends object> {
  private known = new WeakMap<D, ObservedDocument | null>();

  constructor(
    private readonly describe: (document: D) => ObservedDocument | undefined,
    private readonly languageOf: (document: D) => string,
  ) {}

  get(document: D): ObservedDocument | undefined {
    const cached = this.known.get(document);
    if (cached === null) return undefined;
    if (cached !== undefined && cached.language === this.languageOf(document)) return cached;
    const described = this.describe(document);
    this.known.set(document, described ?? null);
    return described;
  }

  /** Forgets every answer, after workspace folders change. */
  clear(): void {
    this.known = new WeakMap();
  }
}
