import * as vscode from 'vscode';
import type { CollectorsController } from './collectors/collectors-controller';
import type { DashboardBackend } from './dashboard/dashboard-backend';
import type { ObserverSettings, SidecarView } from './dashboard/protocol';
import { PauseState } from './pause-state';
import { SidecarClient } from './sidecar/sidecar-client';
import { userValueOrDefault } from './user-scope-settings';

const DAY_MS = 86_400_000;

/**
 * Reads the observer settings the dashboard shows and edits: the user's settings (`twin.*`), which is where
 * it writes them. A folder's values are not shown here, so editing the list never copies them (or a folder's
 * emptied list) into the user's settings.
 */
export function readObserverSettings(): ObserverSettings {
  const config = vscode.workspace.getConfiguration('twin');
  const inspect = (key: string) => config.inspect(key);
  const list = userValueOrDefault(inspect, 'privacy.exclude');
  return {
    editing: userValueOrDefault(inspect, 'observe.editing') !== false,
    navigation: userValueOrDefault(inspect, 'observe.navigation') !== false,
    commits: userValueOrDefault(inspect, 'observe.commits') !== false,
    exclude: Array.isArray(list) ? list.filter((pattern): pattern is string => typeof pattern === 'string') : [],
  };
}

/** The dashboard's requests, answered from the sidecar and the settings. */
export function createDashboardBackend(sidecar: SidecarClient, pause: PauseState, collectors: CollectorsController): DashboardBackend {
  const sidecarView = async (): Promise<SidecarView> => {
    const state = sidecar.state;
    if (state.state === 'running') {
      try {
        return { state: 'running', ...(await sidecar.request('twin/status', {})) };
      } catch (error) {
        return { state: 'starting', message: (error as Error).message };
      }
    }
    if (state.state === 'restarting') return { state: 'restarting', message: state.message };
    if (state.state === 'starting') return { state: 'starting', message: 'Starting the Twin sidecar…' };
    return { state: 'down', message: state.message ?? 'The Twin sidecar is not running.' };
  };
  return {
    getState: async () => ({ paused: pause.paused, sidecar: await sidecarView(), trusted: vscode.workspace.isTrusted, settings: readObserverSettings() }),
    getActivity: async ({ range }) => {
      const startOfToday = new Date();
      startOfToday.setHours(0, 0, 0, 0);
      const from = range === 'today' ? startOfToday.getTime() : startOfToday.getTime() - 6 * DAY_MS;
      return sidecar.request('twin/activity', { from, to: Date.now() });
    },
    search: async ({ query, limit }) => sidecar.request('twin/recall', { query, limit: limit ?? 20 }),
    forget: async ({ id }) => ({ forgotten: (await sidecar.request('twin/forget', { ids: [id] })).forgotten > 0 }),
    setPaused: async ({ paused }) => {
      await pause.set(paused);
      return { paused: pause.paused };
    },
    updateSettings: async (changes) => {
      const config = vscode.workspace.getConfiguration('twin');
      const target = vscode.ConfigurationTarget.Global;
      if (changes.editing !== undefined) await config.update('observe.editing', changes.editing, target);
      if (changes.navigation !== undefined) await config.update('observe.navigation', changes.navigation, target);
      if (changes.commits !== undefined) await config.update('observe.commits', changes.commits, target);
      if (changes.exclude !== undefined) await config.update('privacy.exclude', changes.exclude, target);
      return readObserverSettings();
    },
    getCollectors: async () => collectors.list(),
    setCollectorEnabled: async ({ id, enabled }) => collectors.setEnabled(id, enabled),
    consentCollector: async ({ id, accepted, capturesHash }) => collectors.consent(id, accepted, capturesHash),
    getAppsAndSites: async () => {
      const startOfToday = new Date();
      startOfToday.setHours(0, 0, 0, 0);
      return sidecar.request('twin/appsAndSites', { from: startOfToday.getTime(), to: Date.now() });
    },
    getDraftsAndReplies: async ({ limit }) => {
      const [drafts, replies, slack] = await Promise.all([
        sidecar.request('twin/recentDrafts', { limit: limit ?? 10 }),
        sidecar.request('twin/slackActivity', { limit: limit ?? 10 }),
        // The list still shows when the Slack status cannot be read.
        sidecar.request('twin/slackStatus', {}).catch(() => undefined),
      ]);
      return { drafts, replies, ...(slack ? { slack } : {}) };
    },
  };
}
