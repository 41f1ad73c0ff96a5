#!/usr/bin/env node
/**
 * How fast `twin learn REPO` backfills a long history. Builds a seeded repository of N commits (default
 * 7,000) in seconds with `git fast-import` — TypeScript, Python and Go files whose functions get edited,
 * added and removed, with renames, deletions and a few other authors — then times:
 *
 *   - `twin learn REPO --json` on a fresh TWIN_HOME (end to end: start-up, git, tree-sitter, embedding, LanceDB),
 *   - the same again, when every commit is already learned,
 *   - reading alone (no store), with symbols for every commit and with file statistics only, to show what
 *     the tree-sitter work costs.
 *
 *   npx tsc -p . && node esbuild.mjs      # the CLI bundle, and the tsc output the reading-only timings use
 *   node bench/learn-repository.mjs [--commits 7000] [--seed 1] [--keep] [--cli dist/twin.js]
 *
 * Target (issue 3): 7,000 commits in under a minute on this 2-core machine.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { formatMachine, machineInfo } from './lib/machine.mjs';
import { createRandom } from './lib/random.mjs';
import { writeResult } from './lib/results.mjs';
import { fixed, formatTable, megabytes } from './lib/table.mjs';
import { lastJsonLine, resolveTwinCli, runTwin } from './lib/twin-cli.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const TARGET_SECONDS = 60;
const ME = 'me@example.com';

async function main() {
  const options = parseArgs(process.argv.slice(2), { commits: 7000, seed: 1, keep: false, cli: '' });
  const cli = resolveTwinCli(options.cli || undefined);
  const machine = machineInfo();
  console.log(formatMachine(machine));

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-learn-'));
  const repo = path.join(scratch, 'repo');
  try {
    const generateStarted = performance.now();
    const generated = await generateRepository(repo, options.commits, options.seed);
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    console.log(`Generated ${generated.commits} commits (${generated.mine} by ${ME}) over ${generated.files} files in ${fixed(generateSeconds)} s with git fast-import.`);

    const home = path.join(scratch, 'home');
    const first = await runTwin(cli, ['learn', repo, '--json'], { home, env: { TWIN_NO_SIDECAR: '1', TWIN_EMBEDDER: '' } });
    const firstReport = lastJsonLine(first.stdout, 'twin learn');
    const second = await runTwin(cli, ['learn', repo, '--json'], { home, env: { TWIN_NO_SIDECAR: '1', TWIN_EMBEDDER: '' } });
    const secondReport = lastJsonLine(second.stdout, 'twin learn');
    const recall = await runTwin(cli, ['recall', generated.probe.query, '--source', 'git', '--json', '--limit', '5'], { home, env: { TWIN_NO_SIDECAR: '1' } });
    const probeFound = lastJsonLine(recall.stdout, 'twin recall').some((hit) => hit.id === `git:${generated.probe.hash}`);

    const reading = await timeReading(repo);

    const rows = [
      ['twin learn (fresh store)', firstReport.learned, fixed(first.wallMs / 1000), fixed(firstReport.learned / (first.wallMs / 1000), 0), megabytes(first.peakRssBytes), megabytes(first.peakTreeRssBytes)],
      ['twin learn (all known)', secondReport.alreadyLearned, fixed(second.wallMs / 1000), '', megabytes(second.peakRssBytes), megabytes(second.peakTreeRssBytes)],
      ['read: files + symbols', reading.withSymbols.commits, fixed(reading.withSymbols.seconds), fixed(reading.withSymbols.commits / reading.withSymbols.seconds, 0), '', ''],
      ['read: files only', reading.statsOnly.commits, fixed(reading.statsOnly.seconds), fixed(reading.statsOnly.commits / reading.statsOnly.seconds, 0), '', ''],
    ];
    console.log('');
    console.log(formatTable(['phase', 'commits', 'seconds', 'commits/s', 'peak RSS MB', 'with git MB'], rows));
    console.log('');
    const seconds = first.wallMs / 1000;
    console.log(`Learning ${firstReport.learned} commits took ${fixed(seconds)} s: ${fixed(seconds / TARGET_SECONDS, 2)}× the ${TARGET_SECONDS} s budget (${seconds <= TARGET_SECONDS ? 'within' : 'OVER'} target).`);
    console.log(`Symbols named for the newest ${firstReport.withSymbols} of ${firstReport.learned} commits (budget: the first 40 s of reading).`);
    console.log(`Symbols cost ${fixed(reading.withSymbols.seconds / reading.statsOnly.seconds, 1)}× plain reading; re-learning a known history took ${fixed(second.wallMs / first.wallMs * 100, 0)}% of the first run.`);
    console.log(`Recall found the probe commit by its message: ${probeFound ? 'yes' : 'NO'}.`);

    const file = writeResult('learn-repository', {
      startedAt: new Date().toISOString(),
      machine,
      options,
      generated: { ...generated, seconds: generateSeconds },
      learn: { report: firstReport, wallMs: first.wallMs, peakTreeRssBytes: first.peakTreeRssBytes },
      relearn: { report: secondReport, wallMs: second.wallMs },
      reading,
      probeFound,
    });
    console.log(`Results: ${path.relative(ROOT, file)}`);
  } finally {
    if (options.keep) console.log(`Kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

/** Times CommitReader over every commit of `me` (tsc output), with and without symbol extraction. */
async function timeReading(repository) {
  const require = createRequire(import.meta.url);
  const { CommitReader, listAuthorCommits } = require(path.join(ROOT, 'out/src/core/git/commit-reader.js'));
  const hashes = await listAuthorCommits(repository, [ME]);
  const time = async (symbolLimit) => {
    const reader = await CommitReader.open(repository);
    const started = performance.now();
    let commits = 0;
    try {
      for await (const commit of reader.readHashes(hashes, { symbolLimit })) commits += commit ? 1 : 0;
    } finally {
      reader.close();
    }
    return { commits, seconds: (performance.now() - started) / 1000 };
  };
  return { withSymbols: await time(Infinity), statsOnly: await time(0) };
}

