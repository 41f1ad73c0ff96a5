/**
 * Reads commits the way the twin remembers them: who, when, what message, which files with how many lines
 * added and removed, and which functions, methods and classes each hunk touched (tree-sitter on the
 * content before and after, for the languages Twin parses and files under 1 MB).
 *
 * One `git log -p -U0` streams the diffs and one `git cat-file --batch` serves file contents, whatever the
 * number of commits; symbols are cached per blob, since one commit's new file is the next one's old file.
 */
import * as path from 'node:path';
import { simpleGit } from 'simple-git';
import type { Parser } from 'web-tree-sitter';
import type { DiffFileStatus } from '../code/diff-hunks';
import { createParser } from '../code/grammar-loader';
import { LanguageId, languageIdForPath } from '../code/languages';
import { CodeSymbol, extractSymbols } from '../code/symbols';
import { touchedSymbols } from '../code/touched-symbols';
import { BlobReader } from './blob-reader';
import { GitLogOptions, RawCommit, RawCommitFile, streamGitLog } from './git-log-stream';

export interface CommitFile {
  /** Repository-relative path after the commit (before it, for a deletion). */
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  status: DiffFileStatus;
  binary: boolean;
  insertions: number;
  deletions: number;
  language?: LanguageId;
  /** Qualified symbol names the hunks touched; empty when the language is not parsed or symbols were not read. */
  symbols: { added: string[]; modified: string[]; removed: string[] };
}

export interface CommitInfo {
  hash: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Committer time, epoch ms. */
  time: number;
  /** The whole message; `subject` is its first line. */
  message: string;
  subject: string;
  body: string;
  /** The branch HEAD was on when the commit was read (commits read from HEAD's history). */
  branch?: string;
  /** Absolute path of the working tree. */
  repository: string;
  files: CommitFile[];
  insertions: number;
  deletions: number;
  /** Every touched symbol, file by file, each once. */
  symbols: string[];
  /** False when symbol extraction was skipped for this commit (see `symbolLimit`). */
  symbolsRead: boolean;
}

export interface ReadCommitsOptions {
  /** Extract symbols for at most this many commits (the first ones read); the rest get files and counts. */
  symbolLimit?: number;
  /**
   * Extract symbols only while reading has taken less than this (the first commits read, which are the
   * newest); the rest get files and counts. Bounds a backfill's time whatever the history's length.
   */
  symbolBudgetMs?: number;
  /** Files larger than this are not parsed. */
  maxFileBytes?: number;
  /** Recorded on every commit read; defaults to the branch HEAD is on. */
  branch?: string;
}

const MAX_FILE_BYTES = 1 << 20;
const SYMBOL_CACHE_ENTRIES = 4000;

/** Reads commits of one repository; hold one for a batch of reads and close it after. */
export class CommitReader {
  private readonly blobs: BlobReader;
  private readonly symbolCache = new Map<string, CodeSymbol[] | null>();
  private readonly parsers = new Map<LanguageId, Promise<Parser>>();

  private constructor(readonly repository: string) {
    this.blobs = new BlobReader(repository);
  }

  /** `repository` may be any folder inside a working tree. */
  static async open(repository: string): Promise<CommitReader> {
    return new CommitReader(await repositoryRoot(repository));
  }

  async *read(log: GitLogOptions, options: ReadCommitsOptions = {}): AsyncGenerator<CommitInfo> {
    const branch = options.branch ?? (await currentBranch(this.repository));
    const symbolLimit = options.symbolLimit ?? Infinity;
    const budgetEnds = Date.now() + (options.symbolBudgetMs ?? Infinity);
    const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
    let read = 0;
    for await (const raw of streamGitLog(this.repository, log)) {
      yield await this.describe(raw, branch, read < symbolLimit && Date.now() < budgetEnds, maxBytes);
      read++;
    }
  }

