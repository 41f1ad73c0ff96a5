import * as assert from 'node:assert/strict';
import { memoryForRun } from '../../core/collectors/browser/visit-memories';
import { ocrMemory, sessionMemory } from '../../core/collectors/screen/screen-memories';
import { openTempTwin } from '../../core/test-support/temp-twin';
import type { Twin } from '../../core/twin';
import { appsAndSites } from './apps-and-sites';

const MINUTE = 60_000;
const T0 = new Date(2026, 10, 22, 9, 0).getTime();

describe('Apps & sites', function () {
  let twin: Twin;
  let cleanup: () => Promise<void>;
  before(async () => ({ twin, cleanup } = await openTempTwin()));
  after(() => cleanup());

  it('sums screen sessions by application and browser visits by domain, from what the collectors stored in the window', async () => {
    const session = (app: string, title: string, start: number, minutes: number) => ({ id: `screen:${start}:${app}`, app, title, start, lastSeen: start + minutes * MINUTE });
    const firefox = { browser: 'firefox' as const, key: 'abc', label: 'Firefox default' };
    const visit = (id: number, url: string, start: number, visits = 1, dwellMs?: number) =>
      memoryForRun({ firstVisitId: id, url, domain: new URL(url).hostname, title: `Page ${id}`, start, end: start + MINUTE, visits, dwellMs }, firefox);
    const editor = session('code', 'config.ts — service', T0, 40);
    await twin.remember([
      sessionMemory(editor),
      sessionMemory(session('code', 'server.py — service', T0 + 50 * MINUTE, 25)),
      sessionMemory(session('xterm', 'npm test', T0 + 80 * MINUTE, 12)),
      // OCR names the app too, but is no time of its own.
      ocrMemory(editor, 'export function parseConfig(raw: string)', T0 + 5 * MINUTE),
      visit(1, 'https://github.com/acme/twin/pull/12', T0 + 10 * MINUTE, 3, 4 * MINUTE),
      visit(2, 'https://www.github.com/acme/twin/issues', T0 + 20 * MINUTE),
      visit(3, 'https://docs.lancedb.com/search', T0 + 30 * MINUTE),
      // Yesterday: outside the window.
      sessionMemory(session('gimp', 'poster.xcf', T0 - 20 * 60 * MINUTE, 90)),
      visit(4, 'https://news.example.com/', T0 - 20 * 60 * MINUTE, 9),
    ]);
    const summary = await appsAndSites(twin.internals.store, T0 - 60 * MINUTE, T0 + 12 * 60 * MINUTE);
    assert.deepEqual(summary.apps, [
      { app: 'code', minutes: 65, sessions: 2 },
      { app: 'xterm', minutes: 12, sessions: 1 },
    ]);
    assert.deepEqual(summary.sites, [
      { domain: 'github.com', visits: 4, minutes: 4 },
      { domain: 'docs.lancedb.com', visits: 1, minutes: 0 },
    ]);
  });
});
