/**
 * The named declarations of a parsed file (functions, methods, classes, types, module-level constants…)
 * as a flat list, plus the two questions the observers ask of it: which symbol encloses this position,
 * and which symbols did these changed lines touch.
 */

import type { Language, Node, Query, Tree } from 'web-tree-sitter';
// A require() keeps esbuild on the CommonJS build (see grammar-loader.ts).
import TreeSitter = require('web-tree-sitter');

import { LANGUAGES, type GrammarName, type LanguageId } from './languages';
import { GO_RULES } from './symbol-rules/go';
import { JAVA_RULES } from './symbol-rules/java';
import { JS_RULES } from './symbol-rules/javascript';
import { PYTHON_RULES } from './symbol-rules/python';
import { RUST_RULES } from './symbol-rules/rust';
import type { LanguageRules } from './symbol-rules/shared';

export const SYMBOL_KINDS = [
  'function',
  'method',
  'class',
  'interface',
  'type',
  'enum',
  'struct',
  'trait',
  'impl',
  'module',
  'constant',
  'variable',
] as const;
export type SymbolKind = (typeof SYMBOL_KINDS)[number];

export interface CodeSymbol {
  name: string;
  kind: SymbolKind;
  /** The enclosing symbol's name; for Go methods the receiver type, for Rust impl members the type. */
  containerName?: string;
  /** Names from the outermost container down, joined with dots: `Parser.parse`, `tests.it_works.inner`. */
  qualifiedName: string;
  /** 0-based, inclusive. Decorators, annotations and attributes count as part of the symbol. */
  startLine: number;
  endLine: number;
  /** UTF-16 offsets, the same units as VS Code's `document.offsetAt`; end is exclusive. */
  startIndex: number;
  endIndex: number;
  /** How many symbols enclose this one (0 for top level). */
  depth: number;
}

/** 0-based inclusive lines. `endLine === startLine - 1` is an empty range: the gap just before `startLine`. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

const RULES: Readonly<Record<GrammarName, LanguageRules>> = {
  typescript: JS_RULES,
  tsx: JS_RULES,
  javascript: JS_RULES,
  python: PYTHON_RULES,
  go: GO_RULES,
  rust: RUST_RULES,
  java: JAVA_RULES,
};

/**
 * One query per language and rule set that finds every node that may declare something. Running it in
 * the wasm and describing only its hits is about twice as fast as walking every node from JavaScript.
 */
const candidateQueries = new WeakMap<Language, Map<LanguageRules, Query>>();

function candidateQuery(language: Language, rules: LanguageRules): Query {
  let byRules = candidateQueries.get(language);
  if (!byRules) {
    byRules = new Map();
    candidateQueries.set(language, byRules);
  }
  let query = byRules.get(rules);
  if (!query) {
    // Rule sets are shared between grammars (TypeScript, TSX, JavaScript); keep the types this one has.
    const types = rules.types.filter((type) => language.idForNodeType(type, true) !== null);
    query = new TreeSitter.Query(language, `[${types.map((type) => `(${type})`).join(' ')}] @candidate`);
    byRules.set(rules, query);
  }
  return query;
}

/** Tree-sitter ends a node that swallows its trailing newline at column 0 of the next row. */
function lastLine(node: Node): number {
  const end = node.endPosition;
  return end.column === 0 && end.row > node.startPosition.row ? end.row - 1 : end.row;
}

interface Scope {
  /** The declaring node's extent: later candidates inside it are its members. */
  startIndex: number;
  endIndex: number;
  name: string;
  qualifiedName: string;
}

/** Every symbol in the tree, ordered by start offset (outer before inner on ties). */
export function extractSymbols(tree: Tree, languageId: LanguageId): CodeSymbol[] {
  return symbolsUnder([tree.rootNode], languageId);
}

/** Decorators and attributes that stand as their own top-level nodes before the item they belong to. */
const DETACHED_ATTRIBUTES = new Set(['attribute_item', 'decorator']);

