/**
 * What a cloned repository can do to Twin's settings: it ships a `.vscode/settings.json`. The security
 * suites write one into the test workspace, wait until VS Code has read it, and remove it afterwards, so
 * they can check that such a file never steers where Twin sends tokens or what it turns on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** A window-scoped pattern added to every folder file: seeing it in the configuration proves VS Code read the file. */
export const FOLDER_MARKER_PATTERN = '**/twin-it-folder-settings-marker/**';

const workspace = () => process.env.TWIN_IT_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const markerSeen = () => {
  const value = vscode.workspace.getConfiguration().inspect<unknown>('twin.privacy.exclude')?.workspaceValue;
  return Array.isArray(value) && value.includes(FOLDER_MARKER_PATTERN);
};

/** Writes the folder's settings (plus the marker) and resolves once VS Code applied them; returns how to remove them. */
export async function writeFolderSettings(settings: Record<string, unknown>): Promise<() => Promise<void>> {
  const dir = path.join(workspace(), '.vscode');
  const file = path.join(dir, 'settings.json');
  const createdDir = !fs.existsSync(dir);
  if (fs.existsSync(file)) throw new Error(`${file} exists already: the suites expect a workspace without folder settings.`);
  const exclude = Array.isArray(settings['twin.privacy.exclude']) ? (settings['twin.privacy.exclude'] as unknown[]) : [];
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...settings, 'twin.privacy.exclude': [...exclude, FOLDER_MARKER_PATTERN] }, null, 2));
  await until('VS Code to read the folder settings', markerSeen);
  return async () => {
    fs.rmSync(createdDir ? dir : file, { recursive: true, force: true });
    await until('VS Code to drop the folder settings', () => !markerSeen());
  };
}
