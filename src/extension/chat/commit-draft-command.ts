/**
 * `twin.chat.commitDraft`: what the "Commit with this message" button under a `/commit` draft runs.
 * It commits what is staged in that repository with exactly that message (`git commit -F -`), asks
 * nothing else, and reports the new commit's hash. Nothing is committed unless the user clicks.
 */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

export const COMMIT_DRAFT_COMMAND = 'twin.chat.commitDraft';

function git(repository: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: repository, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error((stderr || stdout || error.message).trim()));
      else resolve(stdout);
    });
    // A git that exits before reading its input (a refused commit) breaks the pipe; its own message, which
    // the callback above reports, says why — the EPIPE would only hide it.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** VS Code's own git extension refreshes the index in the background and holds index.lock for a moment. */
const INDEX_LOCKED = /index\.lock/;
const LOCK_RETRIES = 10;
const LOCK_RETRY_MS = 200;

async function commitWhenIndexFree(repository: string, message: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await git(repository, ['commit', '-q', '-F', '-'], message);
      return;
    } catch (error) {
      if (attempt >= LOCK_RETRIES || !INDEX_LOCKED.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}

/** Commits the staged change in `repository` with `message`; resolves to the new commit's hash, or undefined when it failed (and said why). */
export async function commitDraft(repository: unknown, message: unknown): Promise<string | undefined> {
  if (typeof repository !== 'string' || !repository || typeof message !== 'string' || !message.trim()) {
    void vscode.window.showErrorMessage('Twin: nothing to commit with — run `@twin /commit` in the chat and use its “Commit with this message” button.');
    return undefined;
  }
  try {
    await commitWhenIndexFree(repository, message.endsWith('\n') ? message : `${message}\n`);
    const hash = (await git(repository, ['rev-parse', '--short', 'HEAD'])).trim();
    const subject = message.split('\n', 1)[0];
    void vscode.window.showInformationMessage(`Twin committed ${hash}: ${subject}`);
    return hash;
  } catch (error) {
    void vscode.window.showErrorMessage(`Twin could not commit in ${repository}: ${(error as Error).message}`);
    return undefined;
  }
}