// ---------------------------------------------------------------------------------------------------------
// The generated repository

function tsSource(file) {
  const parts = [`// ${file.path}\nimport { helper } from './util';\n`];
  for (const fn of file.functions) {
    parts.push(`export function ${fn.name}(input: string, options: { retries: number }): string {\n${fn.body.map((line) => `  ${line};`).join('\n')}\n  return helper(input);\n}\n`);
  }
  parts.push(`export class ${file.className} {\n${file.methods.map((m) => `  ${m.name}(value: number): number {\n${m.body.map((line) => `    ${line};`).join('\n')}\n    return value;\n  }\n`).join('\n')}}\n`);
  return parts.join('\n');
}

function pySource(file) {
  const parts = [`# ${file.path}\nimport os\n`];
  for (const fn of file.functions) parts.push(`def ${fn.name}(value, retries=3):\n${fn.body.map((line) => `    ${line}`).join('\n')}\n    return value\n`);
  parts.push(`class ${file.className}:\n${file.methods.map((m) => `    def ${m.name}(self, value):\n${m.body.map((line) => `        ${line}`).join('\n')}\n        return value\n`).join('\n')}`);
  return parts.join('\n');
}

function goSource(file) {
  const parts = [`// ${file.path}\npackage ${file.pkg}\n\nimport "fmt"\n`];
  for (const fn of file.functions) parts.push(`func ${fn.name}(input string, retries int) string {\n${fn.body.map((line) => `\t${line}`).join('\n')}\n\treturn input\n}\n`);
  parts.push(`type ${file.className} struct {\n\tcount int\n}\n`);
  for (const m of file.methods) parts.push(`func (s *${file.className}) ${m.name}(value int) int {\n${m.body.map((line) => `\t${line}`).join('\n')}\n\treturn value\n}\n`);
  return parts.join('\n');
}

