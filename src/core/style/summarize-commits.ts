/**
 * Commit evidence in, commit evidence out: adding one message's features to the counts, and deriving the
 * learned commit style (with the share of commits that follow each value) from the counts.
 */
import type { CommitEvidence } from './commit-evidence';
import type { MessageFeatures } from './commit-message';
import { add, addToHistogram, dominant, histogramPercentile, ranked, round, saturation, share, sortedCounts, total } from './stats';
import type { CommitStyle, Mood, ReferencePlacement, ReferenceStyle } from './style-profile';

export type DerivedCommitStyle = Omit<CommitStyle, 'source' | 'authors' | 'fallback' | 'exemplars' | 'sources'>;

/** Below this share of commits with any reference, the style is `none`: a drafter should not invent one. */
const REFERENCE_SHARE_FOR_STYLE = 0.3;
/** A mood needs this share of commits to be called the user's; below it the mood is `mixed`. */
const MOOD_SHARE = 0.4;
/** Folders below this share of a scope's touched folders are noise, not the scope's home. */
const SCOPE_PATH_SHARE = 0.1;
const SCOPE_PATHS = 3;

/** The top folder a path belongs to: its first two folders (`packages/api`, `src/core`), `.` at the root. */
export function topFolder(filePath: string): string {
  const folders = filePath.split('/').slice(0, -1);
  return folders.length === 0 ? '.' : folders.slice(0, 2).join('/');
}

export function addCommit(evidence: CommitEvidence, features: MessageFeatures, files: readonly string[]): void {
  evidence.commits++;
  addToHistogram(evidence.subjectLengths, features.subjectLength);
  if (features.bodyLines > 0) {
    evidence.body.yes++;
    addToHistogram(evidence.bodyLines, features.bodyLines);
  } else evidence.body.no++;
  for (const trailer of features.trailers) add(evidence.trailers, trailer);
  add(evidence.references, features.reference.style);
  if (features.reference.placement) add(evidence.referencePlacement, features.reference.placement);
  if (features.reference.issueKey) add(evidence.issueKeys, features.reference.issueKey);
  // Git's own subjects (reverts, merges) say nothing about how the author writes.
  if (features.generated) return;
  if (features.conventional) {
    evidence.conventional.yes++;
    const { type, scope, breaking } = features.conventional;
    add(evidence.types, type);
    if (breaking) evidence.breaking++;
    if (scope) {
      add(evidence.scopes, scope);
      const folders = (evidence.scopePaths[scope] ??= {});
      for (const folder of new Set(files.map(topFolder))) add(folders, folder);
    }
  } else evidence.conventional.no++;
  if (features.capitalized !== undefined) {
    if (features.capitalized) evidence.capitalized.yes++;
    else evidence.capitalized.no++;
  }
  add(evidence.mood, features.mood);
  if (features.emoji) {
    evidence.emoji.yes++;
    add(evidence.emojis, features.emoji);
  } else evidence.emoji.no++;
  if (features.endsWithPeriod) evidence.period.yes++;
  else evidence.period.no++;
}

export function deriveCommitStyle(evidence: CommitEvidence): DerivedCommitStyle {
  const agreement: Record<string, number> = {};
  const judged = evidence.conventional.yes + evidence.conventional.no;
  const conventional = judged > 0 && evidence.conventional.yes / judged >= 0.5;
  agreement.conventional = round(share(Math.max(evidence.conventional.yes, evidence.conventional.no), judged));

  const scopes: CommitStyle['scopes'] = {};
  for (const [scope, count] of ranked(evidence.scopes)) {
    const folders = evidence.scopePaths[scope] ?? {};
    const touched = total(folders);
    const paths = ranked(folders)
      .map(([path, hits]) => ({ path, share: round(share(hits, count)) }))
      .filter((entry, index) => index === 0 || share(folders[entry.path], touched) >= SCOPE_PATH_SHARE)
      .slice(0, SCOPE_PATHS);
    scopes[scope] = { count, paths };
  }

  const { yes: upper, no: lower } = evidence.capitalized;
  agreement.capitalized = round(share(Math.max(upper, lower), upper + lower));

  const moodLeader = dominant(evidence.mood);
  const mood: Mood = moodLeader && moodLeader.share >= MOOD_SHARE ? (moodLeader.key as Mood) : 'mixed';
  if (moodLeader) agreement.mood = round(moodLeader.share);

  const referenced = evidence.commits - (evidence.references.none ?? 0);
  const referenceLeader = dominant(evidence.references, Object.keys(evidence.references).filter((key) => key !== 'none'));
  const referenceStyle: ReferenceStyle =
    referenceLeader && share(referenced, evidence.commits) >= REFERENCE_SHARE_FOR_STYLE ? (referenceLeader.key as ReferenceStyle) : 'none';
  agreement.referenceStyle = round(share(evidence.references[referenceStyle] ?? 0, evidence.commits));
  const placement = referenceStyle === 'none' ? undefined : dominant(evidence.referencePlacement);

  const bodies = evidence.body.yes + evidence.body.no;
  const emojiCount = evidence.emoji.yes + evidence.emoji.no;
  const trailers: Record<string, number> = {};
  for (const [key, count] of ranked(evidence.trailers)) trailers[key] = round(share(count, evidence.commits));
  const issueKeys = ranked(evidence.issueKeys).map(([key]) => key);

  return {
    commits: evidence.commits,
    confidence: round(saturation(evidence.commits, 15)),
    conventional,
    types: sortedCounts(evidence.types),
    scopes,
    capitalized: upper >= lower && upper > 0,
    mood,
    subjectLength: {
      p10: histogramPercentile(evidence.subjectLengths, 0.1),
      median: histogramPercentile(evidence.subjectLengths, 0.5),
      p90: histogramPercentile(evidence.subjectLengths, 0.9),
    },
    endsWithPeriod: evidence.period.yes > evidence.period.no,
    body: { share: round(share(evidence.body.yes, bodies)), medianLines: histogramPercentile(evidence.bodyLines, 0.5) },
    referenceStyle,
    ...(placement ? { referencePlacement: placement.key as ReferencePlacement } : {}),
    ...(issueKeys.length ? { issueKeys } : {}),
    emoji: { share: round(share(evidence.emoji.yes, emojiCount)), top: ranked(evidence.emojis).slice(0, 5).map(([emoji]) => emoji) },
    trailers,
    agreement,
    evidence,
  };
}
