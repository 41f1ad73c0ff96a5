/** The bits of the webview API the dashboard uses (`acquireVsCodeApi` may be called once per page). */

export interface SavedViewState {
  range?: 'today' | 'week';
  query?: string;
}

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): SavedViewState | undefined;
  setState(state: SavedViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** Merges into the state VS Code keeps while the view is hidden or the window reloads. */
export function saveViewState(patch: SavedViewState): void {
  const current = vscodeApi().getState() ?? {};
  vscodeApi().setState({ ...current, ...patch });
}
