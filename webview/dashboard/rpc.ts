/**
 * The webview's side of the dashboard protocol: numbered requests matched to the host's replies, with
 * a timeout each, and notifications handed to listeners. No DOM: the transport is passed in, so tests
 * drive it with a fake postMessage.
 */
import {
  DashboardMethod,
  DashboardNotification,
  DashboardParams,
  DashboardResult,
  isDashboardNotification,
  isDashboardResponse,
} from '../../src/extension/dashboard/protocol';

export interface RpcTransport {
  /** Sends to the host (`vscode.postMessage`). */
  post(message: unknown): void;
  /** Subscribes to messages from the host; returns the unsubscribe. */
  listen(listener: (message: unknown) => void): () => void;
}

export type RpcFailure = 'remote' | 'invalid' | 'timeout' | 'closed' | 'unsent';

/** A request that did not get a result; `message` is fit to show as is. */
export class RpcError extends Error {
  constructor(
    message: string,
    readonly failure: RpcFailure,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface RpcOptions {
  /** How long a request may wait for its reply (default 15 s). */
  timeoutMs?: number;
}

interface Pending {
  method: DashboardMethod;
  resolve(result: unknown): void;
  reject(error: RpcError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class DashboardRpc {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(notification: DashboardNotification) => void>();
  private readonly unlisten: () => void;
  private closed = false;

  constructor(
    private readonly transport: RpcTransport,
    private readonly options: RpcOptions = {},
  ) {
    this.unlisten = transport.listen((message) => this.receive(message));
  }

  /** Sends a request; resolves with the host's result, rejects with an RpcError. */
  request<M extends DashboardMethod>(method: M, params: DashboardParams<M>, options: RpcOptions = {}): Promise<DashboardResult<M>> {
    if (this.closed) return Promise.reject(new RpcError('The dashboard was closed.', 'closed'));
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 15_000;
    return new Promise<DashboardResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(`Twin did not answer within ${Math.round(timeoutMs / 1000)} s. The sidecar may be busy or restarting; try again.`, 'timeout'));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject, timer });
      try {
        this.transport.post({ id, method, params });
      } catch (err) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new RpcError(`Could not send the request to Twin: ${err instanceof Error ? err.message : String(err)}`, 'unsent'));
      }
    });
  }

  /** Calls `listener` for each notification from the host; returns the unsubscribe. */
  onNotification(listener: (notification: DashboardNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Requests sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stops listening and fails every pending request. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlisten();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(new RpcError('The dashboard was closed.', 'closed'));
    }
    this.listeners.clear();
  }

  private receive(message: unknown): void {
    if (isDashboardResponse(message)) {
      const pending = this.pending.get(message.id);
      // Unknown ids are replies to requests that already timed out: dropped on purpose.
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if ('error' in message) pending.reject(new RpcError(message.error.message, message.error.code === 'invalid' ? 'invalid' : 'remote'));
      else pending.resolve(message.result);
    } else if (isDashboardNotification(message)) {
      for (const listener of [...this.listeners]) {
        try {
          listener(message);
        } catch (err) {
          // One broken view must not stop the others from hearing the host.
          console.error('Twin dashboard: a notification listener failed', err);
        }
      }
    }
  }
}
