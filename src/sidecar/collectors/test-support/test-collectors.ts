/**
 * Small collectors for the host's tests: one that samples on a timer and hands each sample to its sink
 * (honouring pause the way the real ones do), and one that fails where it is told to.
 */
import type { Collector, CollectorDescription, CollectorId, CollectorSink, CollectorStatus } from '../../../core/collectors/collector';
import type { CollectorDefinition } from '../collector-host';
import type { CollectorSettingsMap } from '../collector-settings';

export class TickingCollector implements Collector {
  static instances: TickingCollector[] = [];
  sink: CollectorSink | undefined;
  starts = 0;
  stops = 0;
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stops++;
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
