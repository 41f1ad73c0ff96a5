/** Style rules for TypeScript, TSX and JavaScript (one rule set: the grammars share their node types). */
import type { Node } from 'web-tree-sitter';
import { vote } from '../code-evidence';
import { add } from '../stats';
import { FileContext, StyleRules, lastRow, stringBody, trailingComma } from './syntax-rules';

/** Statements that end in `;` when the author writes semicolons (and by ASI when they do not). */
const SEMICOLON_STATEMENTS = new Set([
  'expression_statement',
  'lexical_declaration',
  'variable_declaration',
  'return_statement',
  'throw_statement',
  'break_statement',
  'continue_statement',
  'debugger_statement',
  'import_statement',
  'export_statement',
  'type_alias_declaration',
  'public_field_definition',
  'field_definition',
]);
const FOR_LOOPS: ReadonlySet<string> = new Set(['for_statement', 'for_in_statement']);
const LITERALS = new Set(['array', 'object', 'object_pattern', 'array_pattern', 'named_imports', 'export_clause']);
const CALLS_AND_PARAMS = new Set(['arguments', 'formal_parameters']);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class']);
const MODULE_SCOPES = new Set(['program', 'export_statement']);
const DECLARATION_EXPORTS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'enum_declaration',
  'internal_module',
  'module',
  'ambient_declaration',
  'function_signature',
]);

/** Node's built-in modules, for the `node:` prefix question. */
export const NODE_BUILTINS: ReadonlySet<string> = new Set([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'crypto', 'dgram', 'dns',
  'dns/promises', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path',
  'path/posix', 'perf_hooks', 'process', 'querystring', 'readline', 'readline/promises', 'repl', 'stream',
  'stream/promises', 'string_decoder', 'timers', 'timers/promises', 'tls', 'tty', 'url', 'util', 'v8', 'vm',
  'worker_threads', 'zlib',
]);

/** Import sources that name a test framework. */
const TEST_IMPORTS: ReadonlyArray<[RegExp, string]> = [
  [/^vitest(\/|$)/, 'vitest'],
  [/^@jest\/globals$|^jest$/, 'jest'],
  [/^node:test$/, 'node:test'],
  [/^mocha$/, 'mocha'],
  [/^ava$/, 'ava'],
  [/^tap$/, 'tap'],
  [/^@playwright\/test$/, 'playwright'],
];

function endsWithSemicolon(node: Node): boolean | undefined {
  if (node.hasError || FOR_LOOPS.has(node.parent?.type ?? '')) return undefined;
  switch (node.type) {
    case 'export_statement': {
      const declaration = node.childForFieldName('declaration');
      if (declaration) return undefined;
      const value = node.childForFieldName('value');
      if (value && FUNCTION_VALUES.has(value.type)) return undefined;
      if (node.namedChildren.some((child) => DECLARATION_EXPORTS.has(child.type))) return undefined;
      break;
    }
    case 'expression_statement': {
      const expression = node.namedChild(0);
      if (!expression || expression.type === 'internal_module' || expression.type === 'module') return undefined;
      break;
    }
    case 'public_field_definition':
    case 'field_definition':
      // A class field's `;` is the class body's child, right after the field.
      return node.nextSibling?.type === ';';
  }
  return node.lastChild?.type === ';';
}

function recordString(node: Node, context: FileContext): void {
  const quote = node.text[0];
  if (quote !== "'" && quote !== '"') return;
  // JSX attribute quotes follow their own rule (prettier's jsxSingleQuote).
  if (node.parent?.type === 'jsx_attribute') return;
  const body = stringBody(node.text, quote);
  // A string holding the other quote is written with the quote that avoids escapes, whatever the style.
  if (body.includes(quote === "'" ? '"' : "'")) return;
  if (quote === "'") context.evidence.quotes.single++;
  else context.evidence.quotes.double++;
}

