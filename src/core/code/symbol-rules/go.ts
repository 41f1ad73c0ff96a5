/** Symbol rules for Go. */

import type { Node } from 'web-tree-sitter';

import { type Declaration, type LanguageRules, declare, fieldText } from './shared';

/** `(p *Parser)`, `(s Stack[T])` → the receiver's type name. */
function goReceiverType(receiver: Node | null): string | undefined {
  const parameter = receiver?.namedChildren.find((child) => child.type === 'parameter_declaration');
  let type = parameter?.childForFieldName('type') ?? null;
  while (type && (type.type === 'pointer_type' || type.type === 'generic_type' || type.type === 'parenthesized_type')) {
    type = type.type === 'generic_type' ? type.childForFieldName('type') : type.namedChild(0);
  }
  return type?.text;
}

const GO_SPECS = new Set(['type_spec', 'type_alias', 'const_spec', 'var_spec']);

/** The `const`/`var`/`type` declaration holding a spec, looking through `var ( … )` lists. */
function goDeclaration(spec: Node): Node | null {
  const parent = spec.parent;
  return parent?.type === 'var_spec_list' ? parent.parent : parent;
}

/** A spec alone in its declaration owns the whole declaration (`type X struct{}` includes `type`). */
function goSpecRange(spec: Node): Node {
  const holder = spec.parent;
  if (!holder) return spec;
  const specs = holder.namedChildren.filter((child) => GO_SPECS.has(child.type));
  return specs.length === 1 ? (goDeclaration(spec) ?? spec) : spec;
}

function describeGo(node: Node): Declaration | Declaration[] | undefined {
  switch (node.type) {
    case 'function_declaration': {
      const name = fieldText(node, 'name');
      return name ? declare(name, 'function', node) : undefined;
    }
    case 'method_declaration': {
      const name = fieldText(node, 'name');
      if (!name) return undefined;
      return { ...declare(name, 'method', node), container: goReceiverType(node.childForFieldName('receiver')) };
    }
    case 'type_spec':
    case 'type_alias': {
      const name = fieldText(node, 'name');
      if (!name) return undefined;
      const typeNode = node.type === 'type_spec' ? node.childForFieldName('type')?.type : undefined;
      const kind = typeNode === 'struct_type' ? 'struct' : typeNode === 'interface_type' ? 'interface' : 'type';
      const outer = goSpecRange(node);
      return declare(name, kind, outer);
    }
    case 'method_elem':
    case 'method_spec': {
      const name = fieldText(node, 'name');
      return name ? declare(name, 'method', node) : undefined;
    }
    case 'const_spec':
    case 'var_spec': {
      // Locals inside function bodies are not symbols.
      if (goDeclaration(node)?.parent?.type !== 'source_file') return undefined;
      const names = node.childrenForFieldName('name').filter((name) => name.type === 'identifier');
      const outer = goSpecRange(node);
      const values = node.childForFieldName('value');
      if (node.type === 'var_spec' && names.length === 1 && values?.namedChild(0)?.type === 'func_literal') {
        return declare(names[0].text, 'function', outer);
      }
      const kind = node.type === 'const_spec' ? 'constant' : 'variable';
      return names.map((name) => declare(name.text, kind, outer));
    }
    default:
      return undefined;
  }
}

export const GO_RULES: LanguageRules = {
  types: ['function_declaration', 'method_declaration', 'type_spec', 'type_alias', 'method_elem', 'method_spec', 'const_spec', 'var_spec'],
  describe: describeGo,
};
