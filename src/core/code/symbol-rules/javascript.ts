/** Symbol rules for TypeScript, TSX and JavaScript (one rule set: the grammars share their node types). */

import type { Node } from 'web-tree-sitter';

import type { SymbolKind } from '../symbols';
import { type Declaration, type LanguageRules, declare, fieldText, unquote, leadingSiblings } from './shared';

const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);
const JS_WRAPPERS = new Set(['export_statement', 'ambient_declaration']);
const JS_DECORATORS = new Set(['decorator']);
const JS_MODULE_SCOPES = new Set(['program', 'export_statement', 'ambient_declaration']);

/** The export/declare statement around a declaration, which carries its decorators and `export` keyword. */
function jsOuter(node: Node): Node {
  const parent = node.parent;
  return parent && JS_WRAPPERS.has(parent.type) ? parent : node;
}

function jsMember(node: Node, name: string, kind: SymbolKind): Declaration {
  return declare(name, kind, leadingSiblings(node, JS_DECORATORS), node);
}

function jsPropertyName(node: Node | null): string | undefined {
  if (!node) return undefined;
  return node.type === 'string' ? unquote(node.text) : node.text;
}

function isModuleLevel(statement: Node): boolean {
  const parent = statement.parent;
  if (!parent) return false;
  if (JS_MODULE_SCOPES.has(parent.type)) return true;
  // A namespace body: `namespace NS { export const x = 1 }`.
  return parent.type === 'statement_block' && (parent.parent?.type === 'internal_module' || parent.parent?.type === 'module');
}

function describeVariableDeclarator(node: Node): Declaration | undefined {
  const nameNode = node.childForFieldName('name');
  if (!nameNode || nameNode.type !== 'identifier') return undefined;
  const value = node.childForFieldName('value');
  const declaration = node.parent;
  if (!declaration) return undefined;
  // A single-declarator statement owns the whole statement (keyword, `export`); otherwise just the declarator.
  const single = declaration.namedChildren.filter((child) => child.type === 'variable_declarator').length === 1;
  const first = single ? jsOuter(declaration) : node;
  const last = single ? declaration : node;
  if (value && FUNCTION_VALUES.has(value.type)) return declare(nameNode.text, 'function', first, last);
  if (value && value.type === 'class') return declare(nameNode.text, 'class', first, last);
  if (!isModuleLevel(declaration)) return undefined;
  const keyword = declaration.firstChild?.text;
  return declare(nameNode.text, keyword === 'const' ? 'constant' : 'variable', first, last);
}

function describeAssignment(node: Node): Declaration | undefined {
  const right = node.childForFieldName('right');
  if (!right || !FUNCTION_VALUES.has(right.type) || node.parent?.type !== 'expression_statement') return undefined;
  const left = node.childForFieldName('left');
  const statement = node.parent;
  if (left?.type === 'identifier') return declare(left.text, 'function', statement);
  if (left?.type !== 'member_expression') return undefined;
  const name = left.childForFieldName('property')?.text;
  const object = left.childForFieldName('object');
  if (!name || !object) return undefined;
  // `Foo.prototype.bar = function…` is a method of Foo; `exports.bar = …` and `this.bar = …` are plain functions.
  if (object.type === 'member_expression' && object.childForFieldName('property')?.text === 'prototype') {
    return { ...declare(name, 'method', statement), container: object.childForFieldName('object')?.text };
  }
  const objectText = object.text;
  if (objectText === 'exports' || objectText === 'module.exports' || objectText === 'this') {
    return declare(name, 'function', statement);
  }
  return { ...declare(name, 'function', statement), container: objectText };
}

/** Function and class values that no declarator, field or assignment names. */
function describeAnonymousValue(node: Node, kind: SymbolKind): Declaration | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'pair': {
      const key = jsPropertyName(parent.childForFieldName('key'));
      return key && kind === 'function' ? declare(key, 'method', parent) : undefined;
    }
    case 'export_statement':
      // `export default function () {}`, `export default class {}`.
      return declare(fieldText(node, 'name') ?? 'default', kind, parent);
    case 'variable_declarator':
    case 'assignment_expression':
    case 'public_field_definition':
    case 'field_definition':
      return undefined;
    default: {
      const name = fieldText(node, 'name');
      return name ? declare(name, kind, node) : undefined;
    }
  }
}

function describeJs(node: Node): Declaration | undefined {
  switch (node.type) {
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'function_signature': {
      const name = fieldText(node, 'name');
      return name ? declare(name, 'function', jsOuter(node), node) : undefined;
    }
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const name = fieldText(node, 'name');
      return name ? declare(name, 'class', leadingSiblings(jsOuter(node), JS_DECORATORS), node) : undefined;
    }
    case 'interface_declaration':
    case 'type_alias_declaration':
    case 'enum_declaration': {
      const name = fieldText(node, 'name');
      const kind = node.type === 'interface_declaration' ? 'interface' : node.type === 'enum_declaration' ? 'enum' : 'type';
      return name ? declare(name, kind, jsOuter(node), node) : undefined;
    }
    case 'internal_module':
    case 'module': {
      const nameNode = node.childForFieldName('name');
      if (!nameNode) return undefined;
      // `namespace NS {}` sits inside an expression statement; `declare module 'x' {}` inside ambient_declaration.
      const holder = node.parent?.type === 'expression_statement' ? node.parent : node;
      return declare(unquote(nameNode.text), 'module', jsOuter(holder), holder);
    }
    case 'method_definition':
    case 'method_signature':
    case 'abstract_method_signature': {
      const parentType = node.parent?.type;
      // Signatures count in interfaces, classes and type literals, not in inline parameter types.
      if (
        node.type === 'method_signature' &&
        parentType === 'object_type' &&
        node.parent?.parent?.type !== 'type_alias_declaration'
      ) {
        return undefined;
      }
      const name = jsPropertyName(node.childForFieldName('name'));
      return name ? jsMember(node, name, 'method') : undefined;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const value = node.childForFieldName('value');
      if (!value || !FUNCTION_VALUES.has(value.type)) return undefined;
      const name = jsPropertyName(node.childForFieldName('name') ?? node.childForFieldName('property'));
      return name ? jsMember(node, name, 'method') : undefined;
    }
    case 'variable_declarator':
      return describeVariableDeclarator(node);
    case 'assignment_expression':
      return describeAssignment(node);
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'generator_function':
      return describeAnonymousValue(node, 'function');
    case 'class':
      return describeAnonymousValue(node, 'class');
    default:
      return undefined;
  }
}

export const JS_RULES: LanguageRules = {
  types: [
    'function_declaration',
    'generator_function_declaration',
    'function_signature',
    'class_declaration',
    'abstract_class_declaration',
    'interface_declaration',
    'type_alias_declaration',
    'enum_declaration',
    'internal_module',
    'module',
    'method_definition',
    'method_signature',
    'abstract_method_signature',
    'public_field_definition',
    'field_definition',
    'variable_declarator',
    'assignment_expression',
    'arrow_function',
    'function_expression',
    'function',
    'generator_function',
    'class',
  ],
  describe: describeJs,
};
