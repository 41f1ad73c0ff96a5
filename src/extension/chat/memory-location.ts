/**
 * Where a memory's file is on disk. Observers store files relative to the workspace folder named by the
 * memory's `project`; imported memories may carry absolute paths. Only files that exist get a link.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Memory } from '../../core/types';

export function memoryFileUri(memory: Pick<Memory, 'file' | 'project'>, folders: readonly vscode.WorkspaceFolder[] = vscode.workspace.workspaceFolders ?? []): vscode.Uri | undefined {
  const file = memory.file;
  if (!file) return undefined;
  if (path.isAbsolute(file)) return fs.existsSync(file) ? vscode.Uri.file(file) : undefined;
  const local = folders.filter((folder) => folder.uri.scheme === 'file');
  // The folder the memory names first; then any folder that holds the path (a renamed or re-opened one).
  const ordered = [...local.filter((folder) => folder.name === memory.project), ...local.filter((folder) => folder.name !== memory.project)];
  for (const folder of ordered) {
    const candidate = path.join(folder.uri.fsPath, file);
    if (fs.existsSync(candidate)) return vscode.Uri.file(candidate);
  }
  return undefined;
}
