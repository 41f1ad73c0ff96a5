/**
 * Reads unified diffs (`git diff -U0`, `git show`, `git log -p`, plain `diff -u`) into files and hunks,
 * so the commit observer can map each hunk's lines to the symbols it touched.
 */

import type { LineRange } from './symbols';

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface DiffHunk {
  /** 1-based first line on each side, as in the `@@` header; with a count of 0 it is the line *before* the gap. */
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The text git prints after the second `@@` (often the enclosing function's first line). */
  section: string;
  /** Removed and added line contents, without the `-`/`+` marker. */
  removed: string[];
  added: string[];
}

export interface DiffFile {
  /** Repository-relative, without the `a/`/`b/` prefixes; null for the missing side of an addition or deletion. */
  oldPath: string | null;
  newPath: string | null;
  status: DiffFileStatus;
  binary: boolean;
  /** Percent, for renames and copies. */
  similarity?: number;
  oldMode?: string;
  newMode?: string;
  hunks: DiffHunk[];
}

interface FileInProgress extends DiffFile {
  /** Whether paths in `---`/`+++` lines carry git's `a/` and `b/` prefixes. */
  prefixed: boolean;
  sawPaths: boolean;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const DEV_NULL = '/dev/null';

const C_ESCAPES: Readonly<Record<string, number>> = {
  a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92,
};

/** Git quotes paths with unusual characters C-style, with non-ASCII bytes as octal escapes of their UTF-8. */
function unquoteCString(quoted: string): string {
  const bytes: number[] = [];
  for (let i = 1; i < quoted.length - 1; i++) {
    const char = quoted[i];
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = quoted[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(quoted.slice(i, i + 3), 8));
      i += 2;
    } else {
      bytes.push(C_ESCAPES[next] ?? next.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits one leading path token (quoted or not) off `text`. */
function takeQuoted(text: string): { token: string; rest: string } | undefined {
  if (!text.startsWith('"')) return undefined;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text[i] === '"') {
      return { token: unquoteCString(text.slice(0, i + 1)), rest: text.slice(i + 1).trimStart() };
    }
  }
  return undefined;
}

function stripPrefix(path: string, prefix: string, prefixed: boolean): string {
  return prefixed && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** The path in a `---`/`+++` line: quoted or not, possibly followed by a tab and a timestamp. */
function parsePathLine(value: string): string {
  const quoted = takeQuoted(value);
  if (quoted) return quoted.token;
  const tab = value.indexOf('\t');
  return tab === -1 ? value : value.slice(0, tab);
}

/**
 * `diff --git a/x b/x`. Unquoted paths may contain spaces, so the split that makes both sides the same
 * path wins; renames are settled later by their `rename from/to` lines anyway.
 */
function parseGitHeader(rest: string): { oldPath: string; newPath: string; prefixed: boolean } {
  const first = takeQuoted(rest);
  if (first) {
    const second = takeQuoted(first.rest)?.token ?? first.rest;
    const prefixed = first.token.startsWith('a/') && second.startsWith('b/');
    return { oldPath: stripPrefix(first.token, 'a/', prefixed), newPath: stripPrefix(second, 'b/', prefixed), prefixed };
  }
  if (rest.startsWith('a/')) {
    const candidates: number[] = [];
    for (let i = rest.indexOf(' b/'); i !== -1; i = rest.indexOf(' b/', i + 1)) candidates.push(i);
    const symmetric = candidates.find((i) => rest.slice(2, i) === rest.slice(i + 3));
    const split = symmetric ?? candidates[0];
    if (split !== undefined) {
      const quotedNew = takeQuoted(rest.slice(split + 1));
      return {
        oldPath: rest.slice(2, split),
        newPath: quotedNew ? stripPrefix(quotedNew.token, 'b/', true) : rest.slice(split + 3),
        prefixed: true,
      };
    }
  }
  // `--no-prefix` output: `diff --git x x`.
  const middle = (rest.length - 1) / 2;
  if (Number.isInteger(middle) && rest[middle] === ' ' && rest.slice(0, middle) === rest.slice(middle + 1)) {
    return { oldPath: rest.slice(0, middle), newPath: rest.slice(middle + 1), prefixed: false };
  }
  const space = rest.indexOf(' ');
  return { oldPath: rest.slice(0, space), newPath: rest.slice(space + 1), prefixed: false };
}

function newFile(oldPath: string | null, newPath: string | null, prefixed: boolean): FileInProgress {
  return { oldPath, newPath, status: 'modified', binary: false, hunks: [], prefixed, sawPaths: false };
}

function finish(file: FileInProgress): DiffFile {
  const { prefixed: _prefixed, sawPaths: _sawPaths, ...result } = file;
  if (result.status === 'added') result.oldPath = null;
  if (result.status === 'deleted') result.newPath = null;
  return result;
}

/**
 * Every file of a unified diff, in order. Lines outside file sections (commit headers from `git log -p`)
 * are skipped; combined diffs of merges (`diff --cc`) are skipped whole.
 */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const lines = diff.split('\n');
  const files: DiffFile[] = [];
  let current: FileInProgress | undefined;
  let skippingCombined = false;
  const close = () => {
    if (current) files.push(finish(current));
    current = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];

    if (line.startsWith('diff --git ')) {
      close();
      skippingCombined = false;
      const header = parseGitHeader(line.slice('diff --git '.length));
      current = newFile(header.oldPath, header.newPath, header.prefixed);
      continue;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      close();
      skippingCombined = true;
      continue;
    }
    if (skippingCombined) continue;

    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      if (!current || current.sawPaths || current.hunks.length > 0) {
        // A plain `diff -u` file section, which has no `diff --git` line.
        close();
        const oldPath = parsePathLine(line.slice(4));
        const newPath = parsePathLine(lines[i + 1].slice(4).replace(/\r$/, ''));
        current = newFile(oldPath, newPath, oldPath.startsWith('a/') && newPath.startsWith('b/'));
      }
      const file = current;
      const oldPath = parsePathLine(line.slice(4));
      const newPath = parsePathLine(lines[i + 1].slice(4).replace(/\r$/, ''));
      if (oldPath === DEV_NULL) file.status = 'added';
      else if (file.status !== 'renamed' && file.status !== 'copied') file.oldPath = stripPrefix(oldPath, 'a/', file.prefixed);
      if (newPath === DEV_NULL) file.status = 'deleted';
      else if (file.status !== 'renamed' && file.status !== 'copied') file.newPath = stripPrefix(newPath, 'b/', file.prefixed);
      file.sawPaths = true;
      i++;
      continue;
    }
    if (!current) continue;

    const hunkHeader = HUNK_HEADER.exec(line);
    if (hunkHeader) {
      const hunk: DiffHunk = {
        oldStart: Number(hunkHeader[1]),
        oldLines: hunkHeader[2] === undefined ? 1 : Number(hunkHeader[2]),
        newStart: Number(hunkHeader[3]),
        newLines: hunkHeader[4] === undefined ? 1 : Number(hunkHeader[4]),
        section: hunkHeader[5],
        removed: [],
        added: [],
      };
      i = readHunkBody(lines, i + 1, hunk) - 1;
      current.hunks.push(hunk);
      continue;
    }
    readExtendedHeader(line, current);
  }
  close();
  return files;
}

/** Reads exactly the lines the header announced (a removed `-- x` line looks like `--- x`), returns the next index. */
function readHunkBody(lines: readonly string[], start: number, hunk: DiffHunk): number {
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let i = start;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const line = lines[i];
    const marker = line[0];
    if (marker === '-' && oldLeft > 0) {
      hunk.removed.push(line.slice(1));
      oldLeft--;
    } else if (marker === '+' && newLeft > 0) {
      hunk.added.push(line.slice(1));
      newLeft--;
    } else if (marker === ' ' || line === '') {
      // Context (some tools drop the space of an empty context line).
      oldLeft--;
      newLeft--;
    } else if (marker !== '\\') {
      break;
    }
  }
  // `\ No newline at end of file` after the last line of the hunk.
  while (i < lines.length && lines[i].startsWith('\\')) i++;
  return i;
}

