/** Plain-text tables for benchmark output: readable in a terminal and pasteable into BENCHMARKS.md. */

/** Markdown-style table; numbers right-aligned, text left-aligned. */
export function formatTable(headers, rows) {
  const cells = rows.map((row) => row.map((cell) => (cell === undefined || cell === null ? '' : String(cell))));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i].length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((row) => row[i] === '' || /^[-+]?[\d.,]+\s*(%|ms|s|MB|x|×|pp)?$/.test(row[i])));
  const pad = (text, i) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}

export const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const megabytes = (bytes) => (Number.isFinite(bytes) && bytes > 0 ? (bytes / 2 ** 20).toFixed(0) : 'n/a');
export const thousands = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
