#!/usr/bin/env node
/**
 * Deterministic generator of a developer's working life as Twin memories (one JSON object per line, in
 * the shape `twin import` reads): editor edits and navigation, test runs, commits in the conventions each
 * repository uses, pull requests and review comments, Slack threads, emails, browser page titles, notes
 * and screen captures, spread over months of working days.
 *
 * Why not random strings: import throughput and recall latency depend on text length, vocabulary and
 * how often things repeat (near-duplicate merging, full-text posting lists), so the load has to look
 * like the real thing. Activity follows tasks (a ticket, its branch, its files) the way a working day
 * does, and ~1.5% of memories are genuine near-repeats (a page revisited, a note saved twice, a message
 * cross-posted).
 *
 *   node bench/data/developer-memories.mjs --count 100000 --seed 1 > memories.jsonl
 *   node bench/data/developer-memories.mjs --count 20 --seed 7 --stats      (summary on stderr)
 *   options: --start 2025-01-06 --months 9 (or --end 2025-06-30) --id-prefix dev --queries N (print N recall queries instead)
 */
import { pathToFileURL } from 'node:url';
import { createRandom } from '../lib/random.mjs';
import { parseArgs } from '../lib/args.mjs';
import * as V from './developer-vocabulary.mjs';
import { COMPANY, DEVELOPER, TEAM, FIRST_NAMES, LAST_NAMES, PROJECTS, TEAM_CHANNELS, HOST_SERVICES, ENVIRONMENTS } from './world.mjs';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WORKDAY_START_MINUTE = 8 * 60 + 30;
const WORKDAY_LENGTH_MINUTES = 10 * 60;
/** Days the developer did not work; a real timeline has holes. */
const DAYS_OFF = new Set([
  '2025-04-18', '2025-04-21', '2025-05-01', '2025-06-10', '2025-08-11', '2025-08-12', '2025-08-13',
  '2025-08-14', '2025-08-15', '2025-12-24', '2025-12-25', '2025-12-26',
]);
const NEAR_DUPLICATE_RATE = 0.015;

// ---------------------------------------------------------------------------------------------------
// Naming: each language cases the same words its own way.

const capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);
const camel = (words) => words[0] + words.slice(1).map(capitalize).join('');
const pascal = (words) => words.map(capitalize).join('');
const snakeCase = (words) => words.join('_');
const kebab = (words) => words.join('-');
const pluralize = (word) => (/(s|x|ch|sh)$/.test(word) ? word + 'es' : /[^aeiou]y$/.test(word) ? word.slice(0, -1) + 'ies' : word + 's');
const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const expandWords = (words) => words.flatMap((word) => word.split(/(?=[A-Z])/).map((part) => part.toLowerCase()));

function functionName(language, words) {
  if (language === 'Go') return pascal(words).replace(/Id\b/, 'ID');
  if (language === 'Python' || language === 'Rust') return snakeCase(words);
  return camel(words);
}

// ---------------------------------------------------------------------------------------------------
// A synthetic but plausible codebase per repository: the same files and symbols recur across months.

function buildCodebase(project, random) {
  const files = [];
  const fileCount = random.int(60, 120);
  const seenPaths = new Set();
  for (let attempt = 0; files.length < fileCount && attempt < fileCount * 5; attempt++) {
    const noun = random.pick(V.CODE_NOUNS);
    const role = random.pick(V.FILE_ROLES);
    const root = random.pick(project.roots);
    const path = filePath(project, root, noun, role, random);
    if (seenPaths.has(path)) continue;
    seenPaths.add(path);
    const file = { path, noun, role, lines: random.int(40, 900), symbols: [] };
    file.symbols = buildSymbols(project, file, random);
    file.testPath = testPath(project, path, noun);
    files.push(file);
  }
  return files;
}

function filePath(project, root, noun, role, random) {
  const module = pluralize(noun[0]);
  switch (project.language) {
    case 'TypeScript':
      if (project.ext === 'tsx') {
        const component = pascal([...noun, random.pick(['form', 'list', 'summary', 'picker', 'modal', 'card', 'table', 'banner', 'button', 'page'])]);
        return `${root}/${component}.tsx`;
      }
      return `${root}/${module}/${kebab([...noun, role])}.ts`;
    case 'Go':
      return root.startsWith('cmd/') ? `${root}/main.go` : `${root}/${snakeCase(noun)}/${snakeCase([noun[noun.length - 1], role])}.go`;
    case 'Python':
      return `${root}/${snakeCase([...noun, role])}.py`;
    case 'Rust':
      return random.chance(0.5) ? `${root}/${snakeCase(noun)}.rs` : `${root}/${snakeCase(noun)}/${role}.rs`;
    case 'Kotlin':
      return `${root}/${module}/${pascal([...noun, role])}.kt`;
    case 'HCL':
      return root === 'modules' ? `modules/${kebab(noun)}/${random.pick(V.TERRAFORM_FILES)}` : `${root}/${random.pick(V.TERRAFORM_FILES)}`;
    default:
      return `${root}/${snakeCase(noun)}.${project.ext}`;
  }
}

