/**
 * The newest lines of the append-only logs the dashboard shows: the Slack app's activity
 * (`TWIN_HOME/slack/activity.jsonl`) and the drafts log (`TWIN_HOME/drafting/drafts.jsonl`). Only the end
 * of each file is read, so a log of years costs the same as a log of a day.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftsLogPath } from '../../core/drafting/feedback';
import type { DraftLogEntry, SlackActivityEntry, SlackActivityStatus } from '../../core/protocol/dashboard';

const TAIL_BYTES = 512 * 1024;
export const MAX_RECENT = 200;

const SLACK_STATUSES: readonly SlackActivityStatus[] = ['auto-sent', 'sent-after-approval', 'awaiting-approval', 'dismissed', 'flagged-injection', 'skipped-paused'];

export function slackActivityPath(home: string): string {
  return path.join(home, 'slack', 'activity.jsonl');
}

/** Parsed objects from the last lines of `file`, newest first; torn or foreign lines are skipped. */
export function tailJsonLines(file: string, limit: number): Record<string, unknown>[] {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read ${file}: ${(error as Error).message}.`);
  }
  try {
    const size = fs.fstatSync(handle).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    fs.readSync(handle, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    // Reading from the middle of the file cuts the first line: drop it.
    if (start > 0) lines.shift();
    const entries: Record<string, unknown>[] = [];
    for (let index = lines.length - 1; index >= 0 && entries.length < limit; index--) {
      const line = lines[index].trim();
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) entries.push(parsed as Record<string, unknown>);
      } catch {
        // A line torn by a crash loses one entry, not the log.
      }
    }
    return entries;
  } finally {
    fs.closeSync(handle);
  }
}

export function recentSlackActivity(home: string, limit: number): SlackActivityEntry[] {
  const entries: SlackActivityEntry[] = [];
  for (const raw of tailJsonLines(slackActivityPath(home), clampLimit(limit))) {
    if (typeof raw.at !== 'string' || !SLACK_STATUSES.includes(raw.status as SlackActivityStatus)) continue;
    entries.push({
      at: raw.at,
      conversation: String(raw.conversation ?? ''),
      user: String(raw.user ?? ''),
      incomingExcerpt: String(raw.incomingExcerpt ?? ''),
      ...(typeof raw.reply === 'string' ? { reply: raw.reply } : {}),
      status: raw.status as SlackActivityStatus,
      ...(typeof raw.confidence === 'number' ? { confidence: raw.confidence } : {}),
      ...(typeof raw.draftId === 'string' ? { draftId: raw.draftId } : {}),
      ...(Array.isArray(raw.reasons) ? { reasons: raw.reasons.map(String) } : {}),
    });
  }
  return entries;
}

export function recentDrafts(home: string, limit: number): DraftLogEntry[] {
  const entries: DraftLogEntry[] = [];
  for (const raw of tailJsonLines(draftsLogPath(home), clampLimit(limit))) {
    if (typeof raw.draftId !== 'string' || typeof raw.at !== 'string') continue;
    entries.push({
      draftId: raw.draftId,
      channel: String(raw.channel ?? ''),
      at: raw.at,
      exemplars: Array.isArray(raw.exemplarIds) ? raw.exemplarIds.length : 0,
      ...(typeof raw.drafter === 'string' ? { drafter: raw.drafter } : {}),
      ...(typeof raw.confidence === 'number' ? { confidence: raw.confidence } : {}),
      ...(typeof raw.firstLine === 'string' ? { firstLine: raw.firstLine } : {}),
    });
  }
  return entries;
}

function clampLimit(limit: number): number {
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_RECENT) : 20;
}
