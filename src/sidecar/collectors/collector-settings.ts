/**
 * Each collector's settings, kept in `TWIN_HOME/config.json` under `collectors` so the headless sidecar, the
 * CLI and the extension agree on them. The file holds other sections too (embedder, models): it is read
 * whole, only `collectors` is replaced, and it is written back atomically and private to the user.
 *
 * Everything is off until the user turns it on: a collector that watches the screen, the browser or the
 * mailbox must never start because a default said so.
 */
import * as path from 'node:path';
import { readConfigFile } from '../../core/config/embedder-config';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../../core/config/twin-home';
import type { CollectorId } from '../../core/collectors/collector';

export const COLLECTOR_IDS: readonly CollectorId[] = ['screen', 'browser', 'mail'];

export interface ScreenSettings {
  enabled: boolean;
  /** OCR of the active window, at most once per `intervalMs`. */
  ocr: { enabled: boolean; intervalMs: number };
  /** Applications never sampled besides the built-in ones (password managers…), matched ignoring case. */
  excludeApps: string[];
  /** Window titles never sampled besides the built-in ones (private windows…): a substring, or `/regex/flags`. */
  excludeTitles: string[];
}

export interface BrowserSettings {
  enabled: boolean;
  /** Domains never recorded besides the built-in denylist (a domain covers its subdomains). */
  denyDomains: string[];
  /** Extra profile folders to read; empty means the usual places of each browser. */
  profiles: string[];
}

export interface MailSettings {
  enabled: boolean;
  host: string;
  port: number;
  user: string;
  tls: boolean;
  intervalMs: number;
}

export interface CollectorSettingsMap {
  screen: ScreenSettings;
  browser: BrowserSettings;
  mail: MailSettings;
}

export type AnyCollectorSettings = CollectorSettingsMap[CollectorId];

export const DEFAULT_COLLECTOR_SETTINGS: CollectorSettingsMap = {
  screen: {
    enabled: false,
    ocr: { enabled: false, intervalMs: 60_000 },
    excludeApps: [],
    excludeTitles: [],
  },
  browser: { enabled: false, denyDomains: [], profiles: [] },
  mail: { enabled: false, host: '', port: 993, user: '', tls: true, intervalMs: 5 * 60_000 },
};

/** OCR more often than this costs more CPU than the budget allows; mail more often is rude to servers. */
export const MIN_OCR_INTERVAL_MS = 10_000;
export const MIN_MAIL_INTERVAL_MS = 30_000;

export class CollectorSettingsError extends Error {}

export function isCollectorId(value: unknown): value is CollectorId {
  return typeof value === 'string' && (COLLECTOR_IDS as readonly string[]).includes(value);
}

export function configFilePath(home: string): string {
  return path.join(home, 'config.json');
}

/** The settings in force: config.json's `collectors` over the defaults, field by field. */
export function readCollectorSettings(home: string): CollectorSettingsMap {
  const stored = readConfigFile(home).collectors;
  const section = isRecord(stored) ? stored : {};
  const result = structuredClone(DEFAULT_COLLECTOR_SETTINGS);
  for (const id of COLLECTOR_IDS) {
    const saved = section[id];
    if (!isRecord(saved)) continue;
    try {
      (result as unknown as Record<CollectorId, AnyCollectorSettings>)[id] = applyCollectorChanges(id, result[id], saved);
    } catch (error) {
      throw new CollectorSettingsError(`${configFilePath(home)}: collectors.${id} is not valid (${(error as Error).message}); fix or remove it.`);
    }
  }
  return result;
}

/** Writes `collectors` into config.json, keeping every other section as it is. */
export function writeCollectorSettings(home: string, settings: CollectorSettingsMap): void {
  ensurePrivateFolder(home);
  const config = readConfigFile(home);
  config.collectors = settings;
  writePrivateFileAtomic(configFilePath(home), JSON.stringify(config, null, 2) + '\n');
}

/**
 * The settings of `id` after `changes` (`enabled` and any options, partial; `ocr` may be partial too).
 * Throws a CollectorSettingsError naming the field when a value is of the wrong kind.
 */
export function applyCollectorChanges<I extends CollectorId>(id: I, current: CollectorSettingsMap[I], changes: Record<string, unknown>): CollectorSettingsMap[I] {
  const next = structuredClone(current) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (key === 'enabled') next.enabled = bool(value, 'enabled');
    else if (id === 'screen' && key === 'ocr') {
      if (!isRecord(value)) throw new CollectorSettingsError('"ocr" must be { enabled, intervalMs }.');
      const ocr = { ...(next.ocr as ScreenSettings['ocr']) };
      if (value.enabled !== undefined) ocr.enabled = bool(value.enabled, 'ocr.enabled');
      if (value.intervalMs !== undefined) ocr.intervalMs = interval(value.intervalMs, 'ocr.intervalMs', MIN_OCR_INTERVAL_MS);
      next.ocr = ocr;
    } else if (id === 'screen' && (key === 'excludeApps' || key === 'excludeTitles')) next[key] = strings(value, key);
    else if (id === 'browser' && (key === 'denyDomains' || key === 'profiles')) next[key] = strings(value, key);
    else if (id === 'mail' && (key === 'host' || key === 'user')) next[key] = text(value, key);
    else if (id === 'mail' && key === 'port') next.port = port(value);
    else if (id === 'mail' && key === 'tls') next.tls = bool(value, 'tls');
    else if (id === 'mail' && key === 'intervalMs') next.intervalMs = interval(value, 'intervalMs', MIN_MAIL_INTERVAL_MS);
    else throw new CollectorSettingsError(`"${key}" is not a setting of the ${id} collector.`);
  }
  return next as unknown as CollectorSettingsMap[I];
}

/** A collector's options as the dashboard and RPC show them: its settings without `enabled`. */
export function optionsOf(settings: AnyCollectorSettings): Record<string, unknown> {
  const { enabled: _enabled, ...options } = settings;
  return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new CollectorSettingsError(`"${name}" must be true or false.`);
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new CollectorSettingsError(`"${name}" must be text.`);
  return value.trim();
}

function strings(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new CollectorSettingsError(`"${name}" must be a list of text.`);
  return [...new Set(value.map((item: string) => item.trim()).filter(Boolean))];
}

function interval(value: unknown, name: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new CollectorSettingsError(`"${name}" must be a number of milliseconds of at least ${minimum}.`);
  }
  return Math.round(value);
}

function port(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65_535) throw new CollectorSettingsError('"port" must be a whole number from 1 to 65535.');
  return value;
}
