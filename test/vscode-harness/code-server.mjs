// Starts and stops a real VS Code (code-server, installed by scripts/vscode/install-code-server.sh)
// on a free 127.0.0.1 port, with a throw-away user-data-dir, extensions-dir and config.
//
//   const cs = await startCodeServer({ workspace: '/abs/folder' });
//   try { ... cs.url ... } finally { await cs.stop(); }
//
// stop() kills code-server's whole process group (server, extension host, pty host, file watcher):
// code-server is spawned detached, so its PID is also its process group id.

import { spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';

/** The install folder: $TWIN_CODE_SERVER_DIR or <repo>/.tools/code-server. */
export function codeServerDir() {
  return process.env.TWIN_CODE_SERVER_DIR || join(REPO_ROOT, '.tools', 'code-server');
}

/** code-server's entry script; throws with the fix when it is not installed. */
export function codeServerEntry(dir = codeServerDir()) {
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) {
    throw new Error(`code-server is not installed in ${dir}: run scripts/vscode/install-code-server.sh`);
  }
  return entry;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

// Settings that keep a fresh profile quiet and deterministic: no welcome page, no update or
// gallery checks, no trust prompt, no telemetry.
const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.autoRepositoryDetection': false,
  'files.autoSave': 'off',
};

const liveServers = new Set();
let exitHookInstalled = false;
let signalHooksInstalled = false;
function installExitHooks(handleSignals) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort when the caller dies without stop(): synchronous, so it also runs on process.exit().
    process.on('exit', () => {
      for (const s of liveServers) killGroup(s.pid, 'SIGKILL');
    });
  }
  if (handleSignals && !signalHooksInstalled) {
    signalHooksInstalled = true;
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, async () => {
        await stopAllCodeServers();
        process.exit(128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[sig]);
      });
    }
  }
}

/** Stops every code-server this process started and has not stopped yet. */
export function stopAllCodeServers() {
  return Promise.allSettled([...liveServers].map((s) => s.stop()));
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    throw err;
  }
}

/** Live (non-zombie) processes in process group `pgid`, from /proc. */
export function groupMembers(pgid) {
  const members = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp ..." where comm may hold spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') members.push(Number(name));
  }
  return members;
}

// Zombies are left out: orphans wait for PID 1 to reap them, which here can take seconds.
function groupAlive(pgid) {
  return groupMembers(pgid).length > 0;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealthz(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before answering ${url}/healthz.\n` +
          tail(logFile),
      );
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code || err.message;
    }
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms (${lastError}).\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try {
    const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `--- last lines of ${file} ---\n${text}`;
  } catch {
    return '';
  }
}

/**
 * Starts code-server and resolves once /healthz answers.
 * @param {object} [opts]
 * @param {string} [opts.workspace]      folder to open (absolute or relative to cwd)
 * @param {number} [opts.port]           default: a free port
 * @param {string} [opts.userDataDir]    default: fresh temp dir (removed by stop())
 * @param {string} [opts.extensionsDir]  default: fresh temp dir (removed by stop()); pass one to keep
 *                                       extensions installed with install-vsix.mjs
 * @param {object} [opts.settings]       merged over DEFAULT_SETTINGS into User/settings.json
 * @param {string[]} [opts.extraArgs]    more code-server arguments
 * @param {object} [opts.env]            more environment for code-server (and so the extension host)
 * @param {boolean} [opts.verbose]       also echo code-server's output to stderr
 * @param {number} [opts.readyTimeoutMs] default 60000
 * @param {boolean} [opts.keepTemp]      keep the temp dir after stop() (to read logs)
 * @param {boolean} [opts.handleSignals] default true: on SIGINT/SIGTERM/SIGHUP stop all servers and
 *                                       exit; pass false when the caller handles signals and calls stop()
 */
export async function startCodeServer(opts = {}) {
  const entry = codeServerEntry();
  const tmpRoot = mkdtempSync(join(tmpdir(), 'twin-code-server-'));
  const userDataDir = opts.userDataDir ? resolve(opts.userDataDir) : join(tmpRoot, 'user-data');
  const extensionsDir = opts.extensionsDir ? resolve(opts.extensionsDir) : join(tmpRoot, 'extensions');
  const xdgDir = join(tmpRoot, 'xdg');
  for (const d of [userDataDir, extensionsDir, xdgDir, join(userDataDir, 'User')]) mkdirSync(d, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2),
  );
  const configFile = join(tmpRoot, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const logFile = join(tmpRoot, 'code-server.log');
  const workspace = opts.workspace ? resolve(opts.workspace) : undefined;
  if (workspace && !existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);

  let lastError;
  // A port found free can be taken before code-server binds it: retry with a new one.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const args = [
      entry,
      '--config', configFile,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      ...(opts.extraArgs ?? []),
      ...(workspace ? [workspace] : []),
    ];
    const out = createWriteStream(logFile, { flags: 'a' });
    const started = Date.now();
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // code-server writes config and logs under these; keep them out of $HOME.
        XDG_CONFIG_HOME: xdgDir,
        XDG_DATA_HOME: xdgDir,
        // No extension gallery: offline, every gallery query is a failed DNS lookup and an error log.
        EXTENSIONS_GALLERY: '{}',
        ...opts.env,
      },
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        out.write(chunk);
        if (opts.verbose) process.stderr.write(`[code-server] ${chunk}`);
      });
    }

    let killed;
    const killProcessGroup = () =>
      (killed ??= (async () => {
        liveServers.delete(server);
        if (killGroup(child.pid, 'SIGTERM')) {
          const deadline = Date.now() + 5000;
          while (groupAlive(child.pid) && Date.now() < deadline) await sleep(50);
          if (groupAlive(child.pid)) {
            killGroup(child.pid, 'SIGKILL');
            const killDeadline = Date.now() + 5000;
            while (groupAlive(child.pid) && Date.now() < killDeadline) await sleep(20);
          }
        }
        await new Promise((r) => out.end(r));
      })());
    let stopped;
    const server = {
      pid: child.pid,
      port,
      url,
      workspace,
      userDataDir,
      extensionsDir,
      tmpRoot,
      logFile,
      child,
      /** Stops the process group (TERM, then KILL after 5 s) and removes the temp dir. Safe to call twice. */
      stop() {
        stopped ??= killProcessGroup().then(() => {
          if (!opts.keepTemp) rmSync(tmpRoot, { recursive: true, force: true });
        });
        return stopped;
      },
    };
    liveServers.add(server);
    installExitHooks(opts.handleSignals ?? true);

    try {
      await waitForHealthz(url, child, logFile, opts.readyTimeoutMs ?? 60000);
      server.startMs = Date.now() - started;
      return server;
    } catch (err) {
      lastError = err;
      await killProcessGroup();
      const portTaken = /EADDRINUSE/.test(tail(logFile, 200));
      if (!portTaken || opts.port) break;
    }
  }
  if (!opts.keepTemp) rmSync(tmpRoot, { recursive: true, force: true });
  throw lastError;
}

// CLI: `node test/vscode-harness/code-server.mjs [workspace]` starts code-server, prints its URL and
// keeps it running until Ctrl-C (handy to look at a workspace by hand).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cs = await startCodeServer({ workspace: process.argv[2], verbose: !!process.env.TWIN_VERBOSE });
  console.log(`code-server ${CODE_SERVER_VERSION} pid ${cs.pid} ready in ${cs.startMs} ms at ${cs.url}/?folder=${cs.workspace ?? ''}`);
  console.log('Ctrl-C stops it.');
}