function testPath(project, path, noun) {
  const base = path.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  switch (project.language) {
    case 'TypeScript': return path.replace(/^src\//, 'test/').replace(/\.(tsx?)$/, '.test.$1');
    case 'Go': return path.replace(/\.go$/, '_test.go');
    case 'Python': return `tests/test_${base}.py`;
    case 'Kotlin': return path.replace('src/main/', 'src/test/').replace(/\.kt$/, 'Test.kt');
    case 'Rust': return `tests/${snakeCase(noun)}_test.rs`;
    default: return path;
  }
}

function buildSymbols(project, file, random) {
  const { language } = project;
  if (language === 'HCL') {
    const resource = random.pick(['aws_db_instance', 'aws_security_group', 'aws_iam_role', 'aws_lb_listener', 'aws_msk_cluster', 'aws_s3_bucket', 'aws_route53_record', 'helm_release']);
    return [
      { kind: 'resource', name: `${resource}.${snakeCase(file.noun)}` },
      { kind: 'variable', name: `var.${snakeCase([...file.noun, random.pick(['instance_class', 'retention_days', 'cidr_blocks', 'engine_version', 'replicas'])])}` },
      { kind: 'module', name: `module.${snakeCase(file.noun)}` },
    ];
  }
  const symbols = [];
  const typeName = pascal([...file.noun, file.role]);
  const classBased = language === 'Kotlin' || language === 'Go' || (language === 'TypeScript' && random.chance(0.4)) || (language === 'Python' && random.chance(0.5)) || language === 'Rust';
  if (project.ext === 'tsx') {
    const component = file.path.replace(/^.*\//, '').replace(/\.tsx$/, '');
    symbols.push({ kind: 'component', name: component }, { kind: 'function', name: `use${component}` });
  } else if (classBased) {
    symbols.push({ kind: language === 'Go' || language === 'Rust' ? 'struct' : 'class', name: typeName });
  }
  const count = random.int(3, 10);
  for (let i = 0; i < count; i++) {
    const noun = random.chance(0.55) ? file.noun : random.pick(V.CODE_NOUNS);
    const words = [random.pick(V.CODE_VERBS), ...noun, ...(random.chance(0.25) ? random.pick(V.CODE_QUALIFIERS) : [])];
    const name = functionName(language, words);
    const isMethod = classBased && project.ext !== 'tsx' && random.chance(0.6);
    const separator = language === 'Rust' ? '::' : '.';
    symbols.push(isMethod ? { kind: 'method', name: `${typeName}${separator}${name}` } : { kind: 'function', name });
  }
  return symbols;
}

// ---------------------------------------------------------------------------------------------------
// People

function buildPeople(random) {
  const teams = [...new Set(PROJECTS.map((p) => p.team))];
  const people = TEAM.map((member) => ({ ...member, first: member.name.split(' ')[0], core: true }));
  const used = new Set(people.map((p) => p.name));
  while (people.length < TEAM.length + 40) {
    const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
    if (used.has(name)) continue;
    used.add(name);
    const [first, last] = name.split(' ');
    people.push({ name, first, handle: `${first.toLowerCase()}.${last.toLowerCase()}`, core: false, team: random.pick(teams) });
  }
  return people;
}

/** Mostly someone from the repository's own team; the developer's closest colleagues show up most. */
function colleagueFor(state, project) {
  const { random, world } = state;
  const team = world.people.filter((p) => p.team === project.team);
  return team.length && random.chance(0.6) ? random.pickSkewed(team, 1.4) : random.pickSkewed(world.colleagues, 1.5);
}

function taskObjectFor(random, project) {
  return random.chance(0.8) ? random.pick(V.TASK_OBJECTS[project.name]) : random.pick(V.TASK_OBJECTS.any);
}

const emailOf = (person) => `${person.name.toLowerCase().replace(/ /g, '.').normalize('NFD').replace(/[\u0300-\u036f]/g, '')}@${COMPANY.domain}`;

// ---------------------------------------------------------------------------------------------------
// Time: the generator walks "working minutes" and maps them onto calendar working days.

function createClock({ start, months, end, count, random }) {
  const startDay = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(startDay)) throw new Error(`--start must be a date like 2025-01-06, got "${start}"`);
  const endDay = new Date(startDay);
  endDay.setUTCMonth(endDay.getUTCMonth() + months);
  if (end) {
    endDay.setTime(Date.parse(`${end}T23:59:59Z`));
    if (Number.isNaN(endDay.getTime()) || endDay.getTime() <= startDay) throw new Error(`--end must be a date after --start, got "${end}"`);
  }
  const workdays = [];
  const extendWorkdays = (until) => {
    let day = workdays.length ? workdays[workdays.length - 1] + DAY_MS : startDay;
    while (day < until || workdays.length === 0) {
      const weekday = new Date(day).getUTCDay();
      const iso = new Date(day).toISOString().slice(0, 10);
      if (weekday !== 0 && weekday !== 6 && !DAYS_OFF.has(iso)) workdays.push(day);
      day += DAY_MS;
    }
  };
  extendWorkdays(endDay.getTime());
  const totalWorkMinutes = workdays.length * WORKDAY_LENGTH_MINUTES;
  const meanGapMinutes = totalWorkMinutes / Math.max(1, count);
  let workMinute = 0;
  // Gaps are scaled per event kind; dividing by the running mean scale keeps the whole run inside the span.
  let scaleSum = 0;
  let scaleCount = 0;

  return {
    /** Advances by a human-looking gap; `scale` < 1 for bursts (editing), > 1 for lulls. */
    advance(scale = 1) {
      scaleSum += scale;
      scaleCount++;
      workMinute += random.exponential((meanGapMinutes * scale) / (scaleSum / scaleCount));
    },
    now() {
      const dayIndex = Math.floor(workMinute / WORKDAY_LENGTH_MINUTES);
      while (dayIndex >= workdays.length) extendWorkdays(workdays[workdays.length - 1] + 30 * DAY_MS);
      const minuteOfDay = WORKDAY_START_MINUTE + (workMinute % WORKDAY_LENGTH_MINUTES);
      return Math.round(workdays[dayIndex] + minuteOfDay * MINUTE_MS + random.int(0, 59) * 1000);
    },
    /** The current time without drawing random numbers, for text that mentions dates. */
    peek() {
      const dayIndex = Math.min(Math.floor(workMinute / WORKDAY_LENGTH_MINUTES), workdays.length - 1);
      return workdays[dayIndex];
    },
    /** Evening messages and late browsing happen, but they are the exception. */
    afterHours(timestamp) {
      const day = Math.floor(timestamp / DAY_MS) * DAY_MS;
      return day + (19 * 60 + random.int(0, 230)) * MINUTE_MS + random.int(0, 59) * 1000;
    },
    meanGapMinutes,
  };
}

// ---------------------------------------------------------------------------------------------------
// The generator

/**
 * Returns `{ memories, stats }`: `memories` is an iterator of import records (deterministic for a given
 * count, seed, start and months); `stats` fills in as the iterator is consumed.
 */
export function createDeveloperMemoryGenerator({ count, seed = 1, start = '2025-01-06', months = 9, end = '', idPrefix = `dev-s${seed}` } = {}) {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  const stats = { total: 0, bySource: {}, byKind: {}, nearDuplicates: 0, tasks: 0 };
  return { memories: generate({ count, seed, start, months, end, idPrefix, stats }), stats };
}

/** Convenience: just the records. */
export function generateDeveloperMemories(options) {
  return createDeveloperMemoryGenerator(options).memories;
}

function* generate({ count, seed, start, months, end, idPrefix, stats }) {
  const random = createRandom(`developer-memories:${seed}`);
  const world = buildWorld(random.fork('world'));
  const clock = createClock({ start, months, end, count, random: random.fork('clock') });
  const state = {
    random,
    world,
    clock,
    task: null,
    prCounter: new Map(PROJECTS.map((p) => [p.name, random.int(120, 900)])),
    ticketCounter: new Map(),
    slackThreads: new Map(),
    recent: [],
    othersPullRequests: [],
  };
  const pending = [];
  // Accidental exact repeats of a template are dropped, so the only repeats are the planted ones (counted).
  const seenTexts = new Set();
  let droppedInARow = 0;
  let index = 0;

  while (index < count) {
    if (pending.length === 0) {
      if (state.recent.length > 20 && random.chance(NEAR_DUPLICATE_RATE)) {
        const candidates = state.recent.slice(-300).filter(({ draft }) => REPEATING_SOURCES.has(draft.source));
        pending.push({ ...nearDuplicateOf(state, random.pick(candidates)), planted: true });
      } else {
        pending.push(...nextEvents(state, stats));
      }
    }
    const draft = pending.shift();
    if (!draft.planted && seenTexts.has(draft.text) && droppedInARow < 20) {
      droppedInARow++;
      continue;
    }
    droppedInARow = 0;
    seenTexts.add(draft.text);
    if (draft.planted) stats.nearDuplicates++;
    clock.advance(draft.gapScale ?? 1);
    index++;
    const memory = finalize(draft, `${idPrefix}-${String(index).padStart(6, '0')}`, clock, random);
    state.recent.push({ draft, memory });
    if (state.recent.length > 600) state.recent.splice(0, 300);
    stats.total++;
    stats.bySource[memory.source] = (stats.bySource[memory.source] ?? 0) + 1;
    stats.byKind[memory.kind] = (stats.byKind[memory.kind] ?? 0) + 1;
    yield memory;
  }
}

function buildWorld(random) {
  const codebases = new Map(PROJECTS.map((project) => [project.name, buildCodebase(project, random.fork(project.name))]));
  const people = buildPeople(random.fork('people'));
  const hosts = [];
  for (const service of HOST_SERVICES) for (const env of ENVIRONMENTS) for (let i = 1; i <= 3; i++) hosts.push(`${service}-${env}-0${i}`);
  return { codebases, people, colleagues: people, teamCore: people.filter((p) => p.core), hosts, manager: people.find((p) => p.handle === 'dana') };
}

/** The memory as `twin import` reads it; editor and browser events carry epoch ms like an observer would. */
function finalize(draft, id, clock, random) {
  let timestamp = clock.now();
  if (draft.mayBeAfterHours && random.chance(0.04)) timestamp = clock.afterHours(timestamp);
  const memory = { id, text: draft.text, timestamp: draft.epochMs ? timestamp : new Date(timestamp).toISOString(), source: draft.source, kind: draft.kind, author: draft.author ?? DEVELOPER.name };
  if (draft.recipients?.length) memory.recipients = draft.recipients;
  if (draft.channel) memory.channel = draft.channel;
  if (draft.thread) memory.thread = draft.thread;
  if (draft.meta && Object.keys(draft.meta).length) memory.meta = draft.meta;
  return memory;
}

/** What a developer's next few minutes produce: task work most of the time, the rest is everything else. */
function nextEvents(state, stats) {
  const { random } = state;
  if (!state.task || state.task.phase === 'done') {
    state.task = startTask(state);
    stats.tasks++;
    return [switchBranchEvent(state)];
  }
  const category = random.weighted([
    ['task', 52], ['slack', 16], ['browser', 9], ['email', 6], ['review-others', 5], ['note', 3.5], ['screen', 3], ['standup', 1.5],
  ]);
  switch (category) {
    case 'task': return taskEvents(state);
    case 'slack': return [slackEvent(state)];
    case 'browser': return [browserEvent(state, null)];
    case 'email': return [emailEvent(state)];
    case 'review-others': return reviewOthersEvents(state);
    case 'note': return [noteEvent(state)];
    case 'screen': return [screenEvent(state)];
    default: return [standupEvent(state)];
  }
}

// ---------------------------------------------------------------------------------------------------
// Task work: a ticket, a branch, a handful of files; edits, tests, commits, a PR, reviews, a merge.

function startTask(state) {
  const { random, world } = state;
  const project = random.pickSkewed(PROJECTS, 1.6);
  const files = random.sample(world.codebases.get(project.name), random.int(2, 6));
  const key = project.ticketKey;
  const ticketNumber = (state.ticketCounter.get(key) ?? random.int(200, 1400)) + random.int(1, 9);
  state.ticketCounter.set(key, ticketNumber);
  const verb = random.pick(V.TASK_VERBS);
  const object = taskObjectFor(random, project);
  const title = `${verb} ${object}`;
  const ticket = `${key}-${ticketNumber}`;
  const slug = kebab(object.toLowerCase().replace(/[^a-z0-9 ]/g, '').split(' ').filter((w) => !['the', 'in', 'on', 'at', 'for', 'of', 'to'].includes(w)).slice(0, 3));
  const branchType = /^(Fix|Handle|Retry)/.test(verb) ? 'fix' : 'feature';
  const reviewers = random.sample(world.teamCore.filter((p) => p.handle !== 'dana'), 2);
  return {
    project, files, title, ticket, verb, object, reviewers,
    branch: `${branchType}/${ticket}-${slug}`,
    phase: 'coding',
    commitsPlanned: random.int(1, 5),
    commits: 0,
    editsSinceCommit: 0,
    editsBeforeCommit: random.int(3, 12),
    reviewRounds: random.int(0, 3),
    pr: null,
  };
}

function switchBranchEvent(state) {
  const { task } = state;
  return editorDraft(state, `Switched to new branch ${task.branch} in ${task.project.name} (${task.ticket}: ${task.title})`, { event: 'branch', branch: task.branch, ticket: task.ticket }, 2);
}

function taskEvents(state) {
  const { random, task } = state;
  if (task.phase === 'coding') {
    if (task.editsSinceCommit >= task.editsBeforeCommit) return commitEvents(state, null);
    const kind = random.weighted([['edit', 45], ['navigate', 16], ['open', 8], ['test', 10], ['terminal', 6], ['debug', 4], ['diagnostic', 4], ['lookup', 7]]);
    if (kind === 'edit') task.editsSinceCommit++;
    return [codingEvent(state, kind)];
  }
  if (task.phase === 'review') {
    if (task.reviewRounds > 0) {
      task.reviewRounds--;
      const reviewer = random.pick(task.reviewers);
      const events = [];
      const comments = random.int(1, 3);
      for (let i = 0; i < comments; i++) events.push(reviewCommentEvent(state, reviewer, task, false));
      events.push(codingEvent(state, 'edit'));
      events.push(...commitEvents(state, random.pick(['address review comments', 'Address review feedback', `review: ${random.pick(['rename', 'simplify', 'add test for'])} ${lowerFirst(pickSymbol(state, random.pick(task.files)).name.replace(/^.*[.:]/, ''))}`])));
      if (random.chance(0.4)) events.push(ciEvent(state, task));
      return events;
    }
  }
  return [approvalEvent(state, task), mergeEvent(state, task), ...(random.chance(0.6) ? [deployEvent(state, task)] : [])];
}

function pickSymbol(state, file) {
  return state.random.pickSkewed(file.symbols, 1.3);
}

function editorDraft(state, text, meta, gapScale = 0.5) {
  const { task } = state;
  return {
    text,
    source: 'editor',
    kind: 'episodic',
    epochMs: true,
    gapScale,
    meta: { project: task?.project.name, ...meta },
  };
}

function codingEvent(state, kind) {
  const { random, task } = state;
  const { project } = task;
  const file = random.pickSkewed(task.files, 1.5);
  const symbol = pickSymbol(state, file);
  const language = project.language;
  switch (kind) {
    case 'edit': {
      const minutes = random.int(1, 25);
      const added = random.int(1, 60);
      const removed = random.int(0, Math.max(1, Math.round(added * random.next())));
      const onTest = random.chance(0.2) && file.testPath !== file.path;
      if (onTest) {
        const testName = testCaseName(state, file, symbol);
        return editorDraft(state, `Edited test ${testName} in ${file.testPath} (${language}) for ${minutes} min, +${added} −${removed}`, { event: 'edit', file: file.testPath, symbol: testName, language, durationMin: minutes, linesAdded: added, linesRemoved: removed });
      }
      return editorDraft(state, `Edited ${symbol.kind} ${symbol.name} in ${file.path} (${language}) for ${minutes} min, +${added} −${removed}`, { event: 'edit', file: file.path, symbol: symbol.name, language, durationMin: minutes, linesAdded: added, linesRemoved: removed });
    }
    case 'navigate': {
      const from = random.pick(task.files);
      const fromSymbol = pickSymbol(state, from);
      const variant = random.weighted([['definition', 4], ['references', 3], ['search', 3], ['outline', 1]]);
      if (variant === 'definition') {
        return editorDraft(state, `Went to definition of ${symbol.name} (${file.path}:${random.int(5, file.lines)}) from ${fromSymbol.name} in ${from.path}`, { event: 'navigate', file: file.path, symbol: symbol.name, language });
      }
      if (variant === 'references') {
        const refs = random.int(2, 40);
        return editorDraft(state, `Found ${refs} references to ${symbol.name} across ${plural(random.int(1, Math.min(refs, 14)), 'file')} in ${project.name}`, { event: 'navigate', symbol: symbol.name, language });
      }
      if (variant === 'search') {
        const term = random.chance(0.5) ? symbol.name.replace(/^.*[.:]/, '') : random.pick([...expandWords(file.noun), task.ticket, random.pick(V.FIELDS)]);
        const matches = random.int(0, 60);
        return editorDraft(state, `Searched ${project.name} for "${term}": ${matches} matches in ${matches === 0 ? 0 : random.int(1, Math.min(matches, 20))} files`, { event: 'search', query: term });
      }
      return editorDraft(state, `Opened outline of ${file.path}: ${file.symbols.length} symbols, ${file.lines} lines`, { event: 'navigate', file: file.path, language });
    }
    case 'open':
      return editorDraft(state, random.chance(0.85)
        ? `Opened ${file.path} at line ${random.int(1, file.lines)} (${language}, ${file.lines} lines) in ${project.name}`
        : `Created ${file.testPath} in ${project.name}`, { event: 'open', file: file.path, language }, 0.3);
    case 'test': {
      if (language === 'HCL') {
        const changes = `${random.int(0, 6)} to add, ${random.int(0, 4)} to change, ${random.int(0, 2)} to destroy`;
        return editorDraft(state, random.chance(0.7)
          ? `Terminal: \`terraform plan\` in ${file.path.replace(/\/[^/]*$/, '')}: Plan: ${changes}.`
          : `Terminal: \`terraform validate\` in ${project.name}: ${random.chance(0.8) ? 'Success! The configuration is valid.' : errorMessage(state, language, file)}`, { event: 'test', file: file.path });
      }
      const total = random.int(12, 900);
      const failed = random.chance(0.35) ? random.int(1, 4) : 0;
      const seconds = (random.int(15, 1800) / 10).toFixed(1);
      const detail = failed ? `, ${failed} failed (${file.testPath.replace(/^.*\//, '')}: ${testCaseName(state, file, symbol)})` : '';
      return editorDraft(state, `Ran ${project.testRunner} in ${project.name}: ${total - failed} passed${detail}, ${seconds} s`, { event: 'test', passed: total - failed, failed, file: failed ? file.testPath : undefined });
    }
    case 'terminal': {
      const failing = random.chance(0.3);
      const command = terminalCommand(state, project);
      if (failing) {
        const error = errorMessage(state, language, file);
        return editorDraft(state, `Terminal: \`${command}\` failed in ${project.name}: ${error}`, { event: 'terminal', command, exitCode: 1 });
      }
      return editorDraft(state, `Terminal: \`${command}\` in ${project.name} (exit 0, ${random.int(1, 240)} s)`, { event: 'terminal', command, exitCode: 0 });
    }
    case 'debug':
      return editorDraft(state, `Debugger paused at ${file.path}:${random.int(5, file.lines)} in ${symbol.name} (breakpoint); inspected ${random.pick(['request', 'event', 'row', 'result', 'payload', 'ctx'])}.${random.pick(V.FIELDS)}`, { event: 'debug', file: file.path, symbol: symbol.name, language });
    case 'diagnostic': {
      const error = errorMessage(state, language, file);
      return editorDraft(state, `${random.int(1, 6)} problem(s) in ${file.path}: ${error}`, { event: 'diagnostic', file: file.path, language });
    }
    default:
      return browserEvent(state, task);
  }
}

function testCaseName(state, file, symbol) {
  const { random, task } = state;
  const noun = expandWords(file.noun).join(' ');
  const language = task.project.language;
  const phrase = random.pick([
    `returns 404 when the ${noun} does not exist`, `rejects an expired ${noun}`, `retries a failed ${noun} twice`,
    `keeps the original ${noun} when the update fails`, `handles an empty ${noun} list`, `paginates ${pluralize(noun)} in pages of ${random.pick([20, 50, 100])}`,
    `rounds ${noun} amounts to cents`, `is idempotent for the same ${noun}`, `emits an event after ${random.pick(['create', 'update', 'delete'])}`,
  ]);
  if (language === 'Go') return `Test${pascal(expandWords([symbol.name.replace(/^.*[.:]/, '')]))}_${pascal(phrase.split(' ').slice(0, 3))}`;
  if (language === 'Python' || language === 'Rust') return `test_${snakeCase(phrase.split(' ').slice(0, 6))}`;
  return `'${phrase}'`;
}

function terminalCommand(state, project) {
  const { random, task } = state;
  const byManager = {
    pnpm: ['pnpm install', 'pnpm test', 'pnpm run build', 'pnpm lint --fix', 'pnpm run db:migrate', 'pnpm codegen'],
    npm: ['npm ci', 'npm test', 'npm run build', 'npm run lint', 'npm run storybook', 'npx playwright test'],
    go: ['go test ./...', 'go build ./...', 'go vet ./...', 'golangci-lint run', 'sqlc generate', 'go mod tidy'],
    poetry: ['poetry install', 'poetry run pytest -x', 'poetry run mypy .', 'poetry run alembic upgrade head', 'poetry run ruff check .'],
    terraform: ['terraform plan -out plan.tfout', 'terraform init -upgrade', 'terraform fmt -recursive', 'terraform apply plan.tfout'],
    cargo: ['cargo build --release', 'cargo test', 'cargo clippy -- -D warnings', 'cargo fmt'],
    gradle: ['./gradlew test', './gradlew build', './gradlew ktlintCheck', './gradlew bootRun'],
  };
  return random.pick([
    ...byManager[project.pm],
    'docker compose up -d postgres redis',
    `git rebase origin/main`,
    `git push -u origin ${task.branch}`,
    `kubectl -n ${project.name} get pods`,
    `ssh ${random.pick(state.world.hosts)}`,
  ]);
}

function errorMessage(state, language, file) {
  const { random } = state;
  const template = random.pick(V.ERROR_TEMPLATES[language] ?? V.ERROR_TEMPLATES.TypeScript);
  return template({
    field: random.pick(V.FIELDS),
    type: pascal([...file.noun, random.pick(['input', 'row', 'dto', 'event', 'options'])]),
    port: random.pick([5432, 6379, 9092, 8080, 3000]),
    n: random.int(1, 12),
    table: random.pick(V.TABLES),
  });
}

/** A commit, followed by opening the pull request when it was the last commit the task needed. */
function commitEvents(state, overrideMessage) {
  const { random, task } = state;
  const { project } = task;
  const file = random.pick(task.files);
  const scope = file.path.split('/').slice(-2, -1)[0] ?? file.noun[0];
  let message = overrideMessage;
  let opensPullRequest = false;
  if (!message) {
    const first = task.commits === 0;
    const subject = first ? lowerFirst(task.title) : random.pick([
      `add tests for ${expandWords(file.noun).join(' ')}`, `extract ${pickSymbol(state, file).name.replace(/^.*[.:]/, '')}`,
      `handle ${random.pick(['null', 'empty', 'duplicate', 'expired'])} ${expandWords(file.noun).join(' ')}`, 'fix lint',
      `log ${random.pick(V.FIELDS)} on failure`, `rename ${random.pick(V.FIELDS)} to ${random.pick(['raw', 'parsed', 'next', 'pending', 'legacy'])}${capitalize(random.pick(V.FIELDS))}`, 'wip',
    ]);
    const type = first ? ({ Fix: 'fix', Handle: 'fix', Retry: 'fix', Document: 'docs', Test: 'test', Refactor: 'refactor', 'Clean up': 'chore', 'Speed up': 'perf' })[task.verb] ?? 'feat' : random.pick(['fix', 'test', 'refactor', 'chore']);
    if (subject === 'wip') message = 'wip';
    else if (project.style === 'conventional') message = `${type}(${scope}): ${subject}`;
    else if (project.style === 'ticket') message = `${task.ticket}: ${capitalize(subject)}`;
    else message = capitalize(subject);
  }
  task.commits++;
  task.editsSinceCommit = 0;
  task.editsBeforeCommit = random.int(3, 12);
  if (task.phase === 'coding' && task.commits >= task.commitsPlanned) {
    task.phase = 'review';
    task.pr = (state.prCounter.get(project.name) ?? 100) + 1;
    state.prCounter.set(project.name, task.pr);
    opensPullRequest = true;
  }
  const sha = random.hex(7);
  const changed = random.int(1, 9);
  const body = random.chance(0.2) ? ` — ${random.pick([`Refs ${task.ticket}.`, `The old behaviour dropped ${random.pick(V.FIELDS)} silently.`, 'Follow-up from the review.', `See ${task.ticket} for context.`])}` : '';
  const draft = {
    text: `Commit ${sha} on ${task.branch} (${project.name}): ${message}${body} — ${changed} file${changed === 1 ? '' : 's'} changed, +${random.int(1, 400)} −${random.int(0, 150)}`,
    source: 'git', kind: 'episodic', gapScale: 0.6,
    meta: { project: project.name, branch: task.branch, commit: sha, ticket: task.ticket },
  };
  return opensPullRequest ? [draft, openPullRequestEvent(state, task)] : [draft];
}

function openPullRequestEvent(state, task) {
  return {
    text: `Opened PR #${task.pr} in ${COMPANY.githubOrg}/${task.project.name}: "${task.title}" (${task.ticket}), reviewers: ${task.reviewers.map((p) => p.name).join(', ')}`,
    source: 'github', kind: 'episodic', channel: `${COMPANY.githubOrg}/${task.project.name}`, thread: `PR #${task.pr}`,
    recipients: task.reviewers.map((p) => p.name),
    meta: { project: task.project.name, pr: task.pr, ticket: task.ticket, url: `https://github.com/${COMPANY.githubOrg}/${task.project.name}/pull/${task.pr}` },
  };
}

const REVIEW_COMMENTS = [
  ({ symbol }) => `Should ${symbol} be capped? Right now a stuck endpoint gets retried forever.`,
  ({ symbol, field }) => `nit: can we call this \`${field}\` something clearer? Reading ${symbol} I had to scroll up twice.`,
  ({ lib }) => `We already have a helper for this in ${lib}, no need to hand-roll it.`,
  ({ symbol }) => `This swallows the error from ${symbol}. Can we at least log it with the request id?`,
  () => `Could you add a test for the empty case? That's the one that bit us last time.`,
  ({ table }) => `This query does a full scan on ${table} without an index on created_at. Fine for now, but let's open a ticket.`,
  ({ symbol }) => `Love this. ${symbol} is so much easier to follow now.`,
  () => `Is this safe to deploy before the migration runs? Old pods will still write the old column.`,
  ({ field }) => `${field} can be null for legacy rows, see the backfill from last quarter.`,
  () => `Not blocking, but this file is getting big; maybe split the mapping out in a follow-up.`,
  ({ symbol }) => `Why async here? ${symbol} never awaits anything.`,
  () => `Can we keep the old endpoint behind the flag for one release? Mobile still calls it.`,
  ({ n }) => `Magic number ${n * 100}: pull it into config so ops can tune it without a deploy?`,
  () => `Please double-check the rounding: we agreed on banker's rounding for tax totals.`,
  ({ symbol }) => `Does ${symbol} need to be exported? Nothing outside the module uses it.`,
  () => `Let's not log the full payload, it has customer emails in it.`,
  () => `+1 to the approach. Minor comments only.`,
  ({ lib, version }) => `Heads up: ${lib} ${version} changed the default timeout, this might behave differently in prod.`,
];

function reviewCommentEvent(state, reviewer, task, byDeveloper) {
  const { random } = state;
  const file = random.pick(task.files);
  const symbol = pickSymbol(state, file).name;
  const [lib, version] = random.pick(V.LIBRARIES[task.project.language]);
  const comment = random.pick(REVIEW_COMMENTS)({ symbol, field: random.pick(V.FIELDS), lib, version, table: random.pick(V.TABLES), n: random.int(2, 50) });
  const line = random.int(5, file.lines);
  const where = `${file.path}:${line}`;
  const text = byDeveloper
    ? `You commented on PR #${task.pr} (${task.project.name}) by ${task.author.name}, ${where}: ${comment}`
    : `${reviewer.name} on PR #${task.pr} (${task.project.name}), ${where}: ${comment}`;
  return {
    text, source: 'github', kind: 'social', author: byDeveloper ? DEVELOPER.name : reviewer.name,
    recipients: [byDeveloper ? task.author.name : DEVELOPER.name],
    channel: `${COMPANY.githubOrg}/${task.project.name}`, thread: `PR #${task.pr}`, mayBeAfterHours: true,
    meta: { project: task.project.name, pr: task.pr, file: file.path, line, symbol },
  };
}

function ciEvent(state, task) {
  const { random } = state;
  const failed = random.chance(0.45);
  const job = random.pick(['lint', 'unit', 'test-integration', 'build', 'typecheck', 'e2e']);
  const text = failed
    ? `CI failed on PR #${task.pr} (${task.project.name}): job ${job}, step "${random.pick(['Run migrations', 'Run tests', 'Install dependencies', 'Build image', 'Upload coverage'])}" — ${errorMessage(state, task.project.language, random.pick(task.files))}`
    : `CI passed on PR #${task.pr} (${task.project.name}) in ${random.int(3, 25)} min ${random.int(0, 59)} s`;
  return { text, source: 'github', kind: 'episodic', author: 'GitHub Actions', channel: `${COMPANY.githubOrg}/${task.project.name}`, thread: `PR #${task.pr}`, meta: { project: task.project.name, pr: task.pr, job, status: failed ? 'failure' : 'success' } };
}

function approvalEvent(state, task) {
  const reviewer = state.random.pick(task.reviewers);
  const note = state.random.pick(['LGTM', 'LGTM once CI is green', 'Ship it', 'Approved with one nit, fix or ignore', 'Looks good, thanks for the tests']);
  return { text: `${reviewer.name} approved PR #${task.pr} (${task.project.name}): ${note}`, source: 'github', kind: 'social', author: reviewer.name, recipients: [DEVELOPER.name], channel: `${COMPANY.githubOrg}/${task.project.name}`, thread: `PR #${task.pr}`, meta: { project: task.project.name, pr: task.pr } };
}

function mergeEvent(state, task) {
  task.phase = 'done';
  const method = state.random.pick(['squash', 'squash', 'rebase', 'merge commit']);
  return { text: `Merged PR #${task.pr} "${task.title}" into main (${task.project.name}), ${method}, ${task.commits} commit${task.commits === 1 ? '' : 's'}`, source: 'git', kind: 'episodic', meta: { project: task.project.name, pr: task.pr, ticket: task.ticket } };
}

function deployEvent(state, task) {
  const { random } = state;
  const version = `v${random.int(1, 4)}.${random.int(0, 40)}.${random.int(0, 9)}`;
  const env = random.pick(['staging', 'staging', 'production']);
  return slackDraft(state, '#deploys', DEVELOPER, random.pick([
    `Deploying ${task.project.name} ${version} to ${env} (${task.ticket}: ${task.title}). Shout if you have something in flight.`,
    `${task.project.name} ${version} is out on ${env}; watching the dashboards for 15 min.`,
    `Rolling ${task.project.name} ${version} to ${env} now, includes PR #${task.pr}.`,
  ]), null);
}

/** The developer reviews colleagues' pull requests too. */
function reviewOthersEvents(state) {
  const { random, world } = state;
  let pr = state.othersPullRequests.length && random.chance(0.5) ? random.pick(state.othersPullRequests) : null;
  if (!pr) {
    const project = random.pickSkewed(PROJECTS, 1.6);
    const author = colleagueFor(state, project);
    const number = (state.prCounter.get(project.name) ?? 100) + 1;
    state.prCounter.set(project.name, number);
    pr = { project, author, pr: number, title: `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)}`, files: random.sample(world.codebases.get(project.name), 3) };
    state.othersPullRequests.push(pr);
    if (state.othersPullRequests.length > 30) state.othersPullRequests.shift();
    return [{
      text: `${author.name} requested your review on PR #${number} in ${COMPANY.githubOrg}/${project.name}: "${pr.title}"`,
      source: 'github', kind: 'social', author: author.name, recipients: [DEVELOPER.name], channel: `${COMPANY.githubOrg}/${project.name}`, thread: `PR #${number}`,
      meta: { project: project.name, pr: number },
    }];
  }
  return [reviewCommentEvent(state, null, pr, true)];
}

// ---------------------------------------------------------------------------------------------------
// Slack

function slackDraft(state, channel, author, text, threadTopic) {
  const { random } = state;
  const isDm = channel.startsWith('dm:');
  let thread;
  const open = state.slackThreads.get(channel) ?? [];
  if (!isDm && threadTopic !== null && open.length && random.chance(0.45)) thread = random.pick(open);
  else if (!isDm) {
    thread = `slack:${channel.slice(1)}:${random.int(1_700_000_000, 1_760_000_000)}.${random.hex(6)}`;
    open.push(thread);
    if (open.length > 6) open.shift();
    state.slackThreads.set(channel, open);
  } else thread = `slack:${channel}`;
  return {
    text, source: 'slack', kind: 'social', author: author.name, channel, thread, mayBeAfterHours: true, gapScale: 0.8,
    recipients: isDm ? [author.name === DEVELOPER.name ? channel.slice(3) : DEVELOPER.name] : undefined,
    meta: { workspace: COMPANY.name.toLowerCase() },
  };
}

/**
 * `where`: a channel, 'team' (the channel of the repository in play) or 'dm'.
 * `from`: 'anyone' (the developer about a third of the time), 'others', or 'manager'.
 */
const SLACK_MESSAGES = [
  { where: '#help-ci', say: ({ project, test }) => `anyone else seeing flaky tests in ${project}? ${test} failed twice on main this morning` },
  { where: '#help-ci', say: ({ project, minutes, lib }) => `CI for ${project} is taking ${minutes} min again, did the cache key change when ${lib} was bumped?` },
  { where: '#help-ci', weight: 0.3, say: ({ ciHost, time }) => `runner ${ciHost} is out of disk since ${time}, jobs are stuck in "queued"` },
  { where: 'team', say: ({ person, pr, project }) => `@${person.first} can you take a look at PR #${pr} in ${project} when you get a chance? small one` },
  { where: 'team', say: ({ symbol, file }) => `quick q: why does ${symbol} in ${file} swallow the error? is that on purpose?` },
  { where: 'team', say: ({ lib, version }) => `heads up, ${lib} ${version} is out and changes a default we rely on, let's not bump blindly` },
  { where: 'team', say: ({ ticket, title }) => `picked up ${ticket} (${title.toLowerCase()}), ping me if you have context` },
  { where: 'team', say: ({ table, n }) => `the ${table} table is at ${n}M rows, we should think about partitioning before Q3` },
  { where: 'team', say: ({ project, env }) => `is anyone using ${env} for ${project} right now? I need to run a migration` },
  { where: 'team', from: 'others', say: ({ ticket }) => `Alex and I paired on ${ticket} this morning, notes are in the ticket` },
  { where: 'team', say: ({ field }) => `TIL ${field} can be null for customers created before 2021` },
  { where: 'team', from: 'manager', weight: 0.3, say: ({ time, meeting, weekday }) => `reminder: ${meeting.toLowerCase()} moved to ${weekday} ${time}` },
  { where: 'team', weight: 0.5, say: ({ project, version, time }) => `${project} error rate is back to normal since ${time}, after rolling back to ${version}` },
  { where: 'team', say: ({ ticket }) => `closing ${ticket}, can't reproduce anymore after the pool size change` },
  { where: 'team', say: ({ symbol }) => `I'm renaming ${symbol} in my branch, rebase might conflict, sorry in advance` },
  { where: '#incidents', say: ({ project, ms, time }) => `p95 on ${project} jumped to ${ms} ms after the ${time} deploy, rolling back` },
  { where: '#incidents', say: ({ host }) => `${host} is flapping, PagerDuty fired 3 times in 10 minutes` },
  { where: '#incidents', say: ({ project, n, time, host }) => `:rotating_light: ${project} returning 502s for ~${n % 15 + 2}% of requests since ${time}, ${host} looks unhealthy, investigating` },
  { where: '#incidents', say: ({ error }) => `seeing a spike of "${error}" in Sentry since 11:20` },
  { where: '#incidents', weight: 0.5, say: ({ project, cause }) => `${project} mitigated. root cause looks like ${cause}, postmortem doc to follow` },
  { where: '#infra', say: ({ host }) => `${host} will be rebooted tonight for kernel patches` },
  { where: '#infra', weight: 0.4, say: ({ lib, version, file }) => `bumped ${lib} to ${version} in ${file}, plan is clean` },
  { where: '#infra', weight: 0.1, say: ({ env }) => `reminder that deploys to ${env} need the VPN until the SSO proxy lands` },
  { where: '#infra', weight: 0.3, say: ({ ticket, file }) => `${ticket} is done: ${file} is applied in staging, prod tomorrow` },
  { where: '#infra', say: ({ host }) => `who owns ${host}? it has no tags and costs us money` },
  { where: '#frontend', say: ({ component }) => `storybook for ${component} is broken on main, looking` },
  { where: '#frontend', weight: 0.05, say: ({ n }) => `we're dropping Safari ${14 + (n % 3)} support next sprint, any objections?` },
  { where: '#frontend', say: ({ lib, version, project }) => `upgraded ${lib} to ${version} in ${project}, no visible changes but keep an eye out` },
  { where: '#data-eng', say: ({ table, time, n }) => `the nightly export of ${table} finished at ${time} instead of 06:00, airflow retried ${n % 4 + 2} times` },
  { where: '#data-eng', weight: 0.2, say: ({ n, table }) => `warehouse credits burned through ${n % 40 + 50}% of the monthly budget already, mostly the ${table} rebuilds` },
  { where: '#security', say: ({ lib, version, n, project }) => `dependabot flagged ${lib} ${version} in ${project} (CVE-2025-${String(n * 211).padStart(5, '0')}), not exploitable in our usage but let's bump anyway` },
  { where: '#security', from: 'others', weight: 0.1, say: ({ weekday }) => `please rotate your personal access tokens before ${weekday}, old ones get revoked` },
  { where: '#eng-announcements', from: 'manager', weight: 0.2, say: ({ newcomer }) => `please welcome ${newcomer.name} to the ${newcomer.team} team :wave:` },
  { where: '#eng-announcements', from: 'manager', weight: 0.1, say: ({ weekday }) => `all-hands moved to ${weekday} 16:00, same link` },
  { where: '#eng-announcements', from: 'manager', weight: 0.1, say: ({ weekday }) => `release freeze starts ${weekday} noon, only hotfixes after that` },
  { where: '#random', weight: 0.4, say: ({ smallTalk }) => smallTalk },
  { where: '#random', weight: 0.3, say: ({ place, time }) => `anyone up for lunch at ${place}? thinking ${time}` },
  { where: 'dm', say: ({ pr, symbol }) => `did you see my comment on #${pr} about ${symbol}? not blocking` },
  { where: 'dm', say: ({ symbol }) => `got 10 min? want to sanity-check how I'm changing ${symbol} before I write it up` },
  { where: 'dm', say: ({ project, weekday }) => `can you cover my on-call for ${project} ${weekday} evening? I'll swap you next week` },
  { where: 'dm', weight: 0.4, say: ({ minutes, meeting }) => `running ${minutes % 10 + 2} min late to the ${meeting.toLowerCase()}, start without me` },
  { where: 'dm', say: ({ ticket }) => `thanks for jumping on ${ticket} yesterday, that saved me a whole afternoon` },
  { where: 'dm', weight: 0.3, say: ({ place, weekday }) => `lunch ${weekday}? ${place} maybe` },
];
const INCIDENT_CAUSES = ['connection pool exhaustion', 'a missing index on created_at', 'an expired TLS certificate', 'a bad feature flag rollout', 'Kafka consumer lag', 'a retry storm against the card processor', 'a full disk on the primary', 'a DNS change that had not propagated', 'a slow query after the last migration', 'an OOM-killed worker'];
const LUNCH_PLACES = ['the ramen place', 'the Thai place on Rua Augusta', 'the food trucks', 'the burrito place', 'the new poke bar', 'Casa Lina', 'the canteen', 'the Indian place by the station', 'the falafel stand', 'the pizza place downstairs'];
const SMALL_TALK_OPENERS = ['coffee machine on the 3rd floor is fixed!', 'someone left a laptop charger in meeting room', 'who took the good whiteboard markers from', 'the plants in', 'there is cake in', 'the wifi is flaky again in', 'fire drill at 11, meet outside', 'parking garage is closed tomorrow, bring your bike'];
const SMALL_TALK_ROOMS = ['Atlas', 'Boreal', 'Cedar', 'Delta', 'the kitchen', 'the quiet room', 'the 4th floor lounge'];
const SMALL_TALK_CLOSERS = ['', ' :tada:', ' :pray:', ', just fyi', ' (again)', ' :eyes:'];

function channelOfProject(project) {
  return Object.keys(TEAM_CHANNELS).find((channel) => TEAM_CHANNELS[channel].includes(project.name)) ?? '#payments-eng';
}

function slackEvent(state) {
  const { random, world, task } = state;
  const message = random.weighted(SLACK_MESSAGES.map((m) => [m, m.weight ?? 1]));
  let channel = message.where;
  let project;
  if (channel === 'team') {
    project = task && random.chance(0.6) ? task.project : random.pickSkewed(PROJECTS, 1.6);
    channel = channelOfProject(project);
  } else if (TEAM_CHANNELS[channel]) {
    const name = random.pick(TEAM_CHANNELS[channel]);
    project = PROJECTS.find((p) => p.name === name);
  } else {
    project = task?.project ?? random.pick(PROJECTS);
  }
  const colleague = colleagueFor(state, project);
  const from = message.from ?? 'anyone';
  const author = from === 'manager' ? world.manager : from === 'others' || !random.chance(0.35) ? colleague : DEVELOPER;
  if (channel === 'dm') channel = `dm:${colleague.name}`;
  const text = message.say(slackContext(state, project, colleague));
  return slackDraft(state, channel, author, text, '');
}

function slackContext(state, project, person) {
  const { random, world, task } = state;
  const onTask = task && task.project === project;
  const file = onTask ? random.pick(task.files) : random.pick(world.codebases.get(project.name));
  const [lib, version] = random.pick(V.LIBRARIES[project.language]);
  const components = world.codebases.get('design-system').flatMap((f) => f.symbols.filter((s) => s.kind === 'component'));
  const newcomers = world.people.filter((p) => !p.core);
  return {
    person, project: project.name, file: file.path, symbol: pickSymbol(state, file).name, lib, version,
    pr: onTask && task.pr ? task.pr : state.prCounter.get(project.name) - random.int(0, 15),
    ticket: onTask && random.chance(0.7) ? task.ticket : `${project.ticketKey}-${random.int(100, 1500)}`,
    title: onTask ? task.title : `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)}`,
    table: random.pick(V.TABLES), field: random.pick(V.FIELDS), host: random.pick(world.hosts),
    ciHost: `ci-runner-${random.int(1, 12)}`, component: random.pick(components)?.name ?? 'Button',
    env: random.pick(['staging', 'prod', 'dev']), ms: random.int(400, 4000), minutes: random.int(18, 55), n: random.int(12, 180),
    time: `${random.int(9, 17)}:${String(random.int(0, 11) * 5).padStart(2, '0')}`,
    weekday: random.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'tomorrow']),
    cause: random.pick(INCIDENT_CAUSES), newcomer: random.pick(newcomers), place: random.pick(LUNCH_PLACES), meeting: random.pick(V.MEETINGS),
    smallTalk: `${random.pick(SMALL_TALK_OPENERS)}${random.chance(0.5) ? ' ' + random.pick(SMALL_TALK_ROOMS) : ''}${random.pick(SMALL_TALK_CLOSERS)}`,
    test: testCaseName({ random, task: { project } }, file, pickSymbol(state, file)),
    error: errorMessage(state, project.language, file),
  };
}

