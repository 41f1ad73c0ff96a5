/**
 * Keystroke-cost benchmark: `npx tsc -p . && node out/bench/keystroke-cost.js [--keys 5000] [--lines 5000]`.
 *
 * Types into a 5,000-line TypeScript file the way a person does (bursts along a line, newlines, the odd
 * backspace, pauses) and times, per keystroke, what Twin's listeners run on the extension host — the
 * edit observer's change handler (recording check, document lookup, EditSessionTracker, the resolver's
 * change buffer) and the navigation observer's selection handler — with VS Code's own work excluded.
 * Separately it times the debounced symbol resolution (replaying the buffered changes in one incremental
 * tree-sitter re-parse, comparing with the editor text, symbolAt per edit point) and the first one (the
 * full parse). Time is simulated (a fake clock), so timers fire where a typist's pauses would put them.
 */

import { performance } from 'node:perf_hooks';

import { ParsedDocument } from '../src/core/code/document-parser';
import { loadLanguage } from '../src/core/code/grammar-loader';
import { EditSessionTracker } from '../src/core/observe/edit-session-tracker';
import { NavigationTracker } from '../src/core/observe/navigation-tracker';
import { type ContentChange, DocumentRegistry, type ObservedDocument } from '../src/core/observe/observed-document';
import { ParsedDocumentResolver } from '../src/core/observe/parsed-document-resolver';
import { PathFilter } from '../src/core/observe/path-filter';
import type { ResolvedSymbol, SymbolQuery } from '../src/core/observe/symbol-resolver';
import { FakeClock } from '../src/core/observe/test-support/fake-clock';
import type { TwinEvent } from '../src/core/protocol/events';
import { typescriptModule } from './support/typescript-module';
import { numberOption } from './support/bench-args';

const TARGET_P99_MS = 1;



function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  total: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((sum, value) => sum + value, 0);
  return { n: samples.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0, mean: total / Math.max(1, samples.length), total };
}

/** The editor's side: the document text, changed as VS Code would change it (not timed). */
class SimulatedEditor {
  /** Stands in for vscode.TextDocument as the registry's key. */
  readonly handle = { languageId: 'typescript' };
  line = 0;
  character = 0;
  constructor(public text: string) {}
  apply(change: ContentChange): void {
    this.text = this.text.slice(0, change.rangeOffset) + change.text + this.text.slice(change.rangeOffset + change.rangeLength);
  }
}

interface Run {
  changeHandler: number[];
  selectionHandler: number[];
  resolves: number[];
  firstResolve: number;
  resolvedPoints: number;
  events: TwinEvent[];
}

async function run(text: string, keys: number, warmup: boolean): Promise<Run> {
  const clock = new FakeClock();
  const editor = new SimulatedEditor(text);
  const document: ObservedDocument = { key: 'file:///bench/src/big.ts', file: 'src/big.ts', language: 'typescript', project: 'bench' };
  const registry = new DocumentRegistry<typeof editor.handle>(() => document, (handle) => handle.languageId);
  const events: TwinEvent[] = [];
  const resolver = new ParsedDocumentResolver({ getText: () => editor.text });
  const resolves: number[] = [];
  let firstResolve = Number.NaN;
  let resolvedPoints = 0;
  // Times the synchronous part of each resolve: when the document is parsed, all of the work.
  const timedResolver = {
    supports: (language: string) => resolver.supports(language),
    noteChanges: (doc: ObservedDocument, changes: readonly ContentChange[]) => resolver.noteChanges(doc, changes),
    resolveNow: (doc: ObservedDocument, queries: readonly SymbolQuery[]) => resolver.resolveNow(doc, queries),
    resolve: (doc: ObservedDocument, queries: readonly SymbolQuery[]): Promise<ReadonlyArray<ResolvedSymbol | undefined>> => {
      const start = performance.now();
      const answer = resolver.resolve(doc, queries);
      const elapsed = performance.now() - start;
      resolvedPoints += queries.length;
      if (Number.isNaN(firstResolve)) {
        return answer.then((symbols) => {
          firstResolve = performance.now() - start;
          return symbols;
        });
      }
      resolves.push(elapsed);
      return answer;
    },
  };
  const pathFilter = new PathFilter();
  const edits = new EditSessionTracker({ emit: (event) => events.push(event), clock, pathFilter, resolver: timedResolver });
  const navigation = new NavigationTracker({ emit: (event) => events.push(event), clock, pathFilter, resolver: timedResolver, classifier: undefined });
  // What the adapters check per event: setting on, not paused, trusted.
  const settings = { editing: true, navigation: true };
  const isPaused = () => false;
  const isTrusted = () => true;

  edits.focusChanged(document);
  navigation.editorChanged(document, { line: 0, character: 0 }, clock.now());

  // Start typing inside a method in the middle of the file.
  let offset = editor.text.indexOf('return key.length', Math.floor(editor.text.length / 2));
  editor.line = editor.text.slice(0, offset).split('\n').length - 1;
  const changeHandler: number[] = [];
  const selectionHandler: number[] = [];
  const event = { document: editor.handle, contentChanges: [] as ContentChange[], reason: undefined as number | undefined };

  for (let i = 0; i < keys; i++) {
    const backspace = i % 23 === 22;
    const newline = i % 31 === 30;
    const change: ContentChange = backspace ? { rangeOffset: offset - 1, rangeLength: 1, text: '' } : { rangeOffset: offset, rangeLength: 0, text: newline ? '\n    ' : 'x' };
    editor.apply(change);
    event.contentChanges = [change];

    // EditObserver.changed, line for line.
    let start = performance.now();
    if (event.contentChanges.length !== 0 && settings.editing && !isPaused() && isTrusted()) {
      const observed = registry.get(event.document);
      if (observed !== undefined) edits.documentChanged(observed, event.contentChanges, event.reason === 1 ? 'undo' : event.reason === 2 ? 'redo' : undefined, clock.now());
    }
    changeHandler.push(performance.now() - start);

    offset += backspace ? -1 : change.text.length;
    if (newline) {
      editor.line++;
      editor.character = 4;
    } else editor.character += backspace ? -1 : 1;

    // NavigationObserver's selection handler: typing moves the cursor, which VS Code reports too.
    start = performance.now();
    if (settings.navigation && !isPaused() && isTrusted()) {
      navigation.selectionChanged(registry.get(editor.handle), { line: editor.line, character: editor.character }, 'keyboard', clock.now());
    }
    selectionHandler.push(performance.now() - start);

    // 80–200 ms between keys, a 1.5 s pause every 40 keys, a jump elsewhere every 400.
    clock.advance(80 + ((i * 37) % 120));
    if (i % 40 === 39) {
      clock.advance(1_500);
      await clock.settle();
    }
    if (i % 400 === 399) offset = editor.text.indexOf('return key.length', (offset * 7) % editor.text.length) + 7;
  }
  edits.flushNow();
  navigation.flushNow();
  if (!warmup) await loadLanguage('typescript');
  resolver.dispose();
  return { changeHandler, selectionHandler, resolves, firstResolve, resolvedPoints, events };
}

