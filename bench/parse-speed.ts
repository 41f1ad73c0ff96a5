/**
 * Parse-speed benchmark: `npx tsc -p . && node out/bench/parse-speed.js`.
 * Prints full-parse throughput per language on ~5,000-line files, and the cost of one keystroke on a
 * 5,000-line TypeScript file (incremental re-parse, and re-parse plus symbol extraction).
 */

import { performance } from 'node:perf_hooks';
import { typescriptModule } from './support/typescript-module';

import { ParsedDocument, editForChange } from '../src/core/code/document-parser';
import * as samples from '../src/core/code/fixtures/samples';
import { createParser } from '../src/core/code/grammar-loader';
import type { LanguageId } from '../src/core/code/languages';
import { extractSymbols } from '../src/core/code/symbols';

const TARGET_LINES = 5_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A realistic TypeScript module of about `lines` lines: classes, methods, arrow helpers, interfaces. */

/** A language's sample repeated to about `lines` lines, keeping the file-level header once. */
function repeatedSample(sample: string, lines: number): string {
  const sampleLines = sample.split('\n').length;
  const body = sample.replace(/^package .*\n/m, '');
  return sample + body.repeat(Math.max(0, Math.ceil(lines / sampleLines) - 1));
}

async function fullParse(languageId: LanguageId, text: string): Promise<{ mbPerSecond: number; ms: number; symbolsMs: number; hasError: boolean }> {
  const parser = await createParser(languageId);
  try {
    parser.parse(text)?.delete(); // warm-up
    const times: number[] = [];
    const symbolTimes: number[] = [];
    let hasError = false;
    for (let run = 0; run < 7; run++) {
      const start = performance.now();
      const tree = parser.parse(text);
      times.push(performance.now() - start);
      if (!tree) throw new Error('no tree');
      hasError = tree.rootNode.hasError;
      const symbolsStart = performance.now();
      extractSymbols(tree, languageId);
      symbolTimes.push(performance.now() - symbolsStart);
      tree.delete();
    }
    const ms = median(times);
    return { ms, mbPerSecond: Buffer.byteLength(text) / 1e6 / (ms / 1000), symbolsMs: median(symbolTimes), hasError };
  } finally {
    parser.delete();
  }
}

async function keystrokes(text: string): Promise<{ reparseMs: number; reparseP95Ms: number; symbolAtMs: number; allSymbolsMs: number }> {
  const document = await ParsedDocument.open('typescript', text);
  try {
    const reparse: number[] = [];
    const symbolAt: number[] = [];
    const allSymbols: number[] = [];
    let offset = document.text.indexOf('return key.length', Math.floor(text.length / 2));
    for (let i = 0; i < 200; i++) {
      const change = { rangeOffset: offset, rangeLength: 0, text: i % 10 === 9 ? '\n' : 'x' };
      const edit = editForChange(document.text, change);
      const newText = document.text.slice(0, offset) + change.text + document.text.slice(offset);
      const start = performance.now();
      document.applyEdit(edit, newText);
      const parsed = performance.now();
      if (!document.symbolAt(offset)) throw new Error('the edit point lies inside a method');
      const located = performance.now();
      document.symbols();
      reparse.push(parsed - start);
      symbolAt.push(located - parsed);
      allSymbols.push(performance.now() - located);
      offset++;
    }
    const sorted = [...reparse].sort((a, b) => a - b);
    return {
      reparseMs: median(reparse),
      reparseP95Ms: sorted[Math.floor(sorted.length * 0.95)],
      symbolAtMs: median(symbolAt),
      allSymbolsMs: median(allSymbols),
    };
  } finally {
    document.dispose();
  }
}

async function main(): Promise<void> {
  const inputs: Array<[LanguageId, string]> = [
    ['typescript', typescriptModule(TARGET_LINES)],
    ['typescriptreact', repeatedSample(samples.TSX_SAMPLE, TARGET_LINES)],
    ['javascript', repeatedSample(samples.JAVASCRIPT_SAMPLE, TARGET_LINES)],
    ['python', repeatedSample(samples.PYTHON_SAMPLE, TARGET_LINES)],
    ['go', repeatedSample(samples.GO_SAMPLE, TARGET_LINES)],
    ['rust', repeatedSample(samples.RUST_SAMPLE, TARGET_LINES)],
    ['java', repeatedSample(samples.JAVA_SAMPLE.replace(/^package .*\n/m, ''), TARGET_LINES)],
  ];
  console.log('language          lines     KB   full parse ms   MB/s   symbols ms   parse errors');
  for (const [languageId, text] of inputs) {
    const result = await fullParse(languageId, text);
    console.log(
      `${languageId.padEnd(16)} ${String(text.split('\n').length).padStart(6)} ${String(Math.round(Buffer.byteLength(text) / 1024)).padStart(6)}` +
        ` ${result.ms.toFixed(1).padStart(15)} ${result.mbPerSecond.toFixed(1).padStart(6)} ${result.symbolsMs.toFixed(1).padStart(12)}   ${result.hasError ? 'yes' : 'no'}`,
    );
  }
  const typescript = inputs[0][1];
  const full = await fullParse('typescript', typescript);
  const typing = await keystrokes(typescript);
  console.log('');
  console.log(`one keystroke in a ${typescript.split('\n').length}-line TypeScript file (median of 200):`);
  console.log(`  incremental re-parse          ${typing.reparseMs.toFixed(2)} ms (p95 ${typing.reparseP95Ms.toFixed(2)} ms)`);
  console.log(`  symbolAt right after the edit ${typing.symbolAtMs.toFixed(2)} ms (reads the enclosing top-level declaration)`);
  console.log(`  all symbols after the edit    ${typing.allSymbolsMs.toFixed(2)} ms`);
  console.log(`  full parse                    ${full.ms.toFixed(2)} ms  → incremental is ${(full.ms / typing.reparseMs).toFixed(0)}x faster`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
