/**
 * The SymbolResolver the observers share: a tree-sitter ParsedDocument per open supported document
 * (created when first asked about; the grammar starts loading when such a document is first edited),
 * kept current incrementally, and freed when the document closes.
 */

import * as vscode from 'vscode';

import type { ObservedDocument } from '../../core/observe/observed-document';
import { ParsedDocumentResolver } from '../../core/observe/parsed-document-resolver';

function openDocument(key: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

export class TreeSitterResolver extends ParsedDocumentResolver implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(options: { maxDocuments?: number } = {}) {
    super({
      getText: (document: ObservedDocument) => openDocument(document.key)?.getText(),
      maxDocuments: options.maxDocuments,
    });
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString()));
  }

  override dispose(): void {
    this.subscription.dispose();
    super.dispose();
  }
}
