import { randomBytes } from 'node:crypto';

export interface DashboardHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load its own script, css and images from. */
  cspSource: string;
  /** Fresh per page load; only scripts carrying it run. */
  nonce: string;
  /** `webview.asWebviewUri(...)` of dist/webview/dashboard.js and media/dashboard.css, as strings. */
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits, base64url: valid in a CSP nonce and impossible to guess. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The dashboard's Content-Security-Policy: nothing remote, no inline style, only our nonce'd script. */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The webview's page. The app renders into #app; until its script runs the page says it is loading,
 * which is also what a screen reader hears first.
 */
export function buildDashboardHtml(options: DashboardHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri } = options;
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(nonce)) throw new Error('The dashboard nonce must be at least 16 base64 characters.');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(dashboardCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>Twin</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">Loading Twin…</p></main>
<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
