/**
 * What stands in for VS Code around the dashboard in the browser test: `acquireVsCodeApi`, a host that
 * answers requests from canned data, the theme variables on <html> and the theme class on <body>.
 * `installFakeVsCodeHost` runs inside the page (Playwright serialises it), so it uses nothing from
 * this module's scope.
 */
import type { ActivitySummary } from '../../../src/core/protocol/dashboard';
import type { AppsAndSites, CollectorView, DashboardMethod, DashboardRecallItem, DashboardState, DraftsAndReplies } from '../../../src/extension/dashboard/protocol';
import type { SavedViewState } from '../../../webview/dashboard/vscode-api';

export interface FakeHostFixture {
  state: DashboardState;
  activity: { today: ActivitySummary; week: ActivitySummary };
  memories: DashboardRecallItem[];
  /** The collectors, today's apps and sites, drafts and replies (none when absent). */
  collectors?: CollectorView[];
  appsAndSites?: AppsAndSites;
  draftsAndReplies?: DraftsAndReplies;
  /** Methods that fail, with the message the host replies. */
  fail?: Partial<Record<DashboardMethod, string>>;
  /** How long the host takes to answer (ms). */
  delayMs?: number;
  theme: { bodyClass: string; variables: Record<string, string> };
  viewState?: SavedViewState;
}

/** What the test reads back from the page (`window.__twinHost`). */
export interface FakeHostRecord {
  requests: Array<{ id: number; method: DashboardMethod; params: Record<string, unknown> }>;
  viewState: SavedViewState | undefined;
  cspViolations: string[];
  fail: Partial<Record<DashboardMethod, string>>;
}

// The page's globals, typed loosely: the root tsconfig has no DOM types and this code only runs there.
declare const window: any;
declare const document: any;

export function installFakeVsCodeHost(fixture: FakeHostFixture): void {
  const memories = fixture.memories.slice();
  const collectors = (fixture.collectors ?? []).map((view) => ({ ...view, consent: { ...view.consent } }));
  const state = fixture.state;
  const host = {
    requests: [] as unknown[],
    viewState: fixture.viewState,
    cspViolations: [] as string[],
    fail: { ...(fixture.fail ?? {}) } as Record<string, string>,
    notify(method: string, params: unknown) {
      window.dispatchEvent(new window.MessageEvent('message', { data: { method, params } }));
    },
  };
  window.__twinHost = host;

  function answer(request: { id: number; method: string; params: Record<string, unknown> }): unknown {
    const failure = host.fail[request.method];
    if (failure) return { id: request.id, error: { code: 'failed', message: failure } };
    const p = request.params;
    switch (request.method) {
      case 'getState':
        return { id: request.id, result: state };
      case 'getActivity':
        return { id: request.id, result: fixture.activity[p.range as 'today' | 'week'] };
      case 'search': {
        const words = String(p.query).toLowerCase().split(/\s+/).filter(Boolean);
        const found = memories.filter((item) => {
          const haystack = `${item.memory.text} ${item.memory.symbol ?? ''} ${item.memory.file ?? ''}`.toLowerCase();
          return words.every((word) => haystack.includes(word));
        });
        return { id: request.id, result: found };
      }
      case 'forget': {
        const index = memories.findIndex((item) => item.memory.id === p.id);
        if (index >= 0) memories.splice(index, 1);
        return { id: request.id, result: { forgotten: index >= 0 } };
      }
      case 'setPaused':
        state.paused = Boolean(p.paused);
        return { id: request.id, result: { paused: state.paused } };
      case 'updateSettings':
        state.settings = { ...state.settings, ...p };
        return { id: request.id, result: state.settings };
      case 'getCollectors':
        return { id: request.id, result: collectors };
      case 'setCollectorEnabled':
      case 'consentCollector': {
        const view = collectors.find((candidate) => candidate.id === p.id)!;
        if (request.method === 'setCollectorEnabled') view.enabled = Boolean(p.enabled);
        else view.consent = p.accepted ? { granted: true, at: new Date().toISOString() } : { granted: false };
        view.state = !view.enabled ? 'off' : view.consent.granted ? 'running' : 'needs-consent';
        return { id: request.id, result: view };
      }
      case 'getAppsAndSites':
        return { id: request.id, result: fixture.appsAndSites ?? { from: 0, to: 0, apps: [], sites: [] } };
      case 'getDraftsAndReplies':
        return { id: request.id, result: fixture.draftsAndReplies ?? { drafts: [], replies: [] } };
      default:
        return { id: request.id, error: { code: 'invalid', message: `Unknown request "${request.method}".` } };
    }
  }

  let acquired = false;
  window.acquireVsCodeApi = () => {
    // VS Code allows one call per page; a second one throws there, so it throws here too.
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return {
      postMessage(message: { id: number; method: string; params: Record<string, unknown> }) {
        // Messages cross a structured clone in VS Code: what cannot be cloned must not be sent.
        const copy = window.structuredClone(message);
        host.requests.push(copy);
        const reply = answer(copy);
        setTimeout(() => window.dispatchEvent(new window.MessageEvent('message', { data: reply })), fixture.delayMs ?? 5);
      },
      getState: () => host.viewState,
      setState: (next: SavedViewState) => (host.viewState = next),
    };
  };

  document.addEventListener('securitypolicyviolation', (event: { violatedDirective: string; blockedURI: string; sample?: string }) =>
    host.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} ${event.sample ?? ''}`.trim()),
  );
  // VS Code sets its theme as custom properties on <html> and a class on <body> before the page's
  // scripts run; CSSOM is not subject to the CSP. Init scripts run before <html> exists: wait for it.
  function applyTheme(): boolean {
    const root = document.documentElement;
    if (!root) return false;
    for (const [name, value] of Object.entries(fixture.theme.variables)) root.style.setProperty(name, value);
    // The sidebar's own background shows through the (transparent) webview.
    root.style.setProperty('background-color', 'var(--vscode-sideBar-background)');
    return true;
  }
  const watch = new window.MutationObserver(() => {
    if (document.documentElement && !document.documentElement.style.getPropertyValue('--vscode-foreground')) applyTheme();
    if (!document.body) return;
    document.body.classList.add(fixture.theme.bodyClass);
    watch.disconnect();
  });
  if (!applyTheme() || !document.body) watch.observe(document, { childList: true, subtree: true });
}
