#!/usr/bin/env node
/**
 * How well a learned commit style predicts the commits that came after it, and how fast style learning
 * runs on a long history.
 *
 * Evaluation: learn the commit style from the older 80% of a history (`git log --skip`), then hold the
 * newer 20% against the profile, field by field:
 *   - conventional / capitalization / mood / body / reference style: share of newer commits that agree
 *     with the learned value (reference style counts `none` as a value);
 *   - types: overlap of the learned and the newer type distributions (histogram intersection, 1 = same);
 *   - scopes: share of newer scoped commits whose scope was learned (hit rate), and share whose scope the
 *     learned scope → folder map names from the commit's files alone (what a drafter does);
 *   - subject length: share of newer subjects inside the learned p10–p90 band (80% if nothing changed).
 * Histories: this repository (real, small), and a generated team history with realistic drift (new scopes
 * appear late, a few slips in tense and case, other authors in other styles), as the user and as the
 * repository.
 *
 * Timing: the same generator at 7,000 commits (git fast-import), then `git log` alone, the commit-style
 * pass, the code-style pass and `learnStyle` (both together).
 *
 *   npx tsc -p .                     # this script uses the tsc output in out/
 *   node bench/style-eval.mjs [--repo /work/main] [--commits 7000] [--eval-commits 3000] [--seed 1] [--keep]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { formatMachine, machineInfo } from './lib/machine.mjs';
import { createRandom } from './lib/random.mjs';
import { writeResult } from './lib/results.mjs';
import { fixed, formatTable } from './lib/table.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(import.meta.url);
const style = require(path.join(ROOT, 'out/src/core/style/index.js'));
const { streamCommitLog } = require(path.join(ROOT, 'out/src/core/style/commit-log.js'));
const { topFolder } = require(path.join(ROOT, 'out/src/core/style/summarize-commits.js'));
const ME = 'me@example.com';
const TARGET_SECONDS = 60;
const TEST_SHARE = 0.2;

async function main() {
  const options = parseArgs(process.argv.slice(2), { repo: ROOT, commits: 7000, evalCommits: 3000, seed: 1, keep: false });
  const machine = machineInfo();
  console.log(formatMachine(machine));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'twin-bench-style-'));
  const results = { startedAt: new Date().toISOString(), machine, options, evaluations: [], timing: undefined };
  try {
    const evalRepo = path.join(scratch, 'team-history');
    const generated = await generateHistory(evalRepo, options.evalCommits, `${options.seed}:eval`);
    console.log(`Generated a ${generated.commits}-commit team history for the evaluation (${generated.mine} by ${ME}).`);

    const subjects = [
      { name: `${path.basename(options.repo)} (real)`, repo: options.repo, emails: undefined },
      { name: 'team history, as the user', repo: evalRepo, emails: [ME] },
      { name: 'team history, as the repository', repo: evalRepo, emails: ['nobody@example.com'] },
    ];
    for (const subject of subjects) results.evaluations.push(await evaluate(subject));
    printEvaluations(results.evaluations);

    const timingRepo = path.join(scratch, 'long-history');
    const started = performance.now();
    const long = await generateHistory(timingRepo, options.commits, `${options.seed}:timing`);
    const generateSeconds = (performance.now() - started) / 1000;
    console.log(`\nGenerated ${long.commits} commits (${long.mine} by ${ME}) over ${long.files} files in ${fixed(generateSeconds)} s with git fast-import.`);
    results.timing = await timeLearning(timingRepo, long);
    printTiming(results.timing);
    const file = writeResult('style-eval', results);
    console.log(`Results: ${path.relative(ROOT, file)}`);
  } finally {
    if (options.keep) console.log(`Kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

async function evaluate({ name, repo, emails }) {
  const total = Number(execFileSync('git', ['rev-list', '--count', '--no-merges', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim());
  const testCount = Math.max(1, Math.round(total * TEST_SHARE));
  const profile = await style.learnCommitStyle(repo, { authorEmails: emails, revisions: [`--skip=${testCount}`, 'HEAD'] });
  const authors = new Set(profile.source === 'author' ? profile.authors : []);
  const newer = [];
  for await (const commit of streamCommitLog(repo, { args: [`--max-count=${testCount}`, 'HEAD'] })) {
    if (authors.size && !authors.has(commit.authorEmail)) continue;
    const features = style.analyzeCommitMessage(commit.message);
    if (!features.generated) newer.push({ features, files: commit.files });
  }
  const agree = (select, predicate) => {
    const judged = newer.filter(select);
    return { n: judged.length, value: judged.length ? judged.filter(predicate).length / judged.length : NaN };
  };
  const all = () => true;
  const rows = {
    conventional: agree(all, (c) => Boolean(c.features.conventional) === profile.conventional),
    capitalization: agree((c) => c.features.capitalized !== undefined, (c) => c.features.capitalized === profile.capitalized),
    mood: agree(all, (c) => c.features.mood === profile.mood),
    types: typeOverlap(profile, newer),
    'scope hit rate': agree((c) => c.features.conventional?.scope, (c) => c.features.conventional.scope in profile.scopes),
    'scope from paths': agree((c) => c.features.conventional?.scope && c.files.length, (c) => scopeFromPaths(profile, c.files) === c.features.conventional.scope),
    'subject length in p10–p90': agree(all, (c) => c.features.subjectLength >= profile.subjectLength.p10 && c.features.subjectLength <= profile.subjectLength.p90),
    body: agree(all, (c) => c.features.bodyLines > 0 === profile.body.share >= 0.5),
    'reference style': agree(all, (c) => c.features.reference.style === profile.referenceStyle),
  };
  return {
    name,
    repository: repo,
    learnedFrom: profile.commits,
    source: profile.source,
    tested: newer.length,
    learned: {
      conventional: profile.conventional,
      capitalized: profile.capitalized,
      mood: profile.mood,
      types: Object.keys(profile.types).slice(0, 4).join(' '),
      scopes: Object.keys(profile.scopes).length,
      subjectBand: `${profile.subjectLength.p10}–${profile.subjectLength.p90}`,
      body: profile.body.share >= 0.5,
      referenceStyle: profile.referenceStyle,
    },
    rows,
  };
}

/** Histogram intersection of the learned and the newer type distributions: 1 when identical, 0 when disjoint. */
function typeOverlap(profile, newer) {
  const learned = profile.types;
  const learnedTotal = Object.values(learned).reduce((sum, count) => sum + count, 0);
  const counts = {};
  for (const commit of newer) if (commit.features.conventional) counts[commit.features.conventional.type] = (counts[commit.features.conventional.type] ?? 0) + 1;
  const newerTotal = Object.values(counts).reduce((sum, count) => sum + count, 0);
  if (!learnedTotal || !newerTotal) return { n: newerTotal, value: NaN };
  let overlap = 0;
  for (const type of new Set([...Object.keys(learned), ...Object.keys(counts)])) overlap += Math.min((learned[type] ?? 0) / learnedTotal, (counts[type] ?? 0) / newerTotal);
  return { n: newerTotal, value: overlap };
}

