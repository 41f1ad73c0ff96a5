/**
 * What the code-style learner counts in one language: numbers and histograms only, so the evidence of
 * several repositories merges by addition (`addDeep`) and the learned style is derived from it again.
 */
import type { Counts } from './stats';

export interface YesNo {
  yes: number;
  no: number;
}

export interface CodeEvidence {
  files: number;
  testFiles: number;
  /** Non-blank lines. */
  lines: number;
  /** Lines holding a comment or docstring. */
  commentLines: number;
  /** Histograms of how much the indentation grows from one line to the next deeper one: in tabs, in spaces. */
  indent: { tabs: Counts; spaces: Counts };
  /** String literals by quote, leaving out those that must use one quote because they contain the other. */
  quotes: { single: number; double: number };
  /** Statements that may end in a semicolon: how many do. */
  semicolons: YesNo;
  /** Multi-line brackets whose last item sits on its own line: how many end that item with a comma. */
  trailingCommas: { literals: YesNo; callsAndParams: YesNo };
  /** Histogram of non-blank line lengths (a tab counts as 4 columns). */
  lineLengths: Counts;
  /** Conventions of declared names, by kind (see naming.ts). */
  naming: { functions: Counts; classes: Counts; types: Counts; constants: Counts; variables: Counts; files: Counts };
  /** Histogram of function and method lengths, in lines. */
  functionLengths: Counts;
  comments: { line: number; block: number; doc: number };
  /** Top-level functions, classes and methods outside tests with a doc comment (JSDoc, docstring, Go doc, `///`) just before or inside. */
  documented: YesNo;
  /** Import forms: `esm`, `require`, `dynamic import`; `from`, `import`; `grouped`, `single`; `wildcard`, `static`… */
  imports: Counts;
  /** Where imports point: `relative`, `package`, `absolute`, `stdlib`, `module`, `crate`, `std`, `external`. */
  importPaths: Counts;
  /** Node built-ins imported as `node:fs` (yes) or `fs` (no). */
  nodeProtocol: YesNo;
  /** Error-handling idioms by occurrence: `try/catch`, `.catch()`, `if err != nil`, `?`, `.unwrap()`, `try/except`… */
  errorHandling: Counts;
  /** Signals for each test framework: imports, config files, dependencies. */
  testFrameworks: Counts;
}

export function emptyCodeEvidence(): CodeEvidence {
  return {
    files: 0,
    testFiles: 0,
    lines: 0,
    commentLines: 0,
    indent: { tabs: {}, spaces: {} },
    quotes: { single: 0, double: 0 },
    semicolons: { yes: 0, no: 0 },
    trailingCommas: { literals: { yes: 0, no: 0 }, callsAndParams: { yes: 0, no: 0 } },
    lineLengths: {},
    naming: { functions: {}, classes: {}, types: {}, constants: {}, variables: {}, files: {} },
    functionLengths: {},
    comments: { line: 0, block: 0, doc: 0 },
    documented: { yes: 0, no: 0 },
    imports: {},
    importPaths: {},
    nodeProtocol: { yes: 0, no: 0 },
    errorHandling: {},
    testFrameworks: {},
  };
}

export function vote(yesNo: YesNo, yes: boolean): void {
  if (yes) yesNo.yes++;
  else yesNo.no++;
}
