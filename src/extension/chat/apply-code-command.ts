/**
 * `twin.chat.applyCode`: what the "Apply to selection" / "Insert at cursor" button under a `/code` draft
 * runs. It edits the document only when clicked, as one undoable WorkspaceEdit, and only while the
 * selected text is still what the draft was written for: a selection edited since is never overwritten.
 */
import * as vscode from 'vscode';

export const APPLY_CODE_COMMAND = 'twin.chat.applyCode';

/** Where the code goes: the selection it replaces (its text as it was), or a cursor position to insert at. */
export interface ApplyCodeTarget {
  uri: string;
  /** 0-based, as VS Code counts. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** The selected text the code replaces; empty when inserting. */
  original: string;
}

/** Applies `code` at `target`; resolves true when the document was edited. */
export async function applyCode(target: unknown, code: unknown): Promise<boolean> {
  if (!isTarget(target) || typeof code !== 'string' || !code.trim()) {
    void vscode.window.showErrorMessage('Twin: nothing to apply — run `@twin /code` in the chat and use the button under its draft.');
    return false;
  }
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
  } catch (error) {
    void vscode.window.showErrorMessage(`Twin could not open ${target.uri} to apply the code: ${(error as Error).message}`);
    return false;
  }
  const range = new vscode.Range(target.start.line, target.start.character, target.end.line, target.end.character);
  if (document.validateRange(range).isEqual(range) === false || document.getText(range) !== target.original) {
    void vscode.window.showWarningMessage(
      `Twin did not apply the code: ${target.original ? 'the selected code' : 'the text around the cursor'} in ${vscode.workspace.asRelativePath(document.uri)} changed since the draft. Select the code again and ask \`@twin /code\` once more.`,
    );
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  if (target.original) edit.replace(document.uri, range, code);
  else edit.insert(document.uri, range.start, code);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) void vscode.window.showErrorMessage(`Twin could not edit ${vscode.workspace.asRelativePath(document.uri)} (is it read-only?).`);
  return applied;
}

function isTarget(value: unknown): value is ApplyCodeTarget {
  const target = value as ApplyCodeTarget | undefined;
  const isPosition = (position: unknown) =>
    !!position && typeof (position as { line: unknown }).line === 'number' && typeof (position as { character: unknown }).character === 'number';
  return !!target && typeof target.uri === 'string' && isPosition(target.start) && isPosition(target.end) && typeof target.original === 'string';
}
