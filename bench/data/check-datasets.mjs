#!/usr/bin/env node
/**
 * Checks both generated datasets before anyone trusts a benchmark built on them:
 * determinism (same seed, same bytes; another seed, other data), exact counts, every JSONL line a valid
 * `twin import` record, unique ids, and for the labelled set that every answer id exists and every
 * question is one line. Prints a short report; exits non-zero on the first broken promise.
 *
 *   node bench/data/check-datasets.mjs [--count 100000]
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from '../lib/args.mjs';
import { createDeveloperMemoryGenerator, buildRecallQueries } from './developer-memories.mjs';
import { buildConversationDataset, describeDataset } from './conversation-qa.mjs';

const KINDS = new Set(['episodic', 'semantic', 'procedural', 'social']);
const IMPORT_FIELDS = new Set(['id', 'text', 'timestamp', 'source', 'author', 'recipients', 'channel', 'thread', 'kind', 'meta']);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** What `twin import` accepts, per issue 2; the generators must never emit anything else. */
export function validateImportRecord(record, where) {
  check(record && typeof record === 'object' && !Array.isArray(record), `${where}: not an object`);
  for (const key of Object.keys(record)) check(IMPORT_FIELDS.has(key), `${where}: unexpected field "${key}"`);
  check(typeof record.text === 'string' && record.text.trim().length > 0, `${where}: text must be a non-empty string`);
  check(!/[\r\n]/.test(record.text), `${where}: text has a line break`);
  check(typeof record.id === 'string' && record.id.length > 0, `${where}: id must be a non-empty string`);
  const time = typeof record.timestamp === 'number' ? record.timestamp : Date.parse(record.timestamp);
  check(Number.isFinite(time) && time > Date.parse('2020-01-01') && time < Date.parse('2030-01-01'), `${where}: timestamp ${record.timestamp} is not ISO-8601 or epoch ms in a sane range`);
  check(typeof record.source === 'string' && /^[a-z]+$/.test(record.source), `${where}: source "${record.source}"`);
  check(KINDS.has(record.kind), `${where}: kind "${record.kind}"`);
  for (const key of ['author', 'channel', 'thread']) check(record[key] === undefined || (typeof record[key] === 'string' && record[key].length > 0), `${where}: ${key} must be a non-empty string when present`);
  check(record.recipients === undefined || (Array.isArray(record.recipients) && record.recipients.every((r) => typeof r === 'string' && r)), `${where}: recipients must be an array of names`);
  check(record.meta === undefined || (typeof record.meta === 'object' && !Array.isArray(record.meta)), `${where}: meta must be an object`);
  return time;
}

function digest(records) {
  const hash = createHash('sha256');
  for (const record of records) hash.update(JSON.stringify(record) + '\n');
  return hash.digest('hex').slice(0, 16);
}

function checkDeveloperMemories(count) {
  const { memories, stats } = createDeveloperMemoryGenerator({ count, seed: 1 });
  const records = [...memories];
  check(records.length === count, `asked for ${count} memories, got ${records.length}`);
  const ids = new Set();
  const texts = new Map();
  let minTime = Infinity;
  let maxTime = -Infinity;
  let totalLength = 0;
  records.forEach((record, index) => {
    const line = JSON.stringify(record);
    const time = validateImportRecord(JSON.parse(line), `developer memory line ${index + 1}`);
    check(!ids.has(record.id), `duplicate id ${record.id}`);
    ids.add(record.id);
    texts.set(record.text, (texts.get(record.text) ?? 0) + 1);
    minTime = Math.min(minTime, time);
    maxTime = Math.max(maxTime, time);
    totalLength += record.text.length;
  });
  const again = digest(createDeveloperMemoryGenerator({ count, seed: 1 }).memories);
  check(again === digest(records), 'two runs with seed 1 differ: the generator is not deterministic');
  check(digest(createDeveloperMemoryGenerator({ count: Math.min(count, 2000), seed: 2 }).memories) !== digest(records.slice(0, Math.min(count, 2000))), 'seed 2 gives the same data as seed 1');
  const queries = buildRecallQueries(records.slice(0, 2000), { count: 200, seed: 1 });
  check(queries.length === 200 && queries.every((q) => typeof q === 'string' && q.trim() && !/[\r\n]/.test(q)), 'recall queries must be 200 non-empty single lines');
  const words = new Set();
  for (const text of texts.keys()) for (const word of text.toLowerCase().match(/[a-z][a-z0-9_]+/g) ?? []) words.add(word);
  return {
    count: records.length,
    digest: digest(records),
    distinctTexts: texts.size,
    exactRepeatShare: Number((1 - texts.size / records.length).toFixed(4)),
    plantedNearDuplicates: stats.nearDuplicates,
    distinctWords: words.size,
    meanTextLength: Math.round(totalLength / records.length),
    firstTimestamp: new Date(minTime).toISOString(),
    lastTimestamp: new Date(maxTime).toISOString(),
    bySource: stats.bySource,
    byKind: stats.byKind,
    exampleQueries: queries.slice(0, 5),
  };
}

function checkConversation() {
  const dataset = buildConversationDataset({ seed: 1 });
  check(digest(buildConversationDataset({ seed: 1 }).memories) === digest(dataset.memories), 'conversation turns differ between two runs with seed 1');
  const ids = new Set();
  dataset.memories.forEach((memory, index) => {
    validateImportRecord(JSON.parse(JSON.stringify(memory)), `conversation line ${index + 1}`);
    check(!ids.has(memory.id), `duplicate conversation id ${memory.id}`);
    ids.add(memory.id);
    check(/^conv-/.test(memory.id), `conversation id ${memory.id} must start with conv- so it never collides with distractors`);
  });
  for (const question of dataset.questions) {
    check(typeof question.query === 'string' && question.query.trim() && !/[\r\n]/.test(question.query), `bad query ${JSON.stringify(question.query)}`);
    check(question.answerIds.length > 0 && question.answerIds.every((id) => ids.has(id)), `question "${question.query}" has unknown answer ids`);
    check(question.evidence.length > 0 && question.evidence.every((group) => group.length > 0), `question "${question.query}" has an empty evidence group`);
  }
  const queries = dataset.questions.map((q) => q.query.toLowerCase());
  check(new Set(queries).size === queries.length, 'two questions have the same text');
  return describeDataset(dataset);
}

async function main() {
  const options = parseArgs(process.argv.slice(2), { count: 100000 });
  const developer = checkDeveloperMemories(options.count);
  console.log('developer-memories:', JSON.stringify(developer, null, 2));
  const conversation = checkConversation();
  console.log('conversation-qa:', JSON.stringify(conversation, null, 2));
  console.log('All dataset checks passed.');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`check-datasets: ${error.message}`);
    process.exit(1);
  });
}
