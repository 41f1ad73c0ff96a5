/** Style rules for Rust. */
import type { Node } from 'web-tree-sitter';
import { vote } from '../code-evidence';
import { add } from '../stats';
import { FileContext, StyleRules, lastRow, trailingComma } from './syntax-rules';

const LITERALS = new Set(['array_expression', 'field_initializer_list', 'tuple_expression', 'use_list']);
const CALLS_AND_PARAMS = new Set(['arguments', 'parameters']);
const STD_CRATES = new Set(['std', 'core', 'alloc']);

function recordComment(node: Node, context: FileContext): void {
  const { comments } = context.evidence;
  const isDoc = node.namedChildren.some((child) => child.type === 'doc_comment' || child.type.endsWith('doc_comment_marker'));
  if (isDoc) {
    comments.doc++;
    context.docCommentEnds(lastRow(node));
  } else if (node.type === 'block_comment') comments.block++;
  else comments.line++;
  context.commentRows(node);
  context.skipContinuationRows(node);
}

function recordUse(node: Node, context: FileContext): void {
  const argument = node.childForFieldName('argument');
  const text = argument?.text ?? '';
  add(context.evidence.imports, text.includes('{') ? 'grouped' : 'single');
  const root = text.split('::')[0].replace(/^::/, '');
  if (root === 'crate') add(context.evidence.importPaths, 'crate');
  else if (root === 'super' || root === 'self') add(context.evidence.importPaths, 'relative');
  else if (STD_CRATES.has(root)) add(context.evidence.importPaths, 'std');
  else add(context.evidence.importPaths, 'external');
}

export const RUST_STYLE: StyleRules = {
  types: ['line_comment', 'block_comment', 'string_literal', 'raw_string_literal', 'use_declaration', 'try_expression', 'call_expression', 'macro_invocation', 'attribute_item', 'let_declaration', ...LITERALS, ...CALLS_AND_PARAMS],
  visit(node, context) {
    const { evidence } = context;
    switch (node.type) {
      case 'line_comment':
      case 'block_comment':
        recordComment(node, context);
        return;
      case 'string_literal':
      case 'raw_string_literal':
        context.skipContinuationRows(node);
        return;
      case 'use_declaration':
        recordUse(node, context);
        return;
      case 'try_expression':
        add(evidence.errorHandling, '?');
        return;
      case 'call_expression': {
        const callee = node.childForFieldName('function');
        if (callee?.type !== 'field_expression') return;
        const method = callee.childForFieldName('field')?.text;
        if (method === 'unwrap') add(evidence.errorHandling, '.unwrap()');
        else if (method === 'expect') add(evidence.errorHandling, '.expect()');
        return;
      }
      case 'macro_invocation':
        if (node.childForFieldName('macro')?.text === 'panic') add(evidence.errorHandling, 'panic!');
        return;
      case 'attribute_item':
        if (/^#\[(\w+::)?test\]$|^#\[cfg\(test\)\]$/.test(node.text.replace(/\s+/g, ''))) add(evidence.testFrameworks, 'cargo test');
        return;
      case 'let_declaration': {
        const pattern = node.childForFieldName('pattern');
        if (pattern?.type === 'identifier') context.variableName(pattern.text);
        return;
      }
    }
    if (LITERALS.has(node.type) || CALLS_AND_PARAMS.has(node.type)) {
      const comma = trailingComma(node);
      if (comma !== undefined) vote(LITERALS.has(node.type) ? evidence.trailingCommas.literals : evidence.trailingCommas.callsAndParams, comma);
    }
  },
};
