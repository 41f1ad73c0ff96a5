/**
 * The dashboard's charts as SVG markup: pure functions of data and width, no DOM, so they are unit
 * tested in Node and rendered by setting `innerHTML` (every text is escaped here). Colours are never in
 * the markup: elements carry classes that media/dashboard.css paints with VS Code theme variables
 * (the CSP forbids style attributes anyway).
 *
 * Charts are laid out in CSS pixels for the width they are given (the view re-renders them when the
 * sidebar is resized) rather than scaled through a viewBox, so their text stays the size of the rest
 * of the sidebar.
 */
import { formatMinutes, hourRange, truncate } from './format';

export const HEATMAP_LEVELS = 4;

/** 0 for no activity, else 1..HEATMAP_LEVELS in proportion to the busiest cell. */
export function heatmapLevel(minutes: number, max: number): number {
  if (!(minutes > 0) || !(max > 0)) return 0;
  return Math.min(HEATMAP_LEVELS, Math.max(1, Math.ceil((minutes / max) * HEATMAP_LEVELS)));
}

export interface HeatmapOptions {
  /** Total width in CSS pixels. */
  width: number;
  /** Short label per row (`Mon`, `Today`); the row count is the data's. */
  rowLabels: string[];
  /** Longer name per row for tooltips (`Monday 3 March`); the short label when absent. */
  rowTitles?: string[];
  /** A row to emphasise (today in a week). */
  currentRow?: number;
  /** Font size of labels, to size the label column (default 11). */
  fontSize?: number;
}

const HOURS = 24;
const HOUR_TICKS = [0, 6, 12, 18, 24];

/**
 * A day × hour grid of active minutes: one row per day, 24 columns, shaded in HEATMAP_LEVELS steps
 * relative to the busiest hour. Each cell names its day, hour and minutes in a <title> and in data-*
 * attributes. Rows shorter than 24 hours are padded with empty cells; missing values count as 0.
 */
export function heatmapSvg(heatmap: number[][], options: HeatmapOptions): string {
  const fontSize = options.fontSize ?? 11;
  const rows = heatmap.length;
  const width = Math.max(120, Math.floor(options.width));
  const max = Math.max(0, ...heatmap.flatMap((row) => row.slice(0, HOURS).map(clean)));
  if (rows === 0) {
    return `<svg class="chart heatmap empty" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fontSize * 2}" role="img" aria-label="No activity recorded"><text class="chart-empty" x="0" y="${fontSize * 1.4}">No activity recorded</text></svg>`;
  }
  const labelChars = Math.max(...options.rowLabels.slice(0, rows).map((label) => label.length), 1);
  const labelWidth = Math.ceil(labelChars * fontSize * 0.62) + 8;
  const gap = 2;
  const column = (width - labelWidth) / HOURS;
  const cellWidth = Math.max(2, column - gap);
  const cellHeight = rows === 1 ? 24 : Math.round(Math.min(18, Math.max(10, cellWidth * 1.25)));
  const rowHeight = cellHeight + gap;
  const axisHeight = fontSize + 6;
  const height = rows * rowHeight + axisHeight;

  const parts: string[] = [];
  let busiest = { minutes: 0, row: 0, hour: 0 };
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const label = options.rowLabels[row] ?? '';
    const title = options.rowTitles?.[row] ?? label;
    const y = row * rowHeight;
    const current = row === options.currentRow ? ' current' : '';
    parts.push(`<text class="heatmap-label${current}" x="0" y="${fmt(y + cellHeight / 2)}" dominant-baseline="central">${escapeXml(label)}</text>`);
    for (let hour = 0; hour < HOURS; hour++) {
      const minutes = clean(heatmap[row]?.[hour]);
      total += minutes;
      if (minutes > busiest.minutes) busiest = { minutes, row, hour };
      const level = heatmapLevel(minutes, max);
      const x = labelWidth + hour * column;
      const tip = `${title}, ${hourRange(hour)}: ${minutes > 0 ? formatMinutes(minutes) + ' active' : 'no activity'}`;
      parts.push(
        `<rect class="cell l${level}" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(cellWidth)}" height="${cellHeight}" rx="2" data-day="${row}" data-hour="${hour}" data-minutes="${fmt(minutes)}"><title>${escapeXml(tip)}</title></rect>`,
      );
    }
  }
  const axisY = rows * rowHeight + axisHeight - 3;
  for (const hour of HOUR_TICKS) {
    const x = labelWidth + hour * column - (hour === 0 || hour === HOURS ? 0 : gap / 2);
    const anchor = hour === 0 ? 'start' : hour === HOURS ? 'end' : 'middle';
    const tickX = hour === HOURS ? x - gap : x;
    parts.push(`<text class="axis-label" x="${fmt(tickX)}" y="${fmt(axisY)}" text-anchor="${anchor}">${String(hour).padStart(2, '0')}</text>`);
  }
  const summary =
    total > 0
      ? `Active time by hour: ${formatMinutes(total)} in all, busiest ${hourRange(busiest.hour)} on ${options.rowTitles?.[busiest.row] ?? options.rowLabels[busiest.row] ?? ''} (${formatMinutes(busiest.minutes)})`
      : 'Active time by hour: no activity yet';
  return `<svg class="chart heatmap" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${escapeXml(summary)}">${parts.join('')}</svg>`;
}

