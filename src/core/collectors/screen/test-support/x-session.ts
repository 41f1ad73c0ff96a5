/**
 * A real X session for tests: Xvfb on a display number it picks itself (`-displayfd`, so parallel suites
 * never collide), openbox as the window manager (xdotool needs `_NET_ACTIVE_WINDOW`), and xterm windows
 * with known titles and text. Every process is started here and stopped here, by its PID.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';

export interface XWindow {
  /** Decimal X window id. */
  id: string;
  title: string;
  process: ChildProcess;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class XSession {
  private readonly processes: ChildProcess[] = [];

  private constructor(readonly display: string) {}

  /** Xvfb (1280x800, no TCP) plus openbox, ready for windows. */
  static async start(): Promise<XSession> {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    const number = await new Promise<string>((resolve, reject) => {
      let out = '';
      const pipe = xvfb.stdio[3] as NodeJS.ReadableStream;
      pipe.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('\n')) resolve(out.trim());
      });
      xvfb.on('error', reject);
      xvfb.on('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready`)));
    });
    const session = new XSession(`:${number}`);
    session.processes.push(xvfb);
    const openbox = spawn('openbox', [], { env: session.env(), stdio: 'ignore' });
    session.processes.push(openbox);
    await waitFor('openbox to manage the display', 10_000, () => (session.xprop(['-root', '_NET_SUPPORTING_WM_CHECK']).includes('window id') ? true : undefined));
    return session;
  }

  /** The environment a client of this display gets: this DISPLAY and nothing of the caller's. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, HOME: process.env.HOME, DISPLAY: this.display, ...extra };
  }

  /** An xterm titled `title` printing `text` in large type (unless `extraArgs` say otherwise), active once this resolves. */
  async xterm(title: string, text: string, extraArgs: string[] = []): Promise<XWindow> {
    // Later options win in xterm, so `extraArgs` can override the font size or geometry.
    const args = ['-T', title, '-fa', 'Monospace', '-fs', '20', '-geometry', '60x12', ...extraArgs];
    const child = spawn('xterm', [...args, '-e', 'sh', '-c', `printf '%s\\n' "$0"; exec sleep 600`, text], {
      env: this.env(),
      stdio: 'ignore',
    });
    this.processes.push(child);
    const id = await waitFor(`the xterm "${title}" to map`, 10_000, () => {
      const found = this.xdotool(['search', '--pid', String(child.pid)]).trim().split('\n')[0];
      return found ? found : undefined;
    });
    const window = { id, title, process: child };
    await this.activate(window);
    return window;
  }

  /** Gives `window` the focus and waits until the window manager reports it active. */
  async activate(window: XWindow): Promise<void> {
    this.xdotool(['windowactivate', '--sync', window.id]);
    await waitFor(`"${window.title}" to become active`, 5_000, () => (this.xdotool(['getactivewindow']).trim() === window.id ? true : undefined));
  }

  xdotool(args: string[]): string {
    try {
      return execFileSync('xdotool', args, { env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
    } catch {
      return '';
    }
  }

  private xprop(args: string[]): string {
    try {
      return execFileSync('xprop', args, { env: this.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
    } catch {
      return '';
    }
  }

  /** Stops every process this session started, newest first, by PID. */
  async stop(): Promise<void> {
    for (const child of this.processes.splice(0).reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}
