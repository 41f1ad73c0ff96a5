import * as assert from 'node:assert/strict';
import { buildDashboardHtml, createNonce, dashboardCsp } from './dashboard-html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/dashboard.js';
const STYLE = 'https://file+.vscode-resource.vscode-cdn.net/ext/media/dashboard.css';

function page(nonce = createNonce()) {
  return { nonce, html: buildDashboardHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: SCRIPT, styleUri: STYLE }) };
}

function csp(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match, 'the page declares a CSP');
  return match[1].replace(/&#39;|&apos;/g, "'");
}

describe('Dashboard HTML', () => {
  it('declares the strict CSP with this page’s nonce', () => {
    const { nonce, html } = page();
    assert.equal(
      csp(html),
      `default-src 'none'; img-src ${CSP_SOURCE} data:; style-src ${CSP_SOURCE}; script-src 'nonce-${nonce}'; font-src ${CSP_SOURCE}`,
    );
    assert.equal(csp(html), dashboardCsp(CSP_SOURCE, nonce));
  });

  it('loads exactly one script, carrying the nonce, and the stylesheet, both from the webview’s own origin', () => {
    const { nonce, html } = page();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [` nonce="${nonce}" src="${SCRIPT}"`]);
    assert.deepEqual([...html.matchAll(/<link\b[^>]*href="([^"]*)"/g)].map((m) => m[1]), [STYLE]);
  });

  it('has no inline script or style, and no URL outside the webview’s origin', () => {
    const { html } = page();
    assert.doesNotMatch(html, /<style\b/);
    assert.doesNotMatch(html, /\sstyle=/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script body');
    const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>;]+/g)].map((m) => m[0]);
    assert.ok(urls.length >= 2);
    for (const url of urls) assert.ok(url.startsWith(CSP_SOURCE), `${url} is outside ${CSP_SOURCE}`);
  });

  it('says it is loading until the app renders, so a screen reader hears something', () => {
    assert.match(page().html, /<main id="app" aria-busy="true"><p class="loading">Loading Twin…<\/p><\/main>/);
  });

  it('creates a fresh, unguessable nonce for each page', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a nonce too short to protect anything, and escapes URIs', () => {
    assert.throws(() => buildDashboardHtml({ cspSource: CSP_SOURCE, nonce: 'abc', scriptUri: SCRIPT, styleUri: STYLE }), /nonce/);
    const html = buildDashboardHtml({ cspSource: CSP_SOURCE, nonce: createNonce(), scriptUri: `${SCRIPT}?a="><b>`, styleUri: STYLE });
    assert.doesNotMatch(html, /<b>/);
  });
});
