/**
 * A second VS Code window starts a second sidecar, but one folder has one writer. When another sidecar
 * already holds TWIN_HOME and answers on its socket, this one becomes a relay: whatever the extension sends
 * on stdio goes to that sidecar, and its notifications come back. When that sidecar stops, the relay stops
 * too, and the extension's restart makes a new primary.
 */
import * as net from 'node:net';
import {
  createMessageConnection,
  MessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type { Logger } from './logger';

/** Connects to a sidecar's socket; undefined when nothing answers there within `timeoutMs`. */
export function connectToSocket(socketPath: string, timeoutMs = 1000): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
  });
}

/** Relays stdio to the sidecar behind `socket` until either side closes; resolves then. */
export function relayStdio(socket: net.Socket, log: Logger): Promise<void> {
  const upstream: MessageConnection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
  const downstream: MessageConnection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  downstream.onRequest((method, params) => upstream.sendRequest(method, params));
  downstream.onNotification((method, params) => void upstream.sendNotification(method, params));
  upstream.onNotification((method, params) => void downstream.sendNotification(method, params));
  return new Promise((resolve) => {
    let stopped = false;
    const stop = (why: string) => {
      if (stopped) return;
      stopped = true;
      log.info(`relay: ${why}; stopping`);
      upstream.dispose();
      downstream.dispose();
      socket.destroy();
      resolve();
    };
    upstream.onClose(() => stop('the primary sidecar went away'));
    downstream.onClose(() => stop('stdin closed'));
    upstream.listen();
    downstream.listen();
  });
}