/** The learned scope whose folders best cover the commit's files (what a drafter would propose). */
function scopeFromPaths(profile, files) {
  const folders = files.map(topFolder);
  let best;
  let bestScore = 0;
  for (const [scope, info] of Object.entries(profile.scopes)) {
    let score = 0;
    for (const folder of folders) score += info.paths.find((p) => p.path === folder)?.share ?? 0;
    // Ties go to the scope used more often.
    score += info.count * 1e-6;
    if (score > bestScore) {
      best = scope;
      bestScore = score;
    }
  }
  return bestScore >= 0.1 ? best : undefined;
}

function printEvaluations(evaluations) {
  const fields = Object.keys(evaluations[0].rows);
  const header = ['field', ...evaluations.map((e) => e.name)];
  const rows = fields.map((field) => [
    field,
    ...evaluations.map((e) => {
      const { n, value } = e.rows[field];
      return Number.isFinite(value) ? `${fixed(value * 100, 0)}% of ${n}` : 'n/a';
    }),
  ]);
  console.log('');
  console.log('Learned from the older 80%, checked on the newer 20% (share of newer commits the profile predicts):');
  console.log('');
  console.log(formatTable(header, [['commits learned / checked', ...evaluations.map((e) => `${e.learnedFrom} / ${e.tested}`)], ['learned as', ...evaluations.map((e) => e.source)], ...rows]));
  console.log('');
  console.log(formatTable(['learned value', ...evaluations.map((e) => e.name)], Object.keys(evaluations[0].learned).map((key) => [key, ...evaluations.map((e) => String(e.learned[key]))])));
}

