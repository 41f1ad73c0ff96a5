/**
 * The user's own code to show a model (and the user) as examples for `/code`: functions and methods from
 * the repository's files in the task's language, read with tree-sitter. "Own" means files the user
 * committed to (their git emails); the ones they edited lately (editor memories naming a file and symbol,
 * their recalled commits) and the ones whose words are closest to the task come first, and 👍/👎 on
 * earlier code drafts shifts the order. Each exemplar keeps a stable id (`path#qualifiedName`) so feedback
 * finds it again.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createParser } from '../code/grammar-loader';
import { LANGUAGES, type LanguageId } from '../code/languages';
import { extractSymbols, type CodeSymbol } from '../code/symbols';
import { authorArgs, configuredEmails } from '../git/commit-reader';
import { GIT_SOURCE } from '../git/commit-memory';
import { EDITOR_SOURCE } from '../events/event-memories';
import type { RecallResult } from '../recall/rank-fusion';
import { listSourceFiles } from '../style/repository-files';
import { adjustedSimilarity, type ExemplarAdjustments } from './feedback';
import { recallSimilarity, type MemoryRecaller } from './memory-recaller';

const run = promisify(execFile);

export interface UserCodeExemplar {
  /** `path#qualifiedName`: stable across drafts, so feedback can find it. */
  id: string;
  /** Repository-relative, forward slashes. */
  path: string;
  name: string;
  kind: CodeSymbol['kind'];
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  code: string;
  /** 0..1 after feedback. */
  similarity: number;
  /** Why it was picked: `you edited saveUser`, `words shared with the task`, … */
  reasons: string[];
}

export interface CodeExemplarRequest {
  /** The repository's top folder. */
  repository: string;
  language: LanguageId;
  task: string;
  /** Code the user selected: its words count as the task's, and it is never its own example. */
  selection?: { text: string; path?: string; startLine?: number; endLine?: number };
  twin?: MemoryRecaller;
  /** The user's commit emails; default `git config user.email`. */
  authorEmails?: string[];
  adjustments?: ExemplarAdjustments;
  /** How many to return (default 4). */
  limit?: number;
  /** How many files to parse at most (default 40). */
  maxFiles?: number;
}

export interface CodeExemplarSelection {
  exemplars: UserCodeExemplar[];
  /** `yours`: from files you committed to; `repository`: none of this language's files are yours, so the repository's code stands in. */
  ownership: 'yours' | 'repository';
  /** Memories that pointed at files and symbols you worked on. */
  memories: RecallResult[];
  filesRead: number;
}

const DEFAULT_LIMIT = 4;
const DEFAULT_MAX_FILES = 40;
const PER_FILE = 2;
const MIN_LINES = 3;
const MAX_LINES = 60;
const MAX_FILE_BYTES = 256 * 1024;
const EDITED_SYMBOL_BONUS = 0.25;
const EDITED_FILE_BONUS = 0.1;
const SAME_FILE_BONUS = 0.05;
const MEMORY_POOL = 12;
const EXEMPLAR_KINDS = new Set<CodeSymbol['kind']>(['function', 'method']);

/** Languages whose files make acceptable examples for each other when the language itself has none. */
const SIBLINGS: Partial<Record<LanguageId, LanguageId[]>> = {
  typescript: ['typescriptreact'],
  typescriptreact: ['typescript'],
  javascript: ['javascriptreact'],
  javascriptreact: ['javascript'],
};

