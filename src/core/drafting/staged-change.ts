/**
 * The change staged in a repository's index, as the commit drafter needs it: each file with its status,
 * line counts and the functions/classes its hunks touched (tree-sitter, old side from HEAD, new side from
 * the index), plus the `-U0` diff text for a model to read.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseUnifiedDiff, type DiffFile } from '../code/diff-hunks';
import { createParser } from '../code/grammar-loader';
import { languageIdForPath, type LanguageId } from '../code/languages';
import { extractSymbols, type CodeSymbol } from '../code/symbols';
import { touchedSymbols } from '../code/touched-symbols';
import { repositoryRoot } from '../git/commit-reader';
import type { ChangedFile, ChangeStatus } from '../models/offline-drafter';

const run = promisify(execFile);
const MAX_PARSE_BYTES = 1 << 20;
const MAX_DIFF_BYTES = 64 << 20;

export interface StagedFile extends ChangedFile {
  binary: boolean;
  language?: LanguageId;
}

export interface StagedChange {
  /** The working tree's top folder. */
  repository: string;
  files: StagedFile[];
  insertions: number;
  deletions: number;
  /** `git diff --cached -U0 -M` as git printed it. */
  diff: string;
  /** False before the first commit (everything staged is an addition). */
  hasHead: boolean;
}

async function git(repository: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd: repository, encoding: 'utf8', maxBuffer: MAX_DIFF_BYTES });
  return stdout;
}

/** Reads what `git commit` would commit now; `files` is empty when nothing is staged. */
export async function readStagedChange(folder: string): Promise<StagedChange> {
  const repository = await repositoryRoot(folder);
  const hasHead = await git(repository, ['rev-parse', '--verify', '-q', 'HEAD']).then(
    (out) => out.trim() !== '',
    () => false,
  );
  const base = ['-c', 'core.quotepath=off', 'diff', '--cached', '--no-color', '--no-ext-diff', '-M'];
  const [numstat, nameStatus, diff] = await Promise.all([
    git(repository, [...base, '--numstat', '-z']),
    git(repository, [...base, '--name-status', '-z']),
    git(repository, [...base, '-U0']),
  ]);
  const counts = parseNumstat(numstat);
  const statuses = parseNameStatus(nameStatus);
  const hunksByPath = new Map<string, DiffFile>();
  for (const file of parseUnifiedDiff(diff)) hunksByPath.set(file.newPath ?? file.oldPath ?? '', file);

  const parsers = new Map<LanguageId, ReturnType<typeof createParser>>();
  const symbolsOf = async (spec: string, language: LanguageId): Promise<CodeSymbol[] | undefined> => {
    let text: string;
    try {
      text = await git(repository, ['show', spec]);
    } catch {
      return undefined;
    }
    if (Buffer.byteLength(text) > MAX_PARSE_BYTES || text.includes('\0')) return undefined;
    let parser = parsers.get(language);
    if (!parser) parsers.set(language, (parser = createParser(language)));
    const tree = (await parser).parse(text);
    if (!tree) return undefined;
    try {
      return extractSymbols(tree, language);
    } finally {
      tree.delete();
    }
  };

  const files: StagedFile[] = [];
  try {
    for (const entry of statuses) {
      const count = counts.get(entry.path) ?? { insertions: 0, deletions: 0, binary: false };
      const language = languageIdForPath(entry.path);
      const file: StagedFile = {
        path: entry.path,
        status: entry.status,
        ...(entry.oldPath ? { oldPath: entry.oldPath } : {}),
        insertions: count.insertions,
        deletions: count.deletions,
        binary: count.binary,
        ...(language ? { language } : {}),
      };
      const diffFile = hunksByPath.get(entry.path);
      if (language && !count.binary && diffFile && diffFile.hunks.length > 0) {
        const oldPath = entry.oldPath ?? entry.path;
        const oldLanguage = languageIdForPath(oldPath) ?? language;
        const [oldSymbols, newSymbols] = await Promise.all([
          hasHead && entry.status !== 'added' ? symbolsOf(`HEAD:${oldPath}`, oldLanguage) : undefined,
          entry.status !== 'deleted' ? symbolsOf(`:${entry.path}`, language) : undefined,
        ]);
        // A side that could not be read leaves the file's symbols unnamed rather than guessed.
        const oldOk = entry.status === 'added' || !hasHead || oldSymbols;
        const newOk = entry.status === 'deleted' || newSymbols;
        if (oldOk && newOk) {
          const touched = touchedSymbols(diffFile, { oldSymbols, newSymbols });
          const names = (symbols: CodeSymbol[]) => [...new Set(symbols.map((symbol) => symbol.qualifiedName))];
          file.symbols = { added: names(touched.added), modified: names(touched.modified), removed: names(touched.removed) };
        }
      }
      files.push(file);
    }
  } finally {
    for (const parser of parsers.values()) void parser.then((p) => p.delete(), () => undefined);
  }
  return {
    repository,
    files,
    insertions: files.reduce((sum, file) => sum + file.insertions, 0),
    deletions: files.reduce((sum, file) => sum + file.deletions, 0),
    diff,
    hasHead,
  };
}

/** `--numstat -z`: `ins\tdel\tpath\0`, or for a rename `ins\tdel\t\0old\0new\0`; binary files count `-`. */
export function parseNumstat(text: string): Map<string, { insertions: number; deletions: number; binary: boolean }> {
  const counts = new Map<string, { insertions: number; deletions: number; binary: boolean }>();
  const fields = text.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const match = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(fields[i]);
    if (!match) continue;
    let filePath = match[3];
    if (filePath === '') {
      // Rename or copy: the old and new paths follow as their own fields.
      filePath = fields[i + 2] ?? '';
      i += 2;
    }
    const binary = match[1] === '-' || match[2] === '-';
    counts.set(filePath, { insertions: binary ? 0 : Number(match[1]), deletions: binary ? 0 : Number(match[2]), binary });
  }
  return counts;
}

/** `--name-status -z`: `M\0path\0`, `R087\0old\0new\0`, `C100\0from\0to\0`. */
export function parseNameStatus(text: string): Array<{ path: string; status: ChangeStatus; oldPath?: string }> {
  const entries: Array<{ path: string; status: ChangeStatus; oldPath?: string }> = [];
  const fields = text.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const code = fields[i];
    if (!code) continue;
    const letter = code[0];
    if (letter === 'R' || letter === 'C') {
      entries.push({ status: letter === 'R' ? 'renamed' : 'copied', oldPath: fields[i + 1], path: fields[i + 2] ?? '' });
      i += 2;
    } else {
      const status: ChangeStatus = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified';
      entries.push({ status, path: fields[i + 1] ?? '' });
      i += 1;
    }
  }
  return entries;
}