function standupEvent(state) {
  const { random, task } = state;
  const yesterday = task ? `${task.ticket} (${task.title.toLowerCase()})` : 'reviews';
  const today = random.pick(['PR feedback', 'more of the same', `pairing with ${random.pick(TEAM).name.split(' ')[0]}`, 'on-call handover', 'writing the design doc', 'tests']);
  const blockers = random.pick(['none', 'none', 'waiting on staging access', `need a review on #${task?.pr ?? 'the PR'}`, 'flaky CI']);
  return slackDraft(state, '#standup', DEVELOPER, `Yesterday: ${yesterday}. Today: ${today}. Blockers: ${blockers}.`, null);
}

// ---------------------------------------------------------------------------------------------------
// Email, browser, notes, screen

/** [weight, template]: routine notices are rare next to work mail. */
const EMAILS = [
  [1, (c) => [c.manager, `1:1 agenda for ${c.weekday}`, `Hi Alex, a couple of things for ${c.weekday}: ${c.oneOnOneTopic}, the ${c.project} roadmap, and ${c.ticket}. Add anything you want to talk about.`]],
  [1, (c) => [c.external('PagerDuty'), `[Triggered] ${c.project} error rate above 5% on ${c.host}`, `Incident #${c.n * 97} triggered for service ${c.project}. Escalation policy: Payments primary.`]],
  [1, (c) => [c.external('GitHub'), `[${COMPANY.githubOrg}/${c.project}] ${c.person.name} mentioned you on PR #${c.pr}`, `@alex could you double-check the ${c.table} migration here before we merge?`]],
  [0.3, (c) => [c.external('AWS Notifications'), `AWS Budgets: ${c.project}-${c.env} has exceeded 80% of its budget`, `Your budget for ${c.project}-${c.env} has exceeded the alert threshold of 80% (actual: $${c.n * 113}.40).`]],
  [0.3, (c) => [c.external('Stripe'), `Upcoming API version change: ${c.apiVersion}`, `Your account will default to API version ${c.apiVersion} in 30 days. Review the changelog for breaking changes to PaymentIntents.`]],
  [1, (c) => [c.external('Sentry'), `New issue in ${c.project}: ${c.error}`, `First seen ${c.n} minutes ago, ${c.n * 7} events, ${c.n} users affected.`]],
  [1, (c) => [c.external('Atlassian Jira'), `[JIRA] ${c.person.name} assigned ${c.ticket} to you`, `${c.ticket}: ${c.title}. Priority: ${c.priority}.`]],
  [0.1, (c) => [c.external('People Team'), `Reminder: benefits enrollment closes on ${c.date}`, `Please review your benefits selections in the HR portal before ${c.date}.`]],
  [0.1, (c) => [c.external('IT Helpdesk'), `Your laptop is due for an OS update`, `Please install the pending update before ${c.date}; machines that are not updated lose VPN access.`]],
  [1, (c) => [c.person, `Re: ${c.meeting} notes`, `Thanks all. Action items: ${c.person.first} to draft the ${c.table} partitioning proposal, Alex to look at ${c.ticket}.`]],
  [1, (c) => [c.person, `Invitation: ${c.meeting} @ ${c.weekday} ${c.time}`, `${c.person.name} invited you to "${c.meeting}" on ${c.weekday} at ${c.time}. Agenda in the doc.`]],
  [1, (c) => [c.person, `Postmortem: ${c.project} outage on ${c.pastDate}`, `Draft postmortem attached. Impact: ${c.n * 3} minutes of elevated 5xx. Root cause: ${c.cause}. Please comment by Friday.`]],
  [1, (c) => [c.person, `Question about ${c.project}`, `Hi Alex, Finance asked whether the ${c.table} export includes refunds issued after month end. Do you know?`]],
  [1, (c) => [c.external('Datadog'), `[Recovered] ${c.project} p95 latency on ${c.host}`, `Monitor recovered at ${c.time}: p95 latency for ${c.project} back under ${c.n * 25} ms after ${c.n} minutes.`]],
  [0.2, (c) => [c.person, `Conference talk proposal`, `Hey Alex, want to co-submit a talk about our ${c.lib} setup to the autumn conference? CFP closes ${c.date}.`]],
];

