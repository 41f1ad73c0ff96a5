/**
 * Tells a definition jump from an implementation or references jump by asking VS Code's own language
 * providers, from the place the cursor left, where those commands would have gone — and checking the
 * cursor landed there. Used only after a `Command` move that the navigation tracker suspects is a jump
 * (human-paced, a few a minute), never on the keystroke path; the tracker bounds it with a timeout.
 */

import * as vscode from 'vscode';

import type { JumpClassifier, JumpKind, Place } from '../../core/observe/navigation-tracker';

/** Cheapest first: reference search can be slow in big projects, so it is asked last. */
const PROVIDERS: ReadonlyArray<readonly [command: string, kind: JumpKind]> = [
  ['vscode.executeDefinitionProvider', 'definition'],
  ['vscode.executeDeclarationProvider', 'definition'],
  ['vscode.executeTypeDefinitionProvider', 'definition'],
  ['vscode.executeImplementationProvider', 'implementation'],
  ['vscode.executeReferenceProvider', 'references'],
];

type Target = vscode.Location | vscode.LocationLink;

/** The cursor is inside a target's name: where these commands put it, and rarely anywhere by chance. */
function landsOn(targets: readonly Target[], to: Place): boolean {
  const position = new vscode.Position(to.position.line, to.position.character);
  return targets.some((target) => {
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    const range = 'targetUri' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
    return uri.toString() === to.document.key && range.contains(position);
  });
}

export class ProviderJumpClassifier implements JumpClassifier {
  async classify(from: Place, to: Place): Promise<JumpKind | undefined> {
    const uri = vscode.Uri.parse(from.document.key);
    const position = new vscode.Position(from.position.line, from.position.character);
    let answered = false;
    for (const [command, kind] of PROVIDERS) {
      const targets = await Promise.resolve(vscode.commands.executeCommand<Target[] | undefined>(command, uri, position)).catch(() => undefined);
      if (!Array.isArray(targets) || targets.length === 0) continue;
      answered = true;
      if (landsOn(targets, to)) return kind;
    }
    // No provider knew the place at all: let the tracker fall back on the declaration check.
    return answered ? 'other' : undefined;
  }
}
