/**
 * Every message between the dashboard webview and the extension host, in one place. Imported by both
 * sides, so it must not import `vscode` nor anything that reaches Node (the webview typechecks it with
 * lib dom only).
 *
 * Webview → host: requests `{ id, method, params }`; the host answers each with `{ id, result }` or
 * `{ id, error }`, `id` being the webview's sequence number. Host → webview: notifications
 * `{ method, params }` without an id.
 */
import type {
  ActivitySummary,
  AppsAndSites,
  CollectorIdName,
  CollectorRunState,
  CollectorView,
  DraftLogEntry,
  SidecarStatus,
  SlackActivityEntry,
  SlackActivityStatus,
  SlackStatus,
} from '../../core/protocol/dashboard';
import type { Memory } from '../../core/types';

export type { ActivitySummary, AppsAndSites, CollectorIdName, CollectorRunState, CollectorView, DraftLogEntry, SidecarStatus, SlackActivityEntry, SlackActivityStatus, SlackStatus };

export const COLLECTOR_IDS: readonly CollectorIdName[] = ['screen', 'browser', 'mail'];

/** Recent drafts and the Slack app's replies and approvals, newest first. */
export interface DraftsAndReplies {
  drafts: DraftLogEntry[];
  replies: SlackActivityEntry[];
  /** The Slack app's state; absent when the sidecar could not say. */
  slack?: SlackStatus;
}

export const DASHBOARD_VIEW_ID = 'twin.dashboard';

export type ActivityRange = 'today' | 'week';
export const ACTIVITY_RANGES: readonly ActivityRange[] = ['today', 'week'];

/** The sidecar as the dashboard shows it: running with its status, or why it is not. */
export type SidecarView =
  | ({ state: 'running' } & SidecarStatus)
  | { state: 'starting' | 'restarting' | 'down'; message: string };

/** What each observer may record, and the globs of files none may look at. */
export interface ObserverSettings {
  editing: boolean;
  navigation: boolean;
  commits: boolean;
  exclude: string[];
}

export interface DashboardState {
  /** Observation paused everywhere (extension observers and sidecar collectors). */
  paused: boolean;
  sidecar: SidecarView;
  /** Workspace trust: an untrusted workspace is never observed. */
  trusted: boolean;
  settings: ObserverSettings;
}

/**
 * A recalled memory on the wire: the sidecar's `RecallItem` (the host checks at compile time, in
 * dashboard-backend.ts, that one is assignable to the other), written out here because importing
 * sidecar-protocol would pull the store and Node's types into the webview's typecheck.
 */
export interface DashboardRecallItem {
  memory: Memory;
  score: number;
  why: RecallWhy;
}

/** Why recall returned a memory (recall's RecallExplanation): every number that went into its score. */
export type RecallWhy = {
  /** 1-based rank in the vector search and its cosine similarity, when that search found it. */
  vectorRank?: number;
  similarity?: number;
  /** 1-based rank in the full-text search and its BM25 score, when that search found it. */
  textRank?: number;
  textScore?: number;
  /** Fused relevance of both lists, 0..1. */
  relevance: number;
  importance: number;
  /** 0..1, halving with age. */
  recency: number;
};

/** Each request: what the webview sends and what the host answers. */
export interface DashboardMethods {
  getState: { params: Record<string, never>; result: DashboardState };
  getActivity: { params: { range: ActivityRange }; result: ActivitySummary };
  search: { params: { query: string; limit?: number }; result: DashboardRecallItem[] };
  /** `forgotten` is false when the memory was already gone; either way it no longer exists. */
  forget: { params: { id: string }; result: { forgotten: boolean } };
  setPaused: { params: { paused: boolean }; result: { paused: boolean } };
  /** Applies the given fields and answers with the settings now in force. */
  updateSettings: { params: Partial<ObserverSettings>; result: ObserverSettings };
  /** The screen, browser and mail collectors: state, consent, what each captures. */
  getCollectors: { params: Record<string, never>; result: CollectorView[] };
  /** Turns a collector on or off (its VS Code setting); turning on asks for consent if needed. */
  setCollectorEnabled: { params: { id: CollectorIdName; enabled: boolean }; result: CollectorView };
  /** Allows (naming the hash of the text shown) or withdraws a collector. */
  consentCollector: { params: { id: CollectorIdName; accepted: boolean; capturesHash?: string }; result: CollectorView };
  /** Today's apps (screen) and sites (browser). */
  getAppsAndSites: { params: Record<string, never>; result: AppsAndSites };
  getDraftsAndReplies: { params: { limit?: number }; result: DraftsAndReplies };
}

export type DashboardMethod = keyof DashboardMethods;
export const DASHBOARD_METHODS: readonly DashboardMethod[] = [
  'getState',
  'getActivity',
  'search',
  'forget',
  'setPaused',
  'updateSettings',
  'getCollectors',
  'setCollectorEnabled',
  'consentCollector',
  'getAppsAndSites',
  'getDraftsAndReplies',
];

export type DashboardParams<M extends DashboardMethod> = DashboardMethods[M]['params'];
export type DashboardResult<M extends DashboardMethod> = DashboardMethods[M]['result'];

/** Each notification the host pushes. */
export interface DashboardNotifications {
  /** Some of the state changed (observation paused or resumed, sidecar restarting, trust, settings). */
  stateChanged: Partial<DashboardState>;
  /** New activity was stored; the webview refetches what it shows when it wants to. */
  activityChanged: { at: number };
  /** The view became visible again: refetch everything. */
  refresh: Record<string, never>;
  /** A collector's settings, consent or state changed. */
  collectorsChanged: Record<string, never>;
}

