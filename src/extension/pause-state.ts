import * as vscode from 'vscode';

const KEY = 'twin.paused';

/**
 * The one switch that pauses all observation. It survives restarts (global state), and everything that
 * observes — the extension's observers, the sidecar's collectors — listens to it.
 */
export class PauseState implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  get paused(): boolean {
    return this.memento.get<boolean>(KEY, false);
  }

  async set(paused: boolean): Promise<void> {
    if (paused === this.paused) return;
    await this.memento.update(KEY, paused);
    this.changed.fire(paused);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
