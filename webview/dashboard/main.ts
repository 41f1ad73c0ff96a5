/**
 * The Twin dashboard webview. Each section asks the host for its own data and renders when that data
 * arrives, so a slow answer (the activity of a busy week, a sidecar restarting) holds up only its own
 * section, and a failure shows up in place with a way to retry.
 */
import type { DashboardState } from '../../src/extension/dashboard/protocol';
import { errorBox, replaceChildren } from './dom';
import { DashboardRpc, RpcTransport } from './rpc';
import { ActivityView } from './views/activity-view';
import { Announcer } from './views/announcer';
import { AppsSitesView } from './views/apps-sites-view';
import { CollectorsView } from './views/collectors-view';
import { DraftsView } from './views/drafts-view';
import { HeaderView } from './views/header-view';
import { MemoryView } from './views/memory-view';
import { PrivacyView } from './views/privacy-view';
import { saveViewState, vscodeApi } from './vscode-api';

/** New activity arrives in bursts while the user types; refetch at most this often. */
const ACTIVITY_REFRESH_MS = 5_000;
/** Collectors, Slack replies and apps change without telling the webview: look again this often. */
const OUTSIDE_REFRESH_MS = 30_000;

function windowTransport(): RpcTransport {
  const vscode = vscodeApi();
  return {
    post: (message) => vscode.postMessage(message),
    listen(listener) {
      const onMessage = (event: MessageEvent) => listener(event.data);
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}

function start(app: HTMLElement): void {
  const rpc = new DashboardRpc(windowTransport());
  const restored = vscodeApi().getState() ?? {};
  const announcer = new Announcer();
  let state: DashboardState | undefined;

  const header = new HeaderView({
    async setPaused(paused) {
      const result = await rpc.request('setPaused', { paused });
      applyState({ paused: result.paused });
      announcer.say(result.paused ? 'Observation paused.' : 'Observation resumed.');
    },
  });
  const activity = new ActivityView(restored.range === 'week' ? 'week' : 'today', {
    // A week of activity is the heaviest query the sidecar answers here.
    load: (range) => rpc.request('getActivity', { range }, { timeoutMs: 30_000 }),
    rangeChanged: (range) => saveViewState({ range }),
  });
  const memory = new MemoryView(restored.query ?? '', {
    search: (query) => rpc.request('search', { query }),
    forget: async (id) => (await rpc.request('forget', { id })).forgotten,
    queryChanged: (query) => saveViewState({ query }),
    announce: (message) => announcer.say(message),
  });
  const privacy = new PrivacyView({
    async save(changes) {
      const settings = await rpc.request('updateSettings', changes);
      applyState({ settings });
      return settings;
    },
    announce: (message) => announcer.say(message),
  });

  const collectors = new CollectorsView({
    load: () => rpc.request('getCollectors', {}),
    // Turning one on may wait on the consent modal in VS Code.
    setEnabled: (id, enabled) => rpc.request('setCollectorEnabled', { id, enabled }, { timeoutMs: 30_000 }),
    consent: (id, accepted, capturesHash) => rpc.request('consentCollector', { id, accepted, ...(capturesHash ? { capturesHash } : {}) }, { timeoutMs: 30_000 }),
    announce: (message) => announcer.say(message),
  });
  const appsSites = new AppsSitesView({ load: () => rpc.request('getAppsAndSites', {}, { timeoutMs: 30_000 }) });
  const drafts = new DraftsView({ load: () => rpc.request('getDraftsAndReplies', { limit: 10 }) });
  const refreshOutside = () => {
    void collectors.refresh();
    void appsSites.refresh();
    void drafts.refresh();
  };
  setInterval(() => {
    if (document.visibilityState !== 'hidden') refreshOutside();
  }, OUTSIDE_REFRESH_MS);

  function applyState(patch: Partial<DashboardState>): void {
    if (!state) return void loadState();
    state = { ...state, ...patch };
    header.update(state);
    activity.setContext({ paused: state.paused, trusted: state.trusted });
    if (patch.settings) privacy.update(state.settings);
  }

  let stateRequest: Promise<void> | undefined;
  function loadState(): Promise<void> {
    stateRequest ??= rpc
      .request('getState', {})
      .then(
        (full) => {
          state = full;
          header.update(full);
          activity.setContext({ paused: full.paused, trusted: full.trusted });
          privacy.update(full.settings);
        },
        (err: unknown) => header.showStateError(err instanceof Error ? err.message : String(err), () => void loadState()),
      )
      .finally(() => (stateRequest = undefined));
    return stateRequest;
  }

  let lastActivityRefresh = 0;
  let activityTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshActivitySoon(): void {
    if (activityTimer) return;
    const wait = Math.max(0, lastActivityRefresh + ACTIVITY_REFRESH_MS - Date.now());
    activityTimer = setTimeout(() => {
      activityTimer = undefined;
      lastActivityRefresh = Date.now();
      void activity.refresh();
    }, wait);
  }

  rpc.onNotification((notification) => {
    switch (notification.method) {
      case 'stateChanged':
        applyState(notification.params);
        // Pause and resume stop and start the collectors too.
        if ('paused' in notification.params) void collectors.refresh();
        break;
      case 'collectorsChanged':
        void collectors.refresh();
        break;
      case 'activityChanged':
        refreshActivitySoon();
        break;
      case 'refresh':
        void loadState();
        lastActivityRefresh = Date.now();
        void activity.refresh();
        memory.refresh();
        refreshOutside();
        break;
    }
  });

  replaceChildren(app, header.element, activity.element, collectors.element, appsSites.element, drafts.element, memory.element, privacy.element, announcer.element);
  app.removeAttribute('aria-busy');
  void loadState();
  lastActivityRefresh = Date.now();
  void activity.refresh();
  memory.start();
  refreshOutside();
}

const app = document.getElementById('app');
if (app) {
  try {
    start(app);
  } catch (err) {
    app.removeAttribute('aria-busy');
    replaceChildren(app, errorBox(`The dashboard failed to start: ${err instanceof Error ? err.message : String(err)}. Reload the window to try again.`));
  }
}
