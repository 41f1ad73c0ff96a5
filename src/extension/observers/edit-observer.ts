/**
 * The editing observer: VS Code's document events into the EditSessionTracker, its sessions through a
 * heartbeat merger to `emit`. The change listener does a WeakMap lookup and hands VS Code's change array
 * to the tracker as it is; everything else happens off the keystroke path.
 */

import * as vscode from 'vscode';

import { type Clock, systemClock } from '../../core/observe/clock';
import { EditSessionTracker } from '../../core/observe/edit-session-tracker';
import { EventMerger } from '../../core/observe/event-merger';
import type { SymbolResolver } from '../../core/observe/symbol-resolver';
import { changeReason, createDocumentRegistry } from './observed-documents';
import { type ObserverOptions, RecordingState, errorReporter } from './observer-options';

export interface EditObserverOptions extends ObserverOptions {
  /** Names the symbols edits fall in; share one TreeSitterResolver between the observers. */
  resolver?: SymbolResolver;
  /** Merging window for consecutive sessions in one file. */
  pulseMs?: number;
}

export class EditObserver implements vscode.Disposable {
  private readonly tracker: EditSessionTracker;
  private readonly merger: EventMerger;
  private readonly documents = createDocumentRegistry();
  private readonly clock: Clock;
  private readonly state: RecordingState;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(options: EditObserverOptions) {
    const { settings } = options;
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    const onError = errorReporter(options, 'an edit session');
    this.merger = new EventMerger({ emit: options.emit, clock, pulseMs: options.pulseMs, ongoing: () => this.tracker.openSession, onError });
    this.tracker = new EditSessionTracker({
      emit: (event) => this.merger.push(event),
      clock,
      pathFilter: settings.pathFilter,
      resolver: options.resolver,
      idleGapMs: settings.idleGapMs,
      isRecording: () => this.state.check(),
      onError,
    });
    this.state = new RecordingState(options, () => settings.editing, {
      stopped: () => {
        this.tracker.reset();
        this.merger.flush();
      },
      started: () => this.focus(vscode.window.activeTextEditor),
    });
    this.subscriptions.push(
      this.state,
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        const observed = this.state.check() ? this.documents.get(document) : undefined;
        if (observed !== undefined) this.tracker.documentSaved(observed, this.clock.now());
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.focus(editor)),
      vscode.workspace.onDidCloseTextDocument((document) => this.tracker.documentClosed(document.uri.toString())),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.documents.clear()),
      settings.onDidChange(() => {
        this.tracker.setPathFilter(settings.pathFilter);
        this.tracker.setIdleGap(settings.idleGapMs);
      }),
    );
    this.focus(vscode.window.activeTextEditor);
  }

  /** Hands every session over now, synchronously, with the symbols known (VS Code shutting down, tests). */
  flush(): void {
    this.tracker.flushNow();
    this.merger.flush();
  }

  /** Ends open sessions and waits until their symbols are resolved before handing them over (tests). */
  async settle(): Promise<void> {
    await this.tracker.flush();
    this.merger.flush();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.flush();
    this.tracker.dispose();
  }

  /** The keystroke path. */
  private changed(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0 || !this.state.check()) return;
    const document = this.documents.get(event.document);
    if (document === undefined) return;
    this.tracker.documentChanged(document, event.contentChanges, changeReason(event.reason), this.clock.now());
  }

  private focus(editor: vscode.TextEditor | undefined): void {
    if (!this.state.check()) return;
    this.tracker.focusChanged(editor === undefined ? undefined : this.documents.get(editor.document));
  }
}