const RENDER = { ts: tsSource, py: pySource, go: goSource };
const VERBS = ['parse', 'load', 'resolve', 'render', 'validate', 'merge', 'fetch', 'flush', 'encode', 'decode', 'index', 'schedule', 'retry', 'normalize'];
const NOUNS = ['Config', 'Token', 'Session', 'Payload', 'Cache', 'Route', 'Query', 'Buffer', 'Invoice', 'Webhook', 'Manifest', 'Snapshot', 'Report', 'Queue'];
const TYPES = ['fix', 'feat', 'refactor', 'perf', 'test', 'chore'];

function generateBodyLine(random, language, counter) {
  const n = counter.next++;
  if (language === 'py') return random.pick([`value = value + ${n}`, `os.environ.get("K${n}")`, `retries = retries - ${n % 7}`]);
  if (language === 'go') return random.pick([`fmt.Println("step", ${n})`, `retries = retries + ${n % 7}`, `input = input + "${n}"`]);
  return random.pick([`const step${n} = options.retries + ${n}`, `input = input.trim() + '${n}'`, `options.retries += ${n % 7}`]);
}

function newFunction(random, language, counter, taken) {
  let name;
  do {
    const verb = random.pick(VERBS);
    const noun = random.pick(NOUNS);
    name = language === 'py' ? `${verb}_${noun.toLowerCase()}_${counter.next % 97}` : language === 'go' ? `${verb[0].toUpperCase()}${verb.slice(1)}${noun}${counter.next % 97}` : `${verb}${noun}${counter.next % 97}`;
    counter.next++;
  } while (taken.has(name));
  taken.add(name);
  return { name, body: Array.from({ length: random.int(3, 8) }, () => generateBodyLine(random, language, counter)) };
}

