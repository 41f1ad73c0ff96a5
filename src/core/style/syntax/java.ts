/** Style rules for Java. */
import type { Node } from 'web-tree-sitter';
import { vote } from '../code-evidence';
import { add } from '../stats';
import { FileContext, StyleRules, lastRow, trailingComma } from './syntax-rules';

function recordComment(node: Node, context: FileContext): void {
  const { comments } = context.evidence;
  const text = node.text;
  if (text.startsWith('/**') && !text.startsWith('/**/')) {
    comments.doc++;
    context.docCommentEnds(lastRow(node));
  } else if (text.startsWith('/*')) comments.block++;
  else comments.line++;
  context.commentRows(node);
  context.skipContinuationRows(node);
}

function recordImport(node: Node, context: FileContext): void {
  const { evidence } = context;
  const text = node.text;
  add(evidence.imports, node.namedChildren.some((child) => child.type === 'asterisk') ? 'wildcard' : 'single');
  if (/^import\s+static\b/.test(text)) add(evidence.imports, 'static');
  const name = text.replace(/^import\s+(static\s+)?/, '').replace(/;$/, '').trim();
  add(evidence.importPaths, /^(java|javax|jdk|sun)\./.test(name) ? 'stdlib' : 'package');
  if (name.startsWith('org.junit.jupiter')) add(evidence.testFrameworks, 'junit5');
  else if (name.startsWith('org.junit')) add(evidence.testFrameworks, 'junit4');
  else if (name.startsWith('org.testng')) add(evidence.testFrameworks, 'testng');
}

export const JAVA_STYLE: StyleRules = {
  types: ['line_comment', 'block_comment', 'string_literal', 'text_block', 'import_declaration', 'try_statement', 'try_with_resources_statement', 'throws', 'throw_statement', 'local_variable_declaration', 'array_initializer'],
  visit(node, context) {
    const { evidence } = context;
    switch (node.type) {
      case 'line_comment':
      case 'block_comment':
        recordComment(node, context);
        return;
      case 'string_literal':
      case 'text_block':
        context.skipContinuationRows(node);
        return;
      case 'import_declaration':
        recordImport(node, context);
        return;
      case 'try_statement':
      case 'try_with_resources_statement':
        add(evidence.errorHandling, 'try/catch');
        return;
      case 'throws':
        add(evidence.errorHandling, 'throws');
        return;
      case 'throw_statement':
        add(evidence.errorHandling, 'throw');
        return;
      case 'local_variable_declaration':
        for (const declarator of node.childrenForFieldName('declarator')) {
          const name = declarator.childForFieldName('name');
          if (name) context.variableName(name.text);
        }
        return;
      case 'array_initializer': {
        const comma = trailingComma(node);
        if (comma !== undefined) vote(evidence.trailingCommas.literals, comma);
        return;
      }
    }
  },
};
