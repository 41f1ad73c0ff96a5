import * as vscode from 'vscode';
import type { TwinEvent } from '../core/protocol/events';
import { CommitObserver, EditObserver, NavigationObserver, ObserverSettings, TreeSitterResolver } from './observers';

const MERGE_WINDOW_MS = 15_000;

export interface Observation extends vscode.Disposable {
  /** Ends every open session now and emits it (shutdown). */
  flush(): void;
  /** Ends every open session and emits it once its symbols are resolved (tests). */
  settle(): Promise<void>;
}

/**
 * Builds the observers. Each records only while its setting is on, observation is not paused and the
 * workspace is trusted; all share one tree-sitter resolver, which loads grammars on first use.
 */
export function startObservation(
  context: vscode.ExtensionContext,
  emit: (event: TwinEvent) => void,
  isPaused: () => boolean,
  log: (message: string) => void,
  onDidChangeState: vscode.Event<unknown>,
): Observation {
  const settings = new ObserverSettings();
  const resolver = new TreeSitterResolver();
  const shared = { emit, isPaused, settings, log, onDidChangeState };
  // The sidecar merges heartbeats into its rows as they arrive, so the extension holds finished sessions
  // only briefly: the dashboard shows an edit soon after the session ends.
  const edits = new EditObserver({ ...shared, resolver, pulseMs: MERGE_WINDOW_MS });
  const navigation = new NavigationObserver({ ...shared, resolver, pulseMs: MERGE_WINDOW_MS });
  const commits = new CommitObserver(shared);
  const parts: vscode.Disposable[] = [edits, navigation, commits, resolver, settings];
  return {
    flush: () => {
      edits.flush();
      navigation.flush();
    },
    settle: async () => {
      await edits.settle();
      await navigation.settle();
    },
    dispose: () => {
      for (const part of parts) part.dispose();
    },
  };
}
