/**
 * Drives the `twin` CLI as a black box for the benchmarks: finds the built binary, runs one command
 * with its own TWIN_HOME, and measures wall time and peak memory of the process (and anything it
 * spawns) while it runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PROBE_URL = pathToFileURL(fileURLToPath(new URL('./peak-rss-probe.mjs', import.meta.url))).href;
const POLL_INTERVAL_MS = 25;
const STDERR_KEEP_BYTES = 256 * 1024;

/** The CLI entry point: --cli, then $TWIN_CLI, then the bundle locations the build has used. */
export function resolveTwinCli(explicitPath) {
  const candidates = [explicitPath, process.env.TWIN_CLI, join(REPO_ROOT, 'dist/twin.js'), join(REPO_ROOT, 'dist/cli/twin.js')].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(`Cannot find the twin CLI (looked at ${candidates.join(', ')}): run \`npm run build\` in ${REPO_ROOT} first, or pass --cli PATH / set TWIN_CLI.`);
  }
  return resolve(found);
}

/**
 * Runs `node CLI ...args` with TWIN_HOME=home. Resolves to
 * { code, stdout, stderr, wallMs, peakRssBytes, peakTreeRssBytes } where peakRssBytes is the CLI
 * process's own high-water mark and peakTreeRssBytes the largest sampled sum over it and its children.
 * Rejects with the command, exit code and the end of stderr when the command fails.
 */
export function runTwin(cliPath, args, { home, timeoutMs = 60 * 60_000, env = {} } = {}) {
  const rssReportFile = join(home, '..', `rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const nodeOptions = [process.env.NODE_OPTIONS, `--import=${PROBE_URL}`].filter(Boolean).join(' ');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, ...env, TWIN_HOME: home, NODE_OPTIONS: nodeOptions, TWIN_BENCH_RSS_FILE: rssReportFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutChunks = [];
  let stderr = '';
  child.stdout.on('data', (chunk) => stdoutChunks.push(chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk.toString('utf8');
    // Progress output of a 100k import can be long; only the end matters (errors, the timings line).
    if (stderr.length > STDERR_KEEP_BYTES * 2) stderr = stderr.slice(-STDERR_KEEP_BYTES);
  });

  let peakOwnKb = 0;
  let peakTreeKb = 0;
  const poll = setInterval(() => {
    const own = readStatusKb(child.pid, 'VmHWM');
    if (own) peakOwnKb = Math.max(peakOwnKb, own);
    const tree = processTree(child.pid).reduce((sum, pid) => sum + (readStatusKb(pid, 'VmRSS') ?? 0), 0);
    peakTreeKb = Math.max(peakTreeKb, tree);
  }, POLL_INTERVAL_MS);
  const timeout = setTimeout(() => child.kill('SIGKILL'), timeoutMs);

  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => {
      clearInterval(poll);
      clearTimeout(timeout);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timeout);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const probed = readProbe(rssReportFile);
      const ownKb = Math.max(peakOwnKb, probed.get(child.pid) ?? 0);
      const childrenKb = [...probed].filter(([pid]) => pid !== child.pid).reduce((max, [, kb]) => Math.max(max, kb), 0);
      const result = {
        code,
        stdout: Buffer.concat(stdoutChunks).toString('utf8'),
        stderr,
        wallMs,
        peakRssBytes: ownKb * 1024,
        peakTreeRssBytes: Math.max(peakTreeKb, ownKb + childrenKb) * 1024,
      };
      if (code === 0) return resolvePromise(result);
      const why = signal === 'SIGKILL' && wallMs >= timeoutMs ? `timed out after ${Math.round(timeoutMs / 1000)} s` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const error = new Error(`\`twin ${args.join(' ')}\` ${why} (TWIN_HOME=${home}).\n--- end of its stderr ---\n${tail(stderr, 40)}`);
      error.result = result;
      reject(error);
    });
  });
}

function readStatusKb(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** The pid and all its descendants, from /proc/<pid>/task/<tid>/children (Linux). */
function processTree(rootPid) {
  const pids = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift();
    pids.push(pid);
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (children) queue.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // The process ended between listing and reading; nothing to add.
    }
  }
  return pids;
}

function readProbe(file) {
  const byPid = new Map();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { pid, maxRssKb } = JSON.parse(line);
      byPid.set(pid, Math.max(byPid.get(pid) ?? 0, maxRssKb));
    }
    rmSync(file, { force: true });
  } catch {
    // No probe output (e.g. the CLI was killed): the /proc samples stand alone.
  }
  return byPid;
}

export function tail(text, lines) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * The CLI's `--json` answer: the whole of stdout when it is one (possibly pretty-printed) JSON value,
 * else the last line or trailing block that parses, so chatter before it does not matter.
 */
export function lastJsonLine(text, what) {
  const trimmed = text.trim();
  const candidates = [trimmed];
  const lines = trimmed.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^[[{]/.test(lines[i])) candidates.push(lines.slice(i).join('\n'), lines[i]);
  }
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // Not JSON on its own; try a shorter tail.
    }
  }
  throw new Error(`Expected JSON from ${what}, got:\n${tail(text, 10) || '(nothing)'}`);
}

/** The `--timings` line on stderr: {"openMs":X,"timingsMs":[...]}. */
export function parseTimings(stderr) {
  const lines = stderr.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.includes('timingsMs')) continue;
    try {
      const parsed = JSON.parse(line.slice(line.indexOf('{')));
      if (Array.isArray(parsed.timingsMs)) return parsed;
    } catch {
      // Keep looking.
    }
  }
  throw new Error(`\`twin recall --timings\` printed no {"openMs":…,"timingsMs":[…]} line on stderr. Its stderr ended with:\n${tail(stderr, 10) || '(nothing)'}`);
}

/** One JSON array per line, as `twin recall --queries FILE --json` prints them. */
export function parseRecallLines(stdout, expectedCount) {
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  const arrays = lines.map((line, index) => {
    try {
      const parsed = JSON.parse(line);
      if (!Array.isArray(parsed)) throw new Error('not an array');
      return parsed;
    } catch (error) {
      throw new Error(`Recall output line ${index + 1} is not a JSON array (${error.message}): ${line.slice(0, 200)}`);
    }
  });
  if (arrays.length !== expectedCount) {
    throw new Error(`\`twin recall --queries\` printed ${arrays.length} result lines for ${expectedCount} queries; they must match one to one, in order.`);
  }
  return arrays;
}
