/** What every language's symbol rules share: the declaration they describe and small tree helpers. */

import type { Node } from 'web-tree-sitter';

import type { SymbolKind } from '../symbols';

export interface Declaration {
  name: string;
  kind: SymbolKind;
  /** A container given by syntax rather than nesting (a Go method's receiver type). */
  container?: string;
  /** The name members are qualified with, when not `name` (a Rust `impl Display for Parser` scopes as `Parser`). */
  scopeName?: string;
  first: Node;
  last: Node;
}

export interface LanguageRules {
  /** Node types that may declare something; `describe` decides. */
  types: readonly string[];
  describe(node: Node): Declaration | Declaration[] | undefined;
}

export function declare(name: string, kind: SymbolKind, first: Node, last: Node = first): Declaration {
  return { name, kind, first, last };
}

export function fieldText(node: Node, field: string): string | undefined {
  return node.childForFieldName(field)?.text;
}

export function unquote(text: string): string {
  return /^(['"`]).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

/** Extends a declaration backwards over the decorators/attributes written just before it as siblings. */
export function leadingSiblings(node: Node, types: ReadonlySet<string>): Node {
  let first = node;
  for (let previous = node.previousNamedSibling; previous && types.has(previous.type); previous = previous.previousNamedSibling) {
    first = previous;
  }
  return first;
}