export interface BarDatum {
  label: string;
  value: number;
  /** Printed at the end of the row (default: the value as minutes). */
  valueLabel?: string;
  /** Tooltip (default: `label: valueLabel`). */
  title?: string;
}

export interface BarsOptions {
  width: number;
  /** At most this many rows (default 8); the rest are summed into one "Other" row. */
  maxBars?: number;
  rowHeight?: number;
  fontSize?: number;
  /** Accessible name of the whole chart. */
  label: string;
}

/**
 * Horizontal bars, largest first as given: label on the left, bar scaled to the largest value, value
 * on the right. Labels longer than their column are cut with an ellipsis (the full one is in the
 * tooltip). Rows whose value is not positive are left out.
 */
export function barsSvg(data: BarDatum[], options: BarsOptions): string {
  const fontSize = options.fontSize ?? 11;
  const width = Math.max(120, Math.floor(options.width));
  const rowHeight = options.rowHeight ?? 22;
  const rows = capBars(
    data.filter((d) => clean(d.value) > 0),
    options.maxBars ?? 8,
  );
  if (rows.length === 0) {
    return `<svg class="chart bars empty" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fontSize * 2}" role="img" aria-label="${escapeXml(options.label)}: nothing yet"><text class="chart-empty" x="0" y="${fontSize * 1.4}">Nothing yet</text></svg>`;
  }
  const charWidth = fontSize * 0.62;
  const labelWidth = Math.round(Math.min(width * 0.4, 120));
  const valueWidth = Math.ceil(Math.max(...rows.map((d) => valueText(d).length)) * charWidth) + 8;
  const barX = labelWidth + 6;
  const barSpace = Math.max(10, width - barX - valueWidth);
  const max = Math.max(...rows.map((d) => clean(d.value)));
  const barHeight = Math.max(6, Math.round(rowHeight * 0.45));
  const maxLabelChars = Math.max(4, Math.floor(labelWidth / charWidth));

  const parts = rows.map((d, i) => {
    const y = i * rowHeight;
    const middle = y + rowHeight / 2;
    const value = clean(d.value);
    const barWidth = Math.max(2, (value / max) * barSpace);
    const shown = valueText(d);
    const title = d.title ?? `${d.label}: ${shown}`;
    return (
      `<g class="bar-row${d.other ? ' other' : ''}" data-label="${escapeXml(d.label)}" data-value="${fmt(value)}"><title>${escapeXml(title)}</title>` +
      `<text class="bar-label" x="0" y="${fmt(middle)}" dominant-baseline="central">${escapeXml(truncate(d.label, maxLabelChars))}</text>` +
      `<rect class="bar-track" x="${barX}" y="${fmt(middle - barHeight / 2)}" width="${fmt(barSpace)}" height="${barHeight}" rx="${fmt(barHeight / 2)}"/>` +
      `<rect class="bar" x="${barX}" y="${fmt(middle - barHeight / 2)}" width="${fmt(barWidth)}" height="${barHeight}" rx="${fmt(barHeight / 2)}"/>` +
      `<text class="bar-value" x="${width}" y="${fmt(middle)}" text-anchor="end" dominant-baseline="central">${escapeXml(shown)}</text></g>`
    );
  });
  const summary = `${options.label}: ${rows.map((d) => `${d.label} ${valueText(d)}`).join(', ')}`;
  return `<svg class="chart bars" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * rowHeight}" role="img" aria-label="${escapeXml(summary)}">${parts.join('')}</svg>`;
}

type Bar = BarDatum & { other?: boolean };

function capBars(data: BarDatum[], maxBars: number): Bar[] {
  if (data.length <= maxBars) return data;
  const kept = data.slice(0, Math.max(1, maxBars - 1));
  const rest = data.slice(kept.length);
  const value = rest.reduce((sum, d) => sum + clean(d.value), 0);
  return [...kept, { label: `${rest.length} others`, value, title: rest.map((d) => d.label).join(', '), other: true }];
}

function valueText(d: BarDatum): string {
  return d.valueLabel ?? formatMinutes(clean(d.value));
}

function clean(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Two decimals at most, no trailing zeros: keeps the markup short and stable for tests. */
function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Escapes text and attribute values for XML/HTML. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
