#!/usr/bin/env node
/**
 * Builds the labelled retrieval set, LoCoMo / LongMemEval style: a long multi-session conversation
 * (conversation-script.mjs, plus generated standup threads) turned into Twin memories, one turn each
 * with a stable id, and questions (conversation-questions.mjs) labelled with the ids of the turns that
 * hold their answers.
 *
 *   node bench/data/conversation-qa.mjs --out /tmp/qa      writes conversation.jsonl and questions.jsonl
 *   node bench/data/conversation-qa.mjs --stats            counts, question types and styles on stdout
 *
 * Each question line: {query, answerIds, evidence, type, style, lexicalOverlap}. `answerIds` is every
 * turn that holds part of the answer (any one counts for recall@k); `evidence` groups them per fact,
 * so "all found" means one turn of every group made the top k. `style` is measured, not chosen:
 * "rare-token" when the question shares a rare identifier-like token (INFRA-2231, 8.0.36) with an answer
 * turn, "paraphrase" when it shares under a third of its content words, else "mixed".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRandom } from '../lib/random.mjs';
import { parseArgs } from '../lib/args.mjs';
import { SESSIONS, SPEAKERS, STANDUP } from './conversation-script.mjs';
import { QUESTIONS } from './conversation-questions.mjs';

const SECOND_MS = 1000;

export function buildConversationDataset({ seed = 1 } = {}) {
  const random = createRandom(`conversation-qa:${seed}`);
  const memories = [];
  const turnsByFact = new Map();

  SESSIONS.forEach((session, index) => {
    const sessionId = `conv-s${String(index + 1).padStart(2, '0')}`;
    memories.push(...sessionMemories(session, sessionId, random, (factKey, id) => {
      if (!turnsByFact.has(factKey)) turnsByFact.set(factKey, []);
      turnsByFact.get(factKey).push(id);
    }));
  });
  memories.push(...standupMemories(random.fork('standups')));
  memories.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));

  const textById = new Map(memories.map((m) => [m.id, m.text]));
  const turnsWithToken = documentFrequencies(memories.map((m) => m.text));
  const questions = QUESTIONS.map((question, index) => {
    const evidence = question.facts.map((alternatives) => [alternatives].flat().flatMap((key) => {
      const ids = turnsByFact.get(key);
      if (!ids) throw new Error(`Question ${index + 1} ("${question.query}") names fact "${key}", which no turn carries`);
      return ids;
    }));
    const answerIds = [...new Set(evidence.flat())];
    const { style, overlap } = lexicalStyle(question.query, answerIds.map((id) => textById.get(id)), turnsWithToken);
    return { query: question.query, answerIds, evidence, type: question.type, style, lexicalOverlap: Number(overlap.toFixed(2)) };
  });

  validate(memories, questions, turnsByFact);
  return { memories, questions, turnsByFact };
}

function sessionMemories(session, sessionId, random, recordFact) {
  const participants = [...new Set(session.turns.map(([speaker]) => speaker))];
  const thread = session.thread ?? `${session.source}:${session.channel}:${session.start.slice(0, 16)}`;
  // Replies in email threads come hours apart; chat turns come within minutes.
  const gapSeconds = session.source === 'email' ? [1800, 14_400] : [15, 240];
  let time = Date.parse(session.start);
  if (Number.isNaN(time)) throw new Error(`Session ${sessionId} has an unreadable start "${session.start}"`);
  return session.turns.map(([speaker, text, factKeys], turnIndex) => {
    if (!SPEAKERS[speaker]) throw new Error(`Session ${sessionId} has an unknown speaker "${speaker}"`);
    const id = `${sessionId}-t${String(turnIndex + 1).padStart(2, '0')}`;
    if (turnIndex > 0) time += random.int(gapSeconds[0], gapSeconds[1]) * SECOND_MS;
    for (const key of [factKeys ?? []].flat()) recordFact(key, id);
    return {
      id,
      text,
      timestamp: new Date(time).toISOString(),
      source: session.source,
      kind: 'social',
      author: SPEAKERS[speaker],
      recipients: participants.filter((p) => p !== speaker).map((p) => SPEAKERS[p]),
      channel: session.channel,
      thread,
      meta: { dataset: 'conversation-qa', session: sessionId },
    };
  });
}

function standupMemories(random) {
  const memories = [];
  for (const date of STANDUP.dates) {
    let time = Date.parse(`${date}T09:${String(random.int(0, 20)).padStart(2, '0')}:00Z`);
    const thread = `slack:${STANDUP.channel}:${date}`;
    STANDUP.speakers.forEach((speaker, index) => {
      time += random.int(20, 400) * SECOND_MS;
      const text = `Yesterday: ${random.pick(STANDUP.yesterday[speaker])}. Today: ${random.pick(STANDUP.today)}. Blockers: ${random.pick(STANDUP.blockers)}.`;
      memories.push({
        id: `conv-standup-${date}-t${index + 1}`,
        text,
        timestamp: new Date(time).toISOString(),
        source: 'slack',
        kind: 'social',
        author: SPEAKERS[speaker],
        channel: STANDUP.channel,
        thread,
        meta: { dataset: 'conversation-qa', session: `standup-${date}` },
      });
    });
  }
  return memories;
}

function validate(memories, questions, turnsByFact) {
  const ids = new Set();
  for (const memory of memories) {
    if (ids.has(memory.id)) throw new Error(`Duplicate memory id ${memory.id}`);
    ids.add(memory.id);
    if (/[\r\n]/.test(memory.text)) throw new Error(`Memory ${memory.id} has a line break; recall --queries and JSONL need one line`);
  }
  for (const question of questions) {
    if (/[\r\n]/.test(question.query)) throw new Error(`Question "${question.query}" has a line break`);
    for (const id of question.answerIds) if (!ids.has(id)) throw new Error(`Question "${question.query}" points at unknown id ${id}`);
  }
  const asked = new Set(QUESTIONS.flatMap((q) => q.facts.flat()));
  // Superseded facts (…-orig) are there to be outdated, not asked about; every other fact has a question.
  const unasked = [...turnsByFact.keys()].filter((key) => !asked.has(key) && !/-orig$/.test(key));
  if (unasked.length) throw new Error(`Facts planted but never asked about: ${unasked.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------
// How much a question leans on shared words versus shared meaning.

const STOPWORDS = new Set(`a an the and or but of to in on at for from with by as into over after before about up out off
  is are was were be been being am do does did doing have has had having will would shall should can could may might must
  i me my mine we us our you your he him his she her it its they them their this that these those there here
  what which who whom whose when where why how any some all each every no not nor so than too very just also still now then
  once again get got gets one ones thing things way kind know tell say said like want need`.split(/\s+/));

function tokens(text) {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-_.:/][\p{L}\p{N}]+)*/gu) ?? [];
}

