/**
 * What the repository's formatters and linters ask for, per language: .editorconfig, prettier, eslint,
 * biome, xo and standard (JavaScript and TypeScript), black, ruff and flake8 (Python), gofmt (implied for
 * Go), rustfmt. Only the settings a code-style profile measures are read, each with where it came from,
 * so the learner can say where the code and its config disagree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LanguageId } from '../code/languages';
import {
  ConfigValue,
  editorConfigMatches,
  parseEditorConfig,
  parseFlatYaml,
  parseLooseJson,
  parseToml,
  readJsSettings,
} from './config-files';

export type IndentStyle = 'tab' | 'space';
export type QuoteStyle = 'single' | 'double';
export type TrailingCommaRule = 'all' | 'es5' | 'none';

interface ExpectationBase {
  /** `prettier`, `eslint`, `editorconfig`, `biome`, `xo`, `standard`, `black`, `ruff`, `flake8`, `gofmt`, `rustfmt`. */
  tool: string;
  /** Where it was read: a file (`.prettierrc`, `package.json#prettier`), or `implied` for a tool's fixed rules. */
  file: string;
  /** The setting as written, or the default that applies: `singleQuote: true`, `semi (default): true`. */
  setting: string;
}

export type ConfigExpectation =
  | (ExpectationBase & { field: 'indent'; expected: { style: IndentStyle; size?: number } })
  | (ExpectationBase & { field: 'quotes'; expected: QuoteStyle })
  | (ExpectationBase & { field: 'semicolons'; expected: boolean })
  | (ExpectationBase & { field: 'trailingCommas'; expected: TrailingCommaRule })
  | (ExpectationBase & { field: 'lineLength'; expected: number });

export interface LanguageConfig {
  /** Tools configured for this language, each with the file it was found in. */
  tools: Array<{ tool: string; file: string }>;
  expectations: ConfigExpectation[];
}

const JS_LANGUAGES: ReadonlySet<LanguageId> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const PRETTIER_FILES = ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml', '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', 'prettier.config.js', 'prettier.config.cjs', 'prettier.config.mjs', 'prettier.config.ts'];
const ESLINT_FILES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', '.eslintrc', '.eslintrc.json', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.yml', '.eslintrc.yaml'];
const BIOME_FILES = ['biome.json', 'biome.jsonc'];
const PRETTIER_KEYS = ['singleQuote', 'semi', 'tabWidth', 'useTabs', 'trailingComma', 'printWidth'];

type Expectations = ConfigExpectation[];

/**
 * Reads the root-level configs of the repository and returns what they expect for each language asked
 * about. `samplePaths` gives one real file per language, for .editorconfig sections that match by path.
 */
