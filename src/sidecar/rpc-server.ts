/**
 * Serves the sidecar's methods on one JSON-RPC connection (the extension's stdio, or one CLI socket
 * client). Every request is logged by method and duration, never by content; failures reach the client as
 * JSON-RPC errors whose message says what happened.
 */
import { ErrorCodes, MessageConnection, ResponseError } from 'vscode-jsonrpc/node';
import type { SidecarMethod } from '../core/protocol/sidecar-protocol';
import { createClientPeer } from './client-peer';
import type { Logger } from './logger';
import type { RequestContext, SidecarHandlers } from './sidecar-handlers';

export interface ServeOptions {
  /** Names the connection in the log: `stdio`, `socket#3`. */
  channel: string;
  log: Logger;
  /** How requests are logged: the extension's steady event stream at debug, CLI calls at info. */
  requestLogLevel: 'debug' | 'info';
  /** Called on every request (the idle clock). */
  onRequest?: (method: SidecarMethod) => void;
}

type AnyHandler = (params: unknown, context: RequestContext) => Promise<unknown>;

export function serveConnection(connection: MessageConnection, handlers: SidecarHandlers, options: ServeOptions): void {
  const { channel, log } = options;
  const peer = createClientPeer(connection);
  const progress: RequestContext['progress'] = (update) => void connection.sendNotification('twin/progress', update).catch(() => undefined);
  for (const method of Object.keys(handlers) as SidecarMethod[]) {
    const handler = handlers[method] as AnyHandler;
    connection.onRequest(method, async (params: unknown, token) => {
      options.onRequest?.(method);
      const started = performance.now();
      // The client cancelling its request ($/cancelRequest) aborts the handler's work (a draft and its model call).
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await handler(params, { progress, peer, signal: controller.signal });
        log[options.requestLogLevel](`${channel} ${method} ${Math.round(performance.now() - started)} ms`);
        return result;
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        log.warn(`${channel} ${method} failed after ${Math.round(performance.now() - started)} ms: ${message}`);
        if (error instanceof ResponseError) throw error;
        throw new ResponseError(ErrorCodes.InternalError, message);
      } finally {
        subscription.dispose();
      }
    });
  }
  connection.listen();
}
