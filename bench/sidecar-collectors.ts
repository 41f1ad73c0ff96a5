/**
 * What the collectors cost inside the real sidecar over minutes of activity (issue 5: average CPU ≤ 2% of a
 * core with OCR off, ≤ 10% with OCR every 10 s, RSS ≤ 300 MB). Not a test: it prints tables.
 *
 *   npx tsc -p . && node esbuild.mjs
 *   node out/bench/sidecar-collectors.js [--minutes 10] [--ocr off | --ocr-seconds 10] [--mail-seconds 30]
 *                                        [--sample-seconds 5] [--cpu-prof] [--keep]
 *
 * Real peers, all started here and stopped here by PID (also on Ctrl-C):
 * - an X session (Xvfb + openbox) with two xterms whose shells scroll source code and change their window
 *   title every ~40 s, and a focus switch between them every 20 s (what the screen collector samples and,
 *   with OCR, reads);
 * - Dovecot with one user: a small mailbox at the start and a new message every 30 s (what the mail
 *   collector syncs, at its shortest allowed interval unless --mail-seconds says otherwise);
 * - one headless Chromium kept open on its own profile folder, visiting a new local page every 20 s, so its
 *   real History grows (the browser collector reads that profile as an extra profile; Chromium idles
 *   between visits, and it is not a child of the sidecar, so its CPU never counts as Twin's).
 *
 * The sidecar is `node dist/sidecar.js --socket-only` (a headless twin, MALLOC_ARENA_MAX=1 as the extension
 * starts it) on a temp TWIN_HOME whose config.json turns the three collectors on; consent is given over
 * the socket as `twin collectors enable --yes` does. Measuring starts once all three report running.
 * Every few seconds the sidecar's CPU time is read from /proc: its own utime+stime, plus cutime+cstime
 * (children it has reaped: xdotool, import, tesseract), plus the time of descendants still running.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { SidecarClient } from '../src/cli/sidecar-client';
import { startPageServer, type PageServer } from '../src/core/collectors/browser/test-support/page-server';
import { startDovecot, type RunningDovecot } from '../src/core/mail/test-support/dovecot';
import { rfc822 } from '../src/core/mail/test-support/messages';
import { XSession, type XWindow } from '../src/core/collectors/screen/test-support/x-session';
import type { CollectorView } from '../src/core/protocol/dashboard';
import type { TwinStats } from '../src/core/twin';

const ROOT = path.resolve(__dirname, '../..');
const SIDECAR_BUNDLE = path.join(ROOT, 'dist/sidecar.js');
const RESULTS_DIR = path.join(ROOT, 'bench/results');
const CPU_TARGET_OCR_OFF = 2;
const CPU_TARGET_OCR_ON = 10;
const RSS_TARGET_MB = 300;
const FOCUS_SWITCH_MS = 20_000;
const MAIL_ARRIVAL_MS = 30_000;
const PAGE_VISIT_MS = 20_000;

interface Options {
  minutes: number;
  /** Undefined: OCR off. */
  ocrSeconds?: number;
  mailSeconds: number;
  sampleSeconds: number;
  cpuProf: boolean;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index === -1) return undefined;
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value.`);
    return next;
  };
  const number = (name: string, fallback: number, minimum: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < minimum) throw new Error(`--${name} must be a number of at least ${minimum} (got "${raw}").`);
    return parsed;
  };
  const ocr = value('ocr');
  if (ocr !== undefined && ocr !== 'off' && ocr !== 'on') throw new Error('--ocr is "off" or "on" (with --ocr-seconds N for the interval).');
  let ocrSeconds: number | undefined = number('ocr-seconds', 0, 10) || undefined;
  if (ocr === 'on' && ocrSeconds === undefined) ocrSeconds = 10;
  if (ocr === 'off') ocrSeconds = undefined;
  return {
    minutes: number('minutes', 10, 0.5),
    ocrSeconds,
    mailSeconds: number('mail-seconds', 30, 30),
    sampleSeconds: number('sample-seconds', 5, 1),
    cpuProf: argv.includes('--cpu-prof'),
    keep: argv.includes('--keep'),
  };
}

// ---------------------------------------------------------------------------------------------- /proc

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children this process waited for. */
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'. Index 0 is field 3.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
}

interface CpuReading {
  /** The sidecar process itself (all its threads: main, embedding worker, LanceDB, libuv pool). */
  own: number;
  /** Its children, finished (reaped) and still running. */
  children: number;
}

/** The CPU ticks `root` and every process below it used so far. */
function treeCpu(root: number): CpuReading | undefined {
  const rootStat = readStat(root);
  if (!rootStat) return undefined;
  const byParent = new Map<number, ProcStat[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const siblings = byParent.get(stat.ppid) ?? [];
    siblings.push(stat);
    byParent.set(stat.ppid, siblings);
  }
  // A running descendant's own time plus what it reaped; once it exits, its total moves into its parent's cutime.
  let live = 0;
  const queue = [...(byParent.get(root) ?? [])];
  while (queue.length) {
    const stat = queue.pop()!;
    live += stat.own + stat.reaped;
    queue.push(...(byParent.get(stat.pid) ?? []));
  }
  return { own: rootStat.own, children: rootStat.reaped + live };
}

function memoryKb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0), hwm: Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0) };
  } catch {
    return undefined;
  }
}

interface Sample {
  /** ms since measuring began. */
  at: number;
  own: number;
  children: number;
  rssKb: number;
  hwmKb: number;
}

// ------------------------------------------------------------------------------------------- peers

/** Everything started here, stopped in reverse order by `cleanup` (once, also on Ctrl-C). */
class Peers {
  x?: XSession;
  xterms: XWindow[] = [];
  dovecot?: RunningDovecot;
  pages?: PageServer;
  browser?: BrowserContext;
  page?: Page;
  sidecar?: ChildProcess;
  client?: SidecarClient;
  timers: NodeJS.Timeout[] = [];
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-bench-collectors-'));
  private cleaning?: Promise<void>;

  constructor(private readonly keep: boolean) {}

  cleanup(): Promise<void> {
    this.cleaning ??= this.stopAll();
    return this.cleaning;
  }

  private async stopAll(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.client?.close();
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        console.error(`cleanup: could not stop ${what}: ${(error as Error).message}`);
      }
    };
    if (this.sidecar) await attempt(`the sidecar (pid ${this.sidecar.pid})`, () => stopChild(this.sidecar!, 20_000));
    if (this.browser) await attempt('Chromium', () => this.browser!.close());
    for (const xterm of this.xterms) await attempt(`xterm (pid ${xterm.process.pid})`, () => stopChild(xterm.process, 2_000));
    if (this.x) await attempt('the X session', () => this.x!.stop());
    if (this.dovecot) await attempt('Dovecot', () => this.dovecot!.stop());
    if (this.pages) await attempt('the page server', () => this.pages!.close());
    if (this.keep) console.log(`Kept ${this.temp} (TWIN_HOME is ${path.join(this.temp, 'twin-home')}).`);
    else fs.rmSync(this.temp, { recursive: true, force: true });
  }
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, delay(graceMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await delay(200);
  }
}

/**
 * An xterm whose shell scrolls through `file` (three lines every two seconds) and sets its own title to
 * `title — part N`, N moving every ~40 s: a terminal someone works in.
 */
async function busyXterm(peers: Peers, title: string, file: string, geometry: string): Promise<XWindow> {
  const script = [
    'total=$(wc -l < "$1"); n=0',
    'while :; do',
    '  n=$((n+1))',
    '  printf "\\033]0;%s — part %d\\007" "$0" $(( n / 20 ))',
    '  start=$(( (n * 3) % total + 1 ))',
    '  sed -n "${start},$(( start + 2 ))p" "$1"',
    '  sleep 2',
    'done',
  ].join('\n');
  const child = spawn('xterm', ['-T', title, '-fa', 'Monospace', '-fs', '11', '-geometry', geometry, '-e', 'sh', '-c', script, title, file], {
    env: peers.x!.env(),
    stdio: 'ignore',
  });
  const window: XWindow = { id: '', title, process: child };
  peers.xterms.push(window);
  window.id = await waitFor(`the xterm "${title}" to map`, 10_000, () => peers.x!.xdotool(['search', '--pid', String(child.pid)]).trim().split('\n')[0] || undefined);
  return window;
}

const PEOPLE = ['Priya Raman <priya@acme.test>', 'Sam Okafor <sam.okafor@globex.test>', 'Lea Novak <lea@initech.test>', 'Kofi Mensah <kofi@acme.test>'];
const SUBJECTS = ['Billing deploy on Thursday', 'Review: retry webhook delivery', 'Flaky test in the invoice table', 'Search rewrite kickoff', 'Kubeconfig for staging'];
const BODIES = [
  'Hi,\n\nthe billing deploy moves to Thursday because the migration needs another review. Can you take a look at the schema change before then?\n\nThanks,\n',
  'Hello,\n\nI pushed the retry change for webhook delivery: exponential backoff capped at five minutes, with the attempt count in the log line.\n\nBest,\n',
  'Hey,\n\nthe invoice table test failed twice on CI today, both times on the timezone boundary. I think the fixture date is the culprit.\n\nCheers,\n',
  'Hi all,\n\nlet us meet on Monday to go over the search rewrite: ranking, the new index and how we roll it out behind a flag.\n\nRegards,\n',
];

function email(sequence: number, mailbox: 'INBOX' | 'Sent', user: string): string {
  const person = PEOPLE[sequence % PEOPLE.length];
  const name = person.split(' ')[0];
  const subject = SUBJECTS[sequence % SUBJECTS.length];
  const body = BODIES[sequence % BODIES.length] + (mailbox === 'Sent' ? 'Me' : name);
  return rfc822({
    from: mailbox === 'Sent' ? `Me <${user}>` : person,
    to: mailbox === 'Sent' ? person : `Me <${user}>`,
    subject: sequence >= SUBJECTS.length ? `Re: ${subject}` : subject,
    body,
    messageId: `bench-${sequence}-${process.pid}@acme.test`,
    date: new Date().toISOString(),
  });
}

const SITES = ['docs.acme.test', 'ci.acme.test', 'wiki.globex.test', 'issues.initech.test'];
const PAGE_TITLES = ['Deploying billing', 'Build #%d — passed', 'Search rewrite design', 'Issue %d: invoice table timezone'];

// ---------------------------------------------------------------------------------------------- run

interface Report {
  startedAt: string;
  machine: Record<string, unknown>;
  options: Options;
  browserPeer: string;
  startup: { readyMs: number; collectorsRunningMs: number; rssMb: number };
  measuredSeconds: number;
  cpu: { coreAverage: number; machineAverage: number; ownCoreAverage: number; childrenCoreAverage: number; busiestMinuteCore: number };
  rss: { peakSampledMb: number; hwmMb: number; finalMb: number };
  activity: { focusSwitches: number; mailsDelivered: number; pagesVisited: number };
  collectors: Array<Pick<CollectorView, 'id' | 'state' | 'captured'> & { lastError?: string; detail?: string }>;
  memoriesBySource: Record<string, number>;
  memoriesAtStart: Record<string, number>;
  sidecarWarnings: number;
  loadAverage: { start: number[]; end: number[] };
  cpuProfile?: string;
}

function machine(): Record<string, unknown> {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  return {
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    kernel: os.release(),
  };
}

async function run(options: Options, peers: Peers, interrupted: () => boolean): Promise<Report> {
  const startedAt = new Date().toISOString();
  const loadStart = os.loadavg().map((value) => Number(value.toFixed(2)));
  if (!fs.existsSync(SIDECAR_BUNDLE)) throw new Error(`${SIDECAR_BUNDLE} is missing: run \`node esbuild.mjs\` first.`);
  const home = path.join(peers.temp, 'twin-home');
  const userHome = path.join(peers.temp, 'user-home');
  const chromiumProfile = path.join(peers.temp, 'chromium');
  fs.mkdirSync(userHome, { recursive: true });

  // Screen: two terminals scrolling real source files.
  peers.x = await XSession.start();
  const xterms = [
    await busyXterm(peers, 'vim screen-collector.ts', path.join(ROOT, 'src/core/collectors/screen/screen-collector.ts'), '100x40+0+0'),
    await busyXterm(peers, 'npm test — mail-sync', path.join(ROOT, 'src/core/mail/mail-sync.ts'), '100x40+400+200'),
  ];
  await peers.x.activate(xterms[0]);

  // Mail: a small mailbox to begin with.
  peers.dovecot = await startDovecot();
  const dovecot = peers.dovecot;
  let mailSequence = 0;
  dovecot.seed('INBOX', Array.from({ length: 15 }, () => email(mailSequence++, 'INBOX', dovecot.user)));
  dovecot.seed('Sent', Array.from({ length: 5 }, () => email(mailSequence++, 'Sent', dovecot.user)));

  // Browser: one Chromium kept open (a launch per visit would burn far more CPU than the collector measured).
  const titles: Record<string, string> = {};
  peers.pages = await startPageServer(titles);
  peers.browser = await chromium.launchPersistentContext(chromiumProfile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP *.test 127.0.0.1'],
  });
  peers.page = peers.browser.pages()[0] ?? (await peers.browser.newPage());
  let pageSequence = 0;
  const visit = async () => {
    const n = pageSequence++;
    const pagePath = `/p/${n}`;
    titles[pagePath] = PAGE_TITLES[n % PAGE_TITLES.length].replace('%d', String(100 + n));
    await peers.page!.goto(peers.pages!.url(pagePath, SITES[n % SITES.length]), { waitUntil: 'load' });
  };
  await visit();

  // The sidecar, configured as a user who turned the three collectors on.
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const collectors = {
    screen: { enabled: true, ocr: { enabled: options.ocrSeconds !== undefined, intervalMs: (options.ocrSeconds ?? 60) * 1000 }, excludeApps: [], excludeTitles: [] },
    browser: { enabled: true, denyDomains: [], profiles: [path.join(chromiumProfile, 'Default')] },
    mail: { enabled: true, host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false, intervalMs: options.mailSeconds * 1000 },
  };
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ collectors }, null, 2) + '\n', { mode: 0o600 });
  const profileDir = path.join(RESULTS_DIR, 'sidecar-cpu-profiles');
  if (options.cpuProf) fs.mkdirSync(profileDir, { recursive: true });
  const nodeArgs = options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const logFile = path.join(peers.temp, 'sidecar.log');
  const sidecarStarted = Date.now();
  const sidecar = spawn(process.execPath, [...nodeArgs, SIDECAR_BUNDLE, '--socket-only'], {
    env: {
      PATH: process.env.PATH,
      // A home of its own, so the browser collector's usual places hold no other profile of this machine.
      HOME: userHome,
      TWIN_HOME: home,
      TWIN_EMBEDDER: '',
      TWIN_LOG_LEVEL: 'info',
      MALLOC_ARENA_MAX: '1',
      DISPLAY: peers.x.display,
      TWIN_IMAP_PASSWORD: dovecot.password,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  peers.sidecar = sidecar;
  let log = '';
  sidecar.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    fs.appendFileSync(logFile, chunk);
  });
  await waitFor('the sidecar to say it is ready', 120_000, () => {
    if (sidecar.exitCode !== null) throw new Error(`The sidecar exited with ${sidecar.exitCode}:\n${log}`);
    return /ready in \d+ ms/.test(log) ? true : undefined;
  });
  const readyMs = Date.now() - sidecarStarted;
  peers.client = await waitFor('the sidecar socket', 10_000, () => SidecarClient.connect(home));
  const client = peers.client;

  // Consent exactly as `twin collectors enable --yes` gives it: to the captures text the sidecar shows.
  for (const view of await client.request('twin/collectors', {})) {
    await client.request('twin/consentCollector', { id: view.id, accepted: true, capturesHash: view.capturesHash });
  }
  await waitFor('the screen, browser and mail collectors to run', 60_000, async () => {
    const views = await client.request('twin/collectors', {});
    const broken = views.find((view) => view.state === 'error');
    if (broken) throw new Error(`The ${broken.id} collector failed: ${broken.lastError}`);
    return views.every((view) => view.state === 'running') ? true : undefined;
  });
  const collectorsRunningMs = Date.now() - sidecarStarted;
  const memoriesAtStart = ((await client.request('twin/stats', {})) as TwinStats).bySource;
  const startupRss = memoryKb(sidecar.pid!)?.rss ?? 0;

  // Activity while measuring.
  let focusSwitches = 0;
  let mailsDelivered = 0;
  const activity = (every: number, work: () => unknown) => {
    peers.timers.push(
      setInterval(() => {
        Promise.resolve()
          .then(work)
          .catch((error) => console.error(`activity: ${(error as Error).message}`));
      }, every),
    );
  };
  activity(FOCUS_SWITCH_MS, () => {
    focusSwitches++;
    peers.x!.xdotool(['windowactivate', xterms[focusSwitches % xterms.length].id]);
  });
  activity(MAIL_ARRIVAL_MS, () => {
    dovecot.seed('INBOX', [email(mailSequence++, 'INBOX', dovecot.user)], '');
    mailsDelivered++;
  });
  activity(PAGE_VISIT_MS, visit);

  const samples: Sample[] = [];
  const measureStart = Date.now();
  const durationMs = options.minutes * 60_000;
  const take = (): Sample => {
    const cpu = treeCpu(sidecar.pid!);
    const memory = memoryKb(sidecar.pid!);
    if (!cpu || !memory) throw new Error(`The sidecar (pid ${sidecar.pid}) is gone:\n${log.slice(-2000)}`);
    return { at: Date.now() - measureStart, own: cpu.own, children: cpu.children, rssKb: memory.rss, hwmKb: memory.hwm };
  };
  samples.push(take());
  let lastMinute = 0;
  while (!interrupted() && Date.now() - measureStart < durationMs) {
    await delay(Math.min(options.sampleSeconds * 1000, durationMs - (Date.now() - measureStart)));
    samples.push(take());
    const minute = Math.floor(samples[samples.length - 1].at / 60_000);
    if (minute > lastMinute) {
      lastMinute = minute;
      const first = samples[0];
      const last = samples[samples.length - 1];
      console.log(
        `  ${minute} min: ${corePercent(last.own + last.children - first.own - first.children, last.at - first.at).toFixed(2)}% of a core so far, ` +
          `RSS ${(last.rssKb / 1024).toFixed(0)} MB, load ${os.loadavg()[0].toFixed(2)}`,
      );
    }
  }
  if (interrupted()) throw new Error('Interrupted before the measurement finished.');

  const views = await client.request('twin/collectors', {});
  const stats = (await client.request('twin/stats', {})) as TwinStats;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const elapsed = last.at - first.at;
  const total = last.own + last.children - first.own - first.children;
  let busiestMinute = 0;
  for (const sample of samples) {
    const later = samples.find((candidate) => candidate.at >= sample.at + 60_000);
    if (later) busiestMinute = Math.max(busiestMinute, corePercent(later.own + later.children - sample.own - sample.children, later.at - sample.at));
  }
  const cores = os.cpus().length;
  const coreAverage = corePercent(total, elapsed);
  return {
    startedAt,
    machine: machine(),
    options,
    browserPeer: 'headless Chromium (playwright-core, kept open) visiting a local page every 20 s',
    startup: { readyMs, collectorsRunningMs, rssMb: startupRss / 1024 },
    measuredSeconds: elapsed / 1000,
    cpu: {
      coreAverage,
      machineAverage: coreAverage / cores,
      ownCoreAverage: corePercent(last.own - first.own, elapsed),
      childrenCoreAverage: corePercent(last.children - first.children, elapsed),
      busiestMinuteCore: busiestMinute,
    },
    rss: {
      peakSampledMb: Math.max(...samples.map((sample) => sample.rssKb)) / 1024,
      hwmMb: last.hwmKb / 1024,
      finalMb: last.rssKb / 1024,
    },
    activity: { focusSwitches, mailsDelivered, pagesVisited: pageSequence },
    collectors: views.map((view) => ({ id: view.id, state: view.state, captured: view.captured, ...(view.lastError ? { lastError: view.lastError } : {}), ...(view.detail ? { detail: view.detail } : {}) })),
    memoriesBySource: stats.bySource,
    memoriesAtStart,
    sidecarWarnings: (log.match(/\b(warn|error)\b/gi) ?? []).length,
    loadAverage: { start: loadStart, end: os.loadavg().map((value) => Number(value.toFixed(2))) },
    ...(options.cpuProf ? { cpuProfile: profileDir } : {}),
  };
}

