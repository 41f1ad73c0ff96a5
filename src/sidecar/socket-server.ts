/**
 * The CLI's way in: a Unix socket at TWIN_HOME/sidecar.sock. Only the user can reach it: the data folder is
 * 0700 and the socket itself 0600. The sidecar only listens once it holds the writer lock, so a socket file
 * found at start belongs to a sidecar that died, and is removed.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { createMessageConnection, MessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node';
import type { Logger } from './logger';

/** sockaddr_un's path is 108 bytes on Linux, 104 on macOS, including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 103;

export class SocketServer {
  private readonly connections = new Set<net.Socket>();
  private nextId = 1;

  private constructor(
    readonly socketPath: string,
    private readonly server: net.Server,
  ) {}

  static async listen(socketPath: string, onConnection: (connection: MessageConnection, label: string) => void, log: Logger): Promise<SocketServer> {
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
      throw new Error(`The socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes, which Unix sockets do not allow; set TWIN_HOME to a shorter folder.`);
    }
    fs.rmSync(socketPath, { force: true });
    const server = net.createServer();
    const socketServer = new SocketServer(socketPath, server);
    server.on('connection', (socket) => {
      const label = `socket#${socketServer.nextId++}`;
      socketServer.connections.add(socket);
      const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
      socket.on('close', () => {
        socketServer.connections.delete(socket);
        connection.dispose();
        log.debug(`${label} closed`);
      });
      socket.on('error', (error) => log.debug(`${label}: ${error.message}`));
      log.debug(`${label} connected`);
      onConnection(connection, label);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    fs.chmodSync(socketPath, 0o600);
    return socketServer;
  }

  /** Stops listening, drops every client and removes the socket file. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}
