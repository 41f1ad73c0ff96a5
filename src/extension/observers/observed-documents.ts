/**
 * Which VS Code documents the observers look at, and how they are described to the trackers: only
 * `file:` and `vscode-remote:` documents inside a workspace folder (not output channels, `git:` views,
 * settings, untitled buffers or notebook cells), named by their workspace-relative path.
 */

import * as vscode from 'vscode';

import type { SelectionChangeKind } from '../../core/observe/navigation-tracker';
import { type ChangeReason, type CursorPosition, DocumentRegistry, type ObservedDocument } from '../../core/observe/observed-document';

export const OBSERVED_SCHEMES: ReadonlySet<string> = new Set(['file', 'vscode-remote']);

export function describeDocument(document: vscode.TextDocument): ObservedDocument | undefined {
  const { uri } = document;
  if (!OBSERVED_SCHEMES.has(uri.scheme)) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder === undefined || folder.uri.scheme !== uri.scheme) return undefined;
  const file = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  if (file === '' || file.startsWith('../')) return undefined;
  return { key: uri.toString(), file, language: document.languageId, project: folder.name };
}

/** A per-document cache of `describeDocument`, so the keystroke path does one WeakMap lookup. */
export function createDocumentRegistry(): DocumentRegistry<vscode.TextDocument> {
  return new DocumentRegistry<vscode.TextDocument>(describeDocument, (document) => document.languageId);
}

export function changeReason(reason: vscode.TextDocumentChangeReason | undefined): ChangeReason | undefined {
  if (reason === vscode.TextDocumentChangeReason.Undo) return 'undo';
  if (reason === vscode.TextDocumentChangeReason.Redo) return 'redo';
  return undefined;
}

/** VS Code 1.100 reports go-to-definition and every other programmatic move as `Command`, view-state restores without a kind. */
export function selectionKind(kind: vscode.TextEditorSelectionChangeKind | undefined): SelectionChangeKind {
  switch (kind) {
    case vscode.TextEditorSelectionChangeKind.Keyboard:
      return 'keyboard';
    case vscode.TextEditorSelectionChangeKind.Mouse:
      return 'mouse';
    case vscode.TextEditorSelectionChangeKind.Command:
      return 'command';
    default:
      return 'other';
  }
}

export function cursorOf(editor: vscode.TextEditor | undefined): CursorPosition | undefined {
  return editor?.selection.active;
}
