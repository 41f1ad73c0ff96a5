/**
 * What the browser collector remembers between runs, in `TWIN_HOME/collectors/browser.json` (private):
 * per profile the last visit id handed to Twin, and the stretches of time when nothing may be captured
 * (observation paused, the collector switched off, consent withdrawn, a forget), whose visits are never stored.
 *
 * It holds no URL or title (the tail of the last run keeps only a hash), so forgetting memories leaves
 * nothing of them here. A damaged file is set aside and started over: visits are then read again from
 * the backfill horizon, and their deterministic ids keep Twin from storing any twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../../config/twin-home';
import type { RunTail } from './visit-memories';

export interface ProfileCursor {
  /** The last visit id examined and, if it was a page, stored. Only visits above it are read. */
  cursor: number;
  /** For people reading the file. */
  label: string;
  last?: RunTail;
}

/** A no-capture window in epoch ms; `to` is missing while it lasts (until the next poll that runs). */
export interface PauseWindow {
  from: number;
  to?: number;
  /** Why nothing was captured ('paused', 'disabled', 'consent-withdrawn', 'forget'), for people reading the file. */
  reason?: string;
}

export interface BrowserState {
  version: 1;
  profiles: Record<string, ProfileCursor>;
  pauses: PauseWindow[];
  /** When the last poll that ran unpaused took its snapshot: what came after has not been seen. */
  lastPollAt?: number;
}

export function emptyBrowserState(): BrowserState {
  return { version: 1, profiles: {}, pauses: [] };
}

export function browserStateFile(home: string): string {
  return path.join(home, 'collectors', 'browser.json');
}

function isState(value: unknown): value is BrowserState {
  const state = value as BrowserState;
  return !!state && state.version === 1 && typeof state.profiles === 'object' && state.profiles !== null && Array.isArray(state.pauses);
}

/** The saved state, or a fresh one; `problem` says why a file that exists could not be used. */
export function loadBrowserState(home: string): { state: BrowserState; problem?: string } {
  const file = browserStateFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyBrowserState() };
    return { state: emptyBrowserState(), problem: `Cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isState(parsed)) return { state: parsed };
  } catch {
    // Handled below.
  }
  const aside = `${file}.damaged-${Date.now()}`;
  fs.renameSync(file, aside);
  return { state: emptyBrowserState(), problem: `${file} was damaged; it was moved to ${aside} and reading starts over (nothing is stored twice).` };
}

export function saveBrowserState(home: string, state: BrowserState): void {
  const file = browserStateFile(home);
  ensurePrivateFolder(path.dirname(file));
  writePrivateFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}

/** Whether `time` falls inside a pause (an open pause covers everything after its start). */
export function duringPause(pauses: readonly PauseWindow[], time: number): boolean {
  return pauses.some((pause) => time >= pause.from && (pause.to === undefined || time <= pause.to));
}
