/**
 * The client at the other end of one sidecar connection, seen from the sidecar: JSON-RPC works both ways,
 * so a handler can ask the client something (`twin/modelChat`: the model the user picked in VS Code chat
 * lives only in the extension host), hear the streamed pieces of the answer (`twin/modelToken`), and tell
 * it how a draft is going (`twin/draftProgress`). Aborting a request's signal cancels it at the client.
 */
import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientMethods, DraftNotifications } from '../core/protocol/draft-protocol';

export interface ClientPeer {
  request<M extends keyof ClientMethods>(method: M, params: ClientMethods[M]['params'], signal?: AbortSignal): Promise<ClientMethods[M]['result']>;
  notify(method: 'twin/draftProgress', params: DraftNotifications['twin/draftProgress']): void;
  /** Calls `listener` with each `twin/modelToken` piece of `call` until the returned function is called. */
  onModelToken(call: string, listener: (text: string) => void): () => void;
}

/** The peer of `connection`; call before `connection.listen()` so no token notification is missed. */
export function createClientPeer(connection: MessageConnection): ClientPeer {
  const listeners = new Map<string, (text: string) => void>();
  connection.onNotification('twin/modelToken', (params: DraftNotifications['twin/modelToken']) => {
    if (params && typeof params.call === 'string' && typeof params.text === 'string') listeners.get(params.call)?.(params.text);
  });
  return {
    async request(method, params, signal) {
      const source = new CancellationTokenSource();
      const cancel = () => source.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      if (signal?.aborted) source.cancel();
      try {
        return await connection.sendRequest(method, params, source.token);
      } finally {
        signal?.removeEventListener('abort', cancel);
        source.dispose();
      }
    },
    notify(method, params) {
      connection.sendNotification(method, params).catch(() => undefined);
    },
    onModelToken(call, listener) {
      listeners.set(call, listener);
      return () => listeners.delete(call);
    },
  };
}
