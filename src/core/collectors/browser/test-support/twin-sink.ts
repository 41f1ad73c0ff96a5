/** A CollectorSink over a real Twin, as the sidecar's would be, with pause and failure switches for tests. */
import type { Twin } from '../../../twin';
import type { Memory, MemoryInput } from '../../../types';
import type { CollectorSink } from '../../collector';

export interface TestSink extends CollectorSink {
  paused: boolean;
  /** The next `remember` calls reject with this error, once each. */
  failNext: Error[];
  /** Every batch handed over (after the pause check), for counting calls. */
  batches: MemoryInput[][];
  warnings: string[];
}

export function twinSink(twin: Twin, home: string): TestSink {
  const sink: TestSink = {
    paused: false,
    failNext: [],
    batches: [],
    warnings: [],
    home,
    isPaused: () => sink.paused,
    async remember(memories) {
      if (sink.paused) return { stored: false };
      const failure = sink.failNext.shift();
      if (failure) throw failure;
      sink.batches.push(memories);
      await twin.remember(memories);
      return { stored: true };
    },
    log: { debug: () => undefined, info: () => undefined, warn: (message) => sink.warnings.push(message), error: (message) => sink.warnings.push(message) },
  };
  return sink;
}

/** Every memory the twin holds from `source`, oldest first, read straight from its store. */
export async function storedMemories(twin: Twin, source: string): Promise<Memory[]> {
  const memories: Memory[] = [];
  for await (const batch of twin.internals.store.scan()) {
    for (const { memory } of batch) if (memory.source === source) memories.push(memory);
  }
  return memories.sort((a, b) => a.timestamp - b.timestamp);
}
