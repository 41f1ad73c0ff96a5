/**
 * Drives Debian's Chromium headless over a persistent profile so it writes a real `History` file.
 * Closing the context makes Chromium commit its history at once (otherwise it does ~10 s later).
 */
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Opens Chromium on `userDataDir`, lets `browse` drive one page, and closes it (which writes History).
 * Host names ending in `.test` resolve to 127.0.0.1, so a test can visit "other domains" locally.
 */
export async function browseWithChromium(userDataDir: string, browse: (page: import('playwright-core').Page) => Promise<void>): Promise<void> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP *.test 127.0.0.1',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await browse(page);
  } finally {
    await context.close();
  }
}
