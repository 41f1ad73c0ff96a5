import type { EventOutbox } from './event-outbox';
import type { SidecarClient } from './sidecar-client';

/**
 * Moves events from the outbox to the sidecar: soon after they arrive, again whenever the sidecar comes
 * back, and in batches. Only ids the sidecar reports stored leave the outbox.
 */
export class EventDelivery {
  private timer: NodeJS.Timeout | undefined;
  private sending = false;

  constructor(
    private readonly outbox: EventOutbox,
    private readonly sidecar: SidecarClient,
    private readonly delayMs = 1000,
    private readonly batchSize = 200,
  ) {
    sidecar.on('state', (state: { state: string }) => {
      if (state.state === 'running') this.schedule(0);
    });
  }

  /** Call after enqueuing: delivery follows shortly, batched with whatever else arrives meanwhile. */
  schedule(delayMs = this.delayMs): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
    this.timer.unref?.();
  }

  /** Sends everything queued; resolves when the outbox is empty or the sidecar is unavailable. */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.outbox.size > 0 && this.sidecar.isRunning) {
        const batch = this.outbox.peek(this.batchSize);
        let answer: { stored: string[]; rejected?: Array<{ id?: string }> };
        try {
          answer = await this.sidecar.request('twin/ingestEvents', { events: batch });
        } catch {
          return; // the sidecar went away mid-request: the events stay queued for its return
        }
        // A malformed event would be refused forever; it leaves the outbox with the stored ones.
        const done = [...answer.stored, ...(answer.rejected ?? []).flatMap((item) => (item.id ? [item.id] : []))];
        this.outbox.acknowledge(done);
        if (done.length === 0) return;
      }
    } finally {
      this.sending = false;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
