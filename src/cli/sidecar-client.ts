/**
 * The CLI's side of the sidecar socket. When a sidecar runs (VS Code is open), it owns the store's writer
 * lock; the CLI then sends its request there instead of opening the store, so the two never write at once.
 * When no sidecar answers, the CLI opens the store itself, as before. TWIN_NO_SIDECAR=1 forces that.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, ResponseError, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import { SIDECAR_SOCKET_NAME, SidecarMethod, SidecarMethods, SidecarNotifications } from '../core/protocol/sidecar-protocol';

const CONNECT_TIMEOUT_MS = 1500;

export class SidecarClient {
  private constructor(
    private readonly connection: MessageConnection,
    private readonly socket: net.Socket,
  ) {}

  /** A client of the sidecar serving `home`, or undefined when none answers there. */
  static async connect(home: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<SidecarClient | undefined> {
    if (process.env.TWIN_NO_SIDECAR === '1') return undefined;
    const socketPath = path.join(home, SIDECAR_SOCKET_NAME);
    if (!fs.existsSync(socketPath)) return undefined;
    const socket = await new Promise<net.Socket | undefined>((resolve) => {
      const candidate = net.createConnection(socketPath);
      const timer = setTimeout(() => {
        candidate.destroy();
        resolve(undefined);
      }, timeoutMs);
      candidate.once('connect', () => {
        clearTimeout(timer);
        resolve(candidate);
      });
      // ECONNREFUSED: a socket file left by a sidecar that died; the store is free to open directly.
      candidate.once('error', () => {
        clearTimeout(timer);
        candidate.destroy();
        resolve(undefined);
      });
    });
    if (!socket) return undefined;
    const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    connection.listen();
    return new SidecarClient(connection, socket);
  }

  async request<M extends SidecarMethod>(method: M, params: SidecarMethods[M]['params']): Promise<SidecarMethods[M]['result']> {
    try {
      return await this.connection.sendRequest<SidecarMethods[M]['result']>(method, params);
    } catch (error) {
      // The sidecar's message already says what happened and what to do.
      if (error instanceof ResponseError) throw new Error(error.message);
      throw new Error(`The Twin sidecar stopped answering (${(error as Error).message}); run the command again.`);
    }
  }

  onProgress(listener: (progress: SidecarNotifications['twin/progress']) => void): void {
    this.connection.onNotification('twin/progress', listener);
  }

  close(): void {
    this.connection.dispose();
    this.socket.destroy();
  }
}

/** Runs `viaSidecar` when a sidecar serves `home`, else `direct`. */
export async function viaSidecarOr<T>(home: string, viaSidecar: (client: SidecarClient) => Promise<T>, direct: () => Promise<T>): Promise<T> {
  const client = await SidecarClient.connect(home);
  if (!client) return direct();
  try {
    return await viaSidecar(client);
  } finally {
    client.close();
  }
}
