// Runs a mocha suite inside a REAL VS Code extension host (code-server's), offline.
//
//   node test/vscode-harness/run-extension-tests.mjs \
//     --extension test/fixtures/harness-extension \
//     --tests test/fixtures/harness-extension/test/suite/index.js \
//     --workspace test/fixtures/harness-extension/workspace \
//     [--screenshot out/harness/workbench.png] [--timeout 300] [--in-place] [--debug]
//
// code-server refuses --extensionDevelopmentPath, but its web page accepts the payload that
// @vscode/test-web uses; Chromium opens that page, the remote (Node) extension host loads the
// extension under development, calls run() of the tests module, and reports its exit code through
// window.codeAutomationExit. Exit code: 0 when run() resolved, 1 when it rejected (mocha failures),
// 2 when the harness itself failed (no report, timeout, bad arguments).

import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { launchChromium, screenshot, waitForWorkbench, workbenchUrl } from './browser.mjs';
import { startCodeServer } from './code-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const HOST_MARK = '\u2063twin-host\u2063'; // keep in sync with host-shim.cjs

export const HARNESS_FAILURE = 2;

/**
 * @param {object} o
 * @param {string} o.extensionDevelopmentPath folder with the extension's package.json
 * @param {string} o.extensionTestsPath       CommonJS module exporting run(): Promise<void>
 * @param {string} [o.workspace]              folder to open; copied to a temp dir unless inPlace
 * @param {boolean} [o.inPlace]               open `workspace` itself (tests may then modify it)
 * @param {string} [o.extensionsDir]          extensions installed beside the one under test
 * @param {object} [o.env]                    extra environment for code-server and so the extension host
 * @param {number} [o.timeoutMs]              whole run, default 300 000
 * @param {string} [o.screenshotPath]         PNG of the workbench when the host reports its exit
 * @param {boolean} [o.debug]                 also print Chromium console and code-server output
 * @param {(line: string) => void} [o.print]  where the host's log lines go (default stdout)
 * @param {AbortSignal} [o.signal]            aborts the run (cleanup still runs); the CLI wires SIGINT/SIGTERM
 * @returns {Promise<{exitCode: number, passed?: number, failed?: number, timings: object}>}
 */
