/**
 * Which messages in the user's name the twin posted by itself (`TWIN_HOME/slack/auto-sent.json`). Voice
 * learning skips them: a reply the user never saw is the twin's voice, and learning from it would make
 * the twin imitate itself. Replies the user approved or edited are theirs and are learned.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';

/** Enough for months of automatic replies; the oldest are dropped first (learning has passed them by then). */
const KEPT = 5000;

export class AutoSentLedger {
  private readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'slack', 'auto-sent.json');
  }

  has(conversation: string, ts: string): boolean {
    return this.read().includes(`${conversation}:${ts}`);
  }

  /** All of them, for a learning run to check against. */
  all(): Set<string> {
    return new Set(this.read());
  }

  add(conversation: string, ts: string): void {
    const entries = this.read();
    entries.push(`${conversation}:${ts}`);
    ensurePrivateFolder(path.dirname(this.file));
    writePrivateFileAtomic(this.file, JSON.stringify(entries.slice(-KEPT)) + '\n');
  }

  private read(): string[] {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  }
}
