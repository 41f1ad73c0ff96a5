/** Style rules for Go (gofmt settles layout; what is left to learn is naming, comments, errors, imports). */
import type { Node } from 'web-tree-sitter';
import { vote } from '../code-evidence';
import { add } from '../stats';
import { FileContext, StyleRules, lastRow, trailingComma } from './syntax-rules';

const DECLARATIONS = new Set(['function_declaration', 'method_declaration', 'type_declaration', 'const_declaration', 'var_declaration']);
const FUNCTION_BODIES: ReadonlySet<string> = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const ERR_CHECK = /^\s*\w*[eE]rr\w*\s*!=\s*nil\s*$/;

function recordComment(node: Node, context: FileContext): void {
  const { comments } = context.evidence;
  const next = node.nextNamedSibling;
  // Go doc comments are ordinary comments directly above a declaration.
  if (next && DECLARATIONS.has(next.type) && next.startPosition.row === lastRow(node) + 1) {
    comments.doc++;
    context.docCommentEnds(lastRow(node));
  } else if (node.text.startsWith('/*')) comments.block++;
  else comments.line++;
  context.commentRows(node);
  context.skipContinuationRows(node);
}

function insideFunction(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (FUNCTION_BODIES.has(parent.type)) return true;
  return false;
}

export const GO_STYLE: StyleRules = {
  types: ['comment', 'raw_string_literal', 'import_declaration', 'import_spec', 'if_statement', 'call_expression', 'short_var_declaration', 'var_spec', 'literal_value', 'argument_list', 'parameter_list'],
  visit(node, context) {
    const { evidence } = context;
    switch (node.type) {
      case 'comment':
        recordComment(node, context);
        return;
      case 'raw_string_literal':
        context.skipContinuationRows(node);
        return;
      case 'import_declaration':
        add(evidence.imports, node.namedChildren.some((child) => child.type === 'import_spec_list') ? 'grouped' : 'single');
        return;
      case 'import_spec': {
        const importPath = node.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
        add(evidence.importPaths, importPath.split('/')[0].includes('.') ? 'module' : 'stdlib');
        if (importPath === 'testing') add(evidence.testFrameworks, 'go test');
        else if (importPath.startsWith('github.com/stretchr/testify')) add(evidence.testFrameworks, 'testify');
        return;
      }
      case 'if_statement':
        if (ERR_CHECK.test(node.childForFieldName('condition')?.text ?? '')) add(evidence.errorHandling, 'if err != nil');
        return;
      case 'call_expression': {
        const callee = node.childForFieldName('function')?.text;
        if (callee === 'panic') add(evidence.errorHandling, 'panic');
        else if (callee === 'fmt.Errorf' && /%w/.test(node.childForFieldName('arguments')?.text ?? '')) add(evidence.errorHandling, 'wrap with %w');
        else if (callee === 'errors.Is' || callee === 'errors.As') add(evidence.errorHandling, 'errors.Is/As');
        return;
      }
      case 'short_var_declaration':
        for (const name of node.childForFieldName('left')?.namedChildren ?? []) if (name.type === 'identifier') context.variableName(name.text);
        return;
      case 'var_spec':
        if (insideFunction(node)) for (const name of node.childrenForFieldName('name')) context.variableName(name.text);
        return;
    }
    const comma = trailingComma(node);
    if (comma !== undefined) vote(node.type === 'literal_value' ? evidence.trailingCommas.literals : evidence.trailingCommas.callsAndParams, comma);
  },
};