export async function runExtensionTests(o) {
  const print = o.print ?? ((line) => process.stdout.write(`${line}\n`));
  const timeoutMs = o.timeoutMs ?? 300_000;
  const extensionPath = resolve(o.extensionDevelopmentPath);
  const testsPath = resolve(o.extensionTestsPath);
  if (!existsSync(join(extensionPath, 'package.json'))) {
    throw new Error(`extensionDevelopmentPath ${extensionPath} has no package.json`);
  }
  if (!existsSync(testsPath) || !statSync(testsPath).isFile()) {
    throw new Error(`extensionTestsPath ${testsPath} is not a file (point it at the compiled index.js)`);
  }

  const timings = {};
  const t0 = Date.now();
  let workspace = o.workspace ? resolve(o.workspace) : undefined;
  let workspaceCopy;
  if (workspace && !o.inPlace) {
    workspaceCopy = mkdtempSync(join(tmpdir(), 'twin-ws-'));
    const target = join(workspaceCopy, basename(workspace));
    cpSync(workspace, target, { recursive: true });
    workspace = target;
  }

  let cs;
  let browser;
  let timer;
  const checkAborted = () => {
    if (o.signal?.aborted) throw new Error(`aborted (${o.signal.reason ?? 'signal'})`);
  };
  // With a signal the caller owns signal handling; cleanup then always runs in the finally below.
  const handleSignals = !o.signal;
  try {
    checkAborted();
    cs = await startCodeServer({ workspace, extensionsDir: o.extensionsDir, env: o.env, verbose: o.debug, handleSignals });
    timings.codeServerReadyMs = Date.now() - t0;
    checkAborted();

    browser = await launchChromium({ handleSignals });
    const { page } = browser;
    timings.browserReadyMs = Date.now() - t0;
    checkAborted();

    let passed;
    let failed;
    const onHostLine = (line) => {
      timings.firstHostLineMs ??= Date.now() - t0;
      const m = /^(\d+) passed, (\d+) failed/.exec(line);
      if (m) [passed, failed] = [Number(m[1]), Number(m[2])];
      print(line);
    };

    let reportExit;
    const exited = new Promise((res) => (reportExit = res));
    const seen = { automationLog: 0, lastLines: [] };
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      seen.automationLog++;
      const text = Array.isArray(message)
        ? message.length === 1
          ? String(message[0])
          : format(...message)
        : String(message);
      if (text.startsWith(HOST_MARK)) {
        onHostLine(text.slice(HOST_MARK.length));
        return;
      }
      seen.lastLines.push(`[${level}] ${text}`);
      if (seen.lastLines.length > 20) seen.lastLines.shift();
      if (o.debug) print(`[workbench ${level}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      timings.hostExitMs = Date.now() - t0;
      reportExit({ code });
    });

    if (o.debug) {
      page.on('console', (msg) => print(`[chromium ${msg.type()}] ${msg.text()}`));
      page.on('pageerror', (err) => print(`[chromium pageerror] ${err.message}`));
    }
    page.on('crash', () => reportExit({ error: new Error('the Chromium page crashed') }));
    cs.child.once('exit', (code, signal) =>
      reportExit({ error: new Error(`code-server exited (${code ?? signal}) while the tests ran`) }),
    );

    // The host loads this entry instead of the tests module: host-shim marks the host's console lines.
    const entry = join(cs.tmpRoot, 'harness-entry.cjs');
    writeFileSync(
      entry,
      `module.exports = require(${JSON.stringify(join(HERE, 'host-shim.cjs'))}).wrap(${JSON.stringify(testsPath)});\n`,
    );
    const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
    const url = workbenchUrl(cs, workspace, [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(entry)],
    ]);
    const remaining = () => Math.max(1000, timeoutMs - (Date.now() - t0));
    const timedOut = new Promise((res) => {
      timer = setTimeout(() => res({ timeout: true }), remaining());
    });
    o.signal?.addEventListener('abort', () => reportExit({ error: new Error(`aborted (${o.signal.reason})`) }), {
      once: true,
    });

    await Promise.race([page.goto(url, { timeout: remaining() }), exited]);
    const rendered = waitForWorkbench(page, remaining()).then(
      () => (timings.workbenchRenderedMs = Date.now() - t0),
      () => {},
    );

    const outcome = await Promise.race([exited, timedOut]);
    await Promise.race([rendered, new Promise((r) => setTimeout(r, 2000))]);
    timings.totalMs = Date.now() - t0;

    if (o.screenshotPath) {
      const file = await screenshot(page, o.screenshotPath).catch((err) => `failed: ${err.message}`);
      print(`[harness] screenshot: ${file}`);
    }
    if (outcome.timeout) {
      throw new Error(
        `The extension host did not report an exit within ${Math.round(timeoutMs / 1000)} s ` +
          `(workbench rendered: ${timings.workbenchRenderedMs !== undefined}, ` +
          `workbench log lines: ${seen.automationLog}). ` +
          'Does run() in the tests module return a promise that settles? Rerun with --debug.\n' +
          `Last workbench log lines:\n${seen.lastLines.join('\n')}`,
      );
    }
    if (outcome.error) throw outcome.error;
    return { exitCode: outcome.code, passed, failed, timings };
  } finally {
    clearTimeout(timer);
    const c0 = Date.now();
    await browser?.close();
    await cs?.stop();
    if (workspaceCopy) rmSync(workspaceCopy, { recursive: true, force: true });
    timings.cleanupMs = Date.now() - c0;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      'extensions-dir': { type: 'string' },
      'in-place': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      screenshot: { type: 'string' },
      debug: { type: 'boolean', default: !!process.env.TWIN_HARNESS_DEBUG },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.extension || !values.tests) {
    console.error(
      'usage: run-extension-tests.mjs --extension DIR --tests INDEX_JS [--workspace DIR] [--in-place]\n' +
        '       [--extensions-dir DIR] [--timeout SECONDS] [--screenshot FILE.png] [--debug]',
    );
    return values.help ? 0 : HARNESS_FAILURE;
  }
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => abort.abort(sig));
  try {
    const result = await runExtensionTests({
      signal: abort.signal,
      extensionDevelopmentPath: values.extension,
      extensionTestsPath: values.tests,
      workspace: values.workspace,
      inPlace: values['in-place'],
      extensionsDir: values['extensions-dir'],
      timeoutMs: Number(values.timeout) * 1000,
      screenshotPath: values.screenshot,
      debug: values.debug,
    });
    const t = result.timings;
    console.log(
      `[harness] extension host exited with ${result.exitCode}. Timeline (ms from start): code-server ready ` +
        `${t.codeServerReadyMs}, Chromium up ${t.browserReadyMs}, workbench rendered ${t.workbenchRenderedMs ?? '?'}, ` +
        `first test output ${t.firstHostLineMs ?? '?'}, host exit ${t.hostExitMs}; cleanup ${t.cleanupMs}`,
    );
    // Last line, in the plain form CI reads.
    if (result.passed !== undefined) console.log(`vscode: ${result.passed} passed, ${result.failed} failed`);
    return result.exitCode;
  } catch (err) {
    console.error(`[harness] ERROR: ${err.message}`);
    if (abort.signal.aborted) return 128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[abort.signal.reason];
    return HARNESS_FAILURE;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