function emailEvent(state) {
  const { random, world } = state;
  const project = random.pick(PROJECTS);
  const file = random.pick(world.codebases.get(project.name));
  const person = random.pickSkewed(world.colleagues, 1.5);
  // Deadlines lie ahead of the email, outages behind it (the clock is read without advancing it).
  const today = state.clock.peek();
  const dateLater = new Date(today + random.int(3, 30) * DAY_MS).toISOString().slice(0, 10);
  const dateBefore = new Date(today - random.int(1, 10) * DAY_MS).toISOString().slice(0, 10);
  const context = {
    person, project: project.name, host: random.pick(world.hosts), env: random.pick(['staging', 'prod']), n: random.int(2, 40),
    pr: state.prCounter.get(project.name), table: random.pick(V.TABLES), ticket: `${project.ticketKey}-${random.int(100, 1500)}`,
    title: `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)}`, priority: random.pick(['High', 'Medium', 'Low']),
    date: dateLater, pastDate: dateBefore, weekday: random.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']), time: random.pick(['10:00', '11:30', '14:00', '15:30', '16:00']),
    meeting: random.pick(V.MEETINGS), error: errorMessage(state, project.language, file), lib: random.pick(V.LIBRARIES[project.language])[0],
    apiVersion: `2025-${String(random.int(1, 9)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}.${random.pick(['acacia', 'basil', 'clover'])}`,
    oneOnOneTopic: random.pick(['your growth plan', 'how on-call felt this month', 'the promotion packet', 'conference budget', 'the team health survey', 'hiring for the platform team', 'your mentoring of the new hire']),
    cause: random.pick(INCIDENT_CAUSES),
    manager: world.teamCore.find((p) => p.handle === 'dana'),
    external: (name) => ({ name, email: V.EXTERNAL_SENDERS.find((s) => s.name === name).email }),
  };
  const [sender, subject, body] = random.weighted(EMAILS.map(([weight, template]) => [template, weight]))(context);
  return {
    text: `Email from ${sender.name}, subject "${subject}": ${body}`,
    source: 'email', kind: 'social', author: sender.name, recipients: [DEVELOPER.name], channel: 'inbox',
    thread: `email:${subject.replace(/^(Re|Fwd): /, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}`,
    mayBeAfterHours: true, gapScale: 1.2,
    meta: { from: sender.email ?? emailOf(sender), subject },
  };
}

