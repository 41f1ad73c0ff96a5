import * as assert from 'node:assert/strict';

import { ParsedDocument } from './document-parser';
import {
  GO_SAMPLE,
  JAVA_SAMPLE,
  JAVASCRIPT_SAMPLE,
  JSX_SAMPLE,
  PYTHON_SAMPLE,
  RUST_SAMPLE,
  TSX_SAMPLE,
  TYPESCRIPT_SAMPLE,
} from './fixtures/samples';
import { LANGUAGE_IDS, type LanguageId } from './languages';
import { type CodeSymbol, enclosingSymbol, extractSymbols, symbolAtOffset, symbolsInRanges } from './symbols';

async function symbolsOf(languageId: LanguageId, text: string): Promise<readonly CodeSymbol[]> {
  const document = await ParsedDocument.open(languageId, text);
  try {
    assert.equal(document.tree.rootNode.hasError, false, `the ${languageId} sample should parse without errors`);
    return document.symbols();
  } finally {
    document.dispose();
  }
}

function outline(symbols: readonly CodeSymbol[]): string[] {
  return symbols.map((symbol) => `${symbol.kind} ${symbol.qualifiedName}`);
}

function find(symbols: readonly CodeSymbol[], qualifiedName: string): CodeSymbol {
  const symbol = symbols.find((candidate) => candidate.qualifiedName === qualifiedName);
  assert.ok(symbol, `expected a symbol ${qualifiedName} among ${outline(symbols).join(', ')}`);
  return symbol;
}

