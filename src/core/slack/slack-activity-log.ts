/**
 * What the Slack app did, for the user and the dashboard: `TWIN_HOME/slack/activity.jsonl`, one JSON
 * object a line, appended, private to the user. Every automatic reply and every approval outcome is here.
 * Texts are redacted and the incoming message is only an excerpt; while paused only the fact that a
 * message went unanswered is written, never its words.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder } from '../config/twin-home';
import { excerpt } from '../drafting/draft';
import { redact } from '../privacy/redact';

export type SlackActivityStatus = 'auto-sent' | 'sent-after-approval' | 'awaiting-approval' | 'dismissed' | 'flagged-injection' | 'skipped-paused';

export interface SlackActivityEntry {
  /** ISO-8601. */
  at: string;
  /** The conversation id (C…, D…, G…). */
  conversation: string;
  /** Who wrote the incoming message (user id). */
  user: string;
  incomingExcerpt: string;
  /** The reply sent, or the draft awaiting approval; empty when there is none. */
  reply: string;
  status: SlackActivityStatus;
  confidence: number;
  /** The draft this entry is about; null when there was no draft (flagged, paused). */
  draftId: string | null;
  reasons?: string[];
}

export function slackActivityPath(home: string): string {
  return path.join(home, 'slack', 'activity.jsonl');
}

export class SlackActivityLog {
  constructor(private readonly home: string) {}

  get file(): string {
    return slackActivityPath(this.home);
  }

  append(entry: Omit<SlackActivityEntry, 'at'> & { at?: string }): SlackActivityEntry {
    const line: SlackActivityEntry = {
      at: entry.at ?? new Date().toISOString(),
      conversation: entry.conversation,
      user: entry.user,
      incomingExcerpt: redact(excerpt(entry.incomingExcerpt)).text,
      reply: redact(entry.reply).text,
      status: entry.status,
      confidence: Math.round(entry.confidence * 100) / 100,
      draftId: entry.draftId,
      ...(entry.reasons?.length ? { reasons: entry.reasons.map((reason) => redact(reason).text) } : {}),
    };
    ensurePrivateFolder(path.dirname(this.file));
    fs.appendFileSync(this.file, JSON.stringify(line) + '\n', { mode: 0o600 });
    return line;
  }

  /** Every entry, oldest first; a torn last line (a crash mid-write) is skipped. */
  read(): SlackActivityEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: SlackActivityEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as SlackActivityEntry);
      } catch {
        // A partial line from an interrupted append; the entries around it are intact.
      }
    }
    return entries;
  }
}