function browserEvent(state, task) {
  const { random, world } = state;
  const project = task?.project ?? random.pick(PROJECTS);
  const file = task ? random.pick(task.files) : random.pick(world.codebases.get(project.name));
  const [lib, version] = random.pick(V.LIBRARIES[project.language]);
  const variant = random.weighted([['stackoverflow', 4], ['docs', 5], ['github', 3], ['jira', 2], ['grafana', 2], ['sentry', 1.5], ['blog', 1.5], ['offtopic', 0.8]]);
  let title;
  let url;
  switch (variant) {
    case 'stackoverflow': {
      const error = errorMessage(state, project.language, file);
      const short = error.length > 80 ? error.slice(0, 80) + '…' : error;
      title = `${random.pick(['', 'How to fix ', 'Why do I get ', 'Getting ', 'Unexpected '])}${short}${random.pick(['', ` with ${lib}`, ` in ${project.language}`, ` after upgrading ${lib} to ${version}`, ' when running tests', ' only in CI', ' in Docker'])} - Stack Overflow`;
      url = `https://stackoverflow.com/questions/${random.int(40_000_000, 79_000_000)}`;
      break;
    }
    case 'docs':
      title = `${random.pick(V.DOC_TOPICS)} | ${lib} ${version.split('.')[0]}.x documentation`;
      url = `https://docs.example/${lib.replace(/[^a-z0-9]+/gi, '-')}/${random.hex(6)}`;
      break;
    case 'github': {
      const number = (state.prCounter.get(project.name) ?? 200) - random.int(0, 40);
      title = `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)} by ${colleagueFor(state, project).handle} · Pull Request #${number} · ${COMPANY.githubOrg}/${project.name}`;
      url = `https://github.com/${COMPANY.githubOrg}/${project.name}/pull/${number}`;
      break;
    }
    case 'jira': {
      const ticket = task && random.chance(0.6) ? task.ticket : `${project.ticketKey}-${random.int(100, 1500)}`;
      title = `[${ticket}] ${task && ticket === task.ticket ? task.title : `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)}`} - Jira`;
      url = `https://${COMPANY.name.toLowerCase()}.atlassian.net/browse/${ticket}`;
      break;
    }
    case 'grafana':
      title = `${random.pick(V.DASHBOARDS)} (${random.pick(['staging', 'prod'])}, last ${random.pick(['15 minutes', '1 hour', '6 hours', '24 hours', '7 days'])}) - Grafana`;
      url = `https://grafana.internal.${COMPANY.domain}/d/${random.hex(8)}`;
      break;
    case 'sentry':
      title = `${errorMessage(state, project.language, file)} — ${project.name} — Sentry`;
      url = `https://sentry.io/organizations/${COMPANY.name.toLowerCase()}/issues/${random.int(4_000_000, 6_000_000)}/`;
      break;
    case 'blog':
      title = `${random.pick(V.BLOG_POSTS)} | ${random.pick(['Engineering blog', 'Medium', 'dev.to', 'The Morning Paper'])}`;
      url = `https://blog.example/${random.hex(10)}`;
      break;
    default: {
      const [pageTitle, domain] = random.pick(V.OFF_TOPIC_PAGES);
      title = pageTitle;
      url = `https://${domain}/`;
    }
  }
  const minutes = random.int(0, 12);
  return {
    text: minutes ? `Read "${title}" (${new URL(url).hostname}) for ${minutes} min` : `Visited "${title}" (${new URL(url).hostname})`,
    source: 'browser', kind: 'episodic', epochMs: true, mayBeAfterHours: true, gapScale: 0.7,
    meta: { url, title, project: task?.project.name },
  };
}

