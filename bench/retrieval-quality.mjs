#!/usr/bin/env node
/**
 * Retrieval quality of Twin's recall on a labelled set (bench/data/conversation-qa.mjs): a six-month,
 * multi-session conversation imported among N distractor memories of developer activity, then every
 * question asked in vector-only, full-text-only and hybrid mode through the real CLI.
 *
 *   node bench/retrieval-quality.mjs                      10k distractors, modes vector,text,hybrid
 *   node bench/retrieval-quality.mjs --distractors 0 --keep
 *
 * Metrics per mode: recall@1/5/10 (a question counts when any answer turn is in the top k), all-found@10
 * (for multi-fact questions, a turn of every fact), MRR@10; per question type and per lexical style; and
 * how much hybrid beats each single mode, absolute and relative, with per-question wins and losses.
 * Recall updates access statistics, which Twin's ranking may use, so every mode starts from an untouched
 * copy of the imported store: no mode profits from the memories an earlier mode looked at. Afterwards
 * each answer turn is looked up by its own text to check it survived import (near-duplicate merging
 * could absorb it); questions whose answers are gone are reported, not silently dropped.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { machineInfo, formatMachine } from './lib/machine.mjs';
import { mean, summarizeLatencies } from './lib/stats.mjs';
import { formatTable, fixed, thousands } from './lib/table.mjs';
import { resolveTwinCli, runTwin, lastJsonLine, parseTimings, parseRecallLines } from './lib/twin-cli.mjs';
import { buildConversationDataset, describeDataset } from './data/conversation-qa.mjs';
import { generateDeveloperMemories } from './data/developer-memories.mjs';
import { writeResult } from './lib/results.mjs';

const CUTOFFS = [1, 5, 10];
/** The conversation runs 7 January – 30 June 2025; distractors cover the same days, so recency favours neither. */
const DISTRACTOR_SPAN = { start: '2025-01-06', end: '2025-06-30' };

export async function runRetrievalQuality(options) {
  const startedAt = new Date().toISOString();
  const cli = resolveTwinCli(options.cli);
  const machine = machineInfo();
  console.log(formatMachine(machine));
  console.log(`Twin CLI: ${cli}`);

  const dataset = buildConversationDataset({ seed: options.seed });
  const description = describeDataset(dataset);
  console.log(`Dataset: ${description.turns} conversation turns in ${description.sessions} sessions, ${description.questions} questions, ${thousands(options.distractors)} distractor memories\n`);

  const workDir = mkdtempSync(join(tmpdir(), 'twin-bench-quality-'));
  const home = join(workDir, 'home');
  mkdirSync(home);
  const timeoutMs = options.timeoutMinutes * 60_000;
  try {
    const memories = [
      ...dataset.memories,
      ...(options.distractors > 0 ? generateDeveloperMemories({ count: options.distractors, seed: options.seed, idPrefix: 'distractor', ...DISTRACTOR_SPAN }) : []),
    ].sort((a, b) => timeOf(a) - timeOf(b));
    const dataFile = join(workDir, 'memories.jsonl');
    writeFileSync(dataFile, memories.map((m) => JSON.stringify(m)).join('\n') + '\n');

    process.stdout.write(`twin import (${thousands(memories.length)} memories)… `);
    const imported = await runTwin(cli, ['import', dataFile, '--json'], { home, timeoutMs });
    const importReport = lastJsonLine(imported.stdout, '`twin import --json`');
    console.log(`imported ${thousands(importReport.imported)}, merged ${thousands(importReport.merged)}, skipped ${thousands(importReport.skipped)} in ${fixed(imported.wallMs / 1000, 1)} s`);

    const pristine = join(workDir, 'home-after-import');
    cpSync(home, pristine, { recursive: true });
    const restoreStore = () => {
      rmSync(home, { recursive: true, force: true });
      cpSync(pristine, home, { recursive: true });
    };

    const queriesFile = join(workDir, 'questions.txt');
    writeFileSync(queriesFile, dataset.questions.map((q) => q.query).join('\n') + '\n');
    const scoredQuestions = dataset.questions.map((question, index) => ({ ...question, index }));
    const byMode = {};
    for (const mode of options.modes) {
      restoreStore();
      process.stdout.write(`twin recall --mode ${mode}… `);
      const recalled = await runTwin(cli, ['recall', '--queries', queriesFile, '--json', '--limit', String(options.limit), '--mode', mode, '--timings'], { home, timeoutMs });
      const results = parseRecallLines(recalled.stdout, dataset.questions.length);
      const timings = safeTimings(recalled.stderr);
      byMode[mode] = scoreMode(scoredQuestions, results, options.limit, timings);
      console.log(`recall@${options.limit} ${pct(byMode[mode].overall[`recall@${options.limit}`])}, MRR ${fixed(byMode[mode].overall.mrr, 3)}`);
    }

    restoreStore();
    const presence = await checkAnswerTurnsPresent(cli, home, dataset, workDir, timeoutMs);
    for (const question of scoredQuestions) question.answerable = question.evidence.every((group) => group.some((id) => !presence.missing.has(id)));
    const unanswerable = scoredQuestions.filter((q) => !q.answerable);
    if (presence.missing.size) {
      console.log(`warning: ${presence.missing.size} answer turns did not come back when searched by their own text (merged away or not stored): ${[...presence.missing].slice(0, 8).join(', ')}${presence.missing.size > 8 ? ', …' : ''}`);
      console.log(`         ${unanswerable.length} questions lost every turn of some fact; they are scored as misses and flagged in the results file.`);
    }

    const comparison = compareHybrid(byMode, scoredQuestions, options.limit);
    printReport(byMode, scoredQuestions, options, comparison);

    const result = {
      benchmark: 'retrieval-quality',
      startedAt,
      machine,
      cli,
      options,
      dataset: description,
      import: { ...importReport, wallSeconds: imported.wallMs / 1000, totalMemories: memories.length },
      missingAnswerTurns: [...presence.missing],
      modes: Object.fromEntries(Object.entries(byMode).map(([mode, scored]) => [mode, { overall: scored.overall, byType: scored.byType, byStyle: scored.byStyle, latencyMs: scored.latencyMs }])),
      hybridComparison: comparison,
      questions: scoredQuestions.map((q) => ({
        query: q.query, type: q.type, style: q.style, answerIds: q.answerIds, answerable: q.answerable,
        ranks: Object.fromEntries(Object.entries(byMode).map(([mode, scored]) => [mode, scored.perQuestion[q.index].rank])),
        top3: Object.fromEntries(Object.entries(byMode).map(([mode, scored]) => [mode, scored.perQuestion[q.index].topIds.slice(0, 3)])),
      })),
    };
    const file = writeResult('retrieval-quality', result);
    console.log(`\nResults written to ${file}`);
    return result;
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    else console.log(`Kept ${workDir}`);
  }
}

