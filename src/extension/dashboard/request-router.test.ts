import * as assert from 'node:assert/strict';
import type { ActivitySummary } from '../../core/protocol/dashboard';
import type { DashboardBackend } from './dashboard-backend';
import type { DashboardState } from './protocol';
import { routeDashboardRequest } from './request-router';

const STATE: DashboardState = {
  paused: false,
  trusted: true,
  sidecar: { state: 'restarting', message: 'it exited with code 1; retrying in 2 s' },
  settings: { editing: true, navigation: true, commits: false, exclude: ['.env*'] },
};

const EMPTY_DAY: ActivitySummary = {
  from: 0,
  to: 86_400_000,
  heatmap: [new Array(24).fill(0)],
  byLanguage: [],
  topFiles: [],
  topSymbols: [],
  recentCommits: [],
  totals: { editMinutes: 0, dwellMinutes: 0, jumps: 0, commits: 0, events: 0 },
};

/** A backend that records calls; each method can be replaced per test. */
function fakeBackend(overrides: Partial<DashboardBackend> = {}) {
  const calls: Array<[string, unknown]> = [];
  const record =
    <T>(method: string, result: T) =>
    async (params: unknown) => {
      calls.push([method, params]);
      return result;
    };
  const backend: DashboardBackend = {
    getState: record('getState', STATE),
    getActivity: record('getActivity', EMPTY_DAY),
    search: record('search', []),
    forget: record('forget', { forgotten: true }),
    setPaused: async (params) => {
      calls.push(['setPaused', params]);
      return { paused: params.paused };
    },
    updateSettings: async (params) => {
      calls.push(['updateSettings', params]);
      return { ...STATE.settings, ...params };
    },
    getCollectors: record('getCollectors', []),
    setCollectorEnabled: async (params) => {
      calls.push(['setCollectorEnabled', params]);
      throw new Error('The Twin sidecar is not running.');
    },
    consentCollector: record('consentCollector', undefined as never),
    getAppsAndSites: record('getAppsAndSites', { from: 0, to: 1, apps: [], sites: [] }),
    getDraftsAndReplies: record('getDraftsAndReplies', { drafts: [], replies: [] }),
    ...overrides,
  };
  return { backend, calls };
}