/** [kind, weight, template]; routine facts get written down once, so low-variety notes are rare. */
const NOTES = [
  ['semantic', 0.1, ({ env }) => `Deploys to ${env} need the VPN`],
  ['semantic', 1, ({ project, host, env }) => `${project} ${env} runs on ${host}`],
  ['semantic', 1, ({ person, project }) => `${person.name} owns ${project}; ask them before changing its public API`],
  ['semantic', 1, ({ lib, version, symbol }) => `${lib} ${version} breaks ${symbol} in our tests; pin the previous minor until the fix lands`],
  ['semantic', 1, ({ flag, title }) => `Feature flag ${flag} gates "${title.toLowerCase()}"; remove it after full rollout`],
  ['semantic', 0.3, ({ team, weekday, time }) => `On-call for ${team} switches ${weekday}s at ${time}`],
  ['semantic', 1, ({ person, preference }) => `${person.first} prefers ${preference}`],
  ['semantic', 1, ({ table, field }) => `Don't read ${table}.${field} from the replica during checkout: it lags up to 30 s behind the primary`],
  ['semantic', 0.5, ({ port, project, host }) => `Port ${port} on ${host} is ${project}'s metrics endpoint (Prometheus scrapes it)`],
  ['semantic', 1, ({ ticket, title, blocker }) => `${ticket} (${title.toLowerCase()}) is blocked on ${blocker}`],
  ['semantic', 1, ({ person, meeting, weekday, time }) => `${meeting} with ${person.first} is every other ${weekday} at ${time}`],
  ['semantic', 1, ({ host, memory, job }) => `${host} has only ${memory} GB RAM, don't run ${job} there`],
  ['semantic', 1, ({ symbol, field, project }) => `${symbol} in ${project} returns ${field} in cents, not in the currency's major unit`],
  ['procedural', 3, ({ procedure }) => procedure],
];
const PREFERENCES = [
  'small PRs with a screenshot for UI changes', 'async updates in the thread over meetings', 'reviews before lunch',
  'explicit error types over strings', 'a written design doc for anything over a week of work', 'pairing on migrations',
  'squash merges', 'comments explaining why, not what', 'Loom videos for demos', 'being pinged in the thread, not by DM',
  'feature flags over long-lived branches', 'table-driven tests', 'one approval from someone outside the team for schema changes',
];
const BLOCKERS = ['the security review', 'the Postgres upgrade', 'legal sign-off', 'the mobile release train', 'a Stripe support ticket', 'staging capacity', 'the design review'];
const HEAVY_JOBS = ['the full test suite', 'the reindex job', 'a production backfill', 'the load tests', 'Docker builds'];
const LOCAL_COMMANDS = {
  pnpm: ['pnpm dev', 'pnpm run start:local'], npm: ['npm run dev', 'npm start'], go: ['go run ./cmd/...', 'make run'],
  poetry: ['poetry run uvicorn app:app --reload', 'poetry run python -m pipeline.local'], terraform: ['terraform plan -var-file=dev.tfvars'],
  cargo: ['cargo run -- --config local.toml'], gradle: ['./gradlew bootRun --args=--spring.profiles.active=local'],
};
const CODEGEN_COMMANDS = ['pnpm codegen', 'sqlc generate', 'buf generate', 'npm run generate:api', 'poetry run datamodel-codegen'];

