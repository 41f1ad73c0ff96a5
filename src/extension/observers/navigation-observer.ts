/**
 * The navigation observer: active-editor changes, the active editor's cursor moves and scrolls, and
 * window focus into the NavigationTracker (see its file for the jump heuristic and why), dwells through
 * a heartbeat merger to `emit`. Selection changes of other editors — a peek widget's embedded editor
 * reports them too — are ignored, so peeking is not a jump.
 */

import * as vscode from 'vscode';

import { type Clock, systemClock } from '../../core/observe/clock';
import { EventMerger } from '../../core/observe/event-merger';
import { type JumpClassifier, NavigationTracker } from '../../core/observe/navigation-tracker';
import type { SymbolResolver } from '../../core/observe/symbol-resolver';
import { createDocumentRegistry, cursorOf, selectionKind } from './observed-documents';
import { type ObserverOptions, RecordingState, errorReporter } from './observer-options';
import { ProviderJumpClassifier } from './provider-jump-classifier';

export interface NavigationObserverOptions extends ObserverOptions {
  /** Names the symbols of dwells and jumps; share one TreeSitterResolver between the observers. */
  resolver?: SymbolResolver;
  /** Verifies jump kinds; defaults to asking VS Code's definition, implementation and reference providers. `false` for none. */
  classifier?: JumpClassifier | false;
  /** Merging window for consecutive dwells in one file. */
  pulseMs?: number;
}

export class NavigationObserver implements vscode.Disposable {
  private readonly tracker: NavigationTracker;
  private readonly merger: EventMerger;
  private readonly documents = createDocumentRegistry();
  private readonly clock: Clock;
  private readonly state: RecordingState;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(options: NavigationObserverOptions) {
    const { settings } = options;
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    const onError = errorReporter(options, 'a navigation event');
    this.merger = new EventMerger({ emit: options.emit, clock, pulseMs: options.pulseMs, ongoing: () => this.tracker.currentVisit, onError });
    this.tracker = new NavigationTracker({
      emit: (event) => this.merger.push(event),
      clock,
      pathFilter: settings.pathFilter,
      resolver: options.resolver,
      classifier: options.classifier === false ? undefined : (options.classifier ?? new ProviderJumpClassifier()),
      isRecording: () => this.state.check(),
      onError,
    });
    this.state = new RecordingState(options, () => settings.navigation, {
      stopped: () => {
        this.tracker.reset();
        this.merger.flush();
      },
      started: () => this.announceActiveEditor(),
    });
    this.subscriptions.push(
      this.state,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!this.state.check()) return;
        this.tracker.editorChanged(editor && this.documents.get(editor.document), cursorOf(editor), this.clock.now());
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor !== vscode.window.activeTextEditor || !this.state.check()) return;
        const position = event.selections[0]?.active ?? event.textEditor.selection.active;
        this.tracker.selectionChanged(this.documents.get(event.textEditor.document), position, selectionKind(event.kind), this.clock.now());
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        if (event.textEditor !== vscode.window.activeTextEditor || !this.state.check()) return;
        this.tracker.activity(this.documents.get(event.textEditor.document), this.clock.now());
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (this.state.check()) this.tracker.windowFocusChanged(state.focused, this.clock.now());
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.documents.clear()),
      settings.onDidChange(() => this.tracker.setPathFilter(settings.pathFilter)),
    );
    if (this.state.check()) this.announceActiveEditor();
  }

  /** Hands the visit under way over now, synchronously (VS Code shutting down, tests). */
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

  private announceActiveEditor(): void {
    const now = this.clock.now();
    this.tracker.windowFocusChanged(vscode.window.state.focused, now);
    const editor = vscode.window.activeTextEditor;
    this.tracker.editorChanged(editor && this.documents.get(editor.document), cursorOf(editor), now);
  }
}
