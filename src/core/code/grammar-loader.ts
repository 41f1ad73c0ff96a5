/**
 * Starts web-tree-sitter once per process and loads each grammar's wasm lazily, once.
 *
 * Where the wasm files live: an esbuild bundle sits in a flat `dist/` folder with the wasm copied to
 * `dist/tree-sitter/` (see `wasmAssets()`), so `tree-sitter/` beside the running code comes first; under
 * tsc output or ts-node the files are found in their npm packages instead.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
// `import = require` keeps this a require() call for esbuild too, which then picks the package's CommonJS
// build; the ESM build reads `import.meta.url` and breaks inside a CommonJS bundle.
import TreeSitter = require('web-tree-sitter');

import { GRAMMARS, GRAMMAR_NAMES, type GrammarName, type GrammarSpec, type LanguageId, grammarFor } from './languages';

/** The folder name, relative to the bundle, that bundled wasm files are copied into. */
export const BUNDLED_WASM_FOLDER = 'tree-sitter';

const RUNTIME_WASM: WasmSource = { packageName: 'web-tree-sitter', wasmFile: 'web-tree-sitter.wasm' };

interface WasmSource {
  packageName: string;
  wasmFile: string;
}

export interface WasmAsset {
  /** Absolute path of the wasm inside node_modules. */
  from: string;
  /** Path relative to the bundle's folder, e.g. `tree-sitter/tree-sitter-go.wasm`. */
  to: string;
}

export class GrammarNotFoundError extends Error {
  constructor(
    readonly wasmFile: string,
    readonly packageName: string,
    readonly searched: readonly string[],
  ) {
    super(
      `Cannot find ${wasmFile}: looked in ${searched.join(', ')} and in the npm package ${packageName}. ` +
        `Run the build so it copies the grammars to dist/${BUNDLED_WASM_FOLDER}/, or run npm install ${packageName}.`,
    );
    this.name = 'GrammarNotFoundError';
  }
}

export interface LocateOptions {
  /** Folders searched first, in order. Defaults to the configured folders, then `tree-sitter/` beside this code or one level up. */
  dirs?: readonly string[];
  /** Module resolution used for the npm fallback; `require.resolve` unless a test swaps it. */
  resolve?: (request: string) => string;
}

let extraDirs: readonly string[] = [];

/**
 * Adds folders searched before the default ones, for hosts that keep the wasm elsewhere (for example the
 * extension passing `context.asAbsolutePath('dist/tree-sitter')` when this code is bundled into a subfolder).
 * Affects grammars loaded afterwards.
 */
export function configureGrammarLoader(options: { wasmDirs?: readonly string[] }): void {
  extraDirs = [...(options.wasmDirs ?? [])];
}

function defaultDirs(): string[] {
  // The parent folder too, for bundles one level down (dist/cli/twin.js next to dist/tree-sitter/).
  return [...extraDirs, path.join(__dirname, BUNDLED_WASM_FOLDER), path.join(__dirname, '..', BUNDLED_WASM_FOLDER)];
}

function resolveInPackage(source: WasmSource, resolve: (request: string) => string): string | undefined {
  // The direct subpath works for packages whose `exports` list the wasm (web-tree-sitter); the
  // package.json route works for packages without an `exports` map (the grammars).
  for (const request of [`${source.packageName}/${source.wasmFile}`, `${source.packageName}/package.json`]) {
    try {
      const resolved = resolve(request);
      const candidate = request.endsWith('/package.json') ? path.join(path.dirname(resolved), source.wasmFile) : resolved;
      if (fs.existsSync(candidate)) return candidate;
    } catch {
      // Not resolvable this way; try the next request.
    }
  }
  return undefined;
}

function locate(source: WasmSource, options: LocateOptions = {}): string {
  const dirs = options.dirs ?? defaultDirs();
  for (const dir of dirs) {
    const candidate = path.join(dir, source.wasmFile);
    if (fs.existsSync(candidate)) return candidate;
  }
  const fromPackage = resolveInPackage(source, options.resolve ?? require.resolve);
  if (fromPackage) return fromPackage;
  throw new GrammarNotFoundError(source.wasmFile, source.packageName, dirs);
}

/** Absolute path of the wasm for a grammar; throws GrammarNotFoundError when it is nowhere to be found. */
export function locateGrammarWasm(grammar: GrammarName, options?: LocateOptions): string {
  return locate(GRAMMARS[grammar], options);
}

/** Absolute path of web-tree-sitter's own runtime wasm. */
export function locateRuntimeWasm(options?: LocateOptions): string {
  return locate(RUNTIME_WASM, options);
}

/**
 * Every wasm a bundle needs, resolved from node_modules, with its destination relative to the bundle's
 * folder. The bundler copies each `from` to `<outdir>/<to>`.
 */
export function wasmAssets(): WasmAsset[] {
  const sources: WasmSource[] = [RUNTIME_WASM, ...GRAMMAR_NAMES.map((name) => GRAMMARS[name])];
  return sources.map((source) => {
    const from = resolveInPackage(source, require.resolve);
    if (!from) throw new GrammarNotFoundError(source.wasmFile, source.packageName, []);
    return { from, to: `${BUNDLED_WASM_FOLDER}/${source.wasmFile}` };
  });
}

let runtimeReady: Promise<void> | undefined;
const languages = new Map<GrammarName, Promise<TreeSitter.Language>>();

/** Starts the tree-sitter runtime; safe to call any number of times. */
export function initTreeSitter(): Promise<void> {
  runtimeReady ??= (async () => {
    const runtimeWasm = locateRuntimeWasm();
    await TreeSitter.Parser.init({
      locateFile: (file: string, scriptDirectory: string) =>
        file === RUNTIME_WASM.wasmFile ? runtimeWasm : path.join(scriptDirectory, file),
    });
  })().catch((error: unknown) => {
    runtimeReady = undefined;
    throw error;
  });
  return runtimeReady;
}

async function loadGrammar(spec: GrammarSpec): Promise<TreeSitter.Language> {
  await initTreeSitter();
  const wasmPath = locateGrammarWasm(spec.name);
  const bytes = await fs.promises.readFile(wasmPath);
  try {
    return await TreeSitter.Language.load(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot load the ${spec.name} grammar from ${wasmPath}: ${reason}. ` +
        `Reinstall ${spec.packageName} (the file may be truncated or built for another tree-sitter ABI).`,
    );
  }
}

/** The tree-sitter Language for a VS Code language id, loaded on first use and cached. */
export function loadLanguage(languageId: LanguageId): Promise<TreeSitter.Language> {
  const spec = grammarFor(languageId);
  let pending = languages.get(spec.name);
  if (!pending) {
    pending = loadGrammar(spec);
    languages.set(spec.name, pending);
    pending.catch(() => languages.delete(spec.name));
  }
  return pending;
}

/** A new parser set to the language; the caller owns it and calls `delete()` when done. */
export async function createParser(languageId: LanguageId): Promise<TreeSitter.Parser> {
  const language = await loadLanguage(languageId);
  const parser = new TreeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}
