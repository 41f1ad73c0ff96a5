/**
 * One write at a time: LanceDB has one writer per folder, and the twin's de-duplication index, the
 * activity rows' heartbeat merging and consolidation all assume nothing else changes the tables under them.
 * Long jobs (learning a repository) queue one batch at a time, so observed events wait for a batch, not
 * for the whole job.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The Twin sidecar is stopping; send this again when it is back.'));
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Refuses new writes and waits for the queued ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }
}
