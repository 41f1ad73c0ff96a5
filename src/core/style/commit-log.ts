/**
 * Commit messages with the paths they touched, from one streaming `git log --name-only` run: no diffs,
 * so thousands of commits arrive in a second or two, parsed as they come so memory stays flat.
 */
import { RECORD_SEPARATOR as RECORD, streamGitRecords } from '../git/git-records';

export interface LoggedCommit {
  hash: string;
  /** Lower-cased, after .mailmap. */
  authorEmail: string;
  authorName: string;
  /** Author time, epoch ms. */
  time: number;
  /** The whole message, trimmed. */
  message: string;
  /** Paths the commit touched (against its first parent). */
  files: string[];
}

const FIELD = '\x1f';
const MESSAGE_END = '\x1d';
// %aE and %aN follow .mailmap, so commits under an old address count as the person they belong to.
const FORMAT = `${RECORD}%H${FIELD}%aE${FIELD}%aN${FIELD}%at${FIELD}%B${MESSAGE_END}`;

export interface CommitLogOptions {
  /** Revisions and limits after the fixed options; HEAD's history by default. */
  args?: string[];
}

export async function* streamCommitLog(repository: string, options: CommitLogOptions = {}): AsyncGenerator<LoggedCommit> {
  const args = [
    '-c', 'core.quotePath=false', '-c', 'log.showSignature=false',
    'log', '--no-merges', `--format=${FORMAT}`, '--name-only', '--no-color', '--no-renames', ...(options.args ?? ['HEAD']), '--',
  ];
  // An empty repository has no HEAD: no commits to learn from, not a failure.
  for await (const record of streamGitRecords(repository, { args, emptyRepositoryIsEmpty: true })) yield parseRecord(record);
}

function parseRecord(record: string): LoggedCommit {
  const end = record.indexOf(MESSAGE_END);
  const [hash, authorEmail, authorName, time, ...message] = record.slice(0, end).split(FIELD);
  return {
    hash,
    authorEmail: authorEmail.toLowerCase(),
    authorName,
    time: Number(time) * 1000,
    message: message.join(FIELD).trim(),
    files: record
      .slice(end + 1)
      .split('\n')
      .filter((line) => line !== ''),
  };
}