/**
 * The innermost symbol at a UTF-16 offset, reading only the top-level declaration(s) around it: the same
 * answer as `enclosingSymbol(extractSymbols(tree), { offset })` at a fraction of the cost on big files.
 */
export function symbolAtOffset(tree: Tree, languageId: LanguageId, offset: number): CodeSymbol | undefined {
  const around: Node[] = [];
  const cursor = tree.rootNode.walk();
  try {
    if (cursor.gotoFirstChild()) {
      let takeNext = false;
      do {
        const { startIndex, endIndex } = cursor;
        if (startIndex > offset && !takeNext) break;
        if (takeNext || (startIndex <= offset && offset <= endIndex)) {
          around.push(cursor.currentNode);
          // An attribute's symbol is the item after it.
          takeNext = DETACHED_ATTRIBUTES.has(cursor.nodeType);
        }
      } while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  return around.length === 0 ? undefined : enclosingSymbol(symbolsUnder(around, languageId), { offset });
}

/** The symbols declared in the given top-level subtrees (or the whole tree, given its root). */
function symbolsUnder(roots: readonly Node[], languageId: LanguageId): CodeSymbol[] {
  if (roots.length === 0) return [];
  const rules = RULES[LANGUAGES[languageId].grammar];
  const query = candidateQuery(roots[0].tree.language, rules);
  const candidates = roots
    .flatMap((root) => query.captures(root))
    .map((capture) => capture.node)
    .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
  const symbols: CodeSymbol[] = [];
  const scopes: Scope[] = [];
  for (const node of candidates) {
    const { startIndex, endIndex } = node;
    while (scopes.length > 0) {
      const top = scopes[scopes.length - 1];
      if (top.startIndex <= startIndex && endIndex <= top.endIndex && top.startIndex < top.endIndex) break;
      scopes.pop();
    }
    const described = rules.describe(node);
    const declarations = described === undefined ? [] : Array.isArray(described) ? described : [described];
    const parent = scopes.length > 0 ? scopes[scopes.length - 1] : undefined;
    for (const declaration of declarations) {
      const prefix = [parent?.qualifiedName, declaration.container].filter((part): part is string => Boolean(part));
      const containerName = declaration.container ?? parent?.name;
      symbols.push({
        name: declaration.name,
        kind: declaration.kind,
        ...(containerName !== undefined ? { containerName } : {}),
        qualifiedName: [...prefix, declaration.name].join('.'),
        startLine: declaration.first.startPosition.row,
        endLine: lastLine(declaration.last),
        startIndex: declaration.first.startIndex,
        endIndex: declaration.last.endIndex,
        depth: scopes.length,
      });
    }
    // A node declaring several names at once (`a, b = 1, 2`) names no scope for what it contains.
    if (declarations.length === 1) {
      const [declaration] = declarations;
      const scopeName = declaration.scopeName ?? declaration.name;
      const prefix = [parent?.qualifiedName, declaration.container].filter((part): part is string => Boolean(part));
      scopes.push({ startIndex, endIndex, name: scopeName, qualifiedName: [...prefix, scopeName].join('.') });
    }
  }
  return symbols.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex || a.depth - b.depth);
}

// ---------------------------------------------------------------------------------------------------------
// Queries over a symbol list

/** Smaller first: the inner of two nested symbols. */
function innerFirst(a: CodeSymbol, b: CodeSymbol): number {
  return (
    a.endLine - a.startLine - (b.endLine - b.startLine) ||
    a.endIndex - a.startIndex - (b.endIndex - b.startIndex) ||
    b.depth - a.depth
  );
}

function innermost(candidates: Iterable<CodeSymbol>): CodeSymbol | undefined {
  let best: CodeSymbol | undefined;
  for (const symbol of candidates) {
    if (!best || innerFirst(symbol, best) < 0) best = symbol;
  }
  return best;
}

/**
 * The innermost symbol containing a UTF-16 offset (a cursor right after a closing brace still counts as
 * inside) or a 0-based line; undefined outside every symbol.
 */
export function enclosingSymbol(
  symbols: readonly CodeSymbol[],
  position: { offset: number } | { line: number },
): CodeSymbol | undefined {
  if ('offset' in position) {
    const { offset } = position;
    return innermost(symbols.filter((symbol) => symbol.startIndex <= offset && offset <= symbol.endIndex));
  }
  const { line } = position;
  return innermost(symbols.filter((symbol) => symbol.startLine <= line && line <= symbol.endLine));
}

/**
 * The symbols a set of changed line ranges touched: for every changed line, the innermost symbol holding
 * it. A symbol whose own changed lines all lie between two of its members (the blank line before an
 * added method, a field beside an edited method) is left out when one of its members was touched too,
 * unless its first line changed: adding a method names the method alone, adding a class names the class
 * and its methods, changing only a field names the class. An empty range
 * (a deletion point) names the innermost symbol holding both neighbouring lines. Each symbol appears
 * once, in source order; names declared together (`const a, b = 1, 2`) are touched together.
 */
export function symbolsInRanges(symbols: readonly CodeSymbol[], ranges: readonly LineRange[]): CodeSymbol[] {
  /** Each touched symbol with the changed lines it holds innermost (none for a deletion point). */
  const touched = new Map<CodeSymbol, number[]>();
  const touch = (symbol: CodeSymbol, line?: number) => {
    const lines = touched.get(symbol) ?? [];
    if (line !== undefined) lines.push(line);
    touched.set(symbol, lines);
  };
  let byLine: Array<CodeSymbol | undefined> | undefined;
  for (const range of ranges) {
    if (range.endLine < range.startLine) {
      const gap = range.startLine;
      const holder = innermost(symbols.filter((symbol) => symbol.startLine <= gap - 1 && gap <= symbol.endLine));
      if (holder) touch(holder);
      continue;
    }
    byLine ??= innermostByLine(symbols);
    const last = Math.min(range.endLine, byLine.length - 1);
    for (let line = Math.max(range.startLine, 0); line <= last; line++) {
      const symbol = byLine[line];
      if (symbol) touch(symbol, line);
    }
  }

  const contains = (outer: CodeSymbol, inner: CodeSymbol) =>
    inner.depth > outer.depth && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
  const firstLineChanged = (symbol: CodeSymbol) =>
    ranges.some((range) => range.startLine <= symbol.startLine && symbol.startLine <= range.endLine);
  /** Only lines between two of its members changed (not before the first or after the last). */
  const onlyBetweenMembers = (symbol: CodeSymbol, lines: readonly number[]) => {
    if (lines.length === 0) return false;
    const members = symbols.filter((other) => other.depth === symbol.depth + 1 && contains(symbol, other));
    return lines.every(
      (line) => members.some((member) => member.endLine < line) && members.some((member) => member.startLine > line),
    );
  };
  const kept = [...touched].filter(
    ([symbol, lines]) =>
      firstLineChanged(symbol) ||
      !onlyBetweenMembers(symbol, lines) ||
      ![...touched.keys()].some((other) => contains(symbol, other)),
  );
  const sameDeclaration = new Set(kept.map(([symbol]) => declarationKey(symbol)));
  return symbols.filter((symbol) => sameDeclaration.has(declarationKey(symbol)));
}

function declarationKey(symbol: CodeSymbol): string {
  return `${symbol.startIndex}:${symbol.endIndex}:${symbol.depth}`;
}

function innermostByLine(symbols: readonly CodeSymbol[]): Array<CodeSymbol | undefined> {
  const lines: Array<CodeSymbol | undefined> = [];
  const outerFirst = [...symbols].sort((a, b) => innerFirst(b, a));
  for (const symbol of outerFirst) {
    for (let line = symbol.startLine; line <= symbol.endLine; line++) lines[line] = symbol;
  }
  return lines;
}
