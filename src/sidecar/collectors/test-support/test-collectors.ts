/**
 * Small collectors for the host's tests: one that samples on a timer and hands each sample to its sink
 * (honouring pause the way the real ones do), one that syncs in batches like the mail collector (stop
 * ends the run between batches and waits for it), and one that fails where it is told to.
 */
import type { Collector, CollectorDescription, CollectorId, CollectorSink, CollectorStatus, CollectorStopOptions, CollectorStopReason } from '../../../core/collectors/collector';
import type { CollectorDefinition } from '../collector-host';
import type { CollectorSettingsMap } from '../collector-settings';

export class TickingCollector implements Collector {
  static instances: TickingCollector[] = [];
  sink: CollectorSink | undefined;
  starts = 0;
  stops = 0;
  /** Why the host stopped it, each time. */
  stopReasons: Array<CollectorStopReason | undefined> = [];
  private timer: NodeJS.Timeout | undefined;
  private captured = 0;
  private lastActivityAt: number | undefined;

  constructor(
    readonly description: CollectorDescription,
    readonly settings: unknown,
    private readonly everyMs = 15,
  ) {
    TickingCollector.instances.push(this);
  }

  async start(sink: CollectorSink): Promise<void> {
    this.sink = sink;
    this.starts++;
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  async stop(options?: CollectorStopOptions): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stops++;
    this.stopReasons.push(options?.reason);
  }

  status(): CollectorStatus {
    return { id: this.description.id, running: this.timer !== undefined, captured: this.captured, lastActivityAt: this.lastActivityAt, detail: 'ticking' };
  }

  private async sample(): Promise<void> {
    if (!this.sink || this.sink.isPaused()) return;
    const result = await this.sink.remember([{ text: `${this.description.id} sample ${this.captured + 1}`, kind: 'episodic' }]);
    if (result.stored) {
      this.captured++;
      this.lastActivityAt = Date.now();
    }
  }
}

/**
 * Syncs `batches` batches one after the other as soon as it starts, each one memory `<instance>:<batch>`
 * handed to the sink, like a mail sync: a stop ends the run between batches and waits for it.
 */
export class BatchingCollector implements Collector {
  static instances: BatchingCollector[] = [];
  static made = 0;
  readonly number = ++BatchingCollector.made;
  sink: CollectorSink | undefined;
  /** Batches the sink accepted. */
  stored = 0;
  stopReason: CollectorStopReason | undefined;
  private stopped = false;
  private run: Promise<void> | undefined;

  constructor(
    readonly description: CollectorDescription,
    private readonly batches = 50,
  ) {
    BatchingCollector.instances.push(this);
  }

  async start(sink: CollectorSink): Promise<void> {
    this.sink = sink;
    this.run = this.sync();
  }

  async stop(options?: CollectorStopOptions): Promise<void> {
    this.stopped = true;
    this.stopReason = options?.reason;
    await this.run;
  }

  status(): CollectorStatus {
    return { id: this.description.id, running: !this.stopped, captured: this.stored };
  }

  private async sync(): Promise<void> {
    for (let batch = 1; batch <= this.batches && !this.stopped; batch++) {
      const { stored } = await this.sink!.remember([{ id: `batch:${this.number}:${batch}`, text: `batch ${batch} of run ${this.number}`, kind: 'episodic' }]);
      if (stored) this.stored++;
    }
  }
}

export function batchingDefinition<I extends CollectorId>(id: I, batches?: number): CollectorDefinition<I> {
  const description = describe(id) as CollectorDescription & { id: I };
  return { description, create: () => new BatchingCollector(description, batches) };
}

export type FailAt = 'create' | 'start' | 'stop' | 'status';

export class FailingCollector implements Collector {
  constructor(
    readonly description: CollectorDescription,
    private readonly failAt: FailAt,
  ) {
    if (failAt === 'create') throw new Error('cannot be built here');
  }

  async start(): Promise<void> {
    if (this.failAt === 'start') throw new Error('xdotool is not installed');
  }

  async stop(): Promise<void> {
    if (this.failAt === 'stop') throw new Error('stuck');
  }

  status(): CollectorStatus {
    if (this.failAt === 'status') throw new Error('status exploded');
    return { id: this.description.id, running: true, captured: 0 };
  }
}

export function describe(id: CollectorId, captures = `The ${id} collector records test samples. It never records anything else.`): CollectorDescription {
  return { id, title: `Test ${id}`, captures, defaultEnabled: false };
}

export function tickingDefinition<I extends CollectorId>(id: I, captures?: string): CollectorDefinition<I> & { description: { id: I } } {
  const description = describe(id, captures) as CollectorDescription & { id: I };
  return { description, create: (settings: CollectorSettingsMap[I]) => new TickingCollector(description, settings) };
}

export function failingDefinition<I extends CollectorId>(id: I, failAt: FailAt): CollectorDefinition<I> {
  const description = describe(id) as CollectorDescription & { id: I };
  return { description, create: () => new FailingCollector(description, failAt) };
}
