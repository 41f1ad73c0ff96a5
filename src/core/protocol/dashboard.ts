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