function corePercent(ticks: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (ticks / CLOCK_TICKS / (elapsedMs / 1000)) * 100 : 0;
}

function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function print(report: Report): void {
  const { options, cpu, rss } = report;
  const cpuTarget = options.ocrSeconds === undefined ? CPU_TARGET_OCR_OFF : CPU_TARGET_OCR_ON;
  const verdict = (value: number, target: number) => `${(value / target).toFixed(2)}× ${value <= target ? '(met)' : '(MISSED)'}`;
  const ocr = options.ocrSeconds === undefined ? 'OCR off' : `OCR every ${options.ocrSeconds} s`;
  console.log('');
  console.log(`Sidecar with screen (${ocr}), browser and mail collectors, ${(report.measuredSeconds / 60).toFixed(1)} min measured; mail synced every ${options.mailSeconds} s.`);
  console.log(`Started in ${(report.startup.readyMs / 1000).toFixed(1)} s, collectors running after ${(report.startup.collectorsRunningMs / 1000).toFixed(1)} s, RSS then ${report.startup.rssMb.toFixed(0)} MB.`);
  console.log('');
  console.log(
    table(
      ['measure', 'value', 'target', 'ratio'],
      [
        ['average CPU, % of one core (sidecar + children)', cpu.coreAverage.toFixed(2), `≤ ${cpuTarget}`, verdict(cpu.coreAverage, cpuTarget)],
        [`average CPU, % of the machine (${report.machine.cores} cores)`, cpu.machineAverage.toFixed(2), '', ''],
        ['… of which the sidecar process (all threads)', cpu.ownCoreAverage.toFixed(2), '', ''],
        ['… of which its child processes (xdotool, import, tesseract)', cpu.childrenCoreAverage.toFixed(2), '', ''],
        ['busiest minute, % of one core', cpu.busiestMinuteCore.toFixed(2), '', ''],
        ['peak RSS, sampled (MB)', rss.peakSampledMb.toFixed(0), `≤ ${RSS_TARGET_MB}`, verdict(rss.peakSampledMb, RSS_TARGET_MB)],
        ['peak RSS, kernel high-water mark VmHWM (MB)', rss.hwmMb.toFixed(0), `≤ ${RSS_TARGET_MB}`, verdict(rss.hwmMb, RSS_TARGET_MB)],
        ['final RSS (MB)', rss.finalMb.toFixed(0), `≤ ${RSS_TARGET_MB}`, verdict(rss.finalMb, RSS_TARGET_MB)],
      ],
    ),
  );
  console.log('');
  console.log(`Activity: ${report.activity.focusSwitches} focus switches, ${report.activity.mailsDelivered} mails delivered (after 20 at the start), ${report.activity.pagesVisited} pages visited.`);
  console.log('');
  console.log(
    table(
      ['collector', 'state', 'captured', 'detail / last error'],
      report.collectors.map((view) => [view.id, view.state, String(view.captured), view.lastError ? `error: ${view.lastError}` : (view.detail ?? '')]),
    ),
  );
  console.log('');
  const sources = [...new Set([...Object.keys(report.memoriesBySource), ...Object.keys(report.memoriesAtStart)])].sort();
  console.log(
    table(
      ['memories by source', 'when measuring began', 'at the end'],
      sources.map((source) => [source, String(report.memoriesAtStart[source] ?? 0), String(report.memoriesBySource[source] ?? 0)]),
    ),
  );
  console.log('');
  console.log(`Load average (1/5/15 min): ${report.loadAverage.start.join(' / ')} at the start, ${report.loadAverage.end.join(' / ')} at the end; sidecar log lines with warn/error: ${report.sidecarWarnings}.`);
  if (report.cpuProfile) {
    console.log(`CPU profile of the sidecar (written when it stopped): ${report.cpuProfile}`);
    // V8's sampling profiler costs several % of a core by itself (measured: ~7.5% here), all counted as the sidecar's.
    console.log('The CPU figures above include the profiler\'s own overhead: compare them with the targets only from a run without --cpu-prof.');
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const info = machine();
  console.log(`Machine: ${info.cpuModel}, ${info.cores} cores, ${info.ramGiB} GiB RAM, Node ${info.node}, kernel ${info.kernel}; load ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')}`);
  console.log(`Measuring ${options.minutes} min, OCR ${options.ocrSeconds === undefined ? 'off' : `every ${options.ocrSeconds} s`}, sampling /proc every ${options.sampleSeconds} s (CLK_TCK ${CLOCK_TICKS}).`);
  const peers = new Peers(options.keep);
  let stopRequested = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopRequested) return;
    stopRequested = true;
    console.error(`\n${signal}: stopping everything this benchmark started…`);
    void peers.cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await run(options, peers, () => stopRequested);
    print(report);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const name = `sidecar-collectors-${options.ocrSeconds === undefined ? 'ocr-off' : `ocr-${options.ocrSeconds}s`}`;
    const file = path.join(RESULTS_DIR, `${name}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`Results: ${path.relative(ROOT, file)}`);
  } finally {
    await peers.cleanup();
  }
}

main().catch((error) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
