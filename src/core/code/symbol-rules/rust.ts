/** Symbol rules for Rust. */

import type { Node } from 'web-tree-sitter';

import type { SymbolKind } from '../symbols';
import { type Declaration, type LanguageRules, declare, fieldText, leadingSiblings } from './shared';

const RUST_ATTRIBUTES = new Set(['attribute_item']);

function rustItem(node: Node, name: string, kind: SymbolKind): Declaration {
  return declare(name, kind, leadingSiblings(node, RUST_ATTRIBUTES), node);
}

/** `Parser<'a>` → `Parser`, `fmt::Formatter` → `Formatter`, `&mut Vec<T>` → `Vec`, `dyn Trait` → `Trait`. */
function rustTypeName(type: Node | null): string | undefined {
  let current = type;
  while (current) {
    switch (current.type) {
      case 'generic_type':
        current = current.childForFieldName('type');
        break;
      case 'scoped_type_identifier':
        current = current.childForFieldName('name');
        break;
      case 'reference_type':
      case 'pointer_type':
        current = current.childForFieldName('type');
        break;
      case 'dynamic_type':
        current = current.childForFieldName('trait');
        break;
      default:
        return current.text;
    }
  }
  return undefined;
}

/** Functions directly in an impl or trait body are its methods. */
function rustOwner(node: Node): Node | undefined {
  const body = node.parent;
  const owner = body?.type === 'declaration_list' ? body.parent : undefined;
  return owner && (owner.type === 'impl_item' || owner.type === 'trait_item') ? owner : undefined;
}

function describeRust(node: Node): Declaration | undefined {
  const name = fieldText(node, 'name');
  switch (node.type) {
    case 'function_item':
    case 'function_signature_item':
      return name ? rustItem(node, name, rustOwner(node) ? 'method' : 'function') : undefined;
    case 'struct_item':
    case 'union_item':
      return name ? rustItem(node, name, 'struct') : undefined;
    case 'enum_item':
      return name ? rustItem(node, name, 'enum') : undefined;
    case 'trait_item':
      return name ? rustItem(node, name, 'trait') : undefined;
    case 'type_item':
      return name ? rustItem(node, name, 'type') : undefined;
    case 'const_item':
      return name ? rustItem(node, name, 'constant') : undefined;
    case 'static_item':
      return name ? rustItem(node, name, 'variable') : undefined;
    case 'mod_item':
      return name ? rustItem(node, name, 'module') : undefined;
    case 'macro_definition':
      return name ? rustItem(node, `${name}!`, 'function') : undefined;
    case 'impl_item': {
      const typeName = rustTypeName(node.childForFieldName('type'));
      if (!typeName) return undefined;
      const trait = node.childForFieldName('trait');
      const label = trait ? `${trait.text.replace(/\s+/g, ' ')} for ${typeName}` : typeName;
      return { ...rustItem(node, label, 'impl'), scopeName: typeName };
    }
    default:
      return undefined;
  }
}

export const RUST_RULES: LanguageRules = {
  types: [
    'function_item',
    'function_signature_item',
    'struct_item',
    'union_item',
    'enum_item',
    'trait_item',
    'type_item',
    'const_item',
    'static_item',
    'mod_item',
    'macro_definition',
    'impl_item',
  ],
  describe: describeRust,
};
