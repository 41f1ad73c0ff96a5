/**
 * The observers' settings, read from the VS Code configuration and re-read when they change:
 * `twin.observe.editing`, `twin.observe.navigation`, `twin.observe.commits`, `twin.privacy.exclude`,
 * `twin.editSession.idleSeconds`.
 *
 * A workspace's or folder's settings may make observation stricter, never looser: an `observe.*` switch is
 * on only if no level turns it off (a cloned repository cannot switch observation of itself back on after
 * the user turned it off), and `privacy.exclude` is the user's list plus the patterns the folder adds (it
 * cannot drop the user's exclusions or the defaults).
 */

import * as vscode from 'vscode';

import { DEFAULT_EXCLUDE_PATTERNS, PathFilter } from '../../core/observe/path-filter';
import { switchedOnByUser, userListWithAdditions } from '../user-scope-settings';

export const OBSERVER_SETTINGS = {
  editing: 'twin.observe.editing',
  navigation: 'twin.observe.navigation',
  commits: 'twin.observe.commits',
  exclude: 'twin.privacy.exclude',
  idleSeconds: 'twin.editSession.idleSeconds',
} as const;

export const DEFAULT_IDLE_SECONDS = 90;
export const MIN_IDLE_SECONDS = 10;
export const MAX_IDLE_SECONDS = 3600;

export interface ObserverSettingsValues {
  editing: boolean;
  navigation: boolean;
  commits: boolean;
  exclude: readonly string[];
  idleSeconds: number;
}

export function readObserverSettings(configuration: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration()): ObserverSettingsValues {
  const inspect = (key: string) => configuration.inspect(key);
  const flag = (key: string) => switchedOnByUser(inspect, key);
  const idle = Number(configuration.get<unknown>(OBSERVER_SETTINGS.idleSeconds, DEFAULT_IDLE_SECONDS));
  return {
    editing: flag(OBSERVER_SETTINGS.editing),
    navigation: flag(OBSERVER_SETTINGS.navigation),
    commits: flag(OBSERVER_SETTINGS.commits),
    // A malformed value must not switch exclusions off: it falls back to the defaults.
    exclude: userListWithAdditions(inspect, OBSERVER_SETTINGS.exclude, DEFAULT_EXCLUDE_PATTERNS),
    idleSeconds: Number.isFinite(idle) ? Math.min(MAX_IDLE_SECONDS, Math.max(MIN_IDLE_SECONDS, idle)) : DEFAULT_IDLE_SECONDS,
  };
}

export class ObserverSettings implements vscode.Disposable {
  private values: ObserverSettingsValues;
  private filter: PathFilter;
  private readonly changed = new vscode.EventEmitter<ObserverSettingsValues>();
  private readonly subscription: vscode.Disposable;
  /** Fires after any of the observers' settings changed, with the new values. */
  readonly onDidChange: vscode.Event<ObserverSettingsValues> = this.changed.event;

  constructor(private readonly read: () => ObserverSettingsValues = () => readObserverSettings()) {
    this.values = read();
    this.filter = this.buildFilter();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!Object.values(OBSERVER_SETTINGS).some((key) => event.affectsConfiguration(key))) return;
      this.values = this.read();
      this.filter = this.buildFilter();
      this.changed.fire(this.values);
    });
  }

  get editing(): boolean {
    return this.values.editing;
  }

  get navigation(): boolean {
    return this.values.navigation;
  }

  get commits(): boolean {
    return this.values.commits;
  }

  get exclude(): readonly string[] {
    return this.values.exclude;
  }

  get idleGapMs(): number {
    return this.values.idleSeconds * 1000;
  }

  /** Built once per change of `twin.privacy.exclude`; its answers are cached per path. */
  get pathFilter(): PathFilter {
    return this.filter;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private buildFilter(): PathFilter {
    const filter = new PathFilter(this.values.exclude);
    for (const problem of filter.invalid) void vscode.window.showWarningMessage(`Twin ignores an exclude pattern. ${problem.message}`);
    return filter;
  }
}
