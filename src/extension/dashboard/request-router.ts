import type { DashboardBackend } from './dashboard-backend';
import { DashboardMethod, DashboardRequest, DashboardResponse, DashboardResult, parseDashboardRequest } from './protocol';

/** What each request was trying to do, so a failure reads "Could not <verb>: <cause>". */
const ATTEMPT: Record<DashboardMethod, string | ((params: Record<string, unknown>) => string)> = {
  getState: 'read the state of Twin',
  getActivity: 'load your activity',
  search: 'search your memories',
  forget: 'delete the memory',
  setPaused: (params) => (params.paused ? 'pause observation' : 'resume observation'),
  updateSettings: 'save the privacy settings',
  getCollectors: 'read the collectors',
  setCollectorEnabled: (params) => `turn the ${String(params.id)} collector ${params.enabled ? 'on' : 'off'}`,
  consentCollector: (params) => (params.accepted ? `allow the ${String(params.id)} collector` : `withdraw your consent to the ${String(params.id)} collector`),
  getAppsAndSites: 'load today’s apps and sites',
  getDraftsAndReplies: 'load recent drafts and replies',
};

/**
 * Answers one message from the webview: calls the backend and wraps its result or failure in a
 * response carrying the request's id. Never throws; answers `undefined` only for messages that carry
 * no id to reply to (which are not requests).
 */
export async function routeDashboardRequest(backend: DashboardBackend, message: unknown): Promise<DashboardResponse | undefined> {
  const parsed = parseDashboardRequest(message);
  if (!parsed) return undefined;
  if (!('request' in parsed)) return { id: parsed.id, error: { code: 'invalid', message: parsed.problem } };
  const { request } = parsed;
  try {
    return { id: request.id, result: await call(backend, request) };
  } catch (err) {
    return { id: request.id, error: { code: 'failed', message: failureMessage(request, err) } };
  }
}

function call(backend: DashboardBackend, request: DashboardRequest): Promise<DashboardResult<DashboardMethod>> {
  // The union of requests cannot be narrowed into one generic call; parseDashboardRequest checked the pair.
  const method = backend[request.method] as (params: unknown) => Promise<DashboardResult<DashboardMethod>>;
  return Promise.resolve().then(() => method.call(backend, request.params));
}

function failureMessage(request: DashboardRequest, err: unknown): string {
  const attempt = ATTEMPT[request.method];
  const verb = typeof attempt === 'function' ? attempt(request.params as Record<string, unknown>) : attempt;
  const cause = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return cause.trim() ? `Could not ${verb}: ${cause.trim()}` : `Could not ${verb}.`;
}
