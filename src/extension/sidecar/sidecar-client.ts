import { ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { CancellationToken, createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { ClientMethods, DraftNotifications } from '../../core/protocol/draft-protocol';
import type { SidecarMethod, SidecarMethods, SidecarNotifications } from '../../core/protocol/sidecar-protocol';

export type SidecarState =
  | { state: 'starting' }
  | { state: 'running'; pid: number }
  | { state: 'restarting'; message: string; retryInMs: number }
  | { state: 'stopped'; message?: string };

export interface SidecarClientOptions {
  /** The sidecar bundle (dist/sidecar.js). */
  script: string;
  /** Runtime to run it with: VS Code's own (process.execPath with ELECTRON_RUN_AS_NODE=1). */
  execPath?: string;
  env?: NodeJS.ProcessEnv;
  /** Receives each line the sidecar logs on stderr. */
  onLog?: (line: string) => void;
  /** Backoff between restarts: first, and the cap. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Starts the sidecar as a child process, talks JSON-RPC to it over stdio, and restarts it with backoff
 * when it dies. Requests made while it is down fail fast with a message; the caller decides whether to
 * retry (the event outbox does, from disk).
 */
export class SidecarClient extends EventEmitter {
  private child: ChildProcess | undefined;
  private connection: MessageConnection | undefined;
  private current: SidecarState = { state: 'stopped' };
  private backoffMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private healthyTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** What the sidecar may ask of this client (`twin/modelChat`), kept across restarts. */
  private readonly peerRequests = new Map<string, (params: unknown, token: CancellationToken) => Promise<unknown>>();
  private readonly peerNotifications = new Map<string, (params: unknown) => void>();

  constructor(private readonly options: SidecarClientOptions) {
    super();
    this.backoffMs = options.initialBackoffMs ?? 500;
  }

  get state(): SidecarState {
    return this.current;
  }

  get isRunning(): boolean {
    return this.current.state === 'running';
  }

  start(): void {
    if (this.disposed || this.child) return;
    this.setState({ state: 'starting' });
    const child = spawn(this.options.execPath ?? process.execPath, [this.options.script], {
      env: { ...process.env, ...this.options.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderrBuffer = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderrBuffer += chunk;
      const lines = stderrBuffer.split('\n');
      stderrBuffer = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) this.options.onLog?.(line);
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('twin/progress', (params: SidecarNotifications['twin/progress']) => this.emit('progress', params));
    connection.onNotification('twin/log', (params: SidecarNotifications['twin/log']) => this.options.onLog?.(`[${params.level}] ${params.message}`));
    for (const [method, handler] of this.peerRequests) connection.onRequest(method, handler);
    for (const [method, handler] of this.peerNotifications) connection.onNotification(method, handler);
    connection.onError(() => undefined);
    connection.listen();
    this.connection = connection;
    child.once('spawn', () => {
      this.setState({ state: 'running', pid: child.pid! });
      // A sidecar that stays up for a minute has recovered: the next failure starts the backoff afresh.
      this.healthyTimer = setTimeout(() => (this.backoffMs = this.options.initialBackoffMs ?? 500), 60_000);
    });
    child.once('error', (error) => this.handleExit(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.handleExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
  }

  private handleExit(reason: string): void {
    if (!this.child) return;
    this.child = undefined;
    this.connection?.dispose();
    this.connection = undefined;
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    this.emit('exit', reason);
    if (this.disposed) {
      this.setState({ state: 'stopped', message: reason });
      return;
    }
    const retryInMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 30_000);
    this.setState({ state: 'restarting', message: `The Twin sidecar ${reason}; restarting`, retryInMs });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.start();
    }, retryInMs);
  }

  /** Cancelling `token` cancels the request in the sidecar too. */
  async request<M extends SidecarMethod>(method: M, params: SidecarMethods[M]['params'], token?: CancellationToken): Promise<SidecarMethods[M]['result']> {
    const connection = this.connection;
    if (!connection || this.current.state !== 'running') {
      throw new Error(`The Twin sidecar is not running (${describe(this.current)}).`);
    }
    return (token ? connection.sendRequest(method, params, token) : connection.sendRequest(method, params)) as Promise<SidecarMethods[M]['result']>;
  }

  /** Answers a request the sidecar sends this client, on this and every later connection. */
  onPeerRequest<M extends keyof ClientMethods>(method: M, handler: (params: ClientMethods[M]['params'], token: CancellationToken) => Promise<ClientMethods[M]['result']>): void {
    this.peerRequests.set(method, handler as (params: unknown, token: CancellationToken) => Promise<unknown>);
    this.connection?.onRequest(method, handler);
  }

  /** Hears a notification the sidecar sends about a draft, on this and every later connection. */
  onPeerNotification<N extends 'twin/draftProgress'>(method: N, handler: (params: DraftNotifications[N]) => void): void {
    this.peerNotifications.set(method, handler as (params: unknown) => void);
    this.connection?.onNotification(method, handler);
  }

  /** Sends a notification to the sidecar; dropped when it is not running. */
  notify<N extends 'twin/modelToken'>(method: N, params: DraftNotifications[N]): void {
    this.connection?.sendNotification(method, params).catch(() => undefined);
  }

  /** The child's pid, for tests and the dashboard. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private setState(state: SidecarState): void {
    this.current = state;
    this.emit('state', state);
  }

  /** Asks the sidecar to shut down cleanly (closing the store), then kills it if it does not. */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    const child = this.child;
    if (!child) {
      this.setState({ state: 'stopped' });
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection?.sendRequest('twin/shutdown', {}), delay(3000)]);
    } catch {
      // Already gone or not answering: fall through to the kill.
    }
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export function describe(state: SidecarState): string {
  switch (state.state) {
    case 'running':
      return `running, pid ${state.pid}`;
    case 'starting':
      return 'starting';
    case 'restarting':
      return `${state.message} in ${Math.round(state.retryInMs / 1000)} s`;
    case 'stopped':
      return state.message ? `stopped: ${state.message}` : 'stopped';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
