import * as assert from 'node:assert/strict';

import { GRAMMARS, LANGUAGE_IDS, grammarFor, isSupportedLanguage, languageIdForPath } from './languages';

describe('languages', () => {
  it('maps file extensions to VS Code language ids, case-insensitively', () => {
    assert.equal(languageIdForPath('src/extension.ts'), 'typescript');
    assert.equal(languageIdForPath('types/index.d.ts'), 'typescript');
    assert.equal(languageIdForPath('web/App.TSX'), 'typescriptreact');
    assert.equal(languageIdForPath('scripts/build.mjs'), 'javascript');
    assert.equal(languageIdForPath('ui/Button.jsx'), 'javascriptreact');
    assert.equal(languageIdForPath('tools/gen.py'), 'python');
    assert.equal(languageIdForPath('cmd/main.go'), 'go');
    assert.equal(languageIdForPath('src/lib.rs'), 'rust');
    assert.equal(languageIdForPath('src/main/java/App.java'), 'java');
    assert.equal(languageIdForPath('.tsx'), 'typescriptreact');
    assert.equal(languageIdForPath('README.md'), undefined);
    assert.equal(languageIdForPath('Makefile'), undefined);
  });

  it('parses TSX with the tsx grammar and JSX with the JavaScript grammar', () => {
    assert.equal(grammarFor('typescriptreact').wasmFile, 'tree-sitter-tsx.wasm');
    assert.equal(grammarFor('typescript').wasmFile, 'tree-sitter-typescript.wasm');
    assert.equal(grammarFor('javascriptreact'), GRAMMARS.javascript);
  });

  it('recognises exactly the eight supported language ids', () => {
    assert.equal(LANGUAGE_IDS.length, 8);
    assert.ok(LANGUAGE_IDS.every(isSupportedLanguage));
    assert.equal(isSupportedLanguage('csharp'), false);
    assert.equal(isSupportedLanguage('toString'), false);
  });
});