export function readFormatterConfigs(root: string, samplePaths: Partial<Record<LanguageId, string>>): Partial<Record<LanguageId, LanguageConfig>> {
  const read = (file: string): string | undefined => {
    try {
      return fs.readFileSync(path.join(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const packageJson = readPackageJson(read('package.json'));
  const jsExpectations = [...prettierExpectations(read, packageJson), ...eslintExpectations(read, packageJson), ...biomeExpectations(read), ...xoAndStandard(packageJson)];
  const pythonExpectations = pythonConfig(read);
  const editorConfig = read('.editorconfig');
  const result: Partial<Record<LanguageId, LanguageConfig>> = {};
  for (const [language, samplePath] of Object.entries(samplePaths) as Array<[LanguageId, string]>) {
    const expectations: Expectations = [];
    if (editorConfig !== undefined) expectations.push(...editorConfigExpectations(editorConfig, samplePath));
    if (JS_LANGUAGES.has(language)) expectations.push(...jsExpectations);
    if (language === 'python') expectations.push(...pythonExpectations);
    if (language === 'go') expectations.push({ tool: 'gofmt', file: 'implied', setting: 'gofmt indents with tabs', field: 'indent', expected: { style: 'tab' } });
    if (language === 'rust') expectations.push(...rustfmtExpectations(read));
    const tools: LanguageConfig['tools'] = [];
    for (const { tool, file } of expectations) if (!tools.some((known) => known.tool === tool && known.file === file)) tools.push({ tool, file });
    result[language] = { tools, expectations };
  }
  return result;
}

interface PackageJson {
  prettier?: unknown;
  eslintConfig?: unknown;
  xo?: unknown;
  dependencies: Record<string, string>;
}

function readPackageJson(text: string | undefined): PackageJson | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const deps = { ...(parsed.dependencies as object), ...(parsed.devDependencies as object) } as Record<string, string>;
    return { prettier: parsed.prettier, eslintConfig: parsed.eslintConfig, xo: parsed.xo, dependencies: deps };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------
// .editorconfig

function editorConfigExpectations(text: string, samplePath: string): Expectations {
  const settings: Record<string, string> = {};
  for (const section of parseEditorConfig(text)) {
    if (editorConfigMatches(section.pattern, samplePath)) Object.assign(settings, section.settings);
  }
  const out: Expectations = [];
  const base = { tool: 'editorconfig', file: '.editorconfig' };
  const size = Number(settings.indent_size === 'tab' ? settings.tab_width : settings.indent_size);
  if (settings.indent_style === 'tab' || settings.indent_style === 'space') {
    out.push({ ...base, setting: `indent_style = ${settings.indent_style}`, field: 'indent', expected: { style: settings.indent_style, ...(settings.indent_style === 'space' && size > 0 ? { size } : {}) } });
  }
  const maxLength = Number(settings.max_line_length);
  if (maxLength > 0) out.push({ ...base, setting: `max_line_length = ${maxLength}`, field: 'lineLength', expected: maxLength });
  if (settings.quote_type === 'single' || settings.quote_type === 'double') out.push({ ...base, setting: `quote_type = ${settings.quote_type}`, field: 'quotes', expected: settings.quote_type });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// JavaScript and TypeScript

function prettierExpectations(read: (file: string) => string | undefined, packageJson: PackageJson | undefined): Expectations {
  let file: string | undefined;
  let options: Record<string, ConfigValue> | undefined;
  if (packageJson?.prettier && typeof packageJson.prettier === 'object') {
    file = 'package.json#prettier';
    options = packageJson.prettier as Record<string, ConfigValue>;
  } else {
    for (const candidate of PRETTIER_FILES) {
      const text = read(candidate);
      if (text === undefined) continue;
      file = candidate;
      options = parsePrettier(candidate, text);
      break;
    }
  }
  if (!file || !options) return [];
  const base = { tool: 'prettier', file };
  const given = (key: string) => options![key] !== undefined;
  const label = (key: string, value: ConfigValue) => (given(key) ? `${key}: ${JSON.stringify(value)}` : `${key} (default): ${JSON.stringify(value)}`);
  // Prettier's defaults apply to every option the config leaves out.
  const useTabs = options.useTabs ?? false;
  const tabWidth = Number(options.tabWidth ?? 2);
  const semi = options.semi ?? true;
  const singleQuote = options.singleQuote ?? false;
  const printWidth = Number(options.printWidth ?? 80);
  const out: Expectations = [
    { ...base, setting: given('useTabs') || !given('tabWidth') ? label('useTabs', useTabs) : label('tabWidth', tabWidth), field: 'indent', expected: useTabs === true ? { style: 'tab' } : { style: 'space', size: tabWidth } },
    { ...base, setting: label('singleQuote', singleQuote), field: 'quotes', expected: singleQuote === true ? 'single' : 'double' },
    { ...base, setting: label('semi', semi), field: 'semicolons', expected: semi !== false },
    { ...base, setting: label('printWidth', printWidth), field: 'lineLength', expected: printWidth },
  ];
  const trailing = options.trailingComma ?? prettierTrailingDefault(packageJson);
  if (trailing === 'all' || trailing === 'es5' || trailing === 'none') out.push({ ...base, setting: label('trailingComma', trailing), field: 'trailingCommas', expected: trailing });
  return out;
}

/** Prettier 3 defaults to `all`, prettier 2 to `es5`; unknown without the installed version. */
function prettierTrailingDefault(packageJson: PackageJson | undefined): string | undefined {
  const major = /(\d+)/.exec(packageJson?.dependencies.prettier ?? '')?.[1];
  return major === undefined ? undefined : Number(major) >= 3 ? 'all' : 'es5';
}

function parsePrettier(file: string, text: string): Record<string, ConfigValue> | undefined {
  try {
    if (/\.(c|m)?[jt]s$/.test(file)) return readJsSettings(text, PRETTIER_KEYS);
    if (/\.toml$/.test(file)) return parseToml(text)[''];
    if (/\.ya?ml$/.test(file)) return parseFlatYaml(text);
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) return parseLooseJson(trimmed) as Record<string, ConfigValue>;
    // `.prettierrc` without an extension may be YAML; a bare string names a shared config we cannot see.
    return /^["']/.test(trimmed) ? undefined : parseFlatYaml(text);
  } catch {
    return undefined;
  }
}

const ESLINT_RULE = /["']?(?:@[\w-]+\/(?:[\w-]+\/)?)?\b(quotes|semi|indent|comma-dangle|max-len)["']?\s*:\s*(\[[^\]]*\]|["'][\w-]+["']|\d)/g;

function eslintExpectations(read: (file: string) => string | undefined, packageJson: PackageJson | undefined): Expectations {
  let file: string | undefined;
  let text: string | undefined;
  for (const candidate of ESLINT_FILES) {
    text = read(candidate);
    if (text !== undefined) {
      file = candidate;
      break;
    }
  }
  if (text === undefined && packageJson?.eslintConfig) {
    file = 'package.json#eslintConfig';
    text = JSON.stringify(packageJson.eslintConfig);
  }
  if (!file || text === undefined) return [];
  const out: Expectations = [];
  const base = { tool: 'eslint', file };
  if (/["']?extends["']?\s*:[^\n]*["'](standard|eslint-config-standard)["']/.test(text)) out.push(...standardRules('eslint', file, false));
  for (const match of text.matchAll(ESLINT_RULE)) {
    const [written, rule, rawValue] = match;
    const parts = rawValue.replace(/^\[|\]$/g, '').split(',').map((part) => part.trim().replace(/^["']|["']$/g, ''));
    const [severity, option] = parts;
    if (severity === 'off' || severity === '0') continue;
    const setting = written.replace(/\s+/g, ' ');
    switch (rule) {
      case 'quotes':
        if (option === 'single' || option === 'double') out.push({ ...base, setting, field: 'quotes', expected: option });
        break;
      case 'semi':
        out.push({ ...base, setting, field: 'semicolons', expected: option !== 'never' });
        break;
      case 'indent':
        if (option === 'tab') out.push({ ...base, setting, field: 'indent', expected: { style: 'tab' } });
        else out.push({ ...base, setting, field: 'indent', expected: { style: 'space', size: Number(option) > 0 ? Number(option) : 4 } });
        break;
      case 'comma-dangle':
        if (option === 'always-multiline' || option === 'always') out.push({ ...base, setting, field: 'trailingCommas', expected: 'all' });
        else if (option === 'never' || (option === undefined && severity !== undefined)) out.push({ ...base, setting, field: 'trailingCommas', expected: 'none' });
        break;
      case 'max-len': {
        const size = Number(option) > 0 ? Number(option) : Number(/code["']?\s*:\s*(\d+)/.exec(text.slice(match.index))?.[1] ?? 80);
        out.push({ ...base, setting, field: 'lineLength', expected: size });
        break;
      }
    }
  }
  return out;
}

type JsonObject = Record<string, unknown>;

function objectAt(value: unknown, ...keys: string[]): JsonObject {
  let current = value;
  for (const key of keys) current = current && typeof current === 'object' ? (current as JsonObject)[key] : undefined;
  return current && typeof current === 'object' ? (current as JsonObject) : {};
}

function biomeExpectations(read: (file: string) => string | undefined): Expectations {
  for (const file of BIOME_FILES) {
    const text = read(file);
    if (text === undefined) continue;
    let config: unknown;
    try {
      config = parseLooseJson(text);
    } catch {
      return [];
    }
    const formatter = objectAt(config, 'formatter');
    if (formatter.enabled === false) return [];
    const js = objectAt(config, 'javascript', 'formatter');
    const base = { tool: 'biome', file };
    const pick = (key: string, fallback: ConfigValue, ...sources: JsonObject[]) => {
      for (const source of sources) if (source[key] !== undefined) return { value: source[key], setting: `${key}: ${JSON.stringify(source[key])}` };
      return { value: fallback as unknown, setting: `${key} (default): ${JSON.stringify(fallback)}` };
    };
    // Biome's defaults: tabs, width 2, line width 80, double quotes, semicolons always, trailing commas all.
    const indentStyle = pick('indentStyle', 'tab', js, formatter);
    const indentWidth = pick('indentWidth', 2, js, formatter);
    const lineWidth = pick('lineWidth', 80, js, formatter);
    const quoteStyle = pick('quoteStyle', 'double', js);
    const semicolons = pick('semicolons', 'always', js);
    const trailing = pick('trailingCommas', 'all', js);
    const out: Expectations = [
      { ...base, setting: indentStyle.setting, field: 'indent', expected: indentStyle.value === 'space' ? { style: 'space', size: Number(indentWidth.value) } : { style: 'tab' } },
      { ...base, setting: quoteStyle.setting, field: 'quotes', expected: quoteStyle.value === 'single' ? 'single' : 'double' },
      { ...base, setting: semicolons.setting, field: 'semicolons', expected: semicolons.value !== 'asNeeded' },
      { ...base, setting: lineWidth.setting, field: 'lineLength', expected: Number(lineWidth.value) },
    ];
    if (trailing.value === 'all' || trailing.value === 'es5' || trailing.value === 'none') out.push({ ...base, setting: trailing.setting, field: 'trailingCommas', expected: trailing.value });
    return out;
  }
  return [];
}

function standardRules(tool: string, file: string, semicolons: boolean): Expectations {
  const base = { tool, file };
  return [
    { ...base, setting: `${tool}: 2 spaces`, field: 'indent', expected: { style: 'space', size: 2 } },
    { ...base, setting: `${tool}: single quotes`, field: 'quotes', expected: 'single' },
    { ...base, setting: `${tool}: ${semicolons ? 'semicolons' : 'no semicolons'}`, field: 'semicolons', expected: semicolons },
    { ...base, setting: `${tool}: no trailing commas`, field: 'trailingCommas', expected: 'none' },
  ];
}

function xoAndStandard(packageJson: PackageJson | undefined): Expectations {
  if (!packageJson) return [];
  const deps = packageJson.dependencies;
  if (packageJson.xo !== undefined || deps.xo) {
    const options = (typeof packageJson.xo === 'object' && packageJson.xo ? packageJson.xo : {}) as Record<string, unknown>;
    const file = packageJson.xo !== undefined ? 'package.json#xo' : 'package.json (xo dependency)';
    const base = { tool: 'xo', file };
    const space = options.space;
    const indent: ConfigExpectation =
      space === true || typeof space === 'number'
        ? { ...base, setting: `space: ${JSON.stringify(space)}`, field: 'indent', expected: { style: 'space', size: typeof space === 'number' ? space : 2 } }
        : { ...base, setting: 'space (default): false', field: 'indent', expected: { style: 'tab' } };
    const semicolon = options.semicolon !== false;
    return [
      indent,
      { ...base, setting: 'xo: single quotes', field: 'quotes', expected: 'single' },
      { ...base, setting: options.semicolon === undefined ? 'semicolon (default): true' : `semicolon: ${semicolon}`, field: 'semicolons', expected: semicolon },
      { ...base, setting: 'xo: trailing commas in multi-line', field: 'trailingCommas', expected: 'all' },
    ];
  }
  if (deps.standard || deps['ts-standard']) return standardRules('standard', 'package.json (standard dependency)', false);
  if (deps.semistandard) return standardRules('semistandard', 'package.json (semistandard dependency)', true);
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// Python, Rust

function pythonConfig(read: (file: string) => string | undefined): Expectations {
  const out: Expectations = [];
  const pyproject = read('pyproject.toml');
  const tables = pyproject !== undefined ? parseToml(pyproject) : {};
  const black = tables['tool.black'];
  if (black) {
    const base = { tool: 'black', file: 'pyproject.toml' };
    const length = Number(black['line-length'] ?? 88);
    out.push({ ...base, setting: black['line-length'] !== undefined ? `line-length = ${length}` : 'line-length (default) = 88', field: 'lineLength', expected: length });
    out.push({ ...base, setting: 'black indents with 4 spaces', field: 'indent', expected: { style: 'space', size: 4 } });
    if (black['skip-string-normalization'] !== true) out.push({ ...base, setting: 'skip-string-normalization (default) = false', field: 'quotes', expected: 'double' });
  }
  const ruffFile = tables['tool.ruff'] || tables['tool.ruff.format'] ? 'pyproject.toml' : read('ruff.toml') !== undefined ? 'ruff.toml' : read('.ruff.toml') !== undefined ? '.ruff.toml' : undefined;
  if (ruffFile) {
    const ruffTables = ruffFile === 'pyproject.toml' ? { root: tables['tool.ruff'] ?? {}, format: tables['tool.ruff.format'] } : (() => {
      const parsed = parseToml(read(ruffFile) ?? '');
      return { root: parsed[''], format: parsed.format };
    })();
    const base = { tool: 'ruff', file: ruffFile };
    const length = ruffTables.root['line-length'];
    if (length !== undefined) out.push({ ...base, setting: `line-length = ${length}`, field: 'lineLength', expected: Number(length) });
    if (ruffTables.format) {
      const quote = ruffTables.format['quote-style'] ?? 'double';
      if (quote === 'single' || quote === 'double') out.push({ ...base, setting: ruffTables.format['quote-style'] !== undefined ? `quote-style = "${quote}"` : 'quote-style (default) = "double"', field: 'quotes', expected: quote });
      const indent = ruffTables.format['indent-style'] ?? 'space';
      out.push({ ...base, setting: `indent-style = "${indent}"`, field: 'indent', expected: indent === 'tab' ? { style: 'tab' } : { style: 'space', size: 4 } });
    }
  }
  for (const file of ['setup.cfg', 'tox.ini', '.flake8']) {
    const text = read(file);
    const match = text && /\[flake8\][^[]*?\bmax[-_]line[-_]length\s*[=:]\s*(\d+)/.exec(text);
    if (match) {
      out.push({ tool: 'flake8', file, setting: `max-line-length = ${match[1]}`, field: 'lineLength', expected: Number(match[1]) });
      break;
    }
  }
  return out;
}

function rustfmtExpectations(read: (file: string) => string | undefined): Expectations {
  const file = ['rustfmt.toml', '.rustfmt.toml'].find((candidate) => read(candidate) !== undefined);
  if (!file) return [];
  const settings = parseToml(read(file) ?? '')[''];
  const base = { tool: 'rustfmt', file };
  const hardTabs = settings.hard_tabs === true;
  const tabSpaces = Number(settings.tab_spaces ?? 4);
  const maxWidth = Number(settings.max_width ?? 100);
  return [
    { ...base, setting: hardTabs ? 'hard_tabs = true' : `tab_spaces = ${tabSpaces}`, field: 'indent', expected: hardTabs ? { style: 'tab' } : { style: 'space', size: tabSpaces } },
    { ...base, setting: settings.max_width !== undefined ? `max_width = ${maxWidth}` : 'max_width (default) = 100', field: 'lineLength', expected: maxWidth },
  ];
}