async function generateRepository(root, commitCount, seed) {
  const random = createRandom(`learn-repository:${seed}`);
  const counter = { next: 1 };
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  execFileSync('git', ['config', 'user.email', ME], { cwd: root });
  execFileSync('git', ['config', 'user.name', 'Me'], { cwd: root });

  const files = [];
  const plan = [['ts', 70], ['py', 35], ['go', 25]];
  for (const [language, count] of plan) {
    for (let i = 0; i < count; i++) {
      const taken = new Set();
      const folder = language === 'go' ? `services/svc${i % 6}` : language === 'py' ? `tools/pkg${i % 5}` : `src/module${i % 10}`;
      const name = `${random.pick(VERBS)}_${random.pick(NOUNS).toLowerCase()}_${i}`;
      files.push({
        language,
        path: `${folder}/${name}.${language}`,
        pkg: `svc${i % 6}`,
        className: `${random.pick(NOUNS)}${random.pick(['Service', 'Store', 'Client', 'Worker'])}${i}`,
        functions: Array.from({ length: random.int(10, 25) }, () => newFunction(random, language, counter, taken)),
        methods: Array.from({ length: random.int(3, 8) }, () => newFunction(random, language, counter, taken)),
        taken,
        alive: true,
      });
    }
  }
  const docs = Array.from({ length: 15 }, (_, i) => ({ path: `docs/page${i}.md`, lines: [`# Page ${i}`] }));
  const others = ['dana@example.com', 'lee@example.com', 'sam@example.com'];

  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: root, stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))));
  let buffered = [];
  let bufferedBytes = 0;
  const write = async (text) => {
    buffered.push(text);
    bufferedBytes += text.length;
    if (bufferedBytes > 1 << 20) await flush();
  };
  const flush = async () => {
    const chunk = buffered.join('');
    buffered = [];
    bufferedBytes = 0;
    if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  let time = Date.parse('2023-01-02T09:00:00Z') / 1000;
  let mine = 0;
  let probe;
  for (let commit = 1; commit <= commitCount; commit++) {
    time += Math.round(random.exponential(3 * 3600));
    const probeCommit = commit === Math.floor(commitCount / 2);
    const email = random.chance(0.85) || probeCommit ? ME : random.pick(others);
    if (email === ME) mine++;
    const changes = [];
    let subject;
    if (commit === 1) {
      for (const file of files) changes.push(`M 100644 inline ${file.path}\n${data(RENDER[file.language](file))}`);
      for (const doc of docs) changes.push(`M 100644 inline ${doc.path}\n${data(doc.lines.join('\n') + '\n')}`);
      subject = 'chore: initial import';
    } else {
      const touched = random.sample(files.filter((file) => file.alive), random.weighted([[1, 5], [2, 3], [3, 1], [4, 1]]));
      const names = [];
      for (const file of touched) {
        const roll = random.next();
        if (roll < 0.01) {
          const from = file.path;
          file.path = file.path.replace(/\.(\w+)$/, `_v${commit}.$1`);
          changes.push(`D ${from}\n`);
        } else if (roll < 0.015 && files.filter((f) => f.alive).length > 40) {
          file.alive = false;
          changes.push(`D ${file.path}\n`);
          names.push(`${path.basename(file.path)}`);
          continue;
        }
        const pool = [...file.functions, ...file.methods];
        if (random.chance(0.12)) {
          const added = newFunction(random, file.language, counter, file.taken);
          file.functions.push(added);
          names.push(added.name);
        } else if (random.chance(0.05) && file.functions.length > 5) {
          const [removed] = file.functions.splice(random.int(0, file.functions.length - 1), 1);
          names.push(removed.name);
        }
        for (const fn of random.sample(pool, random.int(1, 3))) {
          const line = random.int(0, fn.body.length - 1);
          if (random.chance(0.7)) fn.body[line] = generateBodyLine(random, file.language, counter);
          else fn.body.splice(line, 0, generateBodyLine(random, file.language, counter));
          names.push(fn.name);
        }
        changes.push(`M 100644 inline ${file.path}\n${data(RENDER[file.language](file))}`);
      }
      if (random.chance(0.1)) {
        const doc = random.pick(docs);
        doc.lines.push(`Note ${commit}: ${random.pick(VERBS)} the ${random.pick(NOUNS).toLowerCase()}.`);
        changes.push(`M 100644 inline ${doc.path}\n${data(doc.lines.join('\n') + '\n')}`);
      }
      subject = `${random.pick(TYPES)}(${random.pick(NOUNS).toLowerCase()}): ${random.pick(VERBS)} ${names[0] ?? 'docs'} ${random.pick(['for retries', 'on empty input', 'under load', 'after reconnect', 'in batches'])}`;
    }
    if (probeCommit) subject = 'fix(billing): stop double-charging annual plans after a proration rollback';
    const message = random.chance(0.3) ? `${subject}\n\n${random.pick(['Reported by support.', 'Found while profiling.', 'Follow-up to the review.', 'See the incident notes.'])}\n` : `${subject}\n`;
    const who = `${email === ME ? 'Me' : email.split('@')[0]} <${email}> ${time} +0000`;
    await write(
      `commit refs/heads/main\nmark :${commit}\nauthor ${who}\ncommitter ${who}\n${data(message)}${commit > 1 ? `from :${commit - 1}\n` : ''}${changes.join('')}\n`,
    );
    if (probeCommit) probe = { mark: commit };
  }
  await write('done\n');
  await flush();
  child.stdin.end();
  await exited;
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
  const hashes = execFileSync('git', ['rev-list', '--reverse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
  return {
    commits: hashes.length,
    mine,
    files: files.length + docs.length,
    probe: { query: 'stop double-charging annual plans after a proration rollback', hash: hashes[(probe?.mark ?? 1) - 1] },
  };
}

await main();
