/**
 * `twin learn-reviews`: reads the user's past GitHub reviews into memory (one memory per comment or review
 * body, ids stable so learning again updates rather than duplicates) and learns their review voice from
 * them into the style profile. The memory write goes through whatever `remember` the caller has — a
 * `Twin`, or the sidecar while VS Code holds the store — so redaction always runs before storing.
 */
import { redact } from '../privacy/redact';
import { saveReviewVoice } from '../style/style-profile-store';
import { learnReviewVoice, type ReviewVoice } from '../style/review-voice';
import type { MemoryInput } from '../types';
import type { GitHubClient } from './github-client';
import { fetchReviewHistory, reviewMemory, type ReviewHistoryOptions } from './review-history';

export interface LearnReviewsReport {
  login: string;
  pulls: number;
  lineComments: number;
  reviewBodies: number;
  bareApprovals: number;
  /** Memories written: new, and updated because they were learned before. */
  created: number;
  updated: number;
  merged: number;
  redactions: number;
  voice?: ReviewVoice;
  seconds: number;
}

export type RememberFunction = (memories: MemoryInput[]) => Promise<Array<{ outcome: string; redactions: number }>>;

export async function learnReviews(client: GitHubClient, remember: RememberFunction, options: ReviewHistoryOptions & { home?: string } = {}): Promise<LearnReviewsReport> {
  const started = performance.now();
  const history = await fetchReviewHistory(client, options);
  const memories = history.comments.map((comment) => reviewMemory(comment, client.apiUrl));
  const results = memories.length ? await remember(memories) : [];
  const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
  const voice = learnReviewVoice(
    // The profile keeps exemplar texts and the typical approval: they are redacted like memories are.
    history.comments.map((comment, index) => ({ id: memories[index].id!, body: redact(comment.body).text, type: comment.type, ...(comment.state ? { state: comment.state } : {}) })),
    { login: history.login, apiUrl: client.apiUrl, bareApprovals: history.bareApprovals },
  );
  if (voice && options.home) saveReviewVoice(options.home, voice);
  return {
    login: history.login,
    pulls: history.pulls,
    lineComments: history.comments.filter((comment) => comment.type === 'line-comment').length,
    reviewBodies: history.comments.filter((comment) => comment.type === 'review').length,
    bareApprovals: history.bareApprovals,
    created: count('created'),
    updated: count('updated'),
    merged: count('merged'),
    redactions: results.reduce((sum, result) => sum + result.redactions, 0),
    ...(voice ? { voice } : {}),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
