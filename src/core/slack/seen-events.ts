/**
 * Which Slack deliveries the app has already taken on (`TWIN_HOME/slack/seen-events.json`), so Slack's
 * retries can be accepted without answering anything twice. Slack redelivers an event when the first
 * delivery got no timely 200 — the app was down, restarting, or the network dropped the answer — so a
 * retry may be the only copy that ever arrives. It is handled unless this ledger already holds its
 * `event_id` or its message (`channel:ts`; one message can also arrive as both `message` and
 * `app_mention`). Only ids are kept, never text; the oldest are dropped past the bound, long after
 * Slack has stopped retrying them (it retries for about an hour). Kept on disk so a retry that arrives
 * after a restart is still recognised.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';

/** Far more than the messages addressed to one person within Slack's retry window. */
export const SEEN_EVENTS_KEPT = 2000;

export interface SlackDelivery {
  /** The envelope's `event_id`, when Slack sent one. */
  eventId?: string;
  conversation: string;
  ts: string;
}

export class SeenEvents {
  private readonly file: string;
  private readonly keys: Set<string>;

  constructor(
    home: string,
    private readonly kept = SEEN_EVENTS_KEPT,
  ) {
    this.file = path.join(home, 'slack', 'seen-events.json');
    this.keys = new Set(this.read());
  }

  has(delivery: SlackDelivery): boolean {
    return keysOf(delivery).some((key) => this.keys.has(key));
  }

  /** Records the delivery unless it was seen already; true when it is new (the caller handles it). */
  claim(delivery: SlackDelivery): boolean {
    if (this.has(delivery)) return false;
    for (const key of keysOf(delivery)) this.keys.add(key);
    // A Set iterates in insertion order: the first keys are the oldest.
    for (const key of this.keys) {
      if (this.keys.size <= this.kept) break;
      this.keys.delete(key);
    }
    ensurePrivateFolder(path.dirname(this.file));
    writePrivateFileAtomic(this.file, JSON.stringify([...this.keys]) + '\n');
    return true;
  }

  private read(): string[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string').slice(-this.kept) : [];
    } catch {
      // Missing or unreadable: start empty (at worst a retry from before is answered once more for approval).
      return [];
    }
  }
}

function keysOf(delivery: SlackDelivery): string[] {
  return [...(delivery.eventId ? [`event:${delivery.eventId}`] : []), `message:${delivery.conversation}:${delivery.ts}`];
}
