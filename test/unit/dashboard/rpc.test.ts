import * as assert from 'node:assert/strict';
import type { DashboardNotification } from '../../../src/extension/dashboard/protocol';
import { DashboardRpc, RpcError, RpcTransport } from '../../../webview/dashboard/rpc';
import { aDashboardState, aRecallItem } from './builders';

/** A webview's postMessage and a host that answers when the test says so. */
class FakeChannel implements RpcTransport {
  readonly sent: Array<{ id: number; method: string; params: unknown }> = [];
  private listener: ((message: unknown) => void) | undefined;
  throwOnPost: Error | undefined;

  post(message: unknown): void {
    if (this.throwOnPost) throw this.throwOnPost;
    this.sent.push(message as { id: number; method: string; params: unknown });
  }

  listen(listener: (message: unknown) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }

  fromHost(message: unknown): void {
    this.listener?.(message);
  }

  get listening(): boolean {
    return this.listener !== undefined;
  }
}

describe('Dashboard RPC (webview side)', () => {
  let channel: FakeChannel;
  let rpc: DashboardRpc;

  beforeEach(() => {
    channel = new FakeChannel();
    rpc = new DashboardRpc(channel, { timeoutMs: 1000 });
  });
  afterEach(() => rpc.close());

  it('numbers each request and sends its method and params', () => {
    void rpc.request('getActivity', { range: 'week' });
    void rpc.request('search', { query: 'fuseRankings' });
    assert.deepEqual(channel.sent, [
      { id: 1, method: 'getActivity', params: { range: 'week' } },
      { id: 2, method: 'search', params: { query: 'fuseRankings' } },
    ]);
  });

  it('resolves each request with the reply that carries its id, whatever the order replies arrive in', async () => {
    const state = rpc.request('getState', {});
    const search = rpc.request('search', { query: 'parse' });
    const item = aRecallItem();
    channel.fromHost({ id: 2, result: [item] });
    channel.fromHost({ id: 1, result: aDashboardState({ paused: true }) });
    assert.equal((await state).paused, true);
    assert.deepEqual(await search, [item]);
    assert.equal(rpc.pendingCount, 0);
  });

  it('rejects with the host’s message when the reply is an error', async () => {
    const forget = rpc.request('forget', { id: 'mem-1' });
    channel.fromHost({ id: 1, error: { code: 'failed', message: 'Could not delete the memory: the sidecar is restarting' } });
    await assert.rejects(forget, (err: RpcError) => err instanceof RpcError && err.failure === 'remote' && err.message === 'Could not delete the memory: the sidecar is restarting');
  });

  it('tells a malformed request apart from a failed one', async () => {
    const bad = rpc.request('getActivity', { range: 'year' as 'week' });
    channel.fromHost({ id: 1, error: { code: 'invalid', message: 'The activity range must be one of today, week.' } });
    await assert.rejects(bad, (err: RpcError) => err.failure === 'invalid');
  });

  it('times out a request the host never answers, and drops the late reply', async () => {
    const slow = rpc.request('getActivity', { range: 'week' }, { timeoutMs: 20 });
    await assert.rejects(slow, (err: RpcError) => err.failure === 'timeout' && /did not answer/.test(err.message));
    assert.equal(rpc.pendingCount, 0);
    channel.fromHost({ id: 1, result: {} });
    const next = rpc.request('getState', {});
    channel.fromHost({ id: 2, result: aDashboardState() });
    assert.equal((await next).trusted, true);
  });

  it('ignores replies to ids it never sent and messages that are not replies', async () => {
    const state = rpc.request('getState', {});
    channel.fromHost({ id: 99, result: 'stray' });
    channel.fromHost('not a message');
    channel.fromHost({ id: 1 });
    channel.fromHost(null);
    assert.equal(rpc.pendingCount, 1);
    channel.fromHost({ id: 1, result: aDashboardState() });
    await state;
  });

  it('fails at once when the message cannot be posted', async () => {
    channel.throwOnPost = new Error('DataCloneError');
    await assert.rejects(rpc.request('getState', {}), (err: RpcError) => err.failure === 'unsent' && /DataCloneError/.test(err.message));
    assert.equal(rpc.pendingCount, 0);
  });

  it('hands notifications to listeners and keeps going when one throws', () => {
    const heard: DashboardNotification[] = [];
    rpc.onNotification(() => {
      throw new Error('broken view');
    });
    const stop = rpc.onNotification((n) => heard.push(n));
    const originalError = console.error;
    console.error = () => {};
    try {
      channel.fromHost({ method: 'stateChanged', params: { paused: true } });
      channel.fromHost({ method: 'activityChanged', params: { at: 5 } });
      stop();
      channel.fromHost({ method: 'refresh', params: {} });
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(heard, [
      { method: 'stateChanged', params: { paused: true } },
      { method: 'activityChanged', params: { at: 5 } },
    ]);
  });

  it('on close, rejects what is pending, stops listening and refuses new requests', async () => {
    const pending = rpc.request('getState', {});
    rpc.close();
    await assert.rejects(pending, (err: RpcError) => err.failure === 'closed');
    assert.equal(channel.listening, false);
    await assert.rejects(rpc.request('getState', {}), (err: RpcError) => err.failure === 'closed');
  });
});
