/** Style rules for Python. */
import type { Node } from 'web-tree-sitter';
import { vote } from '../code-evidence';
import { add } from '../stats';
import { FileContext, StyleRules, hasAncestor, stringBody, trailingComma } from './syntax-rules';

const LITERALS = new Set(['list', 'dictionary', 'set', 'tuple']);
const CALLS_AND_PARAMS = new Set(['argument_list', 'parameters']);
const DEFINITIONS = new Set(['function_definition', 'class_definition']);
const FUNCTIONS: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

/** The definition a string documents, when it is the first statement of a function or class body. */
function docstringOwner(node: Node): Node | undefined {
  const statement = node.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const block = statement.parent;
  if (block?.type !== 'block' || block.firstNamedChild?.id !== statement.id) return undefined;
  const owner = block.parent;
  return owner && DEFINITIONS.has(owner.type) ? owner : undefined;
}

function isModuleDocstring(node: Node): boolean {
  const statement = node.parent;
  return statement?.type === 'expression_statement' && statement.parent?.type === 'module' && statement.parent.firstNamedChild?.id === statement.id;
}

function recordString(node: Node, context: FileContext): void {
  const start = node.firstChild;
  if (start?.type !== 'string_start') return;
  const delimiter = start.text.replace(/^[A-Za-z]+/, '');
  context.skipContinuationRows(node);
  const owner = docstringOwner(node);
  if (owner || isModuleDocstring(node)) {
    context.evidence.comments.doc++;
    context.commentRows(node);
    if (owner) context.documentedFromInside(owner.endIndex);
    return;
  }
  if (delimiter !== "'" && delimiter !== '"') return;
  const body = stringBody(node.text, delimiter);
  if (body.includes(delimiter === "'" ? '"' : "'")) return;
  if (delimiter === "'") context.evidence.quotes.single++;
  else context.evidence.quotes.double++;
}

function moduleName(node: Node | null): string {
  return node?.text.split('.')[0] ?? '';
}

function recordTestImport(module: string, context: FileContext): void {
  if (module === 'pytest') add(context.evidence.testFrameworks, 'pytest');
  else if (module === 'unittest') add(context.evidence.testFrameworks, 'unittest');
}

export const PYTHON_STYLE: StyleRules = {
  types: ['string', 'comment', 'import_statement', 'import_from_statement', 'try_statement', 'raise_statement', 'assignment', 'class_definition', 'function_definition', ...LITERALS, ...CALLS_AND_PARAMS],
  visit(node, context) {
    const { evidence } = context;
    switch (node.type) {
      case 'string':
        recordString(node, context);
        return;
      case 'comment':
        evidence.comments.line++;
        context.commentRows(node);
        return;
      case 'import_statement':
        add(evidence.imports, 'import');
        add(evidence.importPaths, 'absolute');
        for (const name of node.childrenForFieldName('name')) recordTestImport(moduleName(name.type === 'aliased_import' ? name.childForFieldName('name') : name), context);
        return;
      case 'import_from_statement': {
        add(evidence.imports, 'from');
        const module = node.childForFieldName('module_name');
        add(evidence.importPaths, module?.type === 'relative_import' ? 'relative' : 'absolute');
        if (module?.type === 'dotted_name') recordTestImport(moduleName(module), context);
        return;
      }
      case 'try_statement':
        add(evidence.errorHandling, node.children.some((child) => child.type === 'except_clause' || child.type === 'except_group_clause') ? 'try/except' : 'try/finally');
        return;
      case 'raise_statement':
        add(evidence.errorHandling, 'raise');
        return;
      case 'assignment': {
        const left = node.childForFieldName('left');
        if (left?.type === 'identifier' && hasAncestor(node, FUNCTIONS)) context.variableName(left.text);
        return;
      }
      case 'class_definition': {
        const bases = node.childForFieldName('superclasses')?.text ?? '';
        if (/\bunittest\.TestCase\b|\bTestCase\b/.test(bases)) add(evidence.testFrameworks, 'unittest');
        return;
      }
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text ?? '';
        // pytest collects bare `test_*` functions; unittest needs them in a TestCase.
        if (context.isTest && name.startsWith('test') && node.parent?.type !== 'block') add(evidence.testFrameworks, 'pytest');
        return;
      }
    }
    if (LITERALS.has(node.type) || CALLS_AND_PARAMS.has(node.type)) {
      const comma = trailingComma(node);
      if (comma !== undefined) vote(LITERALS.has(node.type) ? evidence.trailingCommas.literals : evidence.trailingCommas.callsAndParams, comma);
    }
  },
};
