/**
 * The lines of a GitHub file patch (the `patch` field of a pull request's files: hunks only, no file
 * headers) with their numbers on each side. A review comment may only sit on a line the diff shows —
 * RIGHT: an added or context line by its new number; LEFT: a removed or context line by its old number —
 * so drafted comments are checked against these before anything is shown or posted.
 */

export type PatchLineKind = 'added' | 'removed' | 'context';
export type ReviewSide = 'LEFT' | 'RIGHT';

export interface PatchLine {
  kind: PatchLineKind;
  /** Line number in the old file (removed and context lines). */
  oldLine?: number;
  /** Line number in the new file (added and context lines). */
  newLine?: number;
  text: string;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parsePatch(patch: string | undefined): PatchLine[] {
  if (!patch) return [];
  const lines: PatchLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  for (const raw of patch.replace(/\r?\n$/, '').split('\n')) {
    const header = HUNK.exec(raw);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[3]);
      inHunk = true;
      continue;
    }
    if (!inHunk || raw.startsWith('\\')) continue; // "\ No newline at end of file"
    const marker = raw[0];
    const text = raw.slice(1);
    if (marker === '+') lines.push({ kind: 'added', newLine: newLine++, text });
    else if (marker === '-') lines.push({ kind: 'removed', oldLine: oldLine++, text });
    // Some tools strip the space of an empty context line.
    else if (marker === ' ' || raw === '') lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
  }
  return lines;
}

/** Whether a comment on `line` of `side` is one GitHub accepts for this patch. */
export function isCommentableLine(lines: readonly PatchLine[], line: number, side: ReviewSide): boolean {
  return lines.some((entry) => (side === 'RIGHT' ? entry.newLine === line && entry.kind !== 'removed' : entry.oldLine === line && entry.kind !== 'added'));
}

/** The added lines, by new line number. */
export function addedLines(lines: readonly PatchLine[]): Array<{ line: number; text: string }> {
  return lines.filter((entry) => entry.kind === 'added').map((entry) => ({ line: entry.newLine!, text: entry.text }));
}
