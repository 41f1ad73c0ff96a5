/**
 * What the commit-style learner counts: numbers and histograms only, so the evidence of several
 * repositories merges by addition (`addDeep`) and the learned style is derived from it again.
 */
import type { YesNo } from './code-evidence';
import type { Counts } from './stats';

export interface CommitEvidence {
  commits: number;
  /** Subjects of the form `type(scope)!: description`. */
  conventional: YesNo;
  types: Counts;
  scopes: Counts;
  /** For each scope, the top folders (`packages/api`, `src/core`, `.` for the root) its commits touched. */
  scopePaths: Record<string, Counts>;
  breaking: number;
  /** Descriptions starting with a capital letter (those starting with something else are not counted). */
  capitalized: YesNo;
  /** `imperative` (add), `past` (added), `third-person` (adds), `gerund` (adding), `other`. */
  mood: Counts;
  /** Histogram of subject lengths in characters. */
  subjectLengths: Counts;
  /** A body beyond the subject and any trailers. */
  body: YesNo;
  /** Histogram of non-blank body lines, for commits with a body. */
  bodyLines: Counts;
  /** The main reference kind of each commit (`none` included). */
  references: Counts;
  referencePlacement: Counts;
  /** JIRA-style keys' projects (`PAY` of `PAY-123`). */
  issueKeys: Counts;
  emoji: YesNo;
  emojis: Counts;
  /** Commits carrying each trailer key. */
  trailers: Counts;
  /** Subjects ending with a full stop. */
  period: YesNo;
}

export function emptyCommitEvidence(): CommitEvidence {
  return {
    commits: 0,
    conventional: { yes: 0, no: 0 },
    types: {},
    scopes: {},
    scopePaths: {},
    breaking: 0,
    capitalized: { yes: 0, no: 0 },
    mood: {},
    subjectLengths: {},
    body: { yes: 0, no: 0 },
    bodyLines: {},
    references: {},
    referencePlacement: {},
    issueKeys: {},
    emoji: { yes: 0, no: 0 },
    emojis: {},
    trailers: {},
    period: { yes: 0, no: 0 },
  };
}
