/** What the dashboard shows; computed by the sidecar from stored activity, sent to the webview as is. */

export interface ActivitySummary {
  /** Start of the window (epoch ms, local midnight of its first day) and its end. */
  from: number;
  to: number;
  /** Active minutes per day (index 0 = `from`'s day) and hour of day (0–23), in the user's time zone. */
  heatmap: number[][];
  /** Active minutes by VS Code language id, largest first. */
  byLanguage: Array<{ language: string; minutes: number }>;
  topFiles: Array<{ file: string; minutes: number; edits: number }>;
  topSymbols: Array<{ symbol: string; file: string; minutes: number; edits: number }>;
  recentCommits: Array<{ hash: string; message: string; time: number; branch?: string; files: number; insertions: number; deletions: number; symbols: string[] }>;
  totals: { editMinutes: number; dwellMinutes: number; jumps: number; commits: number; events: number };
}

export interface SidecarStatus {
  pid: number;
  /** Seconds since the sidecar started. */
  uptime: number;
  paused: boolean;
  home: string;
  memories: number;
  eventsStored: number;
  lastEventAt?: number;
  rssBytes: number;
  embedder: string;
}

/** The collectors beyond the editor, as `twin/collectors` reports them. */
export type CollectorIdName = 'screen' | 'browser' | 'mail';

/**
 * Whether a collector runs, and if not why: `off` (turned off), `needs-consent` (on, but the user has not
 * accepted what it captures, or the description changed since), `paused` (observation is paused),
 * `starting`, `running`, `error` (it should run and does not; `lastError` says why).
 */
export type CollectorRunState = 'off' | 'needs-consent' | 'paused' | 'starting' | 'running' | 'error';

export interface CollectorView {
  id: CollectorIdName;
  title: string;
  /** What it captures and never captures, shown before consent. */
  captures: string;
  /** sha256 of `captures`: consent names the text it accepted. */
  capturesHash: string;
  state: CollectorRunState;
  enabled: boolean;
  /** The collector's options as stored in config.json (`enabled` aside). */
  options: Record<string, unknown>;
  consent: { granted: boolean; at?: string; changed?: boolean };
  captured: number;
  lastActivityAt?: number;
  lastRunAt?: number;
  lastError?: string;
  detail?: string;
}

/** Today's screen sessions and browser visits, computed in the sidecar from collector memories. */
export interface AppsAndSites {
  from: number;
  to: number;
  apps: Array<{ app: string; minutes: number; sessions: number }>;
  sites: Array<{ domain: string; visits: number; minutes: number }>;
}

/** One line of `TWIN_HOME/slack/activity.jsonl`, written by the Slack app. */
export type SlackActivityStatus = 'auto-sent' | 'sent-after-approval' | 'awaiting-approval' | 'dismissed' | 'flagged-injection' | 'skipped-paused';

export interface SlackActivityEntry {
  /** ISO-8601. */
  at: string;
  conversation: string;
  user: string;
  incomingExcerpt: string;
  reply?: string;
  status: SlackActivityStatus;
  confidence?: number;
  draftId?: string;
  reasons?: string[];
}

/**
 * The Slack app in the sidecar (`twin/slackStatus`): whether it runs, how it receives events, who it
 * speaks for (auth.test), where its tokens came from, and the last event and error.
 */
export interface SlackStatus {
  /** `slack.enabled` (config.json, or the twin.slack.enabled VS Code setting). */
  enabled: boolean;
  running: boolean;
  /** `http`: the Events API receiver on `host:port`; `socket`: Socket Mode (dials out, no port). */
  mode?: 'http' | 'socket';
  host?: string;
  port?: number;
  /** The Events API request URL (HTTP mode). */
  url?: string;
  user?: { id: string; name?: string };
  team?: { id?: string; name?: string };
  /** `vscode`: sent by the extension from its secret storage; `environment`: SLACK_* variables. */
  tokensFrom: 'vscode' | 'environment' | 'none';
  /** Epoch ms of the last event or button press that reached the app. */
  lastEventAt?: number;
  /** Why it is not running, or the last failure while handling an event. */
  lastError?: string;
  lastErrorAt?: number;
}

/** One draft from `TWIN_HOME/drafting/drafts.jsonl` (ids and numbers; the text is not logged there). */
export interface DraftLogEntry {
  draftId: string;
  channel: string;
  /** ISO-8601. */
  at: string;
  exemplars: number;
  drafter?: string;
  confidence?: number;
  firstLine?: string;
}
