import * as vscode from 'vscode';
import type { DashboardBackend } from './dashboard-backend';
import { buildDashboardHtml, createNonce } from './dashboard-html';
import { DASHBOARD_VIEW_ID, DashboardNotification, DashboardNotificationMethod, DashboardNotifications } from './protocol';
import { routeDashboardRequest } from './request-router';

export interface DashboardViewProviderOptions {
  /** Where failures to deliver messages are reported (an output channel); silent when absent. */
  log?: (message: string) => void;
}

/**
 * The Twin sidebar dashboard: serves the webview, answers its requests from the backend and pushes
 * state changes to it. Everything is asynchronous; a slow or failing backend shows up in the webview as
 * a pending or failed section, never as a blocked extension host.
 */
export class DashboardViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = DASHBOARD_VIEW_ID;

  private view: vscode.WebviewView | undefined;
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly backend: DashboardBackend,
    private readonly extensionUri: vscode.Uri,
    private readonly options: DashboardViewProviderOptions = {},
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    const scriptRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const webview = view.webview;
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [scriptRoot, mediaRoot] };
    webview.html = buildDashboardHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(scriptRoot, 'dashboard.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'dashboard.css')).toString(),
    });
    this.viewDisposables.push(
      webview.onDidReceiveMessage((message: unknown) => void this.answer(webview, message)),
      // A view that was hidden may have missed notifications: have it refetch what it shows.
      view.onDidChangeVisibility(() => {
        if (view.visible) this.notify('refresh', {});
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    );
  }

  /** Pushes a notification to the webview when it is showing; dropped otherwise (it refetches on show). */
  notify<N extends DashboardNotificationMethod>(method: N, params: DashboardNotifications[N]): void {
    const view = this.view;
    if (!view?.visible) return;
    const message = { method, params } as DashboardNotification;
    view.webview.postMessage(message).then(undefined, (err: unknown) => this.log(`Could not notify the dashboard (${method}): ${String(err)}`));
  }

  /** Has the webview refetch everything it shows (the view's Refresh command). */
  refresh(): void {
    this.notify('refresh', {});
  }

  dispose(): void {
    this.disposeView();
  }

  private async answer(webview: vscode.Webview, message: unknown): Promise<void> {
    const response = await routeDashboardRequest(this.backend, message);
    if (!response || this.view?.webview !== webview) return;
    try {
      await webview.postMessage(response);
    } catch (err) {
      this.log(`Could not answer the dashboard (request ${response.id}): ${String(err)}`);
    }
  }

  private disposeView(): void {
    for (const disposable of this.viewDisposables.splice(0)) disposable.dispose();
    this.view = undefined;
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