  /** The given commits (full or abbreviated hashes, any order), newest first. */
  readHashes(hashes: readonly string[], options?: ReadCommitsOptions): AsyncGenerator<CommitInfo> {
    return this.read({ args: ['--no-walk', '--stdin'], stdin: hashes.join('\n') + '\n' }, options);
  }

  close(): void {
    this.blobs.close();
    for (const parser of this.parsers.values()) void parser.then((p) => p.delete(), () => undefined);
    this.parsers.clear();
    this.symbolCache.clear();
  }

  private async describe(raw: RawCommit, branch: string | undefined, withSymbols: boolean, maxBytes: number): Promise<CommitInfo> {
    const files = await Promise.all(raw.files.map((file) => this.describeFile(file, withSymbols, maxBytes)));
    const [subject, ...rest] = raw.message.split('\n');
    const symbols = new Set<string>();
    for (const file of files) for (const name of [...file.symbols.modified, ...file.symbols.added, ...file.symbols.removed]) symbols.add(name);
    return {
      hash: raw.hash,
      parents: raw.parents,
      authorName: raw.authorName,
      authorEmail: raw.authorEmail,
      time: raw.time,
      message: raw.message,
      subject: subject ?? '',
      body: rest.join('\n').trim(),
      branch,
      repository: this.repository,
      files,
      insertions: files.reduce((sum, file) => sum + file.insertions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      symbols: [...symbols],
      symbolsRead: withSymbols,
    };
  }

  private async describeFile(file: RawCommitFile, withSymbols: boolean, maxBytes: number): Promise<CommitFile> {
    const { diff } = file;
    const filePath = diff.newPath ?? diff.oldPath ?? '';
    const language = languageIdForPath(filePath);
    const described: CommitFile = {
      path: filePath,
      ...(diff.oldPath && diff.newPath && diff.oldPath !== diff.newPath ? { oldPath: diff.oldPath } : {}),
      status: diff.status,
      binary: diff.binary,
      insertions: diff.hunks.reduce((sum, hunk) => sum + hunk.added.length, 0),
      deletions: diff.hunks.reduce((sum, hunk) => sum + hunk.removed.length, 0),
      ...(language ? { language } : {}),
      symbols: { added: [], modified: [], removed: [] },
    };
    if (!withSymbols || !language || diff.binary || diff.hunks.length === 0) return described;
    const [oldSymbols, newSymbols] = await Promise.all([
      file.oldBlob && diff.status !== 'added' ? this.symbolsOf(file.oldBlob, languageIdForPath(diff.oldPath ?? filePath) ?? language, maxBytes) : undefined,
      file.newBlob && diff.status !== 'deleted' ? this.symbolsOf(file.newBlob, language, maxBytes) : undefined,
    ]);
    // A side too large (or not text) to parse leaves the file's symbols unnamed rather than guessed.
    if ((diff.status !== 'added' && !oldSymbols) || (diff.status !== 'deleted' && !newSymbols)) return described;
    const touched = touchedSymbols(diff, { oldSymbols, newSymbols });
    const names = (symbols: CodeSymbol[]) => [...new Set(symbols.map((symbol) => symbol.qualifiedName))];
    described.symbols = { added: names(touched.added), modified: names(touched.modified), removed: names(touched.removed) };
    return described;
  }

  private async symbolsOf(blob: string, language: LanguageId, maxBytes: number): Promise<CodeSymbol[] | undefined> {
    const key = `${language}:${blob}`;
    const cached = this.symbolCache.get(key);
    if (cached !== undefined) {
      // Refresh its place: the map's order is the eviction order.
      this.symbolCache.delete(key);
      this.symbolCache.set(key, cached);
      return cached ?? undefined;
    }
    const text = await this.blobs.read(blob, maxBytes);
    let symbols: CodeSymbol[] | null = null;
    if (text !== undefined) {
      const parser = await this.parserFor(language);
      const tree = parser.parse(text);
      if (tree) {
        try {
          symbols = extractSymbols(tree, language);
        } finally {
          tree.delete();
        }
      }
    }
    this.symbolCache.set(key, symbols);
    if (this.symbolCache.size > SYMBOL_CACHE_ENTRIES) this.symbolCache.delete(this.symbolCache.keys().next().value!);
    return symbols ?? undefined;
  }

  private parserFor(language: LanguageId): Promise<Parser> {
    let parser = this.parsers.get(language);
    if (!parser) {
      parser = createParser(language);
      this.parsers.set(language, parser);
    }
    return parser;
  }
}

/** The working tree's top folder; a clear error when `folder` is not in a git repository. */
export async function repositoryRoot(folder: string): Promise<string> {
  try {
    return path.resolve((await simpleGit(path.resolve(folder)).revparse(['--show-toplevel'])).trim());
  } catch (error) {
    throw new Error(`${folder} is not inside a git repository (${firstLine(error)}). Give the path of a working tree.`);
  }
}

/** The branch HEAD is on, or undefined when detached or before the first commit. */
export async function currentBranch(repository: string): Promise<string | undefined> {
  try {
    const branch = (await simpleGit(repository).raw(['symbolic-ref', '--short', '-q', 'HEAD'])).trim();
    return branch || undefined;
  } catch {
    return undefined;
  }
}

/** `git config user.email` of the repository (local, then global), lower-cased; empty when unset. */
export async function configuredEmails(repository: string): Promise<string[]> {
  try {
    const email = (await simpleGit(repository).raw(['config', '--get', 'user.email'])).trim().toLowerCase();
    return email ? [email] : [];
  } catch {
    return [];
  }
}

/** `git log` options selecting commits by any of these author emails, exactly and ignoring case. */
export function authorArgs(emails: readonly string[]): string[] {
  if (emails.length === 0) return [];
  return ['--fixed-strings', '--regexp-ignore-case', ...emails.map((email) => `--author=<${email}>`)];
}

/** Hashes of HEAD's non-merge commits by these authors, newest first (for backfill). */
export async function listAuthorCommits(repository: string, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) throw new Error('No author email to look for: pass --author-email, or set `git config user.email`.');
  const root = await repositoryRoot(repository);
  if (!(await hasCommits(root))) return [];
  const output = await simpleGit(root).raw(['rev-list', '--no-merges', ...authorArgs(emails), 'HEAD']);
  return output.split('\n').filter(Boolean);
}

