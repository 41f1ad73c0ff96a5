/**
 * Builds a Firefox `places.sqlite` for tests, with the tables Firefox creates (moz_origins, moz_places,
 * moz_historyvisits, as in toolkit/components/places/nsPlacesTables.h). No Firefox runs on these
 * machines, so this file is written by sql.js, not by a real Firefox.
 */
import * as fs from 'node:fs';
import type { Database } from 'sql.js';
import { loadSqlJs } from '../sql-wasm';

export const FIREFOX_SCHEMA = `
CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL, frecency INTEGER NOT NULL,
  recalc_frecency INTEGER NOT NULL DEFAULT 0, alt_frecency INTEGER, recalc_alt_frecency INTEGER NOT NULL DEFAULT 0, UNIQUE (prefix, host));
CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0,
  hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER,
  guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL, url_hash INTEGER DEFAULT 0 NOT NULL, description TEXT, preview_image_url TEXT,
  site_name TEXT, origin_id INTEGER REFERENCES moz_origins(id), recalc_frecency INTEGER NOT NULL DEFAULT 0, alt_frecency INTEGER,
  recalc_alt_frecency INTEGER NOT NULL DEFAULT 0);
CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER, visit_type INTEGER,
  session INTEGER, source INTEGER DEFAULT 0 NOT NULL, triggeringPlaceId INTEGER);
CREATE INDEX moz_places_hostindex ON moz_places (rev_host);
CREATE UNIQUE INDEX moz_places_guid_uniqueindex ON moz_places (guid);
CREATE INDEX moz_historyvisits_placedateindex ON moz_historyvisits (place_id, visit_date);
CREATE INDEX moz_historyvisits_dateindex ON moz_historyvisits (visit_date);
`;

export interface FirefoxVisit {
  url: string;
  title?: string;
  /** Epoch ms. */
  time: number;
  /** nsINavHistoryService transition: 1 link (default), 2 typed, 4 embed, 5/6 redirect target, 9 reload. */
  type?: number;
  hidden?: boolean;
}

/** SQL that records the visits the way Firefox does: one moz_places row per URL, one row per visit. */
export function firefoxVisitSql(visits: readonly FirefoxVisit[]): string {
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  return visits
    .map((visit) => {
      const url = new URL(visit.url);
      const revHost = `${[...url.hostname].reverse().join('')}.`;
      const micros = `${Math.round(visit.time)}000`;
      return (
        `INSERT OR IGNORE INTO moz_origins (prefix, host, frecency) VALUES (${quote(`${url.protocol}//`)}, ${quote(url.host)}, 1);\n` +
        `INSERT INTO moz_places (url, title, rev_host, hidden, guid, origin_id, last_visit_date, visit_count)
           SELECT ${quote(visit.url)}, ${visit.title === undefined ? 'NULL' : quote(visit.title)}, ${quote(revHost)}, ${visit.hidden ? 1 : 0},
                  hex(randomblob(6)), (SELECT id FROM moz_origins WHERE prefix = ${quote(`${url.protocol}//`)} AND host = ${quote(url.host)}), ${micros}, 0
            WHERE NOT EXISTS (SELECT 1 FROM moz_places WHERE url = ${quote(visit.url)});\n` +
        `UPDATE moz_places SET visit_count = visit_count + 1, last_visit_date = ${micros} WHERE url = ${quote(visit.url)};\n` +
        `INSERT INTO moz_historyvisits (from_visit, place_id, visit_date, visit_type, session)
           VALUES (0, (SELECT id FROM moz_places WHERE url = ${quote(visit.url)}), ${micros}, ${visit.type ?? 1}, 0);`
      );
    })
    .join('\n');
}

/** Writes a new places.sqlite at `file` holding `visits`. */
export async function writeFirefoxPlaces(file: string, visits: readonly FirefoxVisit[]): Promise<void> {
  const SQL = await loadSqlJs();
  const db: Database = new SQL.Database();
  try {
    db.exec(FIREFOX_SCHEMA);
    db.exec(firefoxVisitSql(visits));
    fs.writeFileSync(file, db.export());
  } finally {
    db.close();
  }
}
