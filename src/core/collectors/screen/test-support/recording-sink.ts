/**
 * A `CollectorSink` that keeps what a collector hands it, as the sidecar's would: a memory with an id
 * replaces the earlier one, and nothing is taken while paused. Tests read `memories` and `calls`.
 */
import type { CollectorSink } from '../../collector';
import type { MemoryInput } from '../../../types';

export class RecordingSink implements CollectorSink {
  readonly memories = new Map<string, MemoryInput>();
  /** Every `remember` call, including refused ones, in order. */
  readonly calls: Array<{ memories: MemoryInput[]; stored: boolean }> = [];
  readonly logged: string[] = [];
  paused = false;
  readonly log = {
    debug: (message: string) => this.logged.push(`debug ${message}`),
    info: (message: string) => this.logged.push(`info ${message}`),
    warn: (message: string) => this.logged.push(`warn ${message}`),
    error: (message: string) => this.logged.push(`error ${message}`),
  };

  constructor(readonly home = '/nonexistent-twin-home') {}

  async remember(memories: MemoryInput[]): Promise<{ stored: boolean }> {
    const stored = !this.paused;
    this.calls.push({ memories: memories.map((memory) => ({ ...memory })), stored });
    if (stored) for (const memory of memories) this.memories.set(memory.id as string, { ...memory });
    return { stored };
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Stored memories whose id starts with `prefix` (`screen:` sessions, `screen-ocr:` captures). */
  withPrefix(prefix: string): MemoryInput[] {
    return [...this.memories.values()].filter((memory) => memory.id?.startsWith(prefix));
  }

  /** Everything that was handed over, accepted or not, as one string (for "never saw this" checks). */
  everything(): string {
    return JSON.stringify(this.calls);
  }
}
