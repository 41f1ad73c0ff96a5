/**
 * Commit messages with the paths they touched, from one streaming `git log --name-only` run: no diffs,
 * so thousands of commits arrive in a second or two, parsed as they come so memory stays flat.
 */
import { spawn } from 'node:child_process';

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

const RECORD = '\x1e';
const FIELD = '\x1f';
const MESSAGE_END = '\x1d';
// %aE and %aN follow .mailmap, so commits under an old address count as the person they belong to.
const FORMAT = `${RECORD}%H${FIELD}%aE${FIELD}%aN${FIELD}%at${FIELD}%B${MESSAGE_END}`;

export interface CommitLogOptions {
  /** Revisions and limits after the fixed options; HEAD's history by default. */
  args?: string[];
}

export async function* streamCommitLog(repository: string, options: CommitLogOptions = {}): AsyncGenerator<LoggedCommit> {
  const child = spawn(
    'git',
    ['-c', 'core.quotePath=false', '-c', 'log.showSignature=false', 'log', '--no-merges', `--format=${FORMAT}`, '--name-only', '--no-color', '--no-renames', ...(options.args ?? ['HEAD']), '--'],
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`Cannot run git in ${repository}: ${error.message}. Is git installed?`)));
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);

  child.stdout.setEncoding('utf8');
  let pending = '';
  let complete = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      const searchFrom = Math.max(1, pending.length);
      pending += chunk;
      let boundary = pending.indexOf(RECORD, searchFrom);
      while (boundary !== -1) {
        const record = pending.slice(1, boundary);
        pending = pending.slice(boundary);
        yield parseRecord(record);
        boundary = pending.indexOf(RECORD, 1);
      }
    }
    if (pending.startsWith(RECORD)) yield parseRecord(pending.slice(1));
    complete = true;
  } finally {
    if (!complete) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    // An empty repository has no HEAD: no commits to learn from, not a failure.
    if (/does not have any commits|bad (default )?revision 'HEAD'|ambiguous argument 'HEAD'/.test(stderr)) return;
    throw new Error(`git log failed in ${repository} (exit code ${code}): ${stderr.trim() || 'no message'}`);
  }
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