describe('Dashboard request routing (host side)', () => {
  it('answers each request with the backend’s result under the request’s id', async () => {
    const { backend, calls } = fakeBackend();
    assert.deepEqual(await routeDashboardRequest(backend, { id: 7, method: 'getState', params: {} }), { id: 7, result: STATE });
    assert.deepEqual(await routeDashboardRequest(backend, { id: 8, method: 'getActivity', params: { range: 'today' } }), { id: 8, result: EMPTY_DAY });
    assert.deepEqual(await routeDashboardRequest(backend, { id: 9, method: 'forget', params: { id: 'mem-1' } }), { id: 9, result: { forgotten: true } });
    assert.deepEqual(await routeDashboardRequest(backend, { id: 10, method: 'updateSettings', params: { commits: true } }), {
      id: 10,
      result: { ...STATE.settings, commits: true },
    });
    assert.deepEqual(calls, [
      ['getState', {}],
      ['getActivity', { range: 'today' }],
      ['forget', { id: 'mem-1' }],
      ['updateSettings', { commits: true }],
    ]);
  });

  it('turns a backend failure into an error reply that says what was being done and why it failed', async () => {
    const { backend } = fakeBackend({
      search: async () => {
        throw new Error('Cannot reach the sidecar: it is restarting (attempt 2 of 5).');
      },
      setPaused: () => Promise.reject(new Error('')),
    });
    assert.deepEqual(await routeDashboardRequest(backend, { id: 3, method: 'search', params: { query: 'parse' } }), {
      id: 3,
      error: { code: 'failed', message: 'Could not search your memories: Cannot reach the sidecar: it is restarting (attempt 2 of 5).' },
    });
    assert.deepEqual(await routeDashboardRequest(backend, { id: 4, method: 'setPaused', params: { paused: true } }), {
      id: 4,
      error: { code: 'failed', message: 'Could not pause observation.' },
    });
  });

  it('says which collector it could not switch, and why', async () => {
    const { backend } = fakeBackend();
    assert.deepEqual(await routeDashboardRequest(backend, { id: 6, method: 'setCollectorEnabled', params: { id: 'browser', enabled: true } }), {
      id: 6,
      error: { code: 'failed', message: 'Could not turn the browser collector on: The Twin sidecar is not running.' },
    });
  });

  it('also catches a backend that throws instead of rejecting', async () => {
    const { backend } = fakeBackend({
      forget: () => {
        throw new Error('store is read-only');
      },
    });
    const reply = await routeDashboardRequest(backend, { id: 5, method: 'forget', params: { id: 'm' } });
    assert.deepEqual(reply, { id: 5, error: { code: 'failed', message: 'Could not delete the memory: store is read-only' } });
  });

  it('rejects malformed requests without calling the backend', async () => {
    const { backend, calls } = fakeBackend();
    const cases: Array<[unknown, RegExp]> = [
      [{ id: 1, method: 'dropTables', params: {} }, /Unknown request "dropTables"/],
      [{ id: 2, method: 'getActivity', params: { range: 'year' } }, /range must be one of today, week/],
      [{ id: 3, method: 'search', params: { query: 42 } }, /query must be text/],
      [{ id: 4, method: 'search', params: { query: 'x'.repeat(501) } }, /longer than 500/],
      [{ id: 5, method: 'forget', params: {} }, /Which memory/],
      [{ id: 6, method: 'setPaused', params: { paused: 'yes' } }, /"paused" must be true or false/],
      [{ id: 7, method: 'updateSettings', params: { exclude: '*.pem' } }, /list of text/],
      [{ id: 8, method: 'updateSettings', params: { telemetry: true } }, /Unknown setting "telemetry"/],
      [{ id: 9, method: 'getState', params: 'all' }, /must be an object/],
      [{ id: 10, method: 'setCollectorEnabled', params: { id: 'webcam', enabled: true } }, /collector must be one of screen, browser, mail/],
      [{ id: 11, method: 'setCollectorEnabled', params: { id: 'screen', enabled: 1 } }, /"enabled" must be true or false/],
      [{ id: 12, method: 'consentCollector', params: { id: 'mail', accepted: true } }, /must name the description that was shown/],
      [{ id: 13, method: 'getDraftsAndReplies', params: { limit: 5000 } }, /from 1 to 50/],
    ];
    for (const [message, problem] of cases) {
      const reply = await routeDashboardRequest(backend, message);
      assert.ok(reply && 'error' in reply, `${JSON.stringify(message)} is rejected`);
      assert.equal(reply.id, (message as { id: number }).id);
      assert.equal(reply.error.code, 'invalid');
      assert.match(reply.error.message, problem);
    }
    assert.deepEqual(calls, []);
  });

  it('does not answer messages that carry no id (they are not requests)', async () => {
    const { backend, calls } = fakeBackend();
    for (const message of [null, 'getState', { method: 'getState' }, { id: '1', method: 'getState' }, { id: 1.5, method: 'getState' }]) {
      assert.equal(await routeDashboardRequest(backend, message), undefined);
    }
    assert.deepEqual(calls, []);
  });

  it('answers concurrent requests independently: a slow one does not hold up a fast one', async () => {
    let release!: () => void;
    const { backend } = fakeBackend({
      getActivity: () => new Promise((resolve) => (release = () => resolve(EMPTY_DAY))),
    });
    const order: number[] = [];
    const slow = routeDashboardRequest(backend, { id: 1, method: 'getActivity', params: { range: 'week' } }).then(() => order.push(1));
    await routeDashboardRequest(backend, { id: 2, method: 'getState', params: {} }).then(() => order.push(2));
    release();
    await slow;
    assert.deepEqual(order, [2, 1]);
  });
});