/** One commit by hash (or any revision), with its files and touched symbols. */
export async function readCommit(repository: string, revision: string, options?: ReadCommitsOptions): Promise<CommitInfo> {
  const reader = await CommitReader.open(repository);
  try {
    for await (const commit of reader.read({ args: ['-1', revision, '--'] }, options)) return commit;
    throw new Error(`No commit ${revision} in ${reader.repository}.`);
  } finally {
    reader.close();
  }
}

export interface CommitsBetweenOptions extends ReadCommitsOptions {
  /** Only commits by these authors (emails); all authors when empty or omitted. */
  authorEmails?: readonly string[];
  /** At most this many, newest first. */
  limit?: number;
}

/**
 * The commits reachable from `to` but not from `from`, newest first: what a HEAD move from `from` to `to`
 * brought (a commit, a pull, a rebase). Without `from`, just `to`.
 */
export async function commitsBetween(repository: string, from: string | undefined, to: string, options: CommitsBetweenOptions = {}): Promise<CommitInfo[]> {
  const reader = await CommitReader.open(repository);
  try {
    const range = from ? [`${from}..${to}`] : ['-1', to];
    const limit = options.limit !== undefined ? [`--max-count=${options.limit}`] : [];
    const commits: CommitInfo[] = [];
    for await (const commit of reader.read({ args: [...limit, ...authorArgs(options.authorEmails ?? []), ...range, '--'] }, options)) commits.push(commit);
    return commits;
  } finally {
    reader.close();
  }
}

async function hasCommits(repository: string): Promise<boolean> {
  try {
    await simpleGit(repository).raw(['rev-parse', '--verify', '-q', 'HEAD']);
    return true;
  } catch {
    return false;
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0].trim();
}