function readExtendedHeader(line: string, file: FileInProgress): void {
  const value = (prefix: string) => line.slice(prefix.length);
  const path = (prefix: string) => takeQuoted(value(prefix))?.token ?? value(prefix);
  if (line.startsWith('new file mode ')) {
    file.status = 'added';
    file.newMode = value('new file mode ');
  } else if (line.startsWith('deleted file mode ')) {
    file.status = 'deleted';
    file.oldMode = value('deleted file mode ');
  } else if (line.startsWith('old mode ')) {
    file.oldMode = value('old mode ');
  } else if (line.startsWith('new mode ')) {
    file.newMode = value('new mode ');
  } else if (line.startsWith('rename from ')) {
    file.status = 'renamed';
    file.oldPath = path('rename from ');
  } else if (line.startsWith('rename to ')) {
    file.status = 'renamed';
    file.newPath = path('rename to ');
  } else if (line.startsWith('copy from ')) {
    file.status = 'copied';
    file.oldPath = path('copy from ');
  } else if (line.startsWith('copy to ')) {
    file.status = 'copied';
    file.newPath = path('copy to ');
  } else if (line.startsWith('similarity index ')) {
    file.similarity = parseInt(value('similarity index '), 10);
  } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
    file.binary = true;
    if (line.startsWith('Binary files /dev/null and ')) file.status = 'added';
    if (line.startsWith('Binary files ') && line.endsWith(' and /dev/null differ')) file.status = 'deleted';
  }
}

/** A hunk's lines on one side as a 0-based range; a side with no lines gives the empty range at its gap. */
export function hunkRange(hunk: DiffHunk, side: 'old' | 'new'): LineRange {
  const start = side === 'old' ? hunk.oldStart : hunk.newStart;
  const count = side === 'old' ? hunk.oldLines : hunk.newLines;
  // With a count of 0 git names the line before the gap (1-based), which is the 0-based index of the line after it.
  if (count === 0) return { startLine: start, endLine: start - 1 };
  return { startLine: start - 1, endLine: start - 1 + count - 1 };
}

/** The ranges a file's hunks changed on one side: `new` against the new content, `old` against the old. */
export function changedRanges(file: DiffFile, side: 'old' | 'new'): LineRange[] {
  return file.hunks.map((hunk) => hunkRange(hunk, side));
}
