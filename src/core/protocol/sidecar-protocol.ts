/**
 * Every request between the sidecar and its clients (the extension over stdio, the CLI over the local
 * socket), in one place. JSON-RPC 2.0; method names are `twin/<verb>`.
 */
import type { RecallExplanation, RecallMode } from '../recall/rank-fusion';
import type { Memory, MemoryInput } from '../types';
import type { MemoryFilter } from '../store/memory-filter';
import type { TwinEvent } from './events';
import type { ActivitySummary, AppsAndSites, CollectorIdName, CollectorView, DraftLogEntry, SidecarStatus, SlackActivityEntry, SlackStatus } from './dashboard';
import type { SlackSettingsOverride } from '../slack/slack-config';
import type { ImportReport } from '../twin';
import type { DraftRequest, DraftResponse } from './draft-protocol';

export interface RecallItem {
  memory: Memory;
  score: number;
  why: RecallExplanation;
}

export interface SidecarMethods {
  /**
   * Stores events exactly once; `stored` lists the ids now durably stored (new or already known),
   * `rejected` the malformed ones (never worth resending), and `paused` says nothing was recorded.
   */
  'twin/ingestEvents': {
    params: { events: TwinEvent[] };
    result: { stored: string[]; rejected?: Array<{ id?: string; reason: string }>; paused?: boolean };
  };
  'twin/recall': { params: { query: string; limit?: number; mode?: RecallMode; filter?: MemoryFilter }; result: RecallItem[] };
  'twin/remember': { params: { memories: MemoryInput[] }; result: Array<{ id: string; outcome: string; redactions: number }> };
  'twin/forget': { params: { ids?: string[]; query?: string; source?: string; all?: boolean }; result: { forgotten: number; ids: string[]; missing: string[] } };
  'twin/stats': { params: Record<string, never>; result: unknown };
  'twin/status': { params: Record<string, never>; result: SidecarStatus };
  'twin/setPaused': { params: { paused: boolean }; result: { paused: boolean } };
  'twin/activity': { params: { from: number; to: number }; result: ActivitySummary };
  /** Reads a repository's history by the given authors (backfill), with `twin/progress` notifications. */
  'twin/learnRepository': { params: { path: string; authorEmails?: string[] }; result: { commits: number; memories: number; seconds: number } };
  'twin/consolidate': { params: Record<string, never>; result: unknown };
  /** Imports a JSONL file or an export folder (an absolute path the sidecar can read), with progress. */
  'twin/import': { params: { path: string }; result: ImportReport };
  'twin/shutdown': { params: Record<string, never>; result: { ok: true } };
  /** The collectors beyond the editor: state, what each captures, settings and consent. */
  'twin/collectors': { params: Record<string, never>; result: CollectorView[] };
  /** Turns a collector on/off and/or changes its options (persisted in config.json), applied at once. */
  'twin/configureCollector': { params: { id: CollectorIdName; enabled?: boolean; options?: Record<string, unknown> }; result: CollectorView };
  /** Accepts (naming the hash of the `captures` text shown) or withdraws consent to a collector. */
  'twin/consentCollector': { params: { id: CollectorIdName; accepted: boolean; capturesHash?: string }; result: CollectorView };
  /** A collector's secret, kept in the sidecar's memory only (the extension sends it from SecretStorage). */
  'twin/setSecret': { params: { collector: 'mail'; password?: string; accessToken?: string }; result: { ok: true } };
  /** The newest lines of TWIN_HOME/slack/activity.jsonl, newest first. */
  'twin/slackActivity': { params: { limit?: number }; result: SlackActivityEntry[] };
  /** The newest entries of the drafts log, newest first. */
  'twin/recentDrafts': { params: { limit?: number }; result: DraftLogEntry[] };
  /** Screen time by application and browser visits by domain in a window, from the collectors' memories. */
  'twin/appsAndSites': { params: { from: number; to: number }; result: AppsAndSites };
  /**
   * The Slack app's settings on top of config.json's `slack` (`{}` drops them), its Web API URL, and its
   * tokens from VS Code's secret storage (memory only; null forgets them): applied at once, no restart.
   */
  'twin/configureSlack': {
    params: { settings?: SlackSettingsOverride; apiUrl?: string; tokens?: { signingSecret?: string; botToken?: string; userToken?: string; appToken?: string } | null };
    result: SlackStatus;
  };
  /** Whether the Slack app runs, how, for whom, and its last event and error. */
  'twin/slackStatus': { params: Record<string, never>; result: SlackStatus };
  /** Drafts a commit message, code, a review or a reply in the sidecar, asking the client for its picked model (draft-protocol.ts). */
  'twin/draft': { params: DraftRequest; result: DraftResponse };
}

export type SidecarMethod = keyof SidecarMethods;

/** Notifications the sidecar sends. */
export interface SidecarNotifications {
  'twin/progress': { task: string; done: number; total?: number; message?: string };
  'twin/log': { level: 'info' | 'warn' | 'error'; message: string };
}

/** Where the sidecar listens for the CLI: a Unix socket inside TWIN_HOME (a folder only the user can enter). */
export const SIDECAR_SOCKET_NAME = 'sidecar.sock';
