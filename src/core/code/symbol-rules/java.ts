/** Symbol rules for Java. */

import type { Node } from 'web-tree-sitter';

import { type Declaration, type LanguageRules, declare, fieldText } from './shared';

function javaModifiers(node: Node): string[] {
  const modifiers = node.namedChildren.find((child) => child.type === 'modifiers');
  return modifiers ? modifiers.children.map((child) => child.text) : [];
}

function describeJava(node: Node): Declaration | Declaration[] | undefined {
  switch (node.type) {
    case 'class_declaration':
    case 'record_declaration':
    case 'interface_declaration':
    case 'annotation_type_declaration':
    case 'enum_declaration': {
      const name = fieldText(node, 'name');
      if (!name) return undefined;
      const kind =
        node.type === 'enum_declaration'
          ? 'enum'
          : node.type === 'interface_declaration' || node.type === 'annotation_type_declaration'
            ? 'interface'
            : 'class';
      return declare(name, kind, node);
    }
    case 'method_declaration':
    case 'constructor_declaration':
    case 'compact_constructor_declaration':
    case 'annotation_type_element_declaration': {
      const name = fieldText(node, 'name');
      return name ? declare(name, 'method', node) : undefined;
    }
    case 'field_declaration':
    case 'constant_declaration': {
      // Only constants: `static final` fields, and every field of an interface (implicitly static final).
      const modifiers = javaModifiers(node);
      const inInterface = node.parent?.type === 'interface_body';
      const isConstant = node.type === 'constant_declaration' || inInterface || (modifiers.includes('static') && modifiers.includes('final'));
      if (!isConstant) return undefined;
      return node
        .childrenForFieldName('declarator')
        .map((declarator) => declarator.childForFieldName('name')?.text)
        .filter((name): name is string => Boolean(name))
        .map((name) => declare(name, 'constant', node));
    }
    default:
      return undefined;
  }
}

export const JAVA_RULES: LanguageRules = {
  types: [
    'class_declaration',
    'record_declaration',
    'interface_declaration',
    'annotation_type_declaration',
    'enum_declaration',
    'method_declaration',
    'constructor_declaration',
    'compact_constructor_declaration',
    'annotation_type_element_declaration',
    'field_declaration',
    'constant_declaration',
  ],
  describe: describeJava,
};

