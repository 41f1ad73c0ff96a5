/**
 * The learned code style of one language as notes for a prompt and for people (`indent: 2 spaces`), and
 * the check of a model's code against it: the answer is measured by the same analyzer that learned the
 * style (tree-sitter, the same rules), so "the answer uses double quotes" means exactly what "you use
 * single quotes" meant when Twin learned it.
 */
import { createParser } from '../code/grammar-loader';
import { LANGUAGES, type LanguageId } from '../code/languages';
import { LanguageAnalyzer } from '../style/file-analyzer';
import { ranked, total } from '../style/stats';
import type { LanguageStyle } from '../style/style-profile';

/** One place where the code departs from the learned style. */
export interface StyleDeviation {
  field: 'indent' | 'quotes' | 'semicolons' | 'naming.functions' | 'lineLength';
  /** For people: what the code does and what the user does. */
  message: string;
}

const pct = (share: number | undefined) => (share === undefined ? '' : ` (${Math.round(share * 100)}% of your code)`);

/** `field: value` notes of the learned style, the most telling first. */
export function codeStyleNotes(style: LanguageStyle): string[] {
  const a = style.agreement;
  const notes: string[] = [];
  if (style.indent) notes.push(`indent: ${style.indent.style === 'tab' ? 'tabs' : `${style.indent.size} spaces`}${pct(a.indent)}`);
  if (style.quotes) notes.push(`quotes: ${style.quotes}${pct(a.quotes)}`);
  if (style.semicolons !== undefined) notes.push(`semicolons: ${style.semicolons ? 'always' : 'never'}${pct(a.semicolons)}`);
  if (style.trailingCommas) notes.push(`trailing commas: ${style.trailingCommas}`);
  if (style.lineLength) notes.push(`line length: usually under ${style.lineLength.p95} characters`);
  const naming = Object.entries(style.naming).map(([kind, value]) => `${kind} ${value}`);
  if (naming.length) notes.push(`naming: ${naming.join(', ')}`);
  if (style.functionLength) notes.push(`function length: median ${style.functionLength.median} lines, 90% under ${style.functionLength.p90}`);
  if (style.comments.style || style.comments.docCoverage !== undefined) {
    const parts = [style.comments.style ? `mostly ${style.comments.style} comments` : '', style.comments.docCoverage !== undefined ? `${Math.round(style.comments.docCoverage * 100)}% of functions documented` : ''].filter(Boolean);
    notes.push(`comments: ${parts.join(', ')}`);
  }
  if (style.imports) notes.push(`imports: ${style.imports.style}${style.imports.nodeProtocol !== undefined ? (style.imports.nodeProtocol ? ', node: prefix for built-ins' : ', built-ins without node:') : ''}`);
  if (style.errorHandling?.dominant) notes.push(`error handling: ${style.errorHandling.dominant}${style.errorHandling.idioms.length > 1 ? ` (also ${style.errorHandling.idioms.filter((idiom) => idiom !== style.errorHandling!.dominant).join(', ')})` : ''}`);
  if (style.testFramework) notes.push(`tests: ${style.testFramework}`);
  return notes;
}

/** Where `code` departs from `style` in indentation, quotes, semicolons, function names and line length. */
export async function checkCodeAgainstStyle(code: string, language: LanguageId, style: LanguageStyle): Promise<StyleDeviation[]> {
  const parser = await createParser(language);
  const analyzer = new LanguageAnalyzer(language, parser);
  try {
    analyzer.analyze({ path: `answer${LANGUAGES[language].extensions[0]}`, language, text: code });
  } finally {
    parser.delete();
  }
  const evidence = analyzer.evidence;
  const deviations: StyleDeviation[] = [];

  if (style.indent) {
    const tabs = total(evidence.indent.tabs);
    const spaces = evidence.indent.spaces;
    if (style.indent.style === 'space' && tabs > 0) {
      deviations.push({ field: 'indent', message: `indents with tabs in ${tabs} place${tabs === 1 ? '' : 's'}; you indent with ${style.indent.size} spaces` });
    } else if (style.indent.style === 'tab' && total(spaces) > 0) {
      deviations.push({ field: 'indent', message: `indents with spaces in ${total(spaces)} place${total(spaces) === 1 ? '' : 's'}; you indent with tabs` });
    } else if (style.indent.style === 'space') {
      const other = ranked(spaces).filter(([step]) => Number(step) !== style.indent!.size);
      const [top] = ranked(spaces);
      if (top && Number(top[0]) !== style.indent.size) {
        deviations.push({ field: 'indent', message: `indents by ${top[0]} spaces; you indent by ${style.indent.size}` });
      } else if (other.length) {
        const count = other.reduce((sum, [, n]) => sum + n, 0);
        deviations.push({ field: 'indent', message: `${count} line${count === 1 ? '' : 's'} indent by ${other.map(([step]) => step).join(' or ')} spaces; you indent by ${style.indent.size}` });
      }
    }
  }
  if (style.quotes) {
    const other = style.quotes === 'single' ? evidence.quotes.double : evidence.quotes.single;
    const strings = evidence.quotes.double + evidence.quotes.single;
    if (other > 0) {
      deviations.push({ field: 'quotes', message: `${other} of ${strings} string${strings === 1 ? '' : 's'} use${other === 1 ? 's' : ''} ${style.quotes === 'single' ? 'double' : 'single'} quotes; you use ${style.quotes}` });
    }
  }
  if (style.semicolons !== undefined) {
    const { yes, no } = evidence.semicolons;
    if (style.semicolons && no > 0) deviations.push({ field: 'semicolons', message: `${no} of ${yes + no} statement${yes + no === 1 ? '' : 's'} end${no === 1 ? 's' : ''} without a semicolon; you end statements with one` });
    if (!style.semicolons && yes > 0) deviations.push({ field: 'semicolons', message: `${yes} of ${yes + no} statement${yes + no === 1 ? '' : 's'} end${yes === 1 ? 's' : ''} with a semicolon; you leave them out` });
  }
  const functions = style.naming.functions;
  if (functions) {
    const others = ranked(evidence.naming.functions).filter(([kind]) => kind !== functions && kind !== 'lowercase' && kind !== 'other');
    for (const [kind, count] of others) {
      deviations.push({ field: 'naming.functions', message: `${count} function name${count === 1 ? ' is' : 's are'} ${kind}; yours are ${functions}` });
    }
  }
  if (style.lineLength) {
    const longest = Math.max(0, ...code.split('\n').map((line) => line.replace(/\t/g, '    ').length));
    if (longest > Math.max(style.lineLength.max, style.lineLength.p95 + 20)) {
      deviations.push({ field: 'lineLength', message: `a line is ${longest} characters long; yours stay under ${style.lineLength.p95} (longest ${style.lineLength.max})` });
    }
  }
  return deviations;
}