/** The 0-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `sample lacks ${needle}`);
  return text.slice(0, index).split('\n').length - 1;
}

describe('symbol extraction', () => {
  it('lists TypeScript declarations, class members, namespaces and arrow functions held by consts', async () => {
    const symbols = await symbolsOf('typescript', TYPESCRIPT_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'constant DEFAULT_TIMEOUT_MS',
      'variable activeSessions',
      'interface SessionOptions',
      'method SessionOptions.onClose',
      'type SessionState',
      'enum LogLevel',
      'function Logged',
      'class SessionManager',
      'method SessionManager.constructor',
      'method SessionManager.open',
      'function SessionManager.open.normalise',
      'method SessionManager.close',
      'method SessionManager.size',
      'function formatSession',
      'module Protocol',
      'function Protocol.encode',
      'function createManager',
      'function createManager.label',
    ]);
    const open = find(symbols, 'SessionManager.open');
    assert.equal(open.containerName, 'SessionManager');
    assert.equal(open.startLine, lineOf(TYPESCRIPT_SAMPLE, '@Logged()'), 'the decorator belongs to the method');
    assert.equal(open.endLine, lineOf(TYPESCRIPT_SAMPLE, 'activeSessions++') + 1);
    assert.equal(TYPESCRIPT_SAMPLE.slice(open.startIndex, open.endIndex).split('\n').at(-1), '  }');
    const formatSession = find(symbols, 'formatSession');
    assert.ok(TYPESCRIPT_SAMPLE.slice(formatSession.startIndex).startsWith('export const formatSession'));
  });

  it('lists TSX components written as functions, arrow consts and classes', async () => {
    const symbols = await symbolsOf('typescriptreact', TSX_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'interface ButtonProps',
      'method ButtonProps.onPress',
      'function Counter',
      'function Counter.increment',
      'function Button',
      'class Panel',
      'method Panel.render',
    ]);
  });

  it('lists JavaScript classes with private fields, static arrow members, object-literal methods and prototype assignments', async () => {
    const symbols = await symbolsOf('javascript', JAVASCRIPT_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'constant MAX_RETRIES',
      'class HttpClient',
      'method HttpClient.constructor',
      'method HttpClient.get',
      'method HttpClient.create',
      'function retry',
      'function retry.attempt',
      'constant handlers',
      'method handlers.onData',
      'method handlers.onEnd',
      'method HttpClient.post',
    ]);
    assert.equal(find(symbols, 'HttpClient.post').containerName, 'HttpClient');
    assert.equal(find(symbols, 'retry.attempt').depth, 1);
  });

  it('lists JSX components: a default-exported function, its render helper and an arrow component', async () => {
    const symbols = await symbolsOf('javascriptreact', JSX_SAMPLE);
    assert.deepEqual(outline(symbols), ['function TodoList', 'function TodoList.renderItem', 'function EmptyState']);
  });

  it('lists Python classes, nested classes, decorated methods and functions nested in methods', async () => {
    const symbols = await symbolsOf('python', PYTHON_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'constant MAX_ITEMS',
      'variable default_currency',
      'function log_calls',
      'function log_calls.wrapper',
      'class Order',
      'class Order.Meta',
      'method Order.Meta.describe',
      'method Order.is_empty',
      'method Order.add',
      'function Order.add.validate',
      'function fetch_orders',
    ]);
    assert.equal(find(symbols, 'Order').startLine, lineOf(PYTHON_SAMPLE, '@dataclass'));
    assert.equal(find(symbols, 'Order.is_empty').startLine, lineOf(PYTHON_SAMPLE, '@property'));
    assert.equal(find(symbols, 'Order.add.validate').containerName, 'add');
  });

  it('lists Go methods under their receiver type, with pointer and generic receivers', async () => {
    const symbols = await symbolsOf('go', GO_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'constant MaxKeys',
      'variable ErrNotFound',
      'interface Store',
      'method Store.Get',
      'method Store.Put',
      'struct MemoryStore',
      'type Key',
      'function NewMemoryStore',
      'method MemoryStore.Get',
      'method MemoryStore.Put',
      'struct Cache',
      'method Cache.Len',
    ]);
    const get = find(symbols, 'MemoryStore.Get');
    assert.equal(get.containerName, 'MemoryStore');
    assert.equal(get.depth, 0, 'Go methods are declared at top level');
    assert.ok(GO_SAMPLE.slice(find(symbols, 'MemoryStore').startIndex).startsWith('type MemoryStore struct'));
  });

  it('lists Rust items, impl blocks with their methods under the type, traits and test modules', async () => {
    const symbols = await symbolsOf('rust', RUST_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'constant MAX_DEPTH',
      'struct Token',
      'enum TokenKind',
      'trait Visitor',
      'method Visitor.visit',
      'method Visitor.finish',
      'impl Token',
      'method Token.new',
      'method Token.is_ident',
      'impl fmt::Display for Token',
      'method Token.fmt',
      'function tokenize',
      'function tokenize.is_boundary',
      'module tests',
      'function tests.splits_on_whitespace',
    ]);
    assert.equal(find(symbols, 'Token.fmt').containerName, 'Token');
    assert.equal(find(symbols, 'Token').startLine, lineOf(RUST_SAMPLE, '#[derive(Debug, Clone)]'));
    assert.equal(find(symbols, 'tests.splits_on_whitespace').startLine, lineOf(RUST_SAMPLE, '#[test]'));
  });

  it('lists Java classes, constructors, records, nested interfaces and enums with methods', async () => {
    const symbols = await symbolsOf('java', JAVA_SAMPLE);
    assert.deepEqual(outline(symbols), [
      'class InvoiceService',
      'constant InvoiceService.MAX_LINES',
      'method InvoiceService.InvoiceService',
      'method InvoiceService.toString',
      'method InvoiceService.total',
      'class InvoiceService.Line',
      'method InvoiceService.Line.Line',
      'interface InvoiceService.Discount',
      'method InvoiceService.Discount.apply',
      'enum InvoiceService.Status',
      'method InvoiceService.Status.isFinal',
    ]);
    assert.equal(find(symbols, 'InvoiceService.toString').startLine, lineOf(JAVA_SAMPLE, '@Override'));
  });

  it('reports offsets in UTF-16 code units, so they line up with editor offsets after non-ASCII text', async () => {
    const text = `const greeting = "héllo 😀";\nfunction after() {}\n`;
    const [, after] = await symbolsOf('typescript', text);
    assert.equal(after.name, 'after');
    assert.equal(after.startIndex, text.indexOf('function after'));
    assert.equal(text.slice(after.startIndex, after.endIndex), 'function after() {}');
  });
});

describe('enclosingSymbol', () => {
  it('picks the innermost symbol at an offset: a nested function over its method over its class', async () => {
    const symbols = await symbolsOf('typescript', TYPESCRIPT_SAMPLE);
    const inNormalise = TYPESCRIPT_SAMPLE.indexOf('value.trim()');
    assert.equal(enclosingSymbol(symbols, { offset: inNormalise })?.qualifiedName, 'SessionManager.open.normalise');
    const inOpen = TYPESCRIPT_SAMPLE.indexOf('activeSessions++');
    assert.equal(enclosingSymbol(symbols, { offset: inOpen })?.qualifiedName, 'SessionManager.open');
    const inClassBody = TYPESCRIPT_SAMPLE.indexOf('private readonly sessions');
    assert.equal(enclosingSymbol(symbols, { offset: inClassBody })?.qualifiedName, 'SessionManager');
  });

  it('picks the innermost symbol on a line, and nothing between top-level declarations', async () => {
    const symbols = await symbolsOf('python', PYTHON_SAMPLE);
    assert.equal(enclosingSymbol(symbols, { line: lineOf(PYTHON_SAMPLE, 'raise ValueError') })?.qualifiedName, 'Order.add.validate');
    assert.equal(enclosingSymbol(symbols, { line: lineOf(PYTHON_SAMPLE, 'table = "orders"') })?.qualifiedName, 'Order.Meta');
    assert.equal(enclosingSymbol(symbols, { line: lineOf(PYTHON_SAMPLE, 'from dataclasses') }), undefined);
  });

  it('counts a cursor just after a closing brace as inside the function', async () => {
    const text = 'function a() {\n  return 1;\n}\n';
    const symbols = await symbolsOf('javascript', text);
    assert.equal(enclosingSymbol(symbols, { offset: text.lastIndexOf('}') + 1 })?.name, 'a');
  });
});

describe('symbolAtOffset', () => {
  const SAMPLES: Record<LanguageId, string> = {
    typescript: TYPESCRIPT_SAMPLE,
    typescriptreact: TSX_SAMPLE,
    javascript: JAVASCRIPT_SAMPLE,
    javascriptreact: JSX_SAMPLE,
    python: PYTHON_SAMPLE,
    go: GO_SAMPLE,
    rust: RUST_SAMPLE,
    java: JAVA_SAMPLE,
  };

  for (const languageId of LANGUAGE_IDS) {
    it(`gives the same answer as the full symbol list at every offset of the ${languageId} sample`, async () => {
      const text = SAMPLES[languageId];
      const document = await ParsedDocument.open(languageId, text);
      try {
        const all = extractSymbols(document.tree, languageId);
        let found = 0;
        for (let offset = 0; offset <= text.length; offset++) {
          const expected = enclosingSymbol(all, { offset });
          const actual = symbolAtOffset(document.tree, languageId, offset);
          assert.deepEqual(actual, expected, `at offset ${offset} (line ${text.slice(0, offset).split('\n').length - 1})`);
          if (actual) found++;
        }
        assert.ok(found > text.length / 2, 'most offsets of the sample lie inside a symbol');
      } finally {
        document.dispose();
      }
    });
  }
});

describe('symbolsInRanges', () => {
  it('names the method a change inside it touched, not the class around it', async () => {
    const symbols = await symbolsOf('go', GO_SAMPLE);
    const line = lineOf(GO_SAMPLE, 'value, ok := s.data[key]');
    assert.deepEqual(outline(symbolsInRanges(symbols, [{ startLine: line, endLine: line }])), ['method MemoryStore.Get']);
  });

  it('names every function a multi-line range spans, once each, in source order', async () => {
    const symbols = await symbolsOf('rust', RUST_SAMPLE);
    const ranges = [
      { startLine: lineOf(RUST_SAMPLE, 'c.is_whitespace()'), endLine: lineOf(RUST_SAMPLE, '.collect()') },
      { startLine: lineOf(RUST_SAMPLE, 'Token { kind, text'), endLine: lineOf(RUST_SAMPLE, 'matches!(self.kind') },
      { startLine: lineOf(RUST_SAMPLE, '.split(is_boundary)'), endLine: lineOf(RUST_SAMPLE, '.split(is_boundary)') },
    ];
    assert.deepEqual(outline(symbolsInRanges(symbols, ranges)), [
      'method Token.new',
      'method Token.is_ident',
      'function tokenize',
      'function tokenize.is_boundary',
    ]);
  });

  it('leaves out the class when its only changed line is the blank line before an added method', async () => {
    const symbols = await symbolsOf('typescript', TYPESCRIPT_SAMPLE);
    const closeStart = lineOf(TYPESCRIPT_SAMPLE, 'close = (id: string)');
    const ranges = [{ startLine: closeStart - 1, endLine: closeStart + 2 }];
    assert.deepEqual(outline(symbolsInRanges(symbols, ranges)), ['method SessionManager.close']);
  });

  it('names a class whose field line changed when none of its methods did', async () => {
    const symbols = await symbolsOf('typescript', TYPESCRIPT_SAMPLE);
    const field = lineOf(TYPESCRIPT_SAMPLE, 'private readonly sessions');
    assert.deepEqual(outline(symbolsInRanges(symbols, [{ startLine: field, endLine: field }])), ['class SessionManager']);
  });

  it('names the class as well when a range covers its own lines, not only its methods', async () => {
    const symbols = await symbolsOf('java', JAVA_SAMPLE);
    const ranges = [{ startLine: lineOf(JAVA_SAMPLE, 'enum Status'), endLine: lineOf(JAVA_SAMPLE, 'return this == PAID') }];
    assert.deepEqual(outline(symbolsInRanges(symbols, ranges)), ['enum InvoiceService.Status', 'method InvoiceService.Status.isFinal']);
  });

  it('maps an empty range (a deletion point) to the symbol holding both neighbouring lines only', async () => {
    const symbols = await symbolsOf('python', PYTHON_SAMPLE);
    const insideAdd = lineOf(PYTHON_SAMPLE, 'self.total += validate(amount)');
    assert.deepEqual(outline(symbolsInRanges(symbols, [{ startLine: insideAdd, endLine: insideAdd - 1 }])), ['method Order.add']);
    const betweenTopLevel = lineOf(PYTHON_SAMPLE, 'async def fetch_orders');
    assert.deepEqual(symbolsInRanges(symbols, [{ startLine: betweenTopLevel, endLine: betweenTopLevel - 1 }]), []);
  });

  it('names every constant of a multi-name declaration when its line changes', async () => {
    const text = 'package p\n\nconst Low, High = 1, 9\n\nfunc f() {}\n';
    const symbols = await symbolsOf('go', text);
    assert.deepEqual(outline(symbolsInRanges(symbols, [{ startLine: 2, endLine: 2 }])), ['constant Low', 'constant High']);
  });
});
