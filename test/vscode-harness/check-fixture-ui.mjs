// End-to-end check of the harness' UI path on the fixture extension, and the pattern for Twin's own:
// package the extension, install the .vsix into a fresh extensions dir, open the workbench in Chromium,
// find the extension's status bar item, run its command from the Command Palette (F1), see its toast,
// and save a screenshot.
//
//   node test/vscode-harness/check-fixture-ui.mjs [--vsix FILE] [--screenshot FILE.png]
//
// Exit 0 when every step is seen, 1 otherwise.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkbench, screenshot } from './browser.mjs';
import { REPO_ROOT } from './code-server.mjs';
import { installVsix } from './install-vsix.mjs';
import { packageVsix } from './package-vsix.mjs';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'harness-extension');

const { values } = parseArgs({
  options: {
    vsix: { type: 'string' },
    screenshot: { type: 'string', default: join(REPO_ROOT, 'out', 'vscode-harness', 'fixture-ui.png') },
  },
});

const scratch = mkdtempSync(join(tmpdir(), 'twin-ui-check-'));
let wb;
const step = async (what, fn) => {
  const t = Date.now();
  const result = await fn();
  console.log(`ok  ${what} (${Date.now() - t} ms)`);
  return result;
};
try {
  const vsix = values.vsix ?? (await step('package the fixture', () => packageVsix(FIXTURE, join(scratch, 'fixture.vsix'))));
  const extensionsDir = await step('install the .vsix', () => installVsix(vsix, { extensionsDir: join(scratch, 'extensions') }));
  const workspace = join(scratch, 'workspace');
  cpSync(join(FIXTURE, 'workspace'), workspace, { recursive: true });
  wb = await step('open the workbench', () => openWorkbench({ workspace, extensionsDir }));
  const { page } = wb;

  const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Twin harness' });
  await step('see the status bar item', () => status.first().waitFor({ timeout: 30000 }));

  await step('run "Twin Harness: Greet" from the Command Palette', async () => {
    await page.locator('.part.editor').click();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill('>Twin Harness: Greet');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Twin Harness: Greet' }).first().waitFor();
    await page.keyboard.press('Enter');
  });
  await step('see its notification', async () => {
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Hello, world!' }).first();
    await toast.waitFor({ timeout: 10000 });
    // The toast slides in with a CSS transition: let it settle so the screenshot shows it.
    await toast.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  });
  const file = await screenshot(page, values.screenshot);
  console.log(`screenshot: ${file}`);
} catch (err) {
  if (wb) await screenshot(wb.page, values.screenshot.replace(/\.png$/, '-failed.png')).then((f) => console.error(`screenshot: ${f}`), () => {});
  console.error(`FAILED: ${err.message}`);
  process.exitCode = 1;
} finally {
  await wb?.close();
  rmSync(scratch, { recursive: true, force: true });
}
