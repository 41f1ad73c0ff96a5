import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidecarNotifications } from '../core/protocol/sidecar-protocol';
import { readObserverSettings } from './observers/observer-settings';
import { PauseState } from './pause-state';
import { SidecarClient } from './sidecar/sidecar-client';

const KEY_PREFIX = 'twin.backfilled:';

/**
 * The first time Twin sees a workspace's repository, it reads the user's past commits there (their git
 * email) so recall and, later, style learning start from their history rather than from nothing. Once
 * per repository; skipped while paused, untrusted or with commit observation off, and tried again later.
 */
export class FirstRunBackfill implements vscode.Disposable {
  private running = false;
  private readonly onState = (state: { state: string }) => {
    if (state.state === 'running') void this.run();
  };

  constructor(
    private readonly memento: vscode.Memento,
    private readonly sidecar: SidecarClient,
    private readonly pause: PauseState,
    private readonly log: (message: string) => void,
  ) {
    sidecar.on('state', this.onState);
  }

  /** Learns every workspace repository not learned yet; resolves when done. */
  async run(): Promise<void> {
    if (this.running || this.pause.paused || !vscode.workspace.isTrusted) return;
    if (!readObserverSettings().commits) return;
    this.running = true;
    try {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const root = folder.uri.fsPath;
        if (folder.uri.scheme !== 'file' || !fs.existsSync(path.join(root, '.git'))) continue;
        if (this.memento.get<number>(KEY_PREFIX + root)) continue;
        await this.learn(folder.name, root);
      }
    } finally {
      this.running = false;
    }
  }

  private async learn(name: string, root: string): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Twin: reading your commits in ${name}` },
      async (progress) => {
        const onProgress = (update: SidecarNotifications['twin/progress']) => {
          progress.report({ message: update.total ? `${update.done}/${update.total}` : update.message ?? `${update.done}` });
        };
        this.sidecar.on('progress', onProgress);
        try {
          const report = await this.sidecar.request('twin/learnRepository', { path: root });
          await this.memento.update(KEY_PREFIX + root, Date.now());
          this.log(`Learned ${report.commits} of your commits in ${name} (${report.memories} memories) in ${report.seconds.toFixed(1)} s.`);
        } catch (error) {
          this.log(`Could not read the commits in ${name}: ${(error as Error).message}. Twin tries again next time; \`twin learn ${root}\` does it by hand.`);
        } finally {
          this.sidecar.off('progress', onProgress);
        }
      },
    );
  }

  dispose(): void {
    this.sidecar.off('state', this.onState);
  }
}