const timeOf = (memory) => (typeof memory.timestamp === 'number' ? memory.timestamp : Date.parse(memory.timestamp));

/**
 * Asks full-text recall for each answer turn's own text. A turn that does not come back under its id
 * was merged into another memory or not stored, and no mode can be blamed for missing it.
 */
async function checkAnswerTurnsPresent(cli, home, dataset, workDir, timeoutMs) {
  const answerIds = [...new Set(dataset.questions.flatMap((q) => q.answerIds))];
  const textById = new Map(dataset.memories.map((m) => [m.id, m.text]));
  const file = join(workDir, 'answer-texts.txt');
  writeFileSync(file, answerIds.map((id) => textById.get(id)).join('\n') + '\n');
  try {
    const run = await runTwin(cli, ['recall', '--queries', file, '--json', '--limit', '10', '--mode', 'text'], { home, timeoutMs });
    const results = parseRecallLines(run.stdout, answerIds.length);
    return { missing: new Set(answerIds.filter((id, i) => !results[i].some((r) => r.id === id))) };
  } catch (error) {
    console.log(`warning: could not check that answer turns survived import (${error.message.split('\n')[0]})`);
    return { missing: new Set() };
  }
}

function safeTimings(stderr) {
  try {
    return parseTimings(stderr);
  } catch {
    return null;
  }
}

function scoreMode(questions, results, limit, timings) {
  const perQuestion = questions.map((question, i) => {
    const topIds = results[i].slice(0, limit).map((r) => r.id);
    const rankOf = (ids) => {
      const index = topIds.findIndex((id) => ids.includes(id));
      return index === -1 ? null : index + 1;
    };
    const rank = rankOf(question.answerIds);
    return {
      rank,
      topIds,
      allFound: question.evidence.every((group) => rankOf(group) !== null),
    };
  });
  const aggregate = (indexes) => {
    const rows = indexes.map((i) => perQuestion[i]);
    const out = { questions: rows.length };
    for (const k of CUTOFFS.filter((c) => c <= limit)) out[`recall@${k}`] = mean(rows.map((r) => (r.rank !== null && r.rank <= k ? 1 : 0)));
    out[`recall@${limit}`] = mean(rows.map((r) => (r.rank !== null ? 1 : 0)));
    out[`allFound@${limit}`] = mean(rows.map((r) => (r.allFound ? 1 : 0)));
    out.mrr = mean(rows.map((r) => (r.rank ? 1 / r.rank : 0)));
    return out;
  };
  const groupBy = (key) => {
    const groups = {};
    questions.forEach((q, i) => (groups[q[key]] ??= []).push(i));
    return Object.fromEntries(Object.entries(groups).sort().map(([name, indexes]) => [name, aggregate(indexes)]));
  };
  return {
    perQuestion,
    overall: aggregate(questions.map((_, i) => i)),
    byType: groupBy('type'),
    byStyle: groupBy('style'),
    latencyMs: timings ? { openMs: timings.openMs, ...summarizeLatencies(timings.timingsMs) } : null,
  };
}