export type DashboardNotificationMethod = keyof DashboardNotifications;

export type DashboardRequest = {
  [M in DashboardMethod]: { id: number; method: M; params: DashboardParams<M> };
}[DashboardMethod];

export interface DashboardError {
  /** A sentence a person can act on, shown in the webview as is. */
  message: string;
  /** `invalid` = the request itself was malformed; `failed` = the backend could not do it. */
  code: 'invalid' | 'failed';
}

export type DashboardResponse =
  | { id: number; result: DashboardResult<DashboardMethod> }
  | { id: number; error: DashboardError };

export type DashboardNotification = {
  [N in DashboardNotificationMethod]: { method: N; params: DashboardNotifications[N] };
}[DashboardNotificationMethod];

/** Caps that keep the webview responsive whatever the backend returns. */
export const LIMITS = {
  searchQueryChars: 500,
  searchResults: 20,
  excludeGlobs: 200,
  excludeGlobChars: 300,
  recentEntries: 50,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isDashboardMethod(value: unknown): value is DashboardMethod {
  return typeof value === 'string' && (DASHBOARD_METHODS as readonly string[]).includes(value);
}

/** A response from the host: a numeric id and exactly one of result or error. */
export function isDashboardResponse(message: unknown): message is DashboardResponse {
  if (!isRecord(message) || typeof message.id !== 'number' || 'method' in message) return false;
  if ('error' in message) return isRecord(message.error) && typeof message.error.message === 'string';
  return 'result' in message;
}

export function isDashboardNotification(message: unknown): message is DashboardNotification {
  return isRecord(message) && !('id' in message) && typeof message.method === 'string' && isRecord(message.params);
}

/**
 * Checks a request from the webview: the envelope and each method's params. Returns the request, or
 * why it is not one (phrased for the error reply). Requests without a usable id cannot be answered and
 * come back as `undefined`.
 */
export function parseDashboardRequest(message: unknown): { request: DashboardRequest } | { id: number; problem: string } | undefined {
  if (!isRecord(message) || typeof message.id !== 'number' || !Number.isSafeInteger(message.id)) return undefined;
  const id = message.id;
  if (!isDashboardMethod(message.method)) return { id, problem: `Unknown request "${String(message.method)}".` };
  const params = message.params ?? {};
  if (!isRecord(params)) return { id, problem: `The parameters of "${message.method}" must be an object.` };
  const problem = paramsProblem(message.method, params);
  if (problem) return { id, problem };
  return { request: { id, method: message.method, params } as DashboardRequest };
}

function paramsProblem(method: DashboardMethod, p: Record<string, unknown>): string | undefined {
  switch (method) {
    case 'getState':
      return undefined;
    case 'getActivity':
      return ACTIVITY_RANGES.includes(p.range as ActivityRange) ? undefined : `The activity range must be one of ${ACTIVITY_RANGES.join(', ')}.`;
    case 'search':
      if (typeof p.query !== 'string') return 'The search query must be text.';
      if (p.query.length > LIMITS.searchQueryChars) return `The search query is longer than ${LIMITS.searchQueryChars} characters.`;
      if (p.limit !== undefined && !(Number.isInteger(p.limit) && (p.limit as number) > 0)) return 'The search limit must be a positive whole number.';
      return undefined;
    case 'forget':
      return typeof p.id === 'string' && p.id.length > 0 ? undefined : 'Which memory to delete is missing.';
    case 'setPaused':
      return typeof p.paused === 'boolean' ? undefined : '"paused" must be true or false.';
    case 'updateSettings':
      return settingsProblem(p);
    case 'getCollectors':
    case 'getAppsAndSites':
      return undefined;
    case 'setCollectorEnabled':
      if (!COLLECTOR_IDS.includes(p.id as CollectorIdName)) return `The collector must be one of ${COLLECTOR_IDS.join(', ')}.`;
      return typeof p.enabled === 'boolean' ? undefined : '"enabled" must be true or false.';
    case 'consentCollector':
      if (!COLLECTOR_IDS.includes(p.id as CollectorIdName)) return `The collector must be one of ${COLLECTOR_IDS.join(', ')}.`;
      if (typeof p.accepted !== 'boolean') return '"accepted" must be true or false.';
      return p.accepted && typeof p.capturesHash !== 'string' ? 'Allowing a collector must name the description that was shown.' : undefined;
    case 'getDraftsAndReplies':
      if (p.limit !== undefined && !(Number.isInteger(p.limit) && (p.limit as number) > 0 && (p.limit as number) <= LIMITS.recentEntries)) {
        return `The limit must be a whole number from 1 to ${LIMITS.recentEntries}.`;
      }
      return undefined;
  }
}

function settingsProblem(p: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(p)) {
    if (key === 'exclude') {
      const globs = p.exclude;
      if (!Array.isArray(globs) || !globs.every((g) => typeof g === 'string')) return 'The exclude globs must be a list of text.';
      if (globs.length > LIMITS.excludeGlobs) return `At most ${LIMITS.excludeGlobs} exclude globs are allowed.`;
      const long = globs.find((g: string) => g.length > LIMITS.excludeGlobChars);
      if (long !== undefined) return `The exclude glob "${long.slice(0, 40)}…" is longer than ${LIMITS.excludeGlobChars} characters.`;
    } else if (key === 'editing' || key === 'navigation' || key === 'commits') {
      if (typeof p[key] !== 'boolean') return `"${key}" must be true or false.`;
    } else {
      return `Unknown setting "${key}".`;
    }
  }
  return undefined;
}