function recordComment(node: Node, context: FileContext): void {
  const text = node.text;
  const { comments } = context.evidence;
  if (text.startsWith('/**') && !text.startsWith('/**/')) {
    comments.doc++;
    context.docCommentEnds(lastRow(node));
  } else if (text.startsWith('/*')) comments.block++;
  else comments.line++;
  context.commentRows(node);
  context.skipContinuationRows(node);
}

function importSource(node: Node): string | undefined {
  const source = node.childForFieldName('source') ?? node.descendantsOfType('string')[0];
  return source?.type === 'string' ? source.text.slice(1, -1) : undefined;
}

function recordImportPath(source: string, context: FileContext): void {
  const { evidence } = context;
  if (source.startsWith('.') || source.startsWith('/')) {
    add(evidence.importPaths, 'relative');
    return;
  }
  add(evidence.importPaths, 'package');
  const bare = source.replace(/^node:/, '');
  if (NODE_BUILTINS.has(bare)) vote(evidence.nodeProtocol, source.startsWith('node:'));
  for (const [pattern, framework] of TEST_IMPORTS) if (pattern.test(source)) add(evidence.testFrameworks, framework);
}

function recordCall(node: Node, context: FileContext): void {
  const callee = node.childForFieldName('function');
  if (!callee) return;
  if (callee.type === 'identifier' && callee.text === 'require') {
    const argument = node.childForFieldName('arguments')?.namedChild(0);
    if (argument?.type !== 'string') return;
    add(context.evidence.imports, 'require');
    recordImportPath(argument.text.slice(1, -1), context);
  } else if (callee.type === 'import') {
    add(context.evidence.imports, 'dynamic import');
  } else if (callee.type === 'member_expression' && callee.childForFieldName('property')?.text === 'catch') {
    add(context.evidence.errorHandling, '.catch()');
  }
}

function recordDeclarator(node: Node, context: FileContext): void {
  const name = node.childForFieldName('name');
  if (name?.type !== 'identifier') return;
  const value = node.childForFieldName('value');
  if (value && FUNCTION_VALUES.has(value.type)) return;
  const declaration = node.parent;
  // Module-level declarations are symbols (constants and variables) and counted from there.
  if (declaration && MODULE_SCOPES.has(declaration.parent?.type ?? '')) return;
  context.variableName(name.text);
}

export const JAVASCRIPT_STYLE: StyleRules = {
  types: [
    'string',
    'template_string',
    'comment',
    ...SEMICOLON_STATEMENTS,
    ...LITERALS,
    ...CALLS_AND_PARAMS,
    'call_expression',
    'try_statement',
    'variable_declarator',
  ],
  visit(node, context) {
    const { evidence } = context;
    const type = node.type;
    if (SEMICOLON_STATEMENTS.has(type)) {
      const semicolon = endsWithSemicolon(node);
      if (semicolon !== undefined) vote(evidence.semicolons, semicolon);
    }
    switch (type) {
      case 'string':
        recordString(node, context);
        return;
      case 'template_string':
        context.skipContinuationRows(node);
        return;
      case 'comment':
        recordComment(node, context);
        return;
      case 'import_statement': {
        add(evidence.imports, 'esm');
        const source = importSource(node);
        if (source !== undefined) recordImportPath(source, context);
        return;
      }
      case 'export_statement': {
        const source = node.childForFieldName('source');
        if (source?.type === 'string') {
          add(evidence.imports, 'esm');
          recordImportPath(source.text.slice(1, -1), context);
        }
        return;
      }
      case 'throw_statement':
        add(evidence.errorHandling, 'throw');
        return;
      case 'try_statement':
        add(evidence.errorHandling, 'try/catch');
        return;
      case 'call_expression':
        recordCall(node, context);
        return;
      case 'variable_declarator':
        recordDeclarator(node, context);
        return;
    }
    if (LITERALS.has(type) || CALLS_AND_PARAMS.has(type)) {
      const comma = trailingComma(node);
      if (comma !== undefined) vote(LITERALS.has(type) ? evidence.trailingCommas.literals : evidence.trailingCommas.callsAndParams, comma);
    }
  },
};
