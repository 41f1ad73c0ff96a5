/**
 * Reading settings so that an opened folder cannot steer them against the user. A folder's
 * `.vscode/settings.json` comes with whatever repository was cloned: it must never choose where Twin sends
 * a token or key, switch on Slack auto-replies or a collector, or switch observation back on after the user
 * turned it off. So:
 *
 * - settings that route secrets or turn on capture (`twin.slack.*`, `twin.collectors.*`, `twin.github.apiUrl`,
 *   `twin.models.*`) are read from the user's settings only (`userValue` / `userValueOrDefault`);
 * - privacy switches may only be made stricter by a workspace or folder: an observer flag is on only if no
 *   level says off (`switchedOnByUser`), and exclusion lists are the user's plus what the folder adds
 *   (`userListWithAdditions`).
 *
 * No `vscode` import: the extension passes a reader over `WorkspaceConfiguration.inspect`, tests a map.
 */

/** The part of `WorkspaceConfiguration.inspect(key)` these readers use. */
export interface SettingInspection {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export type InspectSetting = (key: string) => SettingInspection | undefined;

/** The value in the user's settings, or undefined when the user did not set it (a folder's value never counts). */
export function userValue(inspect: InspectSetting, key: string): unknown {
  return inspect(key)?.globalValue;
}

/** The value in the user's settings, else the contributed default (callers check its type). */
export function userValueOrDefault(inspect: InspectSetting, key: string): unknown {
  const inspected = inspect(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** A string setting from the user's settings (else its default), trimmed; undefined when empty or not a string. */
export function userText(inspect: InspectSetting, key: string): string | undefined {
  const value = userValueOrDefault(inspect, key);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * A switch that a workspace or folder may turn off but never on: on when the user's value (else the
 * default, else `fallback`) is not `false` and neither the workspace nor the folder says `false`.
 */
export function switchedOnByUser(inspect: InspectSetting, key: string, fallback = true): boolean {
  const inspected = inspect(key);
  const user = inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  return user !== false && inspected?.workspaceValue !== false && inspected?.workspaceFolderValue !== false;
}

/**
 * A list a workspace or folder may add to but not shorten: the user's list (else the default, else
 * `fallback`), then the workspace's and the folder's entries not in it yet. Non-strings are dropped; a
 * malformed user value falls back to the default, so bad input never empties an exclusion list.
 */
export function userListWithAdditions(inspect: InspectSetting, key: string, fallback: readonly string[]): string[] {
  const inspected = inspect(key);
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined);
  const base = strings(inspected?.globalValue) ?? strings(inspected?.defaultValue) ?? [...fallback];
  const result = [...base];
  for (const added of [strings(inspected?.workspaceValue) ?? [], strings(inspected?.workspaceFolderValue) ?? []]) {
    for (const item of added) if (!result.includes(item)) result.push(item);
  }
  return result;
}
