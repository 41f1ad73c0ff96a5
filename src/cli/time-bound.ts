const SPAN = /^(\d+(?:\.\d+)?)\s*(m|min|h|d|w|y)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_557_600_000 };

/** `--since`/`--until`: an ISO date, epoch milliseconds, or a span back from now (`30m`, `12h`, `7d`, `2w`, `1y`). */
export function parseTimeBound(value: string, now = Date.now()): number {
  const trimmed = value.trim();
  const span = SPAN.exec(trimmed);
  if (span) return now - Number(span[1]) * UNIT_MS[span[2].toLowerCase()];
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  const parsed = Date.parse(trimmed);
  if (Number.isNaN(parsed)) {
    throw new Error(`"${value}" is not a time: use an ISO date (2026-11-01), epoch milliseconds, or a span like 7d, 12h, 2w.`);
  }
  return parsed;
}
