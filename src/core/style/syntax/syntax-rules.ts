/**
 * What every language's style rules share: the per-file context they report into, and helpers for the
 * questions several languages ask (is this bracket list multi-line with a trailing comma?).
 */
import type { Node } from 'web-tree-sitter';
import type { CodeEvidence } from '../code-evidence';

export interface FileContext {
  readonly evidence: CodeEvidence;
  readonly path: string;
  readonly isTest: boolean;
  /** Rows after the first of a node spanning several (inside a string or comment): not code for indentation. */
  skipContinuationRows(node: Node): void;
  /** Rows a comment or docstring covers, for comment density. */
  commentRows(node: Node): void;
  /** A doc comment ends on this row: the declaration starting on the next row is documented. */
  docCommentEnds(row: number): void;
  /** A definition (by its node's end offset) documents itself from inside: a Python docstring. */
  documentedFromInside(endIndex: number): void;
  /** A local variable's name, for naming (module-level names come from the symbol extractor). */
  variableName(name: string): void;
}

export interface StyleRules {
  /** Node types to visit; the ones a grammar does not have are left out of its query. */
  types: readonly string[];
  visit(node: Node, context: FileContext): void;
}

export const COMMENT_TYPES: ReadonlySet<string> = new Set(['comment', 'line_comment', 'block_comment']);

/** Tree-sitter ends a node that swallows its trailing newline at column 0 of the next row. */
export function lastRow(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

/**
 * For a bracketed list (`[…]`, `{…}`, `(…)`) laid out over several lines with its last item on a line of
 * its own before the closing bracket: whether that item ends with a comma. Undefined for lists on one
 * line, empty lists, and lists closed on the last item's line (`f(a,\n  b)`), where no style applies.
 */
export function trailingComma(node: Node): boolean | undefined {
  const count = node.childCount;
  if (count < 3) return undefined;
  const open = node.child(0);
  const close = node.child(count - 1);
  if (!open || !close || open.isNamed || close.isNamed) return undefined;
  if (close.startPosition.row === open.startPosition.row) return undefined;
  let index = count - 2;
  let last = node.child(index);
  while (last && COMMENT_TYPES.has(last.type)) last = node.child(--index);
  if (!last || index === 0) return undefined;
  if (last.type === ',') {
    const item = node.child(index - 1);
    if (!item || index - 1 === 0) return undefined;
    return item.endPosition.row < close.startPosition.row ? true : undefined;
  }
  if (lastRow(last) >= close.startPosition.row) return undefined;
  return false;
}

/** The text of a string node without its quotes and prefixes. */
export function stringBody(text: string, quote: string): string {
  const start = text.indexOf(quote);
  const end = text.lastIndexOf(quote);
  return start === -1 || end <= start ? '' : text.slice(start + quote.length, end);
}

export function hasAncestor(node: Node, types: ReadonlySet<string>): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (types.has(parent.type)) return true;
  return false;
}
