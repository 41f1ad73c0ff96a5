import * as vscode from 'vscode';
import { describe, SidecarClient, SidecarState } from './sidecar/sidecar-client';
import { PauseState } from './pause-state';

export const TOGGLE_COMMAND = 'twin.toggleObservation';

/** One status-bar item: observing or paused, a click toggles; the tooltip tells the sidecar's state. */
export class StatusBarToggle implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('twin.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly pause: PauseState,
    private readonly sidecar: SidecarClient,
    private readonly isTrusted: () => boolean,
  ) {
    this.item.name = 'Twin';
    this.item.command = TOGGLE_COMMAND;
    this.subscriptions.push(pause.onDidChange(() => this.render()));
    const onState = () => this.render();
    sidecar.on('state', onState);
    this.subscriptions.push({ dispose: () => sidecar.off('state', onState) });
    this.render();
    this.item.show();
  }

  render(): void {
    const paused = this.pause.paused;
    const state: SidecarState = this.sidecar.state;
    const trouble = state.state === 'restarting' || state.state === 'stopped';
    this.item.text = paused ? '$(eye-closed) Twin paused' : trouble ? '$(warning) Twin' : '$(eye) Twin';
    this.item.backgroundColor = trouble && !paused ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(paused ? '**Twin is paused**: nothing is recorded anywhere.\n\n' : '**Twin is observing** edits, navigation and commits.\n\n');
    if (!this.isTrusted()) tooltip.appendMarkdown('This workspace is not trusted, so it is not observed.\n\n');
    tooltip.appendMarkdown(`Sidecar: ${describe(state)}\n\n`);
    tooltip.appendMarkdown(paused ? 'Click to resume observation.' : 'Click to pause all observation.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: paused ? 'Twin paused; activate to resume' : 'Twin observing; activate to pause' };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
