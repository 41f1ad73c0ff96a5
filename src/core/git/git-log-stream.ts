/**
 * Commits with their zero-context diffs from one streaming `git log -p -U0` run: one process for any
 * number of commits, parsed as it arrives so memory stays flat on long histories.
 */
import { DiffFile, parseUnifiedDiff } from '../code/diff-hunks';
import { RECORD_SEPARATOR as RECORD, streamGitRecords } from './git-records';

export interface RawCommitFile {
  diff: DiffFile;
  /** Full blob ids from the `index` line; undefined for the missing side and for pure renames. */
  oldBlob?: string;
  newBlob?: string;
}

export interface RawCommit {
  hash: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Committer time, epoch ms. */
  time: number;
  /** The whole message, trimmed. */
  message: string;
  files: RawCommitFile[];
}

const FIELD = '\x1f';
const HEADER_END = '\x1d';
const FORMAT = `${RECORD}%H${FIELD}%P${FIELD}%an${FIELD}%ae${FIELD}%ct${FIELD}%B${HEADER_END}`;
const NO_BLOB = /^0+$/;

export interface GitLogOptions {
  /** Revisions and options after the fixed ones, e.g. `['-1', hash]`, `['a..b']`, `['--no-walk', '--stdin']`. */
  args: string[];
  /** Written to git's stdin (with `--stdin`: one revision per line). */
  stdin?: string;
}

export async function* streamGitLog(repository: string, options: GitLogOptions): AsyncGenerator<RawCommit> {
  const args = [
    '-c', 'core.quotePath=true', '-c', 'log.showSignature=false',
    'log', `--format=${FORMAT}`, '-p', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames',
    '--full-index', ...options.args,
  ];
  for await (const record of streamGitRecords(repository, { args, stdin: options.stdin })) yield parseRecord(record);
}

function parseRecord(record: string): RawCommit {
  const headerEnd = record.indexOf(HEADER_END);
  const [hash, parents, authorName, authorEmail, time, ...message] = record.slice(0, headerEnd).split(FIELD);
  return {
    hash,
    parents: parents ? parents.split(' ') : [],
    authorName,
    authorEmail,
    time: Number(time) * 1000,
    message: message.join(FIELD).trim(),
    files: parseFiles(record.slice(headerEnd + 1)),
  };
}

/** Each file section parsed on its own, so its `index` line's blob ids line up with it. */
function parseFiles(patch: string): RawCommitFile[] {
  const files: RawCommitFile[] = [];
  const starts: number[] = [];
  const fileHeader = /^diff --git /gm;
  for (let match = fileHeader.exec(patch); match; match = fileHeader.exec(patch)) starts.push(match.index);
  for (let i = 0; i < starts.length; i++) {
    const section = patch.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined);
    const [diff] = parseUnifiedDiff(section);
    if (!diff) continue;
    const firstHunk = section.indexOf('\n@@');
    const index = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/m.exec(firstHunk === -1 ? section : section.slice(0, firstHunk));
    files.push({
      diff,
      oldBlob: index && !NO_BLOB.test(index[1]) ? index[1] : undefined,
      newBlob: index && !NO_BLOB.test(index[2]) ? index[2] : undefined,
    });
  }
  return files;
}
