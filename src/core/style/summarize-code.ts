/**
 * From code evidence (counts) to the learned values of a language's style, the share of samples that
 * follow each, and a confidence from how much was read.
 */
import type { LanguageId } from '../code/languages';
import type { CodeEvidence, YesNo } from './code-evidence';
import { summarizeNaming } from './naming';
import { dominant, histogramMax, histogramMean, histogramPercentile, ranked, round, saturation, share, total } from './stats';
import type { CommentStyle, LanguageStyle, NamingKind, TrailingCommaStyle } from './style-profile';

export type DerivedCodeStyle = Omit<LanguageStyle, 'formatter' | 'disagreements' | 'exemplars' | 'sources'>;

const JS_LANGUAGES: ReadonlySet<LanguageId> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const QUOTED_LANGUAGES: ReadonlySet<LanguageId> = new Set([...JS_LANGUAGES, 'python']);
const NAMING_KINDS: readonly NamingKind[] = ['functions', 'classes', 'types', 'constants', 'variables', 'files'];
/** Idioms that raise errors rather than handle them: listed, never the dominant way of handling. */
const RAISING = new Set(['throw', 'raise', 'panic', 'panic!']);
/** Import forms that are not a style choice next to the main one. */
const SECONDARY_IMPORTS = new Set(['dynamic import', 'static']);
/** Below this many samples a yes/no or either/or field is left unset rather than guessed. */
const MIN_SAMPLES = 3;
/** The order fields are written in: learned values first, then where they came from. */
const FIELD_ORDER: ReadonlyArray<keyof LanguageStyle> = [
  'language', 'files', 'lines', 'confidence', 'indent', 'quotes', 'semicolons', 'trailingCommas', 'lineLength', 'naming',
  'functionLength', 'comments', 'imports', 'errorHandling', 'testFramework', 'agreement', 'formatter', 'disagreements',
  'evidence', 'exemplars', 'sources',
];

/** The same style with its fields in reading order (JSON keeps insertion order). */
export function inFieldOrder(style: LanguageStyle): LanguageStyle {
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (style[key] !== undefined) ordered[key] = style[key];
  return ordered as unknown as LanguageStyle;
}

export function deriveCodeStyle(language: LanguageId, evidence: CodeEvidence): DerivedCodeStyle {
  const agreement: Record<string, number> = {};
  const style: DerivedCodeStyle = {
    language,
    files: evidence.files,
    lines: evidence.lines,
    confidence: round(0.5 * saturation(evidence.files, 10) + 0.5 * saturation(evidence.lines, 1000)),
    naming: {},
    comments: { density: round(share(evidence.commentLines, evidence.lines), 3) },
    agreement,
    evidence,
  };

  const indent = deriveIndent(evidence.indent);
  if (indent) {
    style.indent = { style: indent.style, size: indent.size };
    agreement.indent = indent.share;
  }
  if (QUOTED_LANGUAGES.has(language)) {
    const quotes = dominant(evidence.quotes);
    if (quotes && quotes.samples >= MIN_SAMPLES) {
      style.quotes = quotes.key as 'single' | 'double';
      agreement.quotes = round(quotes.share);
    }
  }
  if (JS_LANGUAGES.has(language)) {
    const { yes, no } = evidence.semicolons;
    if (yes + no >= MIN_SAMPLES) {
      style.semicolons = yes >= no;
      agreement.semicolons = round(Math.max(yes, no) / (yes + no));
    }
  }
  const trailing = deriveTrailingCommas(evidence.trailingCommas.literals, evidence.trailingCommas.callsAndParams);
  if (trailing) {
    style.trailingCommas = trailing.style;
    agreement.trailingCommas = trailing.share;
  }
  if (total(evidence.lineLengths) > 0) {
    style.lineLength = {
      p50: histogramPercentile(evidence.lineLengths, 0.5),
      p95: histogramPercentile(evidence.lineLengths, 0.95),
      max: histogramMax(evidence.lineLengths),
    };
  }
  for (const kind of NAMING_KINDS) {
    const naming = summarizeNaming(evidence.naming[kind]);
    if (!naming) continue;
    style.naming[kind] = naming.style;
    agreement[`naming.${kind}`] = round(naming.share);
  }
  const functions = total(evidence.functionLengths);
  if (functions > 0) {
    style.functionLength = {
      mean: round(histogramMean(evidence.functionLengths), 1),
      median: histogramPercentile(evidence.functionLengths, 0.5),
      p90: histogramPercentile(evidence.functionLengths, 0.9),
      functions,
    };
  }
  const comments = dominant(evidence.comments);
  if (comments) {
    style.comments.style = comments.key as CommentStyle;
    agreement['comments.style'] = round(comments.share);
  }
  const documented = evidence.documented.yes + evidence.documented.no;
  if (documented > 0) style.comments.docCoverage = round(evidence.documented.yes / documented);

  const importForm = dominant(evidence.imports, Object.keys(evidence.imports).filter((key) => !SECONDARY_IMPORTS.has(key))) ?? dominant(evidence.imports);
  if (importForm) {
    const paths = dominant(evidence.importPaths);
    const { yes, no } = evidence.nodeProtocol;
    style.imports = { style: importForm.key, ...(paths ? { paths: paths.key } : {}), ...(yes + no > 0 ? { nodeProtocol: yes >= no } : {}) };
    agreement['imports.style'] = round(importForm.share);
    if (paths) agreement['imports.paths'] = round(paths.share);
  }
  const idioms = ranked(evidence.errorHandling).map(([key]) => key);
  if (idioms.length > 0) {
    const handling = dominant(evidence.errorHandling, idioms.filter((idiom) => !RAISING.has(idiom)));
    style.errorHandling = { ...(handling ? { dominant: handling.key } : {}), idioms };
    if (handling) agreement['errorHandling'] = round(handling.share);
  }
  const framework = dominant(evidence.testFrameworks);
  if (framework) style.testFramework = framework.key;
  return style;
}

function deriveIndent(indent: CodeEvidence['indent']): { style: 'tab' | 'space'; size: number; share: number } | undefined {
  const tabs = total(indent.tabs);
  const spaces = total(indent.spaces);
  if (tabs + spaces < MIN_SAMPLES) return undefined;
  if (tabs > spaces) {
    const step = dominant(indent.tabs)!;
    return { style: 'tab', size: Number(step.key), share: round(tabs / (tabs + spaces)) };
  }
  const step = dominant(indent.spaces)!;
  return { style: 'space', size: Number(step.key), share: round(step.count / (tabs + spaces)) };
}

function deriveTrailingCommas(literals: YesNo, calls: YesNo): { style: TrailingCommaStyle; share: number } | undefined {
  const literalSamples = literals.yes + literals.no;
  const callSamples = calls.yes + calls.no;
  if (literalSamples + callSamples < MIN_SAMPLES) return undefined;
  const literalShare = share(literals.yes, literalSamples);
  const callShare = share(calls.yes, callSamples);
  const all = (literals.yes + calls.yes) / (literalSamples + callSamples);
  const high = 0.7;
  const low = 0.3;
  if (literalSamples > 0 && literalShare >= high && callSamples >= MIN_SAMPLES && callShare <= low) {
    return { style: 'es5', share: round((literals.yes + calls.no) / (literalSamples + callSamples)) };
  }
  if (all >= high) return { style: 'all', share: round(all) };
  if (all <= low) return { style: 'none', share: round(1 - all) };
  return { style: 'mixed', share: round(Math.max(all, 1 - all)) };
}
