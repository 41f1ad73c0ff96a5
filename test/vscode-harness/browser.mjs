// Debian's Chromium driven by playwright-core (`npx playwright install` cannot download browsers here),
// and the VS Code workbench served by code-server, for UI checks and screenshots.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startCodeServer } from './code-server.mjs';

export const CHROMIUM_PATH = process.env.TWIN_CHROMIUM || '/usr/bin/chromium';
// Headless, offline and quiet: no sandbox (root in CI), no GPU, no QUIC, no background fetches.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a fresh persistent profile. handleSignals: false when the caller handles
 * SIGINT/SIGTERM itself and calls close().
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close(): Promise<void>}>}
 */
export async function launchChromium({ viewport = { width: 1280, height: 800 }, handleSignals = true } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'twin-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      // Chromium's crash handler writes under $XDG_CONFIG_HOME/chromium whatever the profile dir is.
      env: { ...process.env, XDG_CONFIG_HOME: join(profileDir, 'xdg-config'), XDG_CACHE_HOME: join(profileDir, 'xdg-cache') },
      // Playwright's own handlers close the browser and exit at once, before the caller's cleanup.
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
    });
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw new Error(
      `Cannot launch Chromium at ${CHROMIUM_PATH} (${err.message.split('\n')[0]}): ` +
        'run scripts/vscode/install-code-server.sh, which installs Debian chromium.',
    );
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closed;
  return {
    context,
    page,
    close() {
      closed ??= context
        .close()
        .catch(() => {})
        .finally(() => rmSync(profileDir, { recursive: true, force: true }));
      return closed;
    },
  };
}

/** Resolves when the workbench has rendered its main parts (editor area, activity bar, status bar). */
export async function waitForWorkbench(page, timeoutMs = 60000) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
}

/** Saves a PNG of the page at `file` (parent folders created) and returns its absolute path. */
export async function screenshot(page, file) {
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  await page.screenshot({ path: abs });
  return abs;
}

/** The workbench URL that opens `folder` (an absolute path on the code-server machine). */
export function workbenchUrl(cs, folder = cs.workspace, payload) {
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  if (payload) params.set('payload', JSON.stringify(payload));
  const query = params.toString();
  return `${cs.url}/${query ? `?${query}` : ''}`;
}

/**
 * For e2e checks: code-server + Chromium showing the workbench on `workspace`.
 * Pass `extensionsDir` holding extensions installed with install-vsix.mjs.
 * Always call close(), in a finally.
 */
export async function openWorkbench({ workspace, extensionsDir, settings, env, viewport, timeoutMs = 60000 } = {}) {
  const cs = await startCodeServer({ workspace, extensionsDir, settings, env });
  let browser;
  try {
    browser = await launchChromium({ viewport });
    await browser.page.goto(workbenchUrl(cs), { timeout: timeoutMs });
    await waitForWorkbench(browser.page, timeoutMs);
  } catch (err) {
    await browser?.close();
    await cs.stop();
    throw err;
  }
  return {
    cs,
    page: browser.page,
    context: browser.context,
    async close() {
      await browser.close();
      await cs.stop();
    },
  };
}
