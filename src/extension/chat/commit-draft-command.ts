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
    child.stdin?.end(input ?? '');
  });
}

/** Commits the staged change in `repository` with `message`; resolves to the new commit's hash, or undefined when it failed (and said why). */
export async function commitDraft(repository: unknown, message: unknown): Promise<string | undefined> {
  if (typeof repository !== 'string' || !repository || typeof message !== 'string' || !message.trim()) {
    void vscode.window.showErrorMessage('Twin: nothing to commit with — run `@twin /commit` in the chat and use its “Commit with this message” button.');
    return undefined;
  }
  try {
    await git(repository, ['commit', '-q', '-F', '-'], message.endsWith('\n') ? message : `${message}\n`);
    const hash = (await git(repository, ['rev-parse', '--short', 'HEAD'])).trim();
    const subject = message.split('\n', 1)[0];
    void vscode.window.showInformationMessage(`Twin committed ${hash}: ${subject}`);
    return hash;
  } catch (error) {
    void vscode.window.showErrorMessage(`Twin could not commit in ${repository}: ${(error as Error).message}`);
    return undefined;
  }
}
