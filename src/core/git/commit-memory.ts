/**
 * A commit as the twin remembers it (an episodic memory from source `git`, id `git:<hash>` so reading the
 * same commit twice rewrites one memory) and as a dashboard activity row.
 */
import * as path from 'node:path';
import { COMMIT_FILES_KEPT, CommitRecord } from '../activity/activity-record';
import type { MemoryInput } from '../types';
import type { CommitFile, CommitInfo } from './commit-reader';

export const GIT_SOURCE = 'git';
const FILES_WITH_SYMBOLS_NAMED = 3;
const SYMBOLS_NAMED_PER_FILE = 5;
const FILES_NAMED = 3;
const BODY_CHARS = 600;

export function commitId(hash: string): string {
  return `${GIT_SOURCE}:${hash}`;
}

/** "Committed 1a2b3c4 on main: fix(parser): handle trailing commas — touched parseConfig in src/config/loader.ts; 3 files, +40 −12" */
export function commitMemoryText(commit: CommitInfo): string {
  const where = commit.branch ? ` on ${commit.branch}` : '';
  const what = describeChanges(commit.files);
  const stats = `${commit.files.length} file${commit.files.length === 1 ? '' : 's'}, +${commit.insertions} −${commit.deletions}`;
  const head = `Committed ${commit.hash.slice(0, 7)}${where}: ${commit.subject}${what ? ` — ${what}` : ''}; ${stats}`;
  const body = commit.body.length > BODY_CHARS ? `${commit.body.slice(0, BODY_CHARS).trimEnd()}…` : commit.body;
  return body ? `${head}\n\n${body}` : head;
}

function describeChanges(files: readonly CommitFile[]): string {
  const withSymbols = files.filter((file) => symbolNames(file).length > 0);
  if (withSymbols.length > 0) {
    const parts = withSymbols.slice(0, FILES_WITH_SYMBOLS_NAMED).map((file) => {
      const names = symbolNames(file);
      const more = names.length > SYMBOLS_NAMED_PER_FILE ? ` and ${names.length - SYMBOLS_NAMED_PER_FILE} more` : '';
      return `${names.slice(0, SYMBOLS_NAMED_PER_FILE).join(', ')}${more} in ${file.path}`;
    });
    const rest = withSymbols.length - FILES_WITH_SYMBOLS_NAMED;
    return `touched ${parts.join('; ')}${rest > 0 ? `; and symbols in ${rest} more file${rest === 1 ? '' : 's'}` : ''}`;
  }
  if (files.length === 0) return '';
  const named = files.slice(0, FILES_NAMED).map((file) => (file.status === 'deleted' ? `${file.path} (deleted)` : file.path));
  const rest = files.length - FILES_NAMED;
  return `changed ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

function symbolNames(file: CommitFile): string[] {
  return [...new Set([...file.symbols.modified, ...file.symbols.added, ...file.symbols.removed])];
}

export function commitMemory(commit: CommitInfo): MemoryInput {
  const mainFile = commit.files.find((file) => symbolNames(file).length > 0) ?? commit.files[0];
  return {
    id: commitId(commit.hash),
    text: commitMemoryText(commit),
    kind: 'episodic',
    source: GIT_SOURCE,
    author: commit.authorEmail.toLowerCase(),
    timestamp: commit.time,
    project: path.basename(commit.repository),
    file: mainFile?.path,
    symbol: commit.symbols[0],
    importance: 0.6,
    meta: {
      hash: commit.hash,
      branch: commit.branch,
      files: commit.files.slice(0, COMMIT_FILES_KEPT).map((file) => file.path),
      fileCount: commit.files.length,
      insertions: commit.insertions,
      deletions: commit.deletions,
      symbols: commit.symbols,
      parents: commit.parents,
      repository: commit.repository,
      authorName: commit.authorName,
    },
  };
}

export function commitRecord(commit: CommitInfo): CommitRecord {
  const languages = commit.files.map((file) => file.language).filter((language): language is NonNullable<typeof language> => Boolean(language));
  return {
    id: commitId(commit.hash),
    type: 'commit',
    start: commit.time,
    duration: 0,
    file: commit.files[0]?.path,
    language: mostCommon(languages),
    symbol: commit.symbols[0],
    project: path.basename(commit.repository),
    data: {
      hash: commit.hash,
      message: commit.subject,
      branch: commit.branch,
      repository: commit.repository,
      author: commit.authorEmail.toLowerCase(),
      files: commit.files.slice(0, COMMIT_FILES_KEPT).map((file) => file.path),
      fileCount: commit.files.length,
      insertions: commit.insertions,
      deletions: commit.deletions,
      symbols: commit.symbols,
    },
  };
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}
