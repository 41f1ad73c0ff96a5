/**
 * `node dist/sidecar.js [--socket-only]`: the twin's long-running process. The extension starts it and
 * talks JSON-RPC on its stdio; the CLI reaches it on TWIN_HOME/sidecar.sock. With --socket-only it serves
 * the socket alone and runs until SIGTERM (a headless twin).
 *
 * Environment: TWIN_HOME, the embedder variables (see resolveEmbedderConfig), TWIN_LOG_LEVEL
 * (debug|info|warn|error), TWIN_SIDECAR_IDLE_MS and TWIN_SIDECAR_CONSOLIDATE_EVERY_MS (idle consolidation).
 *
 * Exit codes: 0 stopped cleanly, 1 failed (the log says why), 3 another process writes to TWIN_HOME and no
 * sidecar answers on its socket to relay to.
 */
import * as path from 'node:path';
import { resolveTwinHome } from '../core/config/twin-home';
import { SIDECAR_SOCKET_NAME } from '../core/protocol/sidecar-protocol';
import { StoreBusyError } from '../core/store/writer-lock';
import { keepStdoutForRpc, parseLogLevel, stderrLogger } from './logger';
import { connectToSocket, relayStdio } from './relay';
import { RunningSidecar, startSidecar } from './sidecar';

const STOP_TIMEOUT_MS = 15_000;

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

async function main(): Promise<number> {
  process.title = 'twin-sidecar';
  // Everything the sidecar writes (store, socket, state) is the user's alone.
  process.umask(0o077);
  keepStdoutForRpc();
  const log = stderrLogger(parseLogLevel(process.env.TWIN_LOG_LEVEL));
  const stdio = !process.argv.includes('--socket-only');
  const home = resolveTwinHome();

  let sidecar: RunningSidecar;
  try {
    sidecar = await startSidecar({
      home,
      stdio,
      idleMs: numberFromEnv('TWIN_SIDECAR_IDLE_MS'),
      consolidateEveryMs: numberFromEnv('TWIN_SIDECAR_CONSOLIDATE_EVERY_MS'),
      log,
    });
  } catch (error) {
    if (error instanceof StoreBusyError) {
      const socket = stdio ? await connectToSocket(path.join(home, SIDECAR_SOCKET_NAME)) : undefined;
      if (socket) {
        log.info(`another sidecar owns ${home}; relaying this client to it`);
        await relayStdio(socket, log);
        return 0;
      }
      log.error(error.message);
      return 3;
    }
    log.error(`The sidecar could not start: ${(error as Error).message}`);
    if (process.env.TWIN_DEBUG) log.error(String((error as Error).stack));
    return 1;
  }

  const stopOn = (reason: string) => {
    setTimeout(() => {
      log.error(`did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    void sidecar.stop(reason);
  };
  process.on('SIGTERM', () => stopOn('SIGTERM'));
  process.on('SIGINT', () => stopOn('SIGINT'));
  process.on('uncaughtException', (error) => {
    log.error(`uncaught: ${error.stack ?? error.message}`);
    stopOn('uncaught exception');
  });
  process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  await sidecar.stopped;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`twin sidecar: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
