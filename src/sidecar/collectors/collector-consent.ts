/**
 * The user's consent to each collector, in `TWIN_HOME/collectors/consent.json`: which description they
 * accepted (its sha256) and when. Consent belongs to the words the user read: when a collector's
 * `captures` text changes, the stored hash no longer matches and the collector asks again.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../../core/config/twin-home';
import type { CollectorId } from '../../core/collectors/collector';

export interface ConsentRecord {
  capturesHash: string;
  /** ISO-8601. */
  at: string;
}

export type ConsentRecords = Partial<Record<CollectorId, ConsentRecord>>;

export function capturesHash(captures: string): string {
  return createHash('sha256').update(captures, 'utf8').digest('hex');
}

export function consentFilePath(home: string): string {
  return path.join(home, 'collectors', 'consent.json');
}

/**
 * What was consented to. An unreadable or broken file counts as no consent at all: a collector that asks
 * again is the safe side of a privacy promise.
 */
export function readConsent(home: string, warn: (message: string) => void = () => undefined): ConsentRecords {
  const file = consentFilePath(home);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Cannot read ${file} (${(error as Error).message}); every collector asks for consent again.`);
    return {};
  }
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const records: ConsentRecords = {};
    for (const [id, value] of Object.entries(parsed)) {
      const record = value as Partial<ConsentRecord> | null;
      if (record && typeof record.capturesHash === 'string' && typeof record.at === 'string') records[id as CollectorId] = { capturesHash: record.capturesHash, at: record.at };
    }
    return records;
  } catch (error) {
    warn(`${file} is not valid JSON (${(error as Error).message}); every collector asks for consent again.`);
    return {};
  }
}

export function writeConsent(home: string, records: ConsentRecords): void {
  const file = consentFilePath(home);
  ensurePrivateFolder(home);
  ensurePrivateFolder(path.dirname(file));
  writePrivateFileAtomic(file, JSON.stringify(records, null, 2) + '\n');
}

/** Whether `record` is consent to exactly this text. */
export function consentCovers(record: ConsentRecord | undefined, captures: string): boolean {
  return record !== undefined && record.capturesHash === capturesHash(captures);
}
