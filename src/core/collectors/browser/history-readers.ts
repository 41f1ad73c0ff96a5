/**
 * Reads visits out of the two history schemas, oldest first, after a cursor (the visit row id, which only
 * grows). Times come back as epoch milliseconds, computed inside SQLite: Chromium's microseconds since
 * 1601 are larger than a JavaScript number holds exactly.
 *
 * Chromium: `visits` (id, url → urls.id, visit_time µs since 1601-01-01 UTC, visit_duration µs, transition)
 * joined to `urls` (url, title, hidden). Firefox: `moz_historyvisits` (id, place_id → moz_places.id,
 * visit_date µs since 1970, visit_type) joined to `moz_places` (url, title, hidden). Firefox records no
 * time on page.
 */
import type { Database, SqlValue } from 'sql.js';
import type { HistoryFormat } from './browser-profiles';

export interface HistoryVisit {
  /** The visit's row id: the cursor, and part of the memory id. */
  visitId: number;
  url: string;
  title: string;
  /** When the page was opened, epoch ms. */
  time: number;
  /** Time on the page, when the browser recorded it. */
  dwellMs?: number;
  /**
   * False for rows that are not a page the user looked at: redirect hops, subframes, embedded resources,
   * hidden entries and visits whose page row is gone. They move the cursor but never become memories.
   */
  page: boolean;
}

export interface HistoryReader {
  /** Up to `limit` visits with an id above `cursor`, by id. */
  visitsAfter(db: Database, cursor: number, limit: number): HistoryVisit[];
  /** The last visit id before `sinceMs` (0 when none): where a newly found profile starts reading. */
  cursorBefore(db: Database, sinceMs: number): number;
}

/** Milliseconds between 1601-01-01 and 1970-01-01, Chromium's epoch offset. */
const CHROMIUM_EPOCH_OFFSET_MS = 11_644_473_600_000;

// Chromium page transitions (ui/base/page_transition_types.h): the low byte is the core type.
const TRANSITION_CORE_MASK = 0xff;
const TRANSITION_AUTO_SUBFRAME = 3;
const TRANSITION_MANUAL_SUBFRAME = 4;
const TRANSITION_CHAIN_START = 0x10000000;
const TRANSITION_CHAIN_END = 0x20000000;

// Firefox visit types (nsINavHistoryService.idl).
const FIREFOX_EMBED = 4;
const FIREFOX_FRAMED_LINK = 8;

function rows(db: Database, sql: string, params: SqlValue[]): SqlValue[][] {
  const statement = db.prepare(sql, params);
  try {
    const result: SqlValue[][] = [];
    while (statement.step()) result.push(statement.get());
    return result;
  } finally {
    statement.free();
  }
}

const text = (value: SqlValue): string => (typeof value === 'string' ? value : '');
const integer = (value: SqlValue): number => (typeof value === 'number' ? value : 0);

function isChromiumPage(transition: number): boolean {
  const core = transition & TRANSITION_CORE_MASK;
  if (core === TRANSITION_AUTO_SUBFRAME || core === TRANSITION_MANUAL_SUBFRAME) return false;
  // Inside a redirect chain only its end is the page that was shown.
  const inChain = (transition & (TRANSITION_CHAIN_START | TRANSITION_CHAIN_END)) !== 0;
  return !inChain || (transition & TRANSITION_CHAIN_END) !== 0;
}

export const chromiumReader: HistoryReader = {
  visitsAfter(db, cursor, limit) {
    return rows(
      db,
      `SELECT v.id, u.url, u.title, (v.visit_time / 1000) - ${CHROMIUM_EPOCH_OFFSET_MS}, v.visit_duration, v.transition, u.hidden
         FROM visits v LEFT JOIN urls u ON u.id = v.url
        WHERE v.id > ? ORDER BY v.id LIMIT ?`,
      [cursor, limit],
    ).map(([id, url, title, time, duration, transition, hidden]) => ({
      visitId: integer(id),
      url: text(url),
      title: text(title),
      time: integer(time),
      dwellMs: integer(duration) > 0 ? Math.round(integer(duration) / 1000) : undefined,
      page: typeof url === 'string' && integer(hidden) === 0 && isChromiumPage(integer(transition)),
    }));
  },
  cursorBefore(db, sinceMs) {
    const [[id]] = rows(db, `SELECT max(id) FROM visits WHERE visit_time < (? + ${CHROMIUM_EPOCH_OFFSET_MS}) * 1000`, [Math.floor(sinceMs)]);
    return integer(id);
  },
};

export const firefoxReader: HistoryReader = {
  visitsAfter(db, cursor, limit) {
    return rows(
      db,
      `SELECT v.id, p.url, p.title, v.visit_date / 1000, v.visit_type, p.hidden
         FROM moz_historyvisits v LEFT JOIN moz_places p ON p.id = v.place_id
        WHERE v.id > ? ORDER BY v.id LIMIT ?`,
      [cursor, limit],
    ).map(([id, url, title, time, type, hidden]) => ({
      visitId: integer(id),
      url: text(url),
      title: text(title),
      time: integer(time),
      page: typeof url === 'string' && integer(hidden) === 0 && integer(type) !== FIREFOX_EMBED && integer(type) !== FIREFOX_FRAMED_LINK,
    }));
  },
  cursorBefore(db, sinceMs) {
    const [[id]] = rows(db, 'SELECT max(id) FROM moz_historyvisits WHERE visit_date < ? * 1000', [Math.floor(sinceMs)]);
    return integer(id);
  },
};

export function readerFor(format: HistoryFormat): HistoryReader {
  return format === 'firefox' ? firefoxReader : chromiumReader;
}
