/**
 * Windows the screen collector must never look at: password managers and their prompts, and private or
 * incognito browsing. An excluded window is not sampled into a session, not captured and not OCR'd — it
 * leaves no trace at all, not even "an excluded app was used".
 *
 * Matching leans towards excluding too much: an application matches by any of its names (process,
 * executable, WM_CLASS instance or class), titles match case-insensitively anywhere, and a browser started
 * in private mode (`--incognito`, `--private-window`, …) is excluded as a whole.
 *
 * Chromium-family browsers on Linux do not say "Incognito" in an incognito window's title (checked with
 * Chromium 156 under Xvfb: "Page - Chromium" either way, and no X property differs), so an incognito window
 * opened from a normal one cannot be told apart; users who need that exclude the browser by name.
 */
import type { ActiveWindow } from './active-window';

/** Password managers, keyrings and passphrase prompts, by process or window-class name (lower case). */
export const DEFAULT_EXCLUDED_APPS: readonly string[] = [
  'keepassxc',
  'keepass',
  'keepass2',
  'keepassx',
  'keeweb',
  '1password',
  'bitwarden',
  'lastpass',
  'dashlane',
  'enpass',
  'nordpass',
  'roboform',
  'proton-pass',
  'buttercup',
  'qtpass',
  'gopass',
  'pass',
  'passwordsafe',
  'pwsafe',
  'secrets',
  'seahorse',
  'gnome-keyring',
  'gnome-keyring-daemon',
  'gcr-prompter',
  'kwalletmanager',
  'kwalletmanager5',
  'kwalletmanager6',
  'ksshaskpass',
  'ssh-askpass',
  'x11-ssh-askpass',
  'pinentry',
  'pinentry-gtk-2',
  'pinentry-gnome3',
  'pinentry-qt',
  'authy',
];

/** Title fragments (case-insensitive) of private browsing and of password managers shown in other apps. */
export const DEFAULT_EXCLUDED_TITLES: readonly string[] = [
  'incognito',
  'private browsing',
  'inprivate',
  'private window',
  '(private)',
  'tor browser',
  'keepass',
  '1password',
  'bitwarden',
  'lastpass',
  'dashlane',
  'passwords and keys',
  'password manager',
  // `pass show github`, `gopass edit …` as a terminal's title.
  '/(^|[\\s:$#>])(go)?pass\\s+(show|edit|insert|generate|otp|-c)\\b/i',
];

/** Command-line flags that start a browser in private mode. */
const PRIVATE_MODE_FLAGS = new Set(['--incognito', '-incognito', '--inprivate', '-inprivate', '--private-window', '-private-window', '-private', '--private']);

export interface ScreenExclusionOptions {
  /** More application names to exclude (matched against every name the app goes by, ignoring case). */
  apps?: readonly string[];
  /**
   * More title patterns: plain text matches anywhere in the title, ignoring case; `/regex/flags` is a
   * regular expression.
   */
  titles?: readonly string[];
  /** Keep the built-in lists above (default true); false leaves only what is given here. */
  includeDefaults?: boolean;
}

export class ScreenExclusionError extends Error {
  constructor(pattern: string, reason: string) {
    super(`The excluded window title "${pattern}" is not a valid regular expression (${reason}): fix it in the screen collector's excluded titles.`);
    this.name = 'ScreenExclusionError';
  }
}

export class ScreenExclusions {
  private readonly apps: Set<string>;
  private readonly titleFragments: string[] = [];
  private readonly titlePatterns: RegExp[] = [];

  constructor(options: ScreenExclusionOptions = {}) {
    const defaults = options.includeDefaults === false;
    this.apps = new Set([...(defaults ? [] : DEFAULT_EXCLUDED_APPS), ...(options.apps ?? [])].map((app) => app.trim().toLowerCase()).filter(Boolean));
    for (const pattern of [...(defaults ? [] : DEFAULT_EXCLUDED_TITLES), ...(options.titles ?? [])]) this.addTitle(pattern);
  }

  /** Whether the window must be left alone entirely. */
  excludes(window: Pick<ActiveWindow, 'title' | 'names' | 'flags'>): boolean {
    if (window.flags.some((flag) => PRIVATE_MODE_FLAGS.has(flag))) return true;
    if (window.names.some((name) => this.apps.has(name) || this.apps.has(leadingWord(name)))) return true;
    const title = window.title.toLowerCase();
    return this.titleFragments.some((fragment) => title.includes(fragment)) || this.titlePatterns.some((pattern) => pattern.test(window.title));
  }

  private addTitle(pattern: string): void {
    const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
    if (!regex) {
      const fragment = pattern.trim().toLowerCase();
      if (fragment) this.titleFragments.push(fragment);
      return;
    }
    try {
      // Never stateful: a `g` or `y` flag would make `test` remember where it stopped.
      this.titlePatterns.push(new RegExp(regex[1], regex[2].replace(/[gy]/g, '')));
    } catch (error) {
      throw new ScreenExclusionError(pattern, (error as Error).message);
    }
  }
}

/** `chromium (/home/me/.config/chromium)` → `chromium`, `keepassxc.exe` stays itself. */
function leadingWord(name: string): string {
  return name.split(/[\s(]/, 1)[0];
}
