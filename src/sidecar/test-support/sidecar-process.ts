import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { SidecarMethod, SidecarMethods, SidecarNotifications } from '../../core/protocol/sidecar-protocol';

/** The bundles the tests run, as users do: built by `node esbuild.mjs`. */
export const DIST = path.resolve(__dirname, '../../../../dist');
export const SIDECAR_BUNDLE = path.join(DIST, 'sidecar.js');
export const CLI_BUNDLE = path.join(DIST, 'twin.js');

export function testEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TWIN_HOME: home, TWIN_EMBEDDER: '', TWIN_NO_SIDECAR: '', ...extra };
}

/** A real sidecar child process, spoken to over its stdio like the extension does. */
export class SidecarProcess {
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly progress: Array<SidecarNotifications['twin/progress']> = [];
  private readonly connection: MessageConnection;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('twin/progress', (progress: SidecarNotifications['twin/progress']) => this.progress.push(progress));
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Starts `node dist/sidecar.js` on `home` and waits until it says it is ready. */
  static async start(home: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<SidecarProcess> {
    if (!fs.existsSync(SIDECAR_BUNDLE)) throw new Error(`${SIDECAR_BUNDLE} is missing: run \`node esbuild.mjs\` first.`);
    const child = spawn(process.execPath, [SIDECAR_BUNDLE, ...args], { env: testEnv(home, env), stdio: ['pipe', 'pipe', 'pipe'] });
    const sidecar = new SidecarProcess(child);
    await sidecar.waitForLog(/twin sidecar pid \d+ .* ready in|another sidecar owns/);
    return sidecar;
  }

  get pid(): number {
    return this.child.pid!;
  }

  request<M extends SidecarMethod>(method: M, params: SidecarMethods[M]['params']): Promise<SidecarMethods[M]['result']> {
    return this.connection.sendRequest(method, params);
  }

  async waitForLog(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stderr)) {
      if (this.child.exitCode !== null) throw new Error(`The sidecar exited (${this.child.exitCode}) before logging ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`The sidecar did not log ${pattern} within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Closes its stdin, as VS Code does when the extension host goes away, and waits for the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.connection.dispose();
    this.child.stdin.end();
    return this.exited;
  }

  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.connection.dispose();
    this.child.kill(signal);
    return this.exited;
  }
}

/** Runs the twin CLI bundle and returns its output (asynchronously: a sidecar child keeps talking meanwhile). */
export function runCli(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: testEnv(home, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