function compareHybrid(byMode, questions, limit) {
  const hybrid = byMode.hybrid;
  if (!hybrid) return null;
  const key = `recall@${limit}`;
  const comparison = {};
  for (const [mode, other] of Object.entries(byMode)) {
    if (mode === 'hybrid') continue;
    let wins = 0;
    let losses = 0;
    questions.forEach((_, i) => {
      const hybridHit = hybrid.perQuestion[i].rank !== null;
      const otherHit = other.perQuestion[i].rank !== null;
      if (hybridHit && !otherHit) wins++;
      if (!hybridHit && otherHit) losses++;
    });
    const recallGain = hybrid.overall[key] - other.overall[key];
    comparison[mode] = {
      [`${key}Absolute`]: recallGain,
      [`${key}Relative`]: other.overall[key] > 0 ? recallGain / other.overall[key] : null,
      mrrAbsolute: hybrid.overall.mrr - other.overall.mrr,
      mrrRelative: other.overall.mrr > 0 ? (hybrid.overall.mrr - other.overall.mrr) / other.overall.mrr : null,
      questionsOnlyHybridFinds: wins,
      questionsOnlyThisModeFinds: losses,
    };
  }
  comparison.hybridBeatsAll = Object.entries(comparison).every(([, c]) => c[`${key}Absolute`] > 0);
  return comparison;
}

function printReport(byMode, questions, options, comparison) {
  const { limit } = options;
  const modes = Object.keys(byMode);
  const cutoffs = [...new Set([...CUTOFFS.filter((c) => c < limit), limit])];
  console.log(`\nRetrieval quality over ${questions.length} questions (${thousands(options.distractors)} distractor memories)`);
  console.log(formatTable(
    ['mode', ...cutoffs.map((k) => `recall@${k}`), `all-found@${limit}`, 'MRR', 'p50 ms', 'p95 ms'],
    modes.map((mode) => {
      const o = byMode[mode].overall;
      return [mode, ...cutoffs.map((k) => pct(o[`recall@${k}`])), pct(o[`allFound@${limit}`]), fixed(o.mrr, 3), fixed(byMode[mode].latencyMs?.p50), fixed(byMode[mode].latencyMs?.p95)];
    }),
  ));

  for (const [title, group] of [['question type', 'byType'], ['lexical style', 'byStyle']]) {
    const names = Object.keys(byMode[modes[0]][group]);
    console.log(`\nrecall@${limit} by ${title}`);
    console.log(formatTable(
      [title, 'n', ...modes],
      names.map((name) => [name, byMode[modes[0]][group][name].questions, ...modes.map((mode) => pct(byMode[mode][group][name][`recall@${limit}`]))]),
    ));
  }

  if (comparison) {
    const key = `recall@${limit}`;
    console.log(`\nHybrid against each single mode (${key}; MRR)`);
    console.log(formatTable(
      ['vs', `Δ ${key}`, 'relative', 'Δ MRR', 'relative', 'only hybrid finds', 'only other finds'],
      Object.entries(comparison).filter(([mode]) => mode !== 'hybridBeatsAll').map(([mode, c]) => [
        mode, `${signed(c[`${key}Absolute`] * 100)} pp`, relative(c[`${key}Relative`]), signed(c.mrrAbsolute, 3), relative(c.mrrRelative),
        c.questionsOnlyHybridFinds, c.questionsOnlyThisModeFinds,
      ]),
    ));
    console.log(comparison.hybridBeatsAll ? `Hybrid beats every single mode on ${key}.` : `Hybrid does NOT beat every single mode on ${key}.`);
  }
}

const pct = (value) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a');
const signed = (value, digits = 1) => (Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : 'n/a');
const relative = (value) => (value === null || !Number.isFinite(value) ? 'n/a' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

const DEFAULTS = { distractors: 10000, seed: 1, limit: 10, modes: ['vector', 'text', 'hybrid'], cli: '', keep: false, timeoutMinutes: 30 };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await runRetrievalQuality(parseArgs(process.argv.slice(2), DEFAULTS));
  } catch (error) {
    console.error(`\nretrieval-quality: ${error.message}`);
    process.exit(1);
  }
}
