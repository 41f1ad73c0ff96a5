/**
 * Where the code does something other than its formatter or linter config asks: each expectation is held
 * against the evidence, and reported when most samples do otherwise (or, for line length, when more than
 * a few lines run past the limit).
 */
import type { CodeEvidence } from './code-evidence';
import type { ConfigExpectation } from './formatter-config';
import { histogramPercentile, histogramShareAbove, round, total } from './stats';
import type { Disagreement } from './style-profile';

/** Fewer samples than this say too little to contradict a config. */
const MIN_SAMPLES = 10;
/** A config is contradicted when fewer than this share of the samples follow it. */
const FOLLOWING_BELOW = 0.5;
/** Line limits are contradicted when more than this share of lines run past them. */
const LONG_LINES_ABOVE = 0.05;

const percent = (value: number) => `${Math.round(value * 100)}%`;

export function findDisagreements(evidence: CodeEvidence, expectations: readonly ConfigExpectation[]): Disagreement[] {
  const found: Disagreement[] = [];
  for (const expectation of expectations) {
    const checked = check(evidence, expectation);
    if (!checked) continue;
    const { followingShare, samples, observed, detail } = checked;
    const contradicted = expectation.field === 'lineLength' ? 1 - followingShare > LONG_LINES_ABOVE : followingShare < FOLLOWING_BELOW;
    if (samples < MIN_SAMPLES || !contradicted) continue;
    found.push({
      field: expectation.field,
      tool: expectation.tool,
      file: expectation.file,
      setting: expectation.setting,
      expected: expectation.expected,
      observed,
      followingShare: round(followingShare),
      samples,
      message: `${expectation.tool} (${expectation.file}: ${expectation.setting}) asks for ${describeExpected(expectation)}, but ${detail}.`,
    });
  }
  return found;
}

function describeExpected(expectation: ConfigExpectation): string {
  switch (expectation.field) {
    case 'indent':
      return expectation.expected.style === 'tab' ? 'tab indentation' : `${expectation.expected.size ?? 'space'}${expectation.expected.size ? '-space' : ''} indentation`;
    case 'quotes':
      return `${expectation.expected} quotes`;
    case 'semicolons':
      return expectation.expected ? 'semicolons' : 'no semicolons';
    case 'trailingCommas':
      return expectation.expected === 'none' ? 'no trailing commas' : expectation.expected === 'es5' ? 'trailing commas in multi-line literals' : 'trailing commas in every multi-line list';
    case 'lineLength':
      return `lines of at most ${expectation.expected} columns`;
  }
}

interface Check {
  followingShare: number;
  samples: number;
  observed: unknown;
  detail: string;
}

function check(evidence: CodeEvidence, expectation: ConfigExpectation): Check | undefined {
  switch (expectation.field) {
    case 'indent': {
      const tabs = total(evidence.indent.tabs);
      const spaces = total(evidence.indent.spaces);
      const samples = tabs + spaces;
      if (samples === 0) return undefined;
      const { style, size } = expectation.expected;
      const following = style === 'tab' ? tabs : size ? evidence.indent.spaces[String(size)] ?? 0 : spaces;
      const commonStep = Object.entries(evidence.indent.spaces).sort((a, b) => b[1] - a[1])[0];
      const observed = tabs > spaces ? { style: 'tab' } : { style: 'space', size: Number(commonStep?.[0] ?? 0) };
      const detail =
        observed.style === 'tab'
          ? `${percent(tabs / samples)} of ${samples} indented lines use tabs`
          : style === 'tab'
            ? `${percent(spaces / samples)} of ${samples} indented lines use spaces`
            : `${percent((commonStep?.[1] ?? 0) / samples)} of ${samples} indented lines step by ${observed.size} spaces`;
      return { followingShare: following / samples, samples, observed, detail };
    }
    case 'quotes': {
      const { single, double } = evidence.quotes;
      const samples = single + double;
      if (samples === 0) return undefined;
      const following = expectation.expected === 'single' ? single : double;
      const observed = single >= double ? 'single' : 'double';
      return { followingShare: following / samples, samples, observed, detail: `${percent((samples - following) / samples)} of ${samples} strings are ${expectation.expected === 'single' ? 'double' : 'single'}-quoted` };
    }
    case 'semicolons': {
      const { yes, no } = evidence.semicolons;
      const samples = yes + no;
      if (samples === 0) return undefined;
      const following = expectation.expected ? yes : no;
      return {
        followingShare: following / samples,
        samples,
        observed: yes >= no,
        detail: `${percent((samples - following) / samples)} of ${samples} statements end ${expectation.expected ? 'without' : 'with'} one`,
      };
    }
    case 'trailingCommas': {
      const { literals, callsAndParams: calls } = evidence.trailingCommas;
      const samples = literals.yes + literals.no + calls.yes + calls.no;
      if (samples === 0) return undefined;
      const following =
        expectation.expected === 'all' ? literals.yes + calls.yes : expectation.expected === 'none' ? literals.no + calls.no : literals.yes + calls.no;
      const withComma = literals.yes + calls.yes;
      return {
        followingShare: following / samples,
        samples,
        observed: withComma >= samples / 2 ? 'with trailing commas' : 'without trailing commas',
        detail: `${percent(withComma / samples)} of ${samples} multi-line lists end with a comma`,
      };
    }
    case 'lineLength': {
      const samples = total(evidence.lineLengths);
      if (samples === 0) return undefined;
      const above = histogramShareAbove(evidence.lineLengths, expectation.expected);
      const p95 = histogramPercentile(evidence.lineLengths, 0.95);
      return {
        followingShare: 1 - above,
        samples,
        observed: { p95 },
        detail: `${percent(above)} of ${samples} lines are longer (95th percentile: ${p95} columns)`,
      };
    }
  }
}
