/** What every observer is given by the extension's wiring, and how it decides whether to record. */

import * as vscode from 'vscode';

import type { Clock } from '../../core/observe/clock';
import type { TwinEvent } from '../../core/protocol/events';
import type { ObserverSettings } from './observer-settings';

export interface ObserverOptions {
  /** Receives every event; the wiring forwards it to the sidecar. */
  emit(event: TwinEvent): void;
  /** The status-bar switch: while it returns true nothing is recorded, and work in flight is dropped. */
  isPaused(): boolean;
  /** Untrusted workspaces are not observed. Defaults to `vscode.workspace.isTrusted`. */
  isTrusted?(): boolean;
  /** Fires when pause (or trust) changes, so in-flight work is dropped at once instead of at the next event. */
  onDidChangeState?: vscode.Event<unknown>;
  settings: ObserverSettings;
  /** Where failures are reported (the Twin output channel); console.error when absent. */
  log?(message: string): void;
  /** Tests only. */
  clock?: Clock;
}

/** An `onError` for the trackers that writes to the observer's log. */
export function errorReporter(options: ObserverOptions, what: string): (error: unknown) => void {
  return (error) => {
    const message = `Twin lost ${what}: ${error instanceof Error ? error.message : String(error)}. Observation goes on; see the Twin log.`;
    if (options.log) options.log(message);
    else console.error(message, error);
  };
}

/**
 * Whether an observer records right now (its setting on, not paused, workspace trusted), noticing each
 * flip: `stopped` runs when recording stops (drop what is in flight), `started` when it resumes.
 */
export class RecordingState implements vscode.Disposable {
  private recording: boolean;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly options: ObserverOptions,
    private readonly enabled: () => boolean,
    private readonly transitions: { started(): void; stopped(): void },
  ) {
    this.recording = this.compute();
    const recheck = () => this.check();
    this.subscriptions.push(options.settings.onDidChange(recheck), vscode.workspace.onDidGrantWorkspaceTrust(recheck));
    if (options.onDidChangeState) this.subscriptions.push(options.onDidChangeState(recheck));
  }

  /** Cheap enough for every event: two calls and a comparison. */
  check(): boolean {
    const now = this.compute();
    if (now !== this.recording) {
      this.recording = now;
      if (now) this.transitions.started();
      else this.transitions.stopped();
    }
    return now;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private compute(): boolean {
    return this.enabled() && !this.options.isPaused() && (this.options.isTrusted?.() ?? vscode.workspace.isTrusted);
  }
}