export async function selectCodeExemplars(request: CodeExemplarRequest): Promise<CodeExemplarSelection> {
  const limit = request.limit ?? DEFAULT_LIMIT;
  const selection = await listSourceFiles(request.repository);
  const grammar = LANGUAGES[request.language].grammar;
  let candidates = selection.candidates[request.language] ?? [];
  if (candidates.length === 0) {
    const sibling = (SIBLINGS[request.language] ?? []).find((id) => LANGUAGES[id].grammar === grammar && selection.candidates[id]?.length);
    if (sibling) candidates = selection.candidates[sibling] ?? [];
  }
  const emails = request.authorEmails ?? (await configuredEmails(request.repository));
  const owned = await filesCommittedBy(request.repository, emails);
  const ownedCandidates = candidates.filter((file) => owned.has(file));
  const ownership: CodeExemplarSelection['ownership'] = ownedCandidates.length > 0 ? 'yours' : 'repository';
  const pool = ownership === 'yours' ? ownedCandidates : candidates;

  const taskText = `${request.task}\n${request.selection?.text ?? ''}`;
  const taskWords = wordsOf(taskText);
  const worked = await workedOn(request, emails, pool);
  const selectionPath = request.selection?.path ? normalizeRelative(request.repository, request.selection.path) : undefined;

  // Files to parse: the one being changed, those the user worked on, then those whose paths share the task's words.
  const ranked = [...pool].sort(
    (a, b) =>
      Number(b === selectionPath) - Number(a === selectionPath) ||
      (worked.files.get(b) ?? 0) - (worked.files.get(a) ?? 0) ||
      overlap(taskWords, wordsOf(b)) - overlap(taskWords, wordsOf(a)) ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
  const toRead = ranked.slice(0, request.maxFiles ?? DEFAULT_MAX_FILES);

  const parser = await createParser(request.language);
  const found: UserCodeExemplar[] = [];
  let filesRead = 0;
  try {
    for (const file of toRead) {
      const text = readSmallText(path.join(request.repository, file));
      if (text === undefined) continue;
      filesRead++;
      const tree = parser.parse(text);
      if (!tree) continue;
      try {
        const lines = text.split('\n');
        for (const symbol of extractSymbols(tree, request.language)) {
          const exemplar = exemplarOf(symbol, file, lines, taskWords, worked, selectionPath, request);
          if (exemplar) found.push(exemplar);
        }
      } finally {
        tree.delete();
      }
      // Parsing many files in a row would hold whatever thread runs this (the extension host, in chat).
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    parser.delete();
  }

  found.sort((a, b) => b.similarity - a.similarity || a.code.length - b.code.length || (a.id < b.id ? -1 : 1));
  const perFile = new Map<string, number>();
  const exemplars: UserCodeExemplar[] = [];
  for (const exemplar of found) {
    const taken = perFile.get(exemplar.path) ?? 0;
    if (taken >= PER_FILE) continue;
    perFile.set(exemplar.path, taken + 1);
    exemplars.push(exemplar);
    if (exemplars.length === limit) break;
  }
  return { exemplars, ownership, memories: worked.memories, filesRead };
}

interface WorkedOn {
  /** Repository path → 0..1, how strongly memories say the user worked there. */
  files: Map<string, number>;
  /** `path#name` or `*#name` → 0..1. */
  symbols: Map<string, number>;
  memories: RecallResult[];
}

/** What the user's editor and commit memories say they worked on that is near this task. */
async function workedOn(request: CodeExemplarRequest, emails: readonly string[], pool: readonly string[]): Promise<WorkedOn> {
  const worked: WorkedOn = { files: new Map(), symbols: new Map(), memories: [] };
  if (!request.twin) return worked;
  const query = `${request.task} ${request.selection?.path ?? ''}`.trim().slice(0, 1000);
  const filters = [{ source: EDITOR_SOURCE }, ...(emails.length ? emails.map((author) => ({ source: GIT_SOURCE, author })) : [{ source: GIT_SOURCE }])];
  const seen = new Set<string>();
  for (const filter of filters) {
    for (const result of await request.twin.recall(query, { limit: MEMORY_POOL, filter })) {
      if (seen.has(result.memory.id)) continue;
      seen.add(result.memory.id);
      const weight = recallSimilarity(result);
      const memory = result.memory;
      const files = [memory.file, ...(Array.isArray(memory.meta.files) ? memory.meta.files : [])].filter((file): file is string => typeof file === 'string');
      const symbols = [memory.symbol, ...(Array.isArray(memory.meta.symbols) ? memory.meta.symbols : [])].filter((name): name is string => typeof name === 'string');
      let matched = false;
      for (const file of files) {
        const inRepository = matchPath(file, pool);
        if (!inRepository) continue;
        matched = true;
        worked.files.set(inRepository, Math.max(worked.files.get(inRepository) ?? 0, weight));
        for (const name of symbols) worked.symbols.set(`${inRepository}#${name}`, Math.max(worked.symbols.get(`${inRepository}#${name}`) ?? 0, weight));
      }
      if (!matched) for (const name of symbols) worked.symbols.set(`*#${name}`, Math.max(worked.symbols.get(`*#${name}`) ?? 0, weight * 0.5));
      if (matched || symbols.length) worked.memories.push(result);
    }
  }
  return worked;
}

function exemplarOf(
  symbol: CodeSymbol,
  file: string,
  lines: readonly string[],
  taskWords: Set<string>,
  worked: WorkedOn,
  selectionPath: string | undefined,
  request: CodeExemplarRequest,
): UserCodeExemplar | undefined {
  if (!EXEMPLAR_KINDS.has(symbol.kind) || symbol.depth > 1) return undefined;
  const length = symbol.endLine - symbol.startLine + 1;
  if (length < MIN_LINES || length > MAX_LINES) return undefined;
  const startLine = symbol.startLine + 1;
  const endLine = symbol.endLine + 1;
  const selection = request.selection;
  if (file === selectionPath && selection?.startLine !== undefined && selection.endLine !== undefined) {
    if (startLine <= selection.endLine && selection.startLine <= endLine) return undefined;
  }
  const code = lines.slice(symbol.startLine, symbol.endLine + 1).join('\n');
  if (selection?.text && code.trim() === selection.text.trim()) return undefined;

  const reasons: string[] = [];
  const byName = overlap(taskWords, wordsOf(`${symbol.qualifiedName} ${file}`));
  const byBody = overlap(taskWords, wordsOf(code));
  let similarity = 0.5 * byName + 0.5 * byBody;
  if (byName + byBody > 0) reasons.push('shares words with the task');
  const edited = Math.max(
    worked.symbols.get(`${file}#${symbol.name}`) ?? 0,
    worked.symbols.get(`${file}#${symbol.qualifiedName}`) ?? 0,
    worked.symbols.get(`*#${symbol.name}`) ?? 0,
    worked.symbols.get(`*#${symbol.qualifiedName}`) ?? 0,
  );
  if (edited > 0) {
    similarity += EDITED_SYMBOL_BONUS * Math.max(0.5, edited);
    reasons.push(`you worked on ${symbol.name}`);
  } else if (worked.files.has(file)) {
    similarity += EDITED_FILE_BONUS * Math.max(0.5, worked.files.get(file)!);
    reasons.push(`you worked on ${file}`);
  }
  if (file === selectionPath) {
    similarity += SAME_FILE_BONUS;
    reasons.push('same file as the selection');
  }
  const id = `${file}#${symbol.qualifiedName}`;
  const adjusted = adjustedSimilarity(id, Math.min(1, similarity), request.adjustments);
  const delta = request.adjustments?.get(id);
  if (delta) reasons.push(delta > 0 ? 'you liked drafts that used it' : 'you disliked drafts that used it');
  return { id, path: file, name: symbol.qualifiedName, kind: symbol.kind, startLine, endLine, code, similarity: adjusted, reasons };
}

/** Repository paths of files touched by commits of these authors (all history reachable from HEAD). */
async function filesCommittedBy(repository: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  try {
    const { stdout } = await run('git', ['-c', 'core.quotePath=false', 'log', '--no-merges', '--format=', '--name-only', ...authorArgs(emails), 'HEAD', '--'], {
      cwd: repository,
      maxBuffer: 128 * 1024 * 1024,
      encoding: 'utf8',
    });
    return new Set(stdout.split('\n').filter(Boolean));
  } catch {
    // A repository without commits: nothing is anyone's yet.
    return new Set();
  }
}

/** A memory's file (workspace-relative, repository-relative or absolute) as one of the repository's paths. */
function matchPath(file: string, pool: readonly string[]): string | undefined {
  const normalized = file.replace(/\\/g, '/');
  return pool.find((candidate) => candidate === normalized || normalized.endsWith(`/${candidate}`) || candidate.endsWith(`/${normalized}`));
}

function normalizeRelative(repository: string, file: string): string {
  const relative = path.isAbsolute(file) ? path.relative(repository, file) : file;
  return relative.split(path.sep).join('/');
}

function readSmallText(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    const bytes = fs.readFileSync(file);
    if (bytes.subarray(0, 8000).includes(0)) return undefined;
    return bytes.toString('utf8').replace(/\r\n?/g, '\n');
  } catch {
    return undefined;
  }
}

/** Lower-cased words of identifiers (camelCase and snake_case split), paths and prose; short and common words dropped. */
export function wordsOf(text: string): Set<string> {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 2 && !STOP_WORDS.has(word));
  return new Set(words);
}

const STOP_WORDS = new Set([
  'the', 'and', 'for', 'with', 'that', 'this', 'from', 'into', 'are', 'was', 'not', 'but', 'you', 'your', 'its', 'than',
  'then', 'when', 'what', 'which', 'make', 'write', 'add', 'new', 'use', 'using', 'function', 'method', 'code', 'const',
  'let', 'var', 'return', 'export', 'import', 'def', 'self', 'string', 'number', 'true', 'false', 'null', 'undefined',
]);

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}
