/**
 * How numbers, times and names read in the dashboard. Pure (no DOM), so the unit tests and the charts
 * share it. The UI's words are English, so numbers and dates are formatted the English way too.
 */

const LOCALE = 'en-US';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `0m`, `<1m`, `45m`, `2h`, `2h 5m`. */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '0m';
  if (minutes < 1) return '<1m';
  const total = Math.round(minutes);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString(LOCALE) : '0';
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** `1h 20m`, `3d 4h`: how long the sidecar has been up. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return `${Math.max(0, Math.round(seconds || 0))}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60 * 24) return formatMinutes(minutes);
  const days = Math.floor(minutes / (60 * 24));
  const hours = Math.floor((minutes % (60 * 24)) / 60);
  return hours ? `${days}d ${hours}h` : `${days}d`;
}

/** `14:05`, in the viewer's time zone. */
export function formatClock(time: number): string {
  const date = new Date(time);
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** `Tue 4 Mar, 14:05`. */
export function formatDateTime(time: number): string {
  const date = new Date(time);
  return `${date.toLocaleDateString(LOCALE, { weekday: 'short' })} ${date.getDate()} ${date.toLocaleDateString(LOCALE, { month: 'short' })}, ${formatClock(time)}`;
}

/** `just now`, `5 min ago`, `3 h ago`, `yesterday`, `4 days ago`, then the date. */
export function formatRelativeTime(time: number, now: number): string {
  const age = now - time;
  if (!Number.isFinite(age)) return '';
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  const days = Math.round((startOfDay(now) - startOfDay(time)) / DAY);
  if (days <= 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  const date = new Date(time);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(LOCALE, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
}

function startOfDay(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** The calendar day `offset` days after `from`'s, by the calendar (DST days are 23 or 25 hours). */
export function dayAfter(from: number, offset: number): Date {
  const date = new Date(from);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + offset);
}

export function weekdayShort(date: Date): string {
  return date.toLocaleDateString(LOCALE, { weekday: 'short' });
}

export function weekdayLong(date: Date): string {
  return date.toLocaleDateString(LOCALE, { weekday: 'long', day: 'numeric', month: 'long' });
}

/** `14:00–15:00`. */
export function hourRange(hour: number): string {
  return `${pad2(hour)}:00–${pad2((hour + 1) % 24)}:00`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** `src/core/store.ts` → name `store.ts`, folder `src/core`. */
export function splitPath(file: string): { name: string; folder: string } {
  const normal = file.replace(/\\/g, '/').replace(/\/+$/, '');
  const slash = normal.lastIndexOf('/');
  return slash < 0 ? { name: normal, folder: '' } : { name: normal.slice(slash + 1), folder: normal.slice(0, slash) };
}

const LANGUAGE_NAMES: Record<string, string> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript JSX',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript JSX',
  python: 'Python',
  go: 'Go',
  rust: 'Rust',
  java: 'Java',
  json: 'JSON',
  jsonc: 'JSON with Comments',
  markdown: 'Markdown',
  html: 'HTML',
  css: 'CSS',
  scss: 'SCSS',
  shellscript: 'Shell',
  yaml: 'YAML',
  c: 'C',
  cpp: 'C++',
  csharp: 'C#',
  ruby: 'Ruby',
  php: 'PHP',
  kotlin: 'Kotlin',
  swift: 'Swift',
  sql: 'SQL',
  plaintext: 'Plain text',
  dockerfile: 'Dockerfile',
  makefile: 'Makefile',
  toml: 'TOML',
  xml: 'XML',
};

/** VS Code's language id as people say it (`typescriptreact` → `TypeScript JSX`). */
export function languageName(id: string): string {
  return LANGUAGE_NAMES[id] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : 'Unknown');
}

const WHY_LABELS: Array<[key: string, label: string, show: (value: number) => string]> = [
  ['textRank', 'words', (v) => `#${v}`],
  ['vectorRank', 'meaning', (v) => `#${v}`],
  ['relevance', 'relevance', (v) => v.toFixed(2)],
  ['recency', 'recency', (v) => v.toFixed(2)],
  ['importance', 'importance', (v) => v.toFixed(2)],
];

/** Why recall returned a memory, in a few words: `words #1 · meaning #3 · relevance 0.82`. */
export function explainRecall(why: Record<string, number | undefined>, max = 3): string {
  const parts: string[] = [];
  for (const [key, label, show] of WHY_LABELS) {
    const value = why[key];
    if (typeof value === 'number' && Number.isFinite(value)) parts.push(`${label} ${show(value)}`);
  }
  return parts.slice(0, max).join(' · ');
}

/** Every number recall gave, for the tooltip. */
export function explainRecallFully(why: Record<string, number | undefined>): string {
  return Object.entries(why)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .map(([key, value]) => `${key}: ${Number.isInteger(value) ? value : value.toFixed(3)}`)
    .join('\n');
}

/** Cuts text to `max` characters with an ellipsis; counts code points so emoji are not split. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return max <= 1 ? '…' : chars.slice(0, max - 1).join('') + '…';
}

export function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.trim();
}