async function main(): Promise<void> {
  const keys = numberOption('keys', 5_000);
  const lines = numberOption('lines', 5_000);
  const text = typescriptModule(lines);
  const lineCount = text.split('\n').length;

  await run(text, 1_000, true); // warm-up: JIT, grammar load
  const result = await run(text, keys, false);

  const change = stats(result.changeHandler);
  const selection = stats(result.selectionHandler);
  const both = stats(result.changeHandler.map((value, i) => value + result.selectionHandler[i]));
  const resolve = stats(result.resolves);

  // The full parse the resolver would pay once per document, for scale.
  const parseStart = performance.now();
  (await ParsedDocument.open('typescript', text)).dispose();
  const fullParse = performance.now() - parseStart;

  const ms = (value: number) => value.toFixed(4).padStart(9);
  console.log(`Twin keystroke cost: ${keys} keystrokes into a ${lineCount}-line TypeScript file (${Math.round(text.length / 1024)} KB), node ${process.version}`);
  console.log('');
  console.log('path (per call)                                   n       p50 ms    p99 ms    max ms   mean ms  total ms');
  const row = (name: string, s: Stats) =>
    console.log(`${name.padEnd(44)} ${String(s.n).padStart(6)} ${ms(s.p50)} ${ms(s.p99)} ${ms(s.max)} ${ms(s.mean)} ${s.total.toFixed(1).padStart(9)}`);
  row('change handler (edit observer)', change);
  row('selection handler (navigation observer)', selection);
  row('both, per keystroke', both);
  row('debounced resolve (re-parse + symbolAt)', resolve);
  console.log(`${'first resolve (full parse, lazy open)'.padEnd(44)} ${'1'.padStart(6)} ${ms(result.firstResolve)}`);
  console.log(`${'full parse of the file, for scale'.padEnd(44)} ${'1'.padStart(6)} ${ms(fullParse)}`);
  console.log('');
  const editEvents = result.events.filter((event) => event.type === 'edit');
  console.log(
    `edit points resolved: ${result.resolvedPoints} in ${resolve.n + 1} resolves (${(result.resolvedPoints / Math.max(1, resolve.n + 1)).toFixed(1)} per resolve, ` +
      `${(keys / Math.max(1, resolve.n + 1)).toFixed(0)} keystrokes per resolve); events emitted: ${result.events.length} (${editEvents.length} edit sessions)`,
  );
  console.log(`p99 per keystroke ${both.p99.toFixed(4)} ms vs target ${TARGET_P99_MS} ms: ${(TARGET_P99_MS / Math.max(both.p99, 1e-6)).toFixed(0)}x headroom`);
  console.log(`debounced resolve p99 ${resolve.p99.toFixed(2)} ms vs a full parse ${fullParse.toFixed(1)} ms: ${(fullParse / Math.max(resolve.p99, 1e-6)).toFixed(0)}x cheaper`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
