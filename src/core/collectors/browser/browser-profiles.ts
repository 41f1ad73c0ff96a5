/**
 * Finds the browser profiles whose history Twin can read: Chromium-family browsers (Chrome, Chromium,
 * Edge, Brave) keep one `History` SQLite file per profile folder (`Default`, `Profile 1`, …) under their
 * user-data folder; Firefox keeps `places.sqlite` in each profile folder listed by `profiles.ini`.
 *
 * Discovery only looks (stat and readdir); it opens no database. It runs before every poll, so a profile
 * created while Twin runs is picked up on the next one.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileFoldersFromIni } from './firefox-profiles-ini';

export type BrowserName = 'chrome' | 'chromium' | 'edge' | 'brave' | 'firefox';
export type HistoryFormat = 'chromium' | 'firefox';

export const BROWSER_LABELS: Record<BrowserName, string> = {
  chrome: 'Chrome',
  chromium: 'Chromium',
  edge: 'Edge',
  brave: 'Brave',
  firefox: 'Firefox',
};

export interface BrowserProfile {
  browser: BrowserName;
  format: HistoryFormat;
  /** The profile folder. */
  folder: string;
  /** Its history database (`History` or `places.sqlite`). */
  historyFile: string;
  /** For people: "Chromium Default", "Firefox abc.default". */
  label: string;
  /** A short stable hash of the folder, used in memory ids and as the cursor key. */
  key: string;
}

/** A profile folder given explicitly; the format is recognised from the file inside it. */
export type ExtraProfile = string | { folder: string; browser?: BrowserName; name?: string };

export interface ProfileDiscoveryOptions {
  /** Search the browsers' usual folders (default true). */
  standardLocations?: boolean;
  extraProfiles?: readonly ExtraProfile[];
  homeDir?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

export interface ProfileDiscovery {
  profiles: BrowserProfile[];
  /** Explicitly given folders that hold no history, said so the user can fix the setting. */
  problems: string[];
}

interface Root {
  browser: BrowserName;
  folder: string;
}

/** Each Chromium-family browser's user-data folder on this platform. */
export function chromiumRoots(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): Root[] {
  if (platform === 'darwin') {
    const support = path.join(home, 'Library', 'Application Support');
    return [
      { browser: 'chrome', folder: path.join(support, 'Google', 'Chrome') },
      { browser: 'chromium', folder: path.join(support, 'Chromium') },
      { browser: 'edge', folder: path.join(support, 'Microsoft Edge') },
      { browser: 'brave', folder: path.join(support, 'BraveSoftware', 'Brave-Browser') },
    ];
  }
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    return [
      { browser: 'chrome', folder: path.join(local, 'Google', 'Chrome', 'User Data') },
      { browser: 'chromium', folder: path.join(local, 'Chromium', 'User Data') },
      { browser: 'edge', folder: path.join(local, 'Microsoft', 'Edge', 'User Data') },
      { browser: 'brave', folder: path.join(local, 'BraveSoftware', 'Brave-Browser', 'User Data') },
    ];
  }
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return [
    { browser: 'chrome', folder: path.join(config, 'google-chrome') },
    { browser: 'chromium', folder: path.join(config, 'chromium') },
    { browser: 'chromium', folder: path.join(home, 'snap', 'chromium', 'common', 'chromium') },
    { browser: 'edge', folder: path.join(config, 'microsoft-edge') },
    { browser: 'brave', folder: path.join(config, 'BraveSoftware', 'Brave-Browser') },
  ];
}

/** Firefox's profiles folders (the ones holding `profiles.ini`) on this platform. */
export function firefoxRoots(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return [path.join(home, 'Library', 'Application Support', 'Firefox')];
  if (platform === 'win32') return [path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Mozilla', 'Firefox')];
  return [path.join(home, '.mozilla', 'firefox'), path.join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox')];
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function subfolders(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(folder, entry.name));
  } catch {
    return [];
  }
}

export function profileKey(folder: string): string {
  return createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 12);
}

function profile(browser: BrowserName, folder: string, name = path.basename(folder)): BrowserProfile {
  const format: HistoryFormat = browser === 'firefox' ? 'firefox' : 'chromium';
  return {
    browser,
    format,
    folder: path.resolve(folder),
    historyFile: path.resolve(folder, format === 'firefox' ? 'places.sqlite' : 'History'),
    label: `${BROWSER_LABELS[browser]} ${name}`,
    key: profileKey(folder),
  };
}

/** `Default` and `Profile N` folders with a `History` file (not the Guest or System profiles). */
function chromiumProfiles(root: Root): BrowserProfile[] {
  return subfolders(root.folder)
    .filter((folder) => /^(Default|Profile \d+)$/.test(path.basename(folder)) && isFile(path.join(folder, 'History')))
    .map((folder) => profile(root.browser, folder));
}

/** Profiles listed in profiles.ini, plus any folder beside it (or under `Profiles/`) with a places.sqlite. */
function firefoxProfiles(root: string): BrowserProfile[] {
  const candidates: string[] = [];
  try {
    candidates.push(...profileFoldersFromIni(fs.readFileSync(path.join(root, 'profiles.ini'), 'utf8'), root));
  } catch {
    // No profiles.ini: the folders themselves still tell.
  }
  candidates.push(...subfolders(root), ...subfolders(path.join(root, 'Profiles')));
  return candidates.filter((folder) => isFile(path.join(folder, 'places.sqlite'))).map((folder) => profile('firefox', folder));
}

function extraProfile(extra: ExtraProfile): BrowserProfile | string {
  const given = typeof extra === 'string' ? { folder: extra } : extra;
  const folder = path.resolve(given.folder);
  const chromium = isFile(path.join(folder, 'History'));
  const firefox = isFile(path.join(folder, 'places.sqlite'));
  if (!chromium && !firefox) {
    return `The browser profile folder ${folder} has no History (Chromium) or places.sqlite (Firefox) file: check the path in the browser collector's profile list.`;
  }
  const browser = given.browser ?? (firefox && !chromium ? 'firefox' : 'chromium');
  return profile(browser, folder, given.name);
}

/** Every readable profile on this machine plus the explicitly given ones, each folder once. */
export function discoverProfiles(options: ProfileDiscoveryOptions = {}): ProfileDiscovery {
  const home = options.homeDir ?? os.homedir();
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const found: BrowserProfile[] = [];
  const problems: string[] = [];
  if (options.standardLocations !== false) {
    for (const root of chromiumRoots(platform, home, env)) found.push(...chromiumProfiles(root));
    for (const root of firefoxRoots(platform, home, env)) found.push(...firefoxProfiles(root));
  }
  for (const extra of options.extraProfiles ?? []) {
    const result = extraProfile(extra);
    if (typeof result === 'string') problems.push(result);
    else found.push(result);
  }
  const seen = new Set<string>();
  const profiles = found.filter((candidate) => {
    let identity = candidate.folder;
    try {
      identity = fs.realpathSync(candidate.folder);
    } catch {
      // Keep the resolved path.
    }
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
  return { profiles, problems };
}
