/** Symbol rules for Python. */

import type { Node } from 'web-tree-sitter';

import type { SymbolKind } from '../symbols';
import { type Declaration, type LanguageRules, declare, fieldText } from './shared';

/** The class whose body directly holds this definition (through a decorator wrapper), if any. */
function pythonOwningClass(definition: Node): Node | undefined {
  const block = definition.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

function describePython(node: Node): Declaration | Declaration[] | undefined {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition': {
      const name = fieldText(node, 'name');
      if (!name) return undefined;
      const outer = node.parent?.type === 'decorated_definition' ? node.parent : node;
      const kind = node.type === 'class_definition' ? 'class' : pythonOwningClass(outer) ? 'method' : 'function';
      return declare(name, kind, outer, node);
    }
    case 'type_alias_statement': {
      const name = node.childForFieldName('left')?.text;
      return name ? declare(name, 'type', node) : undefined;
    }
    case 'assignment': {
      const statement = node.parent;
      if (statement?.type !== 'expression_statement' || statement.parent?.type !== 'module') return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') {
        if (right?.type === 'lambda') return declare(left.text, 'function', statement);
        return declare(left.text, pythonVariableKind(left.text), statement);
      }
      if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern') {
        return left.namedChildren
          .filter((child) => child.type === 'identifier')
          .map((child) => declare(child.text, pythonVariableKind(child.text), statement));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** PEP 8: module-level constants are written in capitals. */
function pythonVariableKind(name: string): SymbolKind {
  return /^_*[A-Z][A-Z0-9_]*$/.test(name) ? 'constant' : 'variable';
}

export const PYTHON_RULES: LanguageRules = {
  types: ['function_definition', 'class_definition', 'type_alias_statement', 'assignment'],
  describe: describePython,
};
