/**
 * Which workspace files the twin must never observe, decided before anything about them is recorded.
 * Answers are cached per path, so asking on every keystroke costs one map lookup.
 */

import { type Glob, GlobSyntaxError, compileGlob, normalizeGlobPath } from './glob';

/** The default of `twin.privacy.exclude`: secrets, keys, dependencies and build output. */
export const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = [
  '.env*',
  '*.pem',
  '*.key',
  'id_rsa*',
  '**/secrets/**',
  '**/node_modules/**',
  '**/dist/**',
  '**/out/**',
  '**/build/**',
];

/** Distinct paths remembered before the cache starts over; a workspace rarely has this many open files. */
const CACHE_LIMIT = 4096;

export class PathFilter {
  private readonly globs: readonly Glob[];
  private readonly cache = new Map<string, boolean>();
  /** Patterns that failed to compile, with why; they exclude nothing, and the settings UI can show them. */
  readonly invalid: readonly GlobSyntaxError[];

  constructor(readonly patterns: readonly string[] = DEFAULT_EXCLUDE_PATTERNS) {
    const globs: Glob[] = [];
    const invalid: GlobSyntaxError[] = [];
    for (const pattern of patterns) {
      if (typeof pattern !== 'string' || pattern.trim() === '') continue;
      try {
        globs.push(compileGlob(pattern));
      } catch (error) {
        if (error instanceof GlobSyntaxError) invalid.push(error);
        else throw error;
      }
    }
    this.globs = globs;
    this.invalid = invalid;
  }

  /** True when a workspace-relative path matches an exclude pattern. */
  excludes(path: string): boolean {
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    const normalized = normalizeGlobPath(path);
    const excluded = this.globs.some((glob) => glob.matches(normalized));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(path, excluded);
    return excluded;
  }

  /** The pattern that excludes a path, for explaining a decision; undefined when none does. */
  reason(path: string): string | undefined {
    const normalized = normalizeGlobPath(path);
    return this.globs.find((glob) => glob.matches(normalized))?.pattern;
  }
}
