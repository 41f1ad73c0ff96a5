import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  BUNDLED_WASM_FOLDER,
  GrammarNotFoundError,
  createParser,
  loadLanguage,
  locateGrammarWasm,
  wasmAssets,
} from './grammar-loader';
import { LANGUAGE_IDS } from './languages';

describe('grammar loader', () => {
  let tempDir: string | undefined;
  afterEach(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  it('loads a working grammar for every supported language id, once', async () => {
    for (const languageId of LANGUAGE_IDS) {
      const parser = await createParser(languageId);
      try {
        const tree = parser.parse('x');
        assert.ok(tree, `${languageId} parses`);
        tree.delete();
      } finally {
        parser.delete();
      }
      assert.equal(await loadLanguage(languageId), await loadLanguage(languageId), `${languageId} grammar is cached`);
    }
    assert.equal(await loadLanguage('javascript'), await loadLanguage('javascriptreact'), 'JS and JSX share one grammar');
  });

  it('prefers a tree-sitter folder beside the bundle over the npm package', () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-wasm-'));
    const bundled = path.join(tempDir, 'tree-sitter-go.wasm');
    fs.copyFileSync(locateGrammarWasm('go'), bundled);
    assert.equal(locateGrammarWasm('go', { dirs: [tempDir] }), bundled);
    assert.match(locateGrammarWasm('go'), /node_modules[\\/]tree-sitter-go[\\/]tree-sitter-go\.wasm$/);
  });

  it('says where it looked and what to run when a grammar is missing', () => {
    const missing = () =>
      locateGrammarWasm('rust', {
        dirs: ['/nowhere/dist/tree-sitter'],
        resolve: (request) => {
          throw new Error(`Cannot find module '${request}'`);
        },
      });
    assert.throws(missing, (error: unknown) => {
      assert.ok(error instanceof GrammarNotFoundError);
      assert.match(error.message, /Cannot find tree-sitter-rust\.wasm: looked in \/nowhere\/dist\/tree-sitter/);
      assert.match(error.message, /npm install tree-sitter-rust/);
      return true;
    });
  });

  it('lists every wasm the bundle must copy, each existing and with a distinct destination', () => {
    const assets = wasmAssets();
    assert.deepEqual(
      assets.map((asset) => path.basename(asset.to)).sort(),
      [
        'tree-sitter-go.wasm',
        'tree-sitter-java.wasm',
        'tree-sitter-javascript.wasm',
        'tree-sitter-python.wasm',
        'tree-sitter-rust.wasm',
        'tree-sitter-tsx.wasm',
        'tree-sitter-typescript.wasm',
        'web-tree-sitter.wasm',
      ],
    );
    for (const asset of assets) {
      assert.ok(fs.statSync(asset.from).size > 10_000, `${asset.from} is a real wasm`);
      assert.equal(path.dirname(asset.to), BUNDLED_WASM_FOLDER);
    }
  });
});
