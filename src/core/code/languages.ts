/**
 * The languages Twin understands structurally, keyed by VS Code language ids, and the tree-sitter grammar
 * (a `.wasm` shipped by an npm package) each one parses with.
 */

import * as path from 'node:path';

export const LANGUAGE_IDS = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'go',
  'rust',
  'java',
] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export const GRAMMAR_NAMES = ['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java'] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];

export interface GrammarSpec {
  name: GrammarName;
  /** The npm package that ships the wasm. */
  packageName: string;
  /** The wasm's file name, both inside the package folder and in the bundle's `tree-sitter/` folder. */
  wasmFile: string;
}

export const GRAMMARS: Readonly<Record<GrammarName, GrammarSpec>> = {
  typescript: { name: 'typescript', packageName: 'tree-sitter-typescript', wasmFile: 'tree-sitter-typescript.wasm' },
  tsx: { name: 'tsx', packageName: 'tree-sitter-typescript', wasmFile: 'tree-sitter-tsx.wasm' },
  javascript: { name: 'javascript', packageName: 'tree-sitter-javascript', wasmFile: 'tree-sitter-javascript.wasm' },
  python: { name: 'python', packageName: 'tree-sitter-python', wasmFile: 'tree-sitter-python.wasm' },
  go: { name: 'go', packageName: 'tree-sitter-go', wasmFile: 'tree-sitter-go.wasm' },
  rust: { name: 'rust', packageName: 'tree-sitter-rust', wasmFile: 'tree-sitter-rust.wasm' },
  java: { name: 'java', packageName: 'tree-sitter-java', wasmFile: 'tree-sitter-java.wasm' },
};

export interface LanguageSpec {
  id: LanguageId;
  grammar: GrammarName;
  /** Lower-case, with the dot. */
  extensions: readonly string[];
}

export const LANGUAGES: Readonly<Record<LanguageId, LanguageSpec>> = {
  typescript: { id: 'typescript', grammar: 'typescript', extensions: ['.ts', '.mts', '.cts'] },
  // The TypeScript grammar rejects JSX, so .tsx needs the separate tsx grammar.
  typescriptreact: { id: 'typescriptreact', grammar: 'tsx', extensions: ['.tsx'] },
  // The JavaScript grammar parses JSX natively, so both ids share it.
  javascript: { id: 'javascript', grammar: 'javascript', extensions: ['.js', '.mjs', '.cjs'] },
  javascriptreact: { id: 'javascriptreact', grammar: 'javascript', extensions: ['.jsx'] },
  python: { id: 'python', grammar: 'python', extensions: ['.py', '.pyi', '.pyw'] },
  go: { id: 'go', grammar: 'go', extensions: ['.go'] },
  rust: { id: 'rust', grammar: 'rust', extensions: ['.rs'] },
  java: { id: 'java', grammar: 'java', extensions: ['.java'] },
};

const LANGUAGE_BY_EXTENSION: ReadonlyMap<string, LanguageId> = new Map(
  LANGUAGE_IDS.flatMap((id) => LANGUAGES[id].extensions.map((ext) => [ext, id] as const)),
);

export function isSupportedLanguage(languageId: string): languageId is LanguageId {
  return Object.prototype.hasOwnProperty.call(LANGUAGES, languageId);
}

/** The language id for a file path or bare extension (`src/a.tsx`, `.tsx`), or undefined when unsupported. */
export function languageIdForPath(filePath: string): LanguageId | undefined {
  const ext = filePath.startsWith('.') && !filePath.slice(1).includes('.') ? filePath : path.extname(filePath);
  return LANGUAGE_BY_EXTENSION.get(ext.toLowerCase());
}

export function grammarFor(languageId: LanguageId): GrammarSpec {
  return GRAMMARS[LANGUAGES[languageId].grammar];
}