/** How-to notes are composed from a goal and a couple of steps that fit the repository. */
function procedureNote(state, project) {
  const { random, world } = state;
  const host = random.pick(world.hosts);
  const table = random.pick(V.TABLES);
  const procedures = [
    () => `To run ${project.name} locally: \`docker compose up -d postgres redis\`, then \`${random.pick(LOCAL_COMMANDS[project.pm])}\``,
    () => `If generated types in ${project.name} look stale, run \`${random.pick(CODEGEN_COMMANDS)}\` and restart the language server`,
    () => `Release ${project.name}: merge to main, wait for the staging deploy, check ${random.pick(V.DASHBOARDS)}, then run the "promote" workflow`,
    () => `Backfilling ${table}: batches of ${random.pick(['1,000', '5,000', '10,000'])} with a ${random.pick([100, 200, 500])} ms pause, otherwise replication lag alarms fire`,
    () => `Replaying dead-lettered ${pluralize(expandWords(random.pick(V.CODE_NOUNS)).join(' '))} in ${project.name}: pause the consumer, run the replay script with --dry-run first, then for real`,
    () => `Reset the local ${project.name} database: \`${random.pick(['make db-reset', 'pnpm db:reset', 'poetry run alembic downgrade base && poetry run alembic upgrade head', 'go run ./cmd/migrate down && go run ./cmd/migrate up'])}\``,
    () => `Debugging a stuck ${random.pick(['job', 'consumer', 'cron', 'worker'])} on ${host}: check \`journalctl -u ${project.name} --since "1 hour ago"\` before restarting anything`,
    () => `Rotating the ${random.pick(['webhook signing secret', 'database password', 'SMTP credentials', 'Kafka client certificate'])} for ${project.name}: update it in Vault, then restart pods one at a time`,
    () => `Bumping ${random.pick(V.LIBRARIES[project.language])[0]} in ${project.name}: read the changelog, run the ${project.testRunner} suite twice, watch ${random.pick(V.DASHBOARDS)} after deploy`,
  ];
  return random.pick(procedures)();
}

