/**
 * A second VS Code window starts a second sidecar, but one folder has one writer. When another sidecar
 * already holds TWIN_HOME and answers on its socket, this one becomes a relay: whatever the extension sends
 * on stdio goes to that sidecar, and its notifications and requests (a draft asking for the model picked in
 * this window) come back. When that sidecar stops, the relay stops
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
  // Both ways, cancellation included: a draft's `twin/modelChat` comes back down to this window's extension.
  downstream.onRequest((method, params, token) => upstream.sendRequest(method, params, token));
  upstream.onRequest((method, params, token) => downstream.sendRequest(method, params, token));
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
