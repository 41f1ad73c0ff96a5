/**
 * Runs one `git log` whose format starts every commit with a record separator, and yields each commit's
 * raw text as it arrives: one process for any number of commits, memory flat on long histories. The
 * callers (commits with diffs, messages with paths) differ only in the format and the parsing.
 */
import { spawn } from 'node:child_process';

/** Starts each record in the `--format` of the git log the caller runs. */
export const RECORD_SEPARATOR = '\x1e';

export interface GitRecordsOptions {
  /** Everything after `git`: config flags, `log`, its format (beginning with RECORD_SEPARATOR), revisions. */
  args: string[];
  /** Written to git's stdin (with `--stdin`: one revision per line). */
  stdin?: string;
  /** An empty repository (no HEAD yet) yields nothing instead of failing. */
  emptyRepositoryIsEmpty?: boolean;
}

export async function* streamGitRecords(repository: string, options: GitRecordsOptions): AsyncGenerator<string> {
  const child = spawn('git', options.args, { cwd: repository, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`Cannot run git in ${repository}: ${error.message}. Is git installed?`)));
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.stdin ?? '');

  child.stdout.setEncoding('utf8');
  let pending = '';
  let complete = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      // Search only the new text: a huge commit arrives in many chunks.
      const searchFrom = Math.max(1, pending.length);
      pending += chunk;
      let boundary = pending.indexOf(RECORD_SEPARATOR, searchFrom);
      while (boundary !== -1) {
        const record = pending.slice(1, boundary);
        pending = pending.slice(boundary);
        yield record;
        boundary = pending.indexOf(RECORD_SEPARATOR, 1);
      }
    }
    if (pending.startsWith(RECORD_SEPARATOR)) yield pending.slice(1);
    complete = true;
  } finally {
    // The consumer stopped early: git has nothing more to say that anyone will read.
    if (!complete) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    if (options.emptyRepositoryIsEmpty && /does not have any commits|bad (default )?revision 'HEAD'|ambiguous argument 'HEAD'/.test(stderr)) return;
    throw new Error(`git log failed in ${repository} (exit code ${code}): ${stderr.trim() || 'no message'}`);
  }
}
