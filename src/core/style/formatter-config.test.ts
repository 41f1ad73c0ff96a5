import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editorConfigMatches } from './config-files';
import { ConfigExpectation, readFormatterConfigs } from './formatter-config';

function folderWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-style-config-'));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** field → expected, for compact assertions. */
function expected(expectations: readonly ConfigExpectation[] | undefined, tool: string): Record<string, unknown> {
  return Object.fromEntries((expectations ?? []).filter((e) => e.tool === tool).map((e) => [e.field, e.expected]));
}

describe('Reading formatter and linter configs', function () {
  const roots: string[] = [];
  const make = (files: Record<string, string>) => {
    const root = folderWith(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  it('applies .editorconfig sections by glob, later sections winning', () => {
    const root = make({
      '.editorconfig': 'root = true\n\n[*]\nindent_style = space\nindent_size = 2\nmax_line_length = 120\n\n[*.{py,pyi}]\nindent_size = 4\n\n[Makefile]\nindent_style = tab\n\n[*.go]\nindent_style = tab\n',
    });
    const configs = readFormatterConfigs(root, { typescript: 'src/a.ts', python: 'app/b.py', go: 'cmd/main.go' });
    assert.deepEqual(expected(configs.typescript?.expectations, 'editorconfig'), { indent: { style: 'space', size: 2 }, lineLength: 120 });
    assert.deepEqual(expected(configs.python?.expectations, 'editorconfig'), { indent: { style: 'space', size: 4 }, lineLength: 120 });
    assert.deepEqual(expected(configs.go?.expectations, 'editorconfig'), { indent: { style: 'tab' }, lineLength: 120 });
    assert.equal(editorConfigMatches('src/**.ts', 'src/deep/a.ts'), true);
    assert.equal(editorConfigMatches('src/*.ts', 'lib/a.ts'), false);
  });

  it('reads prettier from package.json with its defaults for what is left out', () => {
    const root = make({ 'package.json': JSON.stringify({ prettier: { singleQuote: true, printWidth: 100 }, devDependencies: { prettier: '^3.3.0' } }) });
    const { typescript } = readFormatterConfigs(root, { typescript: 'a.ts' });
    assert.deepEqual(expected(typescript?.expectations, 'prettier'), {
      indent: { style: 'space', size: 2 },
      quotes: 'single',
      semicolons: true,
      lineLength: 100,
      trailingCommas: 'all',
    });
    const quotes = typescript!.expectations.find((e) => e.field === 'quotes')!;
    assert.equal(quotes.file, 'package.json#prettier');
    assert.equal(quotes.setting, 'singleQuote: true');
    assert.equal(typescript!.expectations.find((e) => e.field === 'semicolons')!.setting, 'semi (default): true');
  });

  it('reads a JavaScript prettier config as text, without running it', () => {
    const root = make({ 'prettier.config.mjs': "export default {\n  semi: false,\n  useTabs: true,\n  trailingComma: 'es5',\n};\n" });
    assert.deepEqual(expected(readFormatterConfigs(root, { javascript: 'a.js' }).javascript?.expectations, 'prettier'), {
      indent: { style: 'tab' },
      quotes: 'double',
      semicolons: false,
      lineLength: 80,
      trailingCommas: 'es5',
    });
  });

  it('reads eslint rules from flat and legacy configs, ignoring rules turned off', () => {
    const flat = make({
      'eslint.config.js': "export default [{ rules: { quotes: ['error', 'single', { avoidEscape: true }], semi: ['error', 'never'], indent: ['warn', 4], 'comma-dangle': ['error', 'always-multiline'], 'max-len': ['error', { code: 110 }] } }];\n",
    });
    assert.deepEqual(expected(readFormatterConfigs(flat, { typescript: 'a.ts' }).typescript?.expectations, 'eslint'), {
      quotes: 'single',
      semicolons: false,
      indent: { style: 'space', size: 4 },
      trailingCommas: 'all',
      lineLength: 110,
    });
    const legacy = make({ '.eslintrc.json': '{ "rules": { "@stylistic/quotes": ["error", "double"], "semi": "off" } }' });
    assert.deepEqual(expected(readFormatterConfigs(legacy, { javascript: 'a.js' }).javascript?.expectations, 'eslint'), { quotes: 'double' });
  });

  it('reads biome with its own defaults (tabs, double quotes)', () => {
    const root = make({ 'biome.json': '{\n  // formatter settings\n  "formatter": { "lineWidth": 100 },\n  "javascript": { "formatter": { "semicolons": "asNeeded" } },\n}\n' });
    assert.deepEqual(expected(readFormatterConfigs(root, { typescript: 'a.ts' }).typescript?.expectations, 'biome'), {
      indent: { style: 'tab' },
      quotes: 'double',
      semicolons: false,
      lineLength: 100,
      trailingCommas: 'all',
    });
  });

  it('knows what xo and standard imply', () => {
    const xo = make({ 'package.json': JSON.stringify({ xo: { space: 4, semicolon: false }, devDependencies: { xo: '1.0.0' } }) });
    assert.deepEqual(expected(readFormatterConfigs(xo, { javascript: 'a.js' }).javascript?.expectations, 'xo'), {
      indent: { style: 'space', size: 4 },
      quotes: 'single',
      semicolons: false,
      trailingCommas: 'all',
    });
    const standard = make({ 'package.json': JSON.stringify({ devDependencies: { standard: '17.0.0' } }) });
    assert.deepEqual(expected(readFormatterConfigs(standard, { javascript: 'a.js' }).javascript?.expectations, 'standard'), {
      indent: { style: 'space', size: 2 },
      quotes: 'single',
      semicolons: false,
      trailingCommas: 'none',
    });
  });

  it('reads black, ruff and flake8 for Python, and implies gofmt for Go', () => {
    const root = make({
      'pyproject.toml': '[tool.black]\nline-length = 99\nskip-string-normalization = true\n\n[tool.ruff]\nline-length = 99\n\n[tool.ruff.format]\nquote-style = "single"\n',
      'setup.cfg': '[metadata]\nname = x\n\n[flake8]\nmax-line-length = 99\n',
    });
    const configs = readFormatterConfigs(root, { python: 'a.py', go: 'a.go' });
    assert.deepEqual(expected(configs.python?.expectations, 'black'), { lineLength: 99, indent: { style: 'space', size: 4 } });
    assert.deepEqual(expected(configs.python?.expectations, 'ruff'), { lineLength: 99, quotes: 'single', indent: { style: 'space', size: 4 } });
    assert.deepEqual(expected(configs.python?.expectations, 'flake8'), { lineLength: 99 });
    assert.deepEqual(configs.go?.expectations, [{ tool: 'gofmt', file: 'implied', setting: 'gofmt indents with tabs', field: 'indent', expected: { style: 'tab' } }]);
    assert.deepEqual(configs.python?.tools.map((t) => t.tool), ['black', 'ruff', 'flake8']);
  });
});