function noteEvent(state) {
  const { random, world } = state;
  const project = random.pick(PROJECTS);
  const [kind, , template] = random.weighted(NOTES.map((note) => [note, note[1]]));
  const file = random.pick(world.codebases.get(project.name));
  const text = template({
    env: random.pick(['staging', 'prod', 'the sandbox']), project: project.name, host: random.pick(world.hosts),
    person: colleagueFor(state, project), symbol: pickSymbol(state, file).name, field: V.snake(random.pick(V.FIELDS)),
    lib: random.pick(V.LIBRARIES[project.language])[0], version: random.pick(V.LIBRARIES[project.language])[1],
    flag: snakeCase([random.pick(['new', 'async', 'v2', 'beta']), ...random.pick(V.CODE_NOUNS), 'enabled']),
    title: `${random.pick(V.TASK_VERBS)} ${taskObjectFor(random, project)}`, team: project.team,
    weekday: random.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']), preference: random.pick(PREFERENCES),
    table: random.pick(V.TABLES), port: random.pick([9090, 9100, 9464, 8081, 2112]), ticket: `${project.ticketKey}-${random.int(100, 1500)}`,
    meeting: random.pick(V.MEETINGS), time: random.pick(['09:30', '10:00', '11:30', '14:00', '15:30', '16:00']),
    blocker: random.pick(BLOCKERS), memory: random.pick([2, 4, 8]), job: random.pick(HEAVY_JOBS),
    procedure: procedureNote(state, project),
  });
  return { text, source: 'note', kind, gapScale: 1.5, meta: { project: project.name } };
}

function screenEvent(state) {
  const { random, world, task } = state;
  const project = task?.project ?? random.pick(PROJECTS);
  const text = random.pick([
    () => `Screen: Zoom — "${random.pick(V.MEETINGS)} (${random.pick(['payments', 'checkout', 'platform'])})" with ${random.int(2, 12)} participants`,
    () => `Screen: Figma — ${random.pick(['Checkout redesign v3', 'Admin refunds page', 'Design system tokens', 'Mobile onboarding', 'Invoice email template', 'Merchant dashboard'])} / ${random.pick(['Payment step', 'Error states', 'Dark mode', 'Empty state', 'Loading skeleton', 'Mobile breakpoint'])}, comment from ${colleagueFor(state, project).first}`,
    () => `Screen: Terminal — ssh deploy@${random.pick(world.hosts)} — ${random.pick(['htop', 'df -h', 'tail -f /var/log/syslog', 'docker ps', 'psql', 'redis-cli info memory', 'kafka-consumer-groups --describe'])}`,
    () => `Screen: Grafana — ${random.pick(V.DASHBOARDS)} (last ${random.pick(['15 minutes', '1 hour', '6 hours', '24 hours'])}), ${random.pick(['spike at', 'dip at', 'steady since', 'alert fired at'])} ${random.int(8, 19)}:${String(random.int(0, 59)).padStart(2, '0')}`,
    () => `Screen: Notion — ${project.name} design doc: ${random.pick(V.TASK_VERBS).toLowerCase()} ${taskObjectFor(random, project)}`,
    () => `Screen: Google Sheets — ${random.pick(['Q2 capacity plan', 'on-call rota', 'hiring pipeline', 'cloud cost breakdown', 'incident log', 'OKR tracker'])} (${project.team}), tab "${random.pick(['Summary', 'Raw data', project.name, 'Q' + random.int(1, 4)])}"`,
  ])();
  return { text, source: 'screen', kind: 'episodic', epochMs: true, gapScale: 1.2, meta: { app: text.split(' — ')[0].replace('Screen: ', '') } };
}

// ---------------------------------------------------------------------------------------------------
// Near-duplicates: real activity repeats almost verbatim.

/** Sources whose events genuinely repeat; commits and review comments do not. */
const REPEATING_SOURCES = new Set(['editor', 'browser', 'slack', 'note', 'screen', 'email']);

function nearDuplicateOf(state, { draft }) {
  const { random } = state;
  const copy = { ...draft, meta: draft.meta ? { ...draft.meta } : undefined, gapScale: 1 };
  const variant = random.weighted([['same', 4], ['punctuation', 2], ['case', 1], ['number', 2]]);
  if (variant === 'punctuation') copy.text = /[.!?]$/.test(draft.text) ? draft.text.slice(0, -1) : draft.text + '.';
  else if (variant === 'case') copy.text = draft.text.charAt(0).toLowerCase() + draft.text.slice(1);
  else if (variant === 'number') {
    let changed = false;
    copy.text = draft.text.replace(/\b(\d{1,2}) (min|s|files|matches)\b/, (_, n, unit) => {
      changed = true;
      return `${Number(n) + 1} ${unit}`;
    });
    if (!changed) copy.text = draft.text;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// Realistic recall queries over a generated set, for latency benchmarks: what a developer would ask.

const STOPWORDS = new Set('the a an and or of to in on at for from with by is are was were be it this that as into over after before about your you our we i me my its not no'.split(' '));

/** Queries derived from a sample of generated memories so they touch real vocabulary, plus generic ones. */
export function buildRecallQueries(sample, { count = 200, seed = 1 } = {}) {
  const random = createRandom(`recall-queries:${seed}`);
  const queries = [];
  const generic = [
    'what was I working on last week', 'deploy to staging VPN', 'flaky tests in CI', 'who owns the ledger service',
    'postgres connection pool exhaustion', 'how do I run billing-service locally', 'incident with 502s on checkout',
    'review comments about retries', 'Kafka consumer lag', 'TLS certificate rotation', 'what did Priya say about the migration',
    'Safari support', 'feature flag cleanup', 'on-call swap', 'benefits enrollment deadline', 'design doc for the refunds page',
  ];
  while (queries.length < count) {
    if (random.chance(0.2) || sample.length === 0) {
      queries.push(random.pick(generic));
      continue;
    }
    const memory = random.pick(sample);
    const query = queryFor(memory, random);
    if (query) queries.push(query);
  }
  return queries;
}

function queryFor(memory, random) {
  const meta = memory.meta ?? {};
  const first = (name) => (name === DEVELOPER.name ? 'I' : (name ?? '').split(' ')[0]);
  const bare = (symbol) => symbol.replace(/^.*[.:]/, '');
  const words = memory.text.replace(/[^\p{L}\p{N}#_.\- ]/gu, ' ').split(/\s+/).filter((w) => w.length > 2 && !STOPWORDS.has(w.toLowerCase()));
  // A run of neighbouring words reads like something typed into a search box; random picks do not.
  const phrase = () => {
    const length = Math.min(words.length, random.int(3, 5));
    const start = random.int(0, Math.max(0, words.length - length));
    return words.slice(start, start + length).join(' ');
  };
  switch (memory.source) {
    case 'editor':
      if (meta.symbol) return random.pick([`where did I change ${bare(meta.symbol)}`, `${bare(meta.symbol)} in ${meta.file?.replace(/^.*\//, '') ?? meta.project}`, `tests for ${bare(meta.symbol)}`]);
      if (meta.command) return meta.exitCode ? `\`${meta.command}\` failing in ${meta.project}` : `when did I last run ${meta.command}`;
      return phrase();
    case 'git':
      return meta.ticket ? random.pick([`commits for ${meta.ticket}`, `what did I merge in ${meta.project} for ${meta.ticket}`]) : phrase();
    case 'github':
      return meta.pr ? random.pick([`review comments on PR #${meta.pr}`, `what did ${first(memory.author)} say about ${meta.symbol ? bare(meta.symbol) : meta.project}`]) : phrase();
    case 'slack':
      // The longest word of a message is usually its topic (a service, a symbol, a ticket).
      return `what did ${first(memory.author)} say in ${memory.channel?.replace(/^dm:/, 'my DMs with ')} about ${words.reduce((a, b) => (b.length > a.length ? b : a), 'deploys')}`;
    case 'email':
      return `email from ${memory.author} about ${(meta.subject ?? '').replace(/\[[^\]]*\]\s*/g, '').split(' ').slice(0, 5).join(' ')}`;
    case 'browser': {
      const title = (meta.title ?? memory.text).replace(/\s+[-|·—]\s+(Stack Overflow|Jira|Grafana|Sentry)$/, '').replace(/"/g, '');
      return random.pick([`that page about ${title.split(' ').slice(0, 6).join(' ')}`, title.split(' ').slice(0, 8).join(' ')]);
    }
    default:
      return phrase();
  }
}

// ---------------------------------------------------------------------------------------------------
// CLI

export async function writeJsonLines(records, stream = process.stdout) {
  let buffer = '';
  for (const record of records) {
    buffer += JSON.stringify(record) + '\n';
    if (buffer.length > 1 << 16) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once('drain', resolve));
      buffer = '';
    }
  }
  if (buffer) await new Promise((resolve, reject) => stream.write(buffer, (error) => (error ? reject(error) : resolve())));
}

async function main() {
  const options = parseArgs(process.argv.slice(2), { count: 1000, seed: 1, start: '2025-01-06', months: 9, end: '', idPrefix: '', stats: false, queries: 0 });
  const generator = createDeveloperMemoryGenerator({ count: options.count, seed: options.seed, start: options.start, months: options.months, end: options.end, idPrefix: options.idPrefix || undefined });
  if (options.queries > 0) {
    const all = [...generator.memories];
    for (const query of buildRecallQueries(all, { count: options.queries, seed: options.seed })) process.stdout.write(query + '\n');
    return;
  }
  await writeJsonLines(generator.memories);
  if (options.stats) process.stderr.write(JSON.stringify(generator.stats, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // `… | head` closing the pipe early is a normal way to use a generator, not an error.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main().catch((error) => {
    process.stderr.write(`developer-memories: ${error.message}\n`);
    process.exit(1);
  });
}
