/**
 * Which symbols one file's diff added, modified or removed: new-side hunks read against the new
 * content's symbols, old-side hunks against the old content's.
 */

import { type DiffFile, changedRanges } from './diff-hunks';
import { type CodeSymbol, symbolsInRanges } from './symbols';

export interface TouchedSymbols {
  /** In the new content, with no symbol of the same kind and qualified name in the old. */
  added: CodeSymbol[];
  /** In the new content (positions are new-side), also present in the old. */
  modified: CodeSymbol[];
  /** In the old content (positions are old-side), gone from the new. */
  removed: CodeSymbol[];
}

function identity(symbol: CodeSymbol): string {
  return `${symbol.kind} ${symbol.qualifiedName}`;
}

/**
 * Classifies the symbols a file's hunks touched. Pass the symbols of the content before the change
 * (`oldSymbols`, omit for an added file) and after it (`newSymbols`, omit for a deleted file).
 */
export function touchedSymbols(
  file: DiffFile,
  sides: { oldSymbols?: readonly CodeSymbol[]; newSymbols?: readonly CodeSymbol[] },
): TouchedSymbols {
  const oldSymbols = file.status === 'added' ? [] : (sides.oldSymbols ?? []);
  const newSymbols = file.status === 'deleted' ? [] : (sides.newSymbols ?? []);
  const oldIdentities = new Set(oldSymbols.map(identity));
  const newByIdentity = new Map(newSymbols.map((symbol) => [identity(symbol), symbol] as const));

  const added: CodeSymbol[] = [];
  const modified: CodeSymbol[] = [];
  const removed: CodeSymbol[] = [];
  const seen = new Set<string>();

  for (const symbol of symbolsInRanges(newSymbols, changedRanges(file, 'new'))) {
    const key = identity(symbol);
    if (seen.has(key)) continue;
    seen.add(key);
    (oldIdentities.has(key) ? modified : added).push(symbol);
  }
  for (const symbol of symbolsInRanges(oldSymbols, changedRanges(file, 'old'))) {
    const key = identity(symbol);
    if (seen.has(key)) continue;
    seen.add(key);
    const survivor = newByIdentity.get(key);
    // Lines removed from a symbol that still exists modified it; report it at its new position.
    if (survivor) modified.push(survivor);
    else removed.push(symbol);
  }
  modified.sort((a, b) => a.startIndex - b.startIndex);
  return { added, modified, removed };
}
