/**
 * The sidecar put together: the twin (single writer of TWIN_HOME), its activity tables, the event recorder,
 * JSON-RPC on stdio for the extension and on TWIN_HOME/sidecar.sock for the CLI, the idle consolidation,
 * and an orderly stop that finishes queued writes, closes the store and releases the writer lock.
 */
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { ActivityStore } from '../core/activity/activity-store';
import { EventRecorder } from '../core/events/event-recorder';
import { consolidate } from '../core/memory/consolidation';
import { SIDECAR_SOCKET_NAME } from '../core/protocol/sidecar-protocol';
import { Twin } from '../core/twin';
import { CollectorHost } from './collectors/collector-host';
import { builtInCollectors } from './collectors/collector-registry';
import { CollectorSecrets } from './collectors/collector-secrets';
import { IdleJobs } from './idle-jobs';
import type { Logger } from './logger';
import { serveConnection } from './rpc-server';
import { createHandlers } from './sidecar-handlers';
import { SidecarState } from './sidecar-state';
import { SlackService } from './slack-service';
import { SocketServer } from './socket-server';
import { WriteQueue } from './write-queue';

export interface SidecarOptions {
  home?: string;
  /** Serve the extension on stdin/stdout, and stop when stdin ends. */
  stdio: boolean;
  /** No request for this long lets consolidation run (default 10 min). */
  idleMs?: number;
  /** Consolidation runs at most once per this long (default 6 h). */
  consolidateEveryMs?: number;
  log: Logger;
}

export interface RunningSidecar {
  home: string;
  socketPath?: string;
  /** Resolves when the sidecar has stopped. */
  stopped: Promise<void>;
  stop(reason: string): Promise<void>;
}

export const DEFAULT_IDLE_MS = 10 * 60_000;
export const DEFAULT_CONSOLIDATE_EVERY_MS = 6 * 3_600_000;

export async function startSidecar(options: SidecarOptions): Promise<RunningSidecar> {
  const { log } = options;
  const startedAt = Date.now();
  const twin = await Twin.open({
    // Recall statistics are flushed by the handlers, through the write queue (see sidecar-handlers.ts).
    accessFlushMs: 0,
    home: options.home,
    onProgress: (progress) => log.info(`${progress.phase}${progress.total ? ` ${progress.done}/${progress.total}` : ''}${progress.message ? `: ${progress.message}` : ''}`),
  });
  let activity: ActivityStore | undefined;
  try {
    activity = await ActivityStore.forTwin(twin);
  } catch (error) {
    await twin.close();
    throw error;
  }
  const state = SidecarState.load(twin.home, (message) => log.warn(message));
  const queue = new WriteQueue();
  const recorder = new EventRecorder(twin, activity, { log: (level, message) => log[level](message) });

  let stopping: Promise<void> | undefined;
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const requestShutdown = (reason: string) => void stop(reason);

  const secrets = new CollectorSecrets();
  let collectors: CollectorHost;
  try {
    collectors = new CollectorHost({
      home: twin.home,
      definitions: builtInCollectors(secrets),
      isPaused: () => state.paused,
      // Checked again inside the queue: a pause that lands while a batch waits still stops it.
      remember: (memories) =>
        queue.run(async () => {
          if (state.paused) return false;
          await twin.remember(memories);
          return true;
        }),
      log,
    });
  } catch (error) {
    activity.close();
    await twin.close();
    throw error;
  }
  const slack = new SlackService({ home: twin.home, recaller: twin, isPaused: () => state.paused, log });
  const handlers = createHandlers({ twin, activity, recorder, state, queue, log, startedAt, requestShutdown, collectors, secrets, slack });
  const idle = new IdleJobs({
    idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
    intervalMs: options.consolidateEveryMs ?? DEFAULT_CONSOLIDATE_EVERY_MS,
    lastRunAt: () => twin.internals.manifest.lastConsolidatedAt,
    job: () =>
      queue.run(async () => {
        await consolidate(twin);
        await activity!.optimize();
      }),
    log,
  });

  let socket: SocketServer | undefined;
  const socketPath = path.join(twin.home, SIDECAR_SOCKET_NAME);
  try {
    socket = await SocketServer.listen(
      socketPath,
      (connection, label) => serveConnection(connection, handlers, { channel: label, log, requestLogLevel: 'info', onRequest: () => idle.touch() }),
      log,
    );
  } catch (error) {
    // The extension still works over stdio; only the CLI falls back to opening the store (read-only).
    log.warn(`Cannot listen on ${socketPath}: ${(error as Error).message}. The twin CLI will not reach this sidecar.`);
  }

  let stdio: MessageConnection | undefined;
  if (options.stdio) {
    stdio = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
    stdio.onClose(() => requestShutdown('stdin closed'));
    serveConnection(stdio, handlers, { channel: 'stdio', log, requestLogLevel: 'debug', onRequest: () => idle.touch() });
  }
  idle.start();
  // Not awaited: a collector that is slow to start must not hold up the sidecar's readiness.
  collectors.start().catch((error: Error) => log.warn(`collectors: ${error.message}`));
  // Not awaited either (it asks Slack who the tokens belong to); it never rejects, a misconfiguration is logged.
  void slack.start();

  async function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      log.info(`stopping (${reason})`);
      try {
        await idle.stop();
        await collectors.close();
        await slack.stop();
        await socket?.close();
        await queue.close();
        activity!.close();
        await twin.close();
      } catch (error) {
        log.error(`while stopping: ${(error as Error).message}`);
      } finally {
        stdio?.dispose();
        log.info('stopped');
        resolveStopped();
      }
    })();
    return stopping;
  }

  log.info(
    `twin sidecar pid ${process.pid} on ${twin.home}: embedder ${twin.embedderInfo.id}, ` +
      `${state.paused ? 'paused' : 'observing'}, ${socket ? `socket ${socket.socketPath}` : 'no socket'}${options.stdio ? ', stdio' : ''}, ` +
      `ready in ${Date.now() - startedAt} ms`,
  );
  return { home: twin.home, socketPath: socket?.socketPath, stopped, stop };
}
