/**
 * The style profile: how the user writes code (per VS Code language id) and commit messages, as stored in
 * `TWIN_HOME/style/profile.json` and printed by `twin style --json`. Every learned value sits beside the
 * evidence counts it was derived from, the exemplars it came from, and the repositories that taught it.
 *
 * Shape (abridged):
 *
 *   {
 *     "version": 1, "updatedAt": "…",
 *     "code": { "typescript": { "indent": {"style": "space", "size": 2}, "quotes": "single",
 *               "semicolons": true, "naming": {"functions": "camelCase", …}, …, "evidence": {…},
 *               "exemplars": [{"path", "startLine", "endLine", "snippet"}], "confidence": 0.9 } },
 *     "commits": { "conventional": false, "types": {}, "scopes": {}, "capitalized": true,
 *                  "referenceStyle": "none", …, "evidence": {…}, "exemplars": [{"hash", "message"}] },
 *     "repositories": { "/path/to/repo": { "learnedAt": "…", "head": "…", "code": {…}, "commits": {…} } }
 *   }
 *
 * The top-level `code` and `commits` merge every repository's evidence; `repositories` keeps each one's
 * own profile, so a drafter working in a repository can prefer that repository's conventions.
 */
import type { LanguageId } from '../code/languages';
import type { CodeEvidence } from './code-evidence';
import type { CommitEvidence } from './commit-evidence';
import type { ConfigExpectation, IndentStyle, LanguageConfig, QuoteStyle } from './formatter-config';
import type { LearnedNaming } from './naming';
import type { ReviewVoice } from './review-voice';

export const STYLE_PROFILE_VERSION = 1;

export type { IndentStyle, QuoteStyle } from './formatter-config';
export type TrailingCommaStyle = 'all' | 'es5' | 'none' | 'mixed';
export type NamingKind = 'functions' | 'classes' | 'types' | 'constants' | 'variables' | 'files';
export type CommentStyle = 'line' | 'block' | 'doc';
/** The first word's verb form: `add`, `added`, `adds`, `adding`; `descriptive` for noun phrases (`Faster recall`). */
export type Mood = 'imperative' | 'past' | 'third-person' | 'gerund' | 'descriptive' | 'mixed';
/**
 * How commits point at issues and pull requests: `pr-suffix` (`… (#123)`, GitHub's squash merges),
 * `closing-keyword` (`Fixes #123`), `hash` (`#123` elsewhere), `jira` (`PAY-123`), `url` (a link to an
 * issue or pull request), `none` (most commits reference nothing).
 */
export type ReferenceStyle = 'pr-suffix' | 'closing-keyword' | 'hash' | 'jira' | 'url' | 'none';
export type ReferencePlacement = 'subject-start' | 'subject-end' | 'subject' | 'body';

/** A repository that contributed to a profile, and when. */
export interface ProfileSource {
  repository: string;
  learnedAt: string;
}

export interface CodeExemplar {
  repository?: string;
  path: string;
  /** The function or method shown. */
  name: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The first lines of it (`…` when cut). */
  snippet: string;
}

/** Where the code and its formatter or linter config disagree. */
export interface Disagreement {
  field: ConfigExpectation['field'];
  tool: string;
  file: string;
  setting: string;
  expected: ConfigExpectation['expected'];
  /** What the code does instead (the learned value). */
  observed: unknown;
  /** Share of the measured samples that follow the config. */
  followingShare: number;
  samples: number;
  message: string;
  repository?: string;
}

export interface LanguageStyle {
  language: LanguageId;
  files: number;
  /** Non-blank lines read. */
  lines: number;
  /** 0–1, from how many files and lines were read. */
  confidence: number;
  indent?: { style: IndentStyle; size: number };
  /** JavaScript, TypeScript and Python. */
  quotes?: QuoteStyle;
  /** JavaScript and TypeScript. */
  semicolons?: boolean;
  /** In multi-line literals (`es5`: literals only) and multi-line calls and parameter lists (`all`). */
  trailingCommas?: TrailingCommaStyle;
  lineLength?: { p50: number; p95: number; max: number };
  naming: Partial<Record<NamingKind, LearnedNaming>>;
  functionLength?: { mean: number; median: number; p90: number; functions: number };
  comments: { density: number; style?: CommentStyle; docCoverage?: number };
  imports?: { style: string; paths?: string; nodeProtocol?: boolean };
  errorHandling?: { dominant?: string; idioms: string[] };
  testFramework?: string;
  /** Share of the samples that follow each learned value (`indent`, `quotes`, `naming.functions`, …). */
  agreement: Record<string, number>;
  formatter: LanguageConfig;
  disagreements: Disagreement[];
  evidence: CodeEvidence;
  exemplars: CodeExemplar[];
  sources: ProfileSource[];
}

export interface CommitExemplar {
  repository?: string;
  hash: string;
  message: string;
}

export interface CommitStyle {
  /** `author`: learned from the user's own commits; `repository`: from everyone's (see `fallback`). */
  source: 'author' | 'repository';
  authors: string[];
  commits: number;
  /** Why the repository's style stands in for the user's. */
  fallback?: string;
  confidence: number;
  conventional: boolean;
  /** Conventional types by count, most used first. */
  types: Record<string, number>;
  /** Conventional scopes by count, with the top folders their commits touched. */
  scopes: Record<string, { count: number; paths: Array<{ path: string; share: number }> }>;
  capitalized: boolean;
  mood: Mood;
  subjectLength: { p10: number; median: number; p90: number };
  endsWithPeriod: boolean;
  body: { share: number; medianLines: number };
  referenceStyle: ReferenceStyle;
  referencePlacement?: ReferencePlacement;
  /** JIRA-style project keys, most used first. */
  issueKeys?: string[];
  emoji: { share: number; top: string[] };
  /** Share of commits carrying each trailer (`Signed-off-by`, `Co-authored-by`, `Change-Id`, …). */
  trailers: Record<string, number>;
  agreement: Record<string, number>;
  evidence: CommitEvidence;
  exemplars: CommitExemplar[];
  sources: ProfileSource[];
}

/** What one repository taught. */
export interface RepositoryStyle {
  repository: string;
  /** HEAD when it was learned. */
  head?: string;
  learnedAt: string;
  code: Partial<Record<LanguageId, LanguageStyle>>;
  commits?: CommitStyle;
  /** Files left out of the code sample, by reason. */
  skipped: Record<string, number>;
  seconds: { code: number; commits: number };
}

export interface StyleProfile {
  version: typeof STYLE_PROFILE_VERSION;
  updatedAt: string;
  code: Partial<Record<LanguageId, LanguageStyle>>;
  commits?: CommitStyle;
  /** The pull request review voice, learned from GitHub by `twin learn-reviews` (not per repository). */
  reviews?: ReviewVoice;
  repositories: Record<string, RepositoryStyle>;
}
