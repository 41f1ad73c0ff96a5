/**
 * The commit observer: watches each workspace folder's repository — `HEAD`, `logs/HEAD`, `packed-refs`
 * and `refs/heads/**` — with VS Code's file watcher, and reports HEAD moving by reading those files
 * directly (no git process on the extension host). The sidecar then reads the commits with git.
 */

import * as vscode from 'vscode';

import { CommitTracker } from '../../core/observe/commit-tracker';
import { findGitLocation } from '../../core/observe/git-head';
import { type ObserverOptions, RecordingState, errorReporter } from './observer-options';

export interface CommitObserverOptions extends ObserverOptions {
  /** Quiet time after the last change under `.git` before HEAD is read. */
  debounceMs?: number;
}

const WATCHED = '{HEAD,logs/HEAD,packed-refs,refs/heads/**}';

export class CommitObserver implements vscode.Disposable {
  private readonly tracker: CommitTracker;
  private readonly state: RecordingState;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Watchers by watched git folder, with the workspace folders that need each. */
  private readonly watchers = new Map<string, { watcher: vscode.FileSystemWatcher; folders: Set<string> }>();
  /** The repository's gitDir for each workspace folder. */
  private readonly repositoryOfFolder = new Map<string, string>();
  private disposed = false;
  /** Settles when the folders open at construction are followed (tests). */
  readonly ready: Promise<void>;

  constructor(options: CommitObserverOptions) {
    this.tracker = new CommitTracker({
      emit: options.emit,
      clock: options.clock,
      debounceMs: options.debounceMs,
      isRecording: () => this.state.check(),
      onError: errorReporter(options, 'a commit'),
    });
    // While off, HEAD is still followed silently (see CommitTracker), so nothing needs doing on a flip.
    this.state = new RecordingState(options, () => options.settings.commits, { started: () => undefined, stopped: () => undefined });
    this.subscriptions.push(
      this.state,
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) this.removeFolder(folder);
        void Promise.all(event.added.map((folder) => this.addFolder(folder)));
      }),
    );
    this.ready = Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.addFolder(folder))).then(() => undefined);
  }

  /** Repositories followed, for the status tooltip and tests. */
  get repositories(): readonly string[] {
    return this.tracker.followed.map((location) => location.workTree);
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const { watcher } of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
    this.tracker.dispose();
  }

  private async addFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    // Ref files are read with node's fs, so only folders on this machine's file system qualify.
    if (folder.uri.scheme !== 'file') return;
    const location = await findGitLocation(folder.uri.fsPath);
    if (location === undefined || this.disposed) return;
    const key = folder.uri.toString();
    this.repositoryOfFolder.set(key, location.gitDir);
    await this.tracker.add(location, folder.name);
    for (const dir of new Set([location.gitDir, location.commonDir])) this.watch(dir, key);
  }

  private removeFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const gitDir = this.repositoryOfFolder.get(key);
    this.repositoryOfFolder.delete(key);
    for (const [dir, entry] of this.watchers) {
      entry.folders.delete(key);
      if (entry.folders.size > 0) continue;
      entry.watcher.dispose();
      this.watchers.delete(dir);
    }
    if (gitDir !== undefined && ![...this.repositoryOfFolder.values()].includes(gitDir)) this.tracker.remove(gitDir);
  }

  private watch(dir: string, folderKey: string): void {
    const existing = this.watchers.get(dir);
    if (existing !== undefined) {
      existing.folders.add(folderKey);
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), WATCHED));
    const changed = () => this.tracker.changed(dir);
    watcher.onDidCreate(changed);
    watcher.onDidChange(changed);
    watcher.onDidDelete(changed);
    this.watchers.set(dir, { watcher, folders: new Set([folderKey]) });
  }
}
