/**
 * A small glob matcher for exclusion patterns, compiled once to a regular expression.
 *
 * Syntax: `*` any characters but `/`; `?` one character but `/`; `**` as a whole segment any number of
 * segments (none included); `{a,b}` alternatives (nestable, may hold `/`); `[abc]`, `[a-z]`, `[!a]`
 * character classes; `\` escapes the next character.
 *
 * Meaning, chosen to over-exclude rather than leak (these patterns protect secrets):
 * - A pattern without a `/` matches any single path segment, at any depth, so `.env*`, `*.pem` and
 *   `node_modules` match a file of that name anywhere and everything inside a folder of that name.
 * - A pattern with a `/` matches the whole workspace-relative path (a leading `/` or `./` is dropped);
 *   whatever it matches, everything below it matches too (`secrets/**` and `secrets/` behave alike).
 * - Dotfiles are ordinary names: `*` and `**` match them.
 * - Matching ignores case, as it must on case-insensitive file systems.
 */

/** Alternatives of `{…}` beyond this many are refused, so a pathological pattern cannot blow up. */
const MAX_EXPANSIONS = 256;

export class GlobSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    reason: string,
  ) {
    super(`The exclude pattern "${pattern}" is not a valid glob: ${reason}. Fix it in the setting twin.privacy.exclude.`);
    this.name = 'GlobSyntaxError';
  }
}

/** Index of the `}` closing the `{` at `open`, skipping escapes, classes and nested braces; -1 if none. */
function closingBrace(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '[') {
      const close = closingBracket(pattern, i);
      if (close !== -1) i = close;
    } else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the `]` closing the class at `open` (a `]` right after `[` or `[!` is literal); -1 if none. */
function closingBracket(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

/** Splits the inside of a brace group on its top-level commas. */
function splitAlternatives(inside: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inside.length; i++) {
    const char = inside[i];
    if (char === '\\') i++;
    else if (char === '[') {
      const close = closingBracket(inside, i);
      if (close !== -1) i = close;
    } else if (char === '{') depth++;
    else if (char === '}') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(inside.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inside.slice(start));
  return parts;
}

/** Every pattern a brace expression stands for: `src/{a,b}.ts` → `src/a.ts`, `src/b.ts`. */
export function expandBraces(pattern: string): string[] {
  let results = [pattern];
  for (;;) {
    let expanded = false;
    const next: string[] = [];
    for (const candidate of results) {
      const open = firstBrace(candidate);
      if (open === -1) {
        next.push(candidate);
        continue;
      }
      const close = closingBrace(candidate, open);
      if (close === -1) throw new GlobSyntaxError(pattern, 'a "{" is never closed');
      expanded = true;
      const head = candidate.slice(0, open);
      const tail = candidate.slice(close + 1);
      for (const alternative of splitAlternatives(candidate.slice(open + 1, close))) next.push(head + alternative + tail);
      if (next.length > MAX_EXPANSIONS) throw new GlobSyntaxError(pattern, `its braces expand to more than ${MAX_EXPANSIONS} patterns`);
    }
    results = next;
    if (!expanded) return results;
  }
}

function firstBrace(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[') {
      const close = closingBracket(pattern, i);
      if (close !== -1) i = close;
    } else if (pattern[i] === '{') return i;
  }
  return -1;
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}

/** The regular expression source for one segment (no `/` inside, no braces left). */
function segmentSource(segment: string, pattern: string): string {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i];
    if (char === '\\') {
      if (i + 1 >= segment.length) throw new GlobSyntaxError(pattern, 'it ends with a lone "\\"');
      source += escapeRegExp(segment[++i]);
    } else if (char === '*') {
      while (segment[i + 1] === '*') i++;
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = closingBracket(segment, i);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      // Inside a class `-` keeps its range meaning; `\`, `[`, `]` and `^` are taken literally.
      let escaped = '';
      for (let j = 0; j < body.length; j++) {
        const member = body[j] === '\\' && j + 1 < body.length ? body[++j] : body[j];
        escaped += /[\\[\]^]/.test(member) ? `\\${member}` : member;
      }
      source += negated ? `[^/${escaped}]` : `(?!/)[${escaped}]`;
      i = close;
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
}

/** The regular expression source for one brace-free pattern, anchored at both ends. */
function patternSource(pattern: string, original: string): string {
  let body = pattern.replace(/^\.\//, '');
  const anchored = body.startsWith('/');
  body = body.replace(/^\/+/, '').replace(/\/+$/, '/');
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.slice(0, -1);
  if (body === '') throw new GlobSyntaxError(original, 'it names no file or folder');

  if (!anchored && !body.includes('/')) {
    // A bare name: any segment, anywhere; everything inside a matching folder matches too.
    const name = body === '**' ? '.*' : segmentSource(body, original);
    return `^(?:.*/)?${name}${directoryOnly ? '/.*' : '(?:/.*)?'}$`;
  }

  const segments = body.split('/');
  let source = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Zero or more whole segments, each followed by its slash (or the end, for a trailing `**`).
      source += last ? '.*' : '(?:[^/]*/)*';
    } else {
      source += segmentSource(segment, original) + (last ? '' : '/');
    }
  }
  return `^${source}${directoryOnly ? '/.*' : '(?:/.*)?'}$`;
}

/** One compiled glob. */
export interface Glob {
  readonly pattern: string;
  matches(path: string): boolean;
}

/** Workspace-relative path as the matcher expects it: forward slashes, no leading `./` or `/`. */
export function normalizeGlobPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

/** Compiles a glob (see the file comment for its meaning); throws GlobSyntaxError when it is malformed. */
export function compileGlob(pattern: string): Glob {
  const trimmed = pattern.trim();
  if (trimmed === '') throw new GlobSyntaxError(pattern, 'it is empty');
  const sources = expandBraces(trimmed).map((expanded) => patternSource(expanded, pattern));
  const regex = new RegExp(sources.length === 1 ? sources[0] : sources.map((source) => `(?:${source})`).join('|'), 'i');
  return {
    pattern,
    matches: (path: string) => regex.test(normalizeGlobPath(path)),
  };
}