function documentFrequencies(texts) {
  const frequencies = new Map();
  for (const text of texts) for (const token of new Set(tokens(text))) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
  return frequencies;
}

/**
 * Identifier-like and rare: a digit, underscore or inner dot (INFRA-2231, 1.22.1, maintenance_banner_billing)
 * in a token that at most six turns of the conversation contain. "billing-service" or "read-only" are not.
 */
const MAX_TURNS_FOR_RARE = 6;
function isRareToken(token, turnsWithToken) {
  return /[\d_]|\w\.\w/.test(token) && (turnsWithToken.get(token) ?? 0) <= MAX_TURNS_FOR_RARE;
}

/** Crude stemming is enough to tell "retries"/"retry" and "deployed"/"deploy" apart from paraphrase. */
function stem(word) {
  return word.replace(/(?:ies)$/, 'y').replace(/(?:ing|ed|es|s)$/, '').replace(/'s$/, '');
}

function contentStems(text) {
  const out = new Set();
  for (const token of tokens(text)) {
    for (const part of token.split(/[-_.:/]/)) if (part.length > 1 && !STOPWORDS.has(part)) out.add(stem(part));
  }
  return out;
}

export function lexicalStyle(query, answerTexts, turnsWithToken = new Map()) {
  const answerTokens = new Set(answerTexts.flatMap(tokens));
  const sharesRareToken = tokens(query).some((token) => answerTokens.has(token) && isRareToken(token, turnsWithToken));
  const queryStems = contentStems(query);
  const answerStems = new Set(answerTexts.flatMap((text) => [...contentStems(text)]));
  const shared = [...queryStems].filter((s) => answerStems.has(s)).length;
  const overlap = queryStems.size ? shared / queryStems.size : 0;
  const style = sharesRareToken ? 'rare-token' : overlap < 1 / 3 ? 'paraphrase' : 'mixed';
  return { style, overlap };
}

// ---------------------------------------------------------------------------------------------------
// Statistics and CLI

export function describeDataset({ memories, questions }) {
  const count = (items, key) => items.reduce((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});
  const sessions = new Set(memories.map((m) => m.meta.session));
  return {
    turns: memories.length,
    sessions: sessions.size,
    handWrittenSessions: SESSIONS.length,
    firstTurn: memories[0].timestamp,
    lastTurn: memories[memories.length - 1].timestamp,
    turnsBySpeaker: count(memories, (m) => m.author),
    turnsBySource: count(memories, (m) => m.source),
    questions: questions.length,
    questionsByType: count(questions, (q) => q.type),
    questionsByStyle: count(questions, (q) => q.style),
    multiFactQuestions: questions.filter((q) => q.evidence.length > 1).length,
    answerTurns: new Set(questions.flatMap((q) => q.answerIds)).size,
  };
}

export function writeConversationDataset(directory, dataset) {
  mkdirSync(directory, { recursive: true });
  const memoriesPath = join(directory, 'conversation.jsonl');
  const questionsPath = join(directory, 'questions.jsonl');
  writeFileSync(memoriesPath, dataset.memories.map((m) => JSON.stringify(m)).join('\n') + '\n');
  writeFileSync(questionsPath, dataset.questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
  return { memoriesPath, questionsPath };
}

async function main() {
  const options = parseArgs(process.argv.slice(2), { out: '', seed: 1, stats: false, print: '' });
  const dataset = buildConversationDataset({ seed: options.seed });
  if (options.out) {
    const { memoriesPath, questionsPath } = writeConversationDataset(options.out, dataset);
    process.stderr.write(`Wrote ${dataset.memories.length} turns to ${memoriesPath} and ${dataset.questions.length} questions to ${questionsPath}\n`);
  }
  if (options.print === 'memories') for (const m of dataset.memories) process.stdout.write(JSON.stringify(m) + '\n');
  else if (options.print === 'questions') for (const q of dataset.questions) process.stdout.write(JSON.stringify(q) + '\n');
  else if (options.print) throw new Error(`--print takes "memories" or "questions", got "${options.print}"`);
  if (options.stats || (!options.out && !options.print)) process.stdout.write(JSON.stringify(describeDataset(dataset), null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // `… | head` closing the pipe early is a normal way to use a generator, not an error.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main().catch((error) => {
    process.stderr.write(`conversation-qa: ${error.message}\n`);
    process.exit(1);
  });
}
