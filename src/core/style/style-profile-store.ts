/**
 * The style profile on disk: `TWIN_HOME/style/profile.json`, private to the user (0600 in a 0700 folder),
 * written atomically. Learning a repository replaces that repository's entry and derives the merged
 * profile again from every repository's evidence, so several repositories contribute and re-learning one
 * never counts it twice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';
import { mergeRepositoryStyles } from './merge-styles';
import type { ReviewVoice } from './review-voice';
import { RepositoryStyle, STYLE_PROFILE_VERSION, StyleProfile } from './style-profile';

export function styleProfilePath(home: string): string {
  return path.join(home, 'style', 'profile.json');
}

/** The stored profile, or undefined when nothing was learned yet. */
export function readStyleProfile(home: string): StyleProfile | undefined {
  const file = styleProfilePath(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the style profile at ${file}: ${(error as Error).message}.`);
  }
  let profile: StyleProfile;
  try {
    profile = JSON.parse(text) as StyleProfile;
  } catch (error) {
    throw new Error(`The style profile at ${file} is not valid JSON (${(error as Error).message}); delete it and run \`twin learn PATH\` again.`);
  }
  if (typeof profile.version !== 'number' || profile.version > STYLE_PROFILE_VERSION) {
    throw new Error(`The style profile at ${file} has version ${String(profile.version)}, newer than this Twin understands (${STYLE_PROFILE_VERSION}); update Twin.`);
  }
  return profile;
}

/** A profile built from repository entries alone (the merged part derived from them). */
export function profileFromRepositories(repositories: Record<string, RepositoryStyle>, updatedAt = new Date().toISOString()): StyleProfile {
  const merged = mergeRepositoryStyles(Object.values(repositories));
  return { version: STYLE_PROFILE_VERSION, updatedAt, ...merged, repositories };
}

/** Stores what one repository taught (replacing what it taught before) and returns the new whole profile. */
export function saveRepositoryStyle(home: string, learned: RepositoryStyle): StyleProfile {
  const previous = readStyleProfile(home);
  const repositories = { ...(previous?.repositories ?? {}), [learned.repository]: learned };
  const profile = withReviews(profileFromRepositories(repositories, learned.learnedAt), previous?.reviews);
  writeStyleProfile(home, profile);
  return profile;
}

/** Stores the review voice (replacing the one learned before); the code and commit style stay as they are. */
export function saveReviewVoice(home: string, reviews: ReviewVoice): StyleProfile {
  const previous = readStyleProfile(home);
  const profile: StyleProfile = { ...(previous ?? profileFromRepositories({}, reviews.learnedAt)), updatedAt: reviews.learnedAt, reviews };
  writeStyleProfile(home, profile);
  return profile;
}

function withReviews(profile: StyleProfile, reviews: ReviewVoice | undefined): StyleProfile {
  return reviews ? { ...profile, reviews } : profile;
}

/** Removes one repository's contribution; returns the new profile, or undefined when nothing is left. */
export function forgetRepositoryStyle(home: string, repository: string): StyleProfile | undefined {
  const previous = readStyleProfile(home);
  if (!previous?.repositories[repository]) return previous;
  const { [repository]: _removed, ...rest } = previous.repositories;
  if (Object.keys(rest).length === 0 && !previous.reviews) {
    fs.rmSync(styleProfilePath(home), { force: true });
    return undefined;
  }
  const profile = withReviews(profileFromRepositories(rest), previous.reviews);
  writeStyleProfile(home, profile);
  return profile;
}

function writeStyleProfile(home: string, profile: StyleProfile): void {
  ensurePrivateFolder(home);
  const folder = path.dirname(styleProfilePath(home));
  ensurePrivateFolder(folder);
  writePrivateFileAtomic(styleProfilePath(home), JSON.stringify(profile, null, 2) + '\n');
}
