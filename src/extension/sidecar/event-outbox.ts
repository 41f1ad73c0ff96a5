import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TwinEvent } from '../../core/protocol/events';

/**
 * Events wait here until the sidecar says it stored them. The queue is mirrored to a file so that events
 * observed while the sidecar is down (or VS Code quits) survive; each event carries its id, the sidecar
 * stores an id once, so a resend after a crash is harmless: delivery is exactly once.
 */
export class EventOutbox {
  private queue: TwinEvent[] = [];
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly capacity = 10_000,
  ) {
    this.queue = readQueue(file);
  }

  get size(): number {
    return this.queue.length;
  }

  /** Events dropped because the queue was full (oldest first), since this outbox was created. */
  get droppedCount(): number {
    return this.dropped;
  }

  enqueue(event: TwinEvent): void {
    this.queue.push(event);
    if (this.queue.length > this.capacity) {
      const excess = this.queue.length - this.capacity;
      this.queue.splice(0, excess);
      this.dropped += excess;
      this.persist();
      return;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.file, JSON.stringify(event) + '\n', { mode: 0o600 });
  }

  /** The oldest events, to send next. */
  peek(max: number): TwinEvent[] {
    return this.queue.slice(0, max);
  }

  /** Removes the events the sidecar acknowledged. */
  acknowledge(ids: Iterable<string>): void {
    const stored = new Set(ids);
    if (stored.size === 0) return;
    const before = this.queue.length;
    this.queue = this.queue.filter((event) => !stored.has(event.id));
    if (this.queue.length !== before) this.persist();
  }

  /** Forgets everything queued (the user paused: nothing observed may be recorded). */
  clear(): void {
    this.queue = [];
    this.persist();
  }

  private persist(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.tmp`;
    fs.writeFileSync(temp, this.queue.map((event) => JSON.stringify(event) + '\n').join(''), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }
}

function readQueue(file: string): TwinEvent[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const events: TwinEvent[] = [];
  const seen = new Set<string>();
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as TwinEvent;
      // A torn last line (crash mid-append) is skipped; a repeated id (crash between ack and rewrite) once.
      if (typeof event.id === 'string' && !seen.has(event.id)) {
        seen.add(event.id);
        events.push(event);
      }
    } catch {
      continue;
    }
  }
  return events;
}