// ---------------------------------------------------------------------------------------------------------
// Timing

async function timeLearning(repo, generated) {
  const seconds = async (work) => {
    const started = performance.now();
    const result = await work();
    return [result, (performance.now() - started) / 1000];
  };
  // A fresh process first: module loading and grammar compilation included, as `twin learn` pays them.
  const script = `require(${JSON.stringify(path.join(ROOT, 'out/src/core/style/index.js'))}).learnStyle(${JSON.stringify(repo)}, { authorEmails: [${JSON.stringify(ME)}] }).then((s) => console.log(JSON.stringify(s.seconds)))`;
  const [coldOutput, coldSeconds] = await seconds(() => execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  const cold = JSON.parse(coldOutput.trim().split('\n').pop());
  const [, gitSeconds] = await seconds(async () => {
    let n = 0;
    for await (const commit of streamCommitLog(repo, { args: ['HEAD'] })) n += commit ? 1 : 0;
    return n;
  });
  const [commits, commitSeconds] = await seconds(() => style.learnCommitStyle(repo, { authorEmails: [ME] }));
  const [code, codeSeconds] = await seconds(() => style.learnCodeStyle(repo));
  const [both, bothSeconds] = await seconds(() => style.learnStyle(repo, { authorEmails: [ME] }));
  const files = Object.values(code.languages).reduce((sum, language) => sum + language.files, 0);
  return {
    commits: generated.commits,
    mine: commits.commits,
    files,
    coldSeconds,
    cold,
    gitSeconds,
    commitSeconds,
    codeSeconds,
    bothSeconds,
    learnedConventional: both.commits.conventional,
    learnedScopes: Object.keys(both.commits.scopes).length,
    languages: Object.keys(both.code),
  };
}

function printTiming(timing) {
  console.log('');
  console.log(
    formatTable(
      ['step', 'items', 'seconds', 'items/s'],
      [
        ['learnStyle in a fresh node process (wall)', `${timing.commits} commits, ${timing.files} files`, fixed(timing.coldSeconds, 2), ''],
        ['  of which the code pass', `${timing.files} files`, fixed(timing.cold.code, 2), fixed(timing.files / timing.cold.code, 0)],
        ['  of which the commit pass (side by side)', `${timing.commits} commits`, fixed(timing.cold.commits, 2), fixed(timing.commits / timing.cold.commits, 0)],
        ['git log --name-only alone (streamed, parsed)', `${timing.commits} commits`, fixed(timing.gitSeconds, 2), fixed(timing.commits / timing.gitSeconds, 0)],
        ['learnCommitStyle (warm)', `${timing.commits} commits`, fixed(timing.commitSeconds, 2), fixed(timing.commits / timing.commitSeconds, 0)],
        ['learnCodeStyle (warm, grammars loaded)', `${timing.files} files`, fixed(timing.codeSeconds, 2), fixed(timing.files / timing.codeSeconds, 0)],
        ['learnStyle (warm)', `${timing.commits} commits, ${timing.files} files`, fixed(timing.bothSeconds, 2), ''],
      ],
    ),
  );
  console.log('');
  console.log(`Learning the style of a ${timing.commits}-commit repository took ${fixed(timing.coldSeconds, 2)} s in a fresh process: ${fixed(timing.coldSeconds / TARGET_SECONDS, 3)}× the ${TARGET_SECONDS} s budget (${timing.coldSeconds <= TARGET_SECONDS ? 'within' : 'OVER'} target).`);
  console.log(`It learned ${timing.mine} of your commits (conventional: ${timing.learnedConventional}, ${timing.learnedScopes} scopes) and ${timing.languages.join(', ')} code.`);
}

// ---------------------------------------------------------------------------------------------------------
// A generated team history

/** Where each scope's code lives, the language it is written in, and when (share of history) it appears. */
const AREAS = [
  { scope: 'api', folder: 'packages/api/src', ext: 'ts', from: 0 },
  { scope: 'web', folder: 'packages/web/src', ext: 'ts', from: 0 },
  { scope: 'cli', folder: 'packages/cli/src', ext: 'ts', from: 0.1 },
  { scope: 'db', folder: 'packages/db/migrations', ext: 'py', from: 0 },
  { scope: 'worker', folder: 'services/worker', ext: 'go', from: 0.3 },
  { scope: 'mobile', folder: 'apps/mobile/src', ext: 'ts', from: 0.7 },
  { scope: 'search', folder: 'packages/search/src', ext: 'ts', from: 0.85 },
  { scope: 'docs', folder: 'docs/guide', ext: 'md', from: 0 },
  { scope: 'ci', folder: '.github/workflows', ext: 'yml', from: 0 },
];
const TYPES = [['feat', 30], ['fix', 30], ['refactor', 10], ['chore', 9], ['test', 8], ['docs', 6], ['perf', 4], ['ci', 3]];
const VERBS = {
  feat: ['add', 'support', 'expose', 'introduce', 'allow'],
  fix: ['handle', 'fix', 'prevent', 'avoid', 'guard against'],
  refactor: ['extract', 'simplify', 'rename', 'move', 'split'],
  chore: ['bump', 'update', 'clean up', 'pin'],
  test: ['cover', 'add tests for', 'stabilize'],
  docs: ['document', 'explain', 'clarify'],
  perf: ['speed up', 'cache', 'batch'],
  ci: ['run', 'cache', 'split'],
};
const OBJECTS = ['the session refresh', 'empty search results', 'invoice rounding', 'the retry budget', 'webhook signatures', 'token expiry', 'the export job', 'pagination cursors', 'the upload queue', 'rate limits', 'stale cache entries', 'timezone offsets', 'the login redirect', 'duplicate events', 'the settings page'];
const TAILS = ['', '', '', ' on slow networks', ' for admins', ' after a restart', ' in batch mode', ' when offline', ' under load'];
const OTHERS = [
  { email: 'dana@example.com', name: 'Dana', subject: (r, o) => `${r.pick(['Fix', 'Add', 'Update', 'Remove'])} ${o}` },
  { email: 'lee@example.com', name: 'Lee', subject: (r, o) => `WEB-${r.int(100, 999)} ${r.pick(['Fixed', 'Added', 'Updated'])} ${o}` },
  { email: 'sam@example.com', name: 'Sam', subject: (r, o) => `${r.pick(['✨', '🐛', '♻️'])} ${r.pick(['Add', 'Fix', 'Refactor'])} ${o}` },
];

function source(ext, area, n) {
  if (ext === 'ts') return `import { log } from '../shared/log';\n\n/** Step ${n} of ${area}. */\nexport function step${n}(input: string): string {\n  const trimmed = input.trim();\n  log('${area}', trimmed);\n  return trimmed;\n}\n`;
  if (ext === 'py') return `"""Migration ${n}."""\nfrom db import op\n\n\ndef upgrade_${n}():\n    """Adds column ${n}."""\n    op.add_column("items", "c${n}")\n`;
  if (ext === 'go') return `package worker\n\n// Step${n} runs step ${n}.\nfunc Step${n}(input string) (string, error) {\n\tif input == "" {\n\t\treturn "", errEmpty\n\t}\n\treturn input, nil\n}\n`;
  if (ext === 'md') return `# ${area} ${n}\n\nHow to use step ${n}.\n`;
  return `name: ci-${n}\non: [push]\n`;
}

function myMessage(random, area, progress, pr) {
  const type = random.weighted(TYPES);
  const scoped = random.chance(0.82);
  const breaking = type === 'feat' && random.chance(0.02);
  let description = `${random.pick(VERBS[type])} ${random.pick(OBJECTS)}${random.pick(TAILS)}`;
  // Slips people make: a past tense, a capital letter, no convention at all.
  if (random.chance(0.04)) description = description.replace(/^(\w+)/, (verb) => (verb.endsWith('e') ? `${verb}d` : `${verb}ed`));
  if (random.chance(0.06)) description = description[0].toUpperCase() + description.slice(1);
  let subject = random.chance(0.03) ? description[0].toUpperCase() + description.slice(1) : `${type}${scoped ? `(${area.scope})` : ''}${breaking ? '!' : ''}: ${description}`;
  // Squash merges add the pull request number; more of them as the team adopts pull requests.
  if (random.chance(0.55 + 0.3 * progress)) subject += ` (#${pr})`;
  const body = random.chance(0.25) ? `\n\n${random.pick(['The old path dropped the error.', 'Measured on the staging data set.', 'Follow-up to the review.', 'Users saw this after the last release.'])}${random.chance(0.3) ? `\n\nFixes #${pr - random.int(5, 40)}` : ''}` : '';
  return `${subject}${body}\n`;
}

async function generateHistory(root, commitCount, seed) {
  const random = createRandom(`style-eval:${seed}`);
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  execFileSync('git', ['config', 'user.email', ME], { cwd: root });
  execFileSync('git', ['config', 'user.name', 'Me'], { cwd: root });
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: root, stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))));
  let buffered = [];
  let size = 0;
  const flush = async () => {
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!child.stdin.write(chunk)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  };
  const write = async (text) => {
    buffered.push(text);
    size += text.length;
    if (size > 1 << 20) await flush();
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  const files = new Map();
  let time = Date.parse('2022-03-01T09:00:00Z') / 1000;
  let pr = 100;
  let mine = 0;
  for (let commit = 1; commit <= commitCount; commit++) {
    const progress = commit / commitCount;
    time += Math.round(random.exponential(2 * 3600));
    const areas = AREAS.filter((area) => area.from <= progress);
    const area = random.pickSkewed(areas, 1.4);
    const changes = [];
    for (let i = random.int(1, 3); i > 0; i--) {
      const n = random.int(1, 20);
      const file = `${area.folder}/${area.ext === 'md' || area.ext === 'yml' ? 'part' : 'step'}-${n}.${area.ext}`;
      const version = (files.get(file) ?? 0) + 1;
      files.set(file, version);
      const comment = area.ext === 'ts' || area.ext === 'go' ? '//' : '#';
      changes.push(`M 100644 inline ${file}\n${data(`${source(area.ext, area.scope, n)}\n${comment} revision ${version}\n`)}`);
    }
    if (random.chance(0.1)) changes.push(`M 100644 inline packages/shared/log.ts\n${data(`export function log(area: string, message: string): void {\n  console.log(area, message, ${commit});\n}\n`)}`);
    pr += random.int(1, 3);
    const other = random.chance(0.35) ? random.pick(OTHERS) : undefined;
    const message = other ? `${other.subject(random, random.pick(OBJECTS))}\n` : myMessage(random, area, progress, pr);
    if (!other) mine++;
    const who = other ? `${other.name} <${other.email}> ${time} +0000` : `Me <${ME}> ${time} +0000`;
    await write(`commit refs/heads/main\nmark :${commit}\nauthor ${who}\ncommitter ${who}\n${data(message)}${commit > 1 ? `from :${commit - 1}\n` : ''}${changes.join('')}\n`);
  }
  await write('done\n');
  await flush();
  child.stdin.end();
  await exited;
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root });
  return { commits: commitCount, mine, files: files.size + 1 };
}

await main();
