/**
 * Which window has the focus right now, and which application owns it, asked of the X server with
 * xdotool. One sample is one short process (`getactivewindow` chained with the window's geometry and name);
 * the application behind a window id is looked up once (`getwindowpid` → `/proc/<pid>/comm` and the
 * command line, plus `WM_CLASS` from xprop) and remembered, since a window never changes owner.
 *
 * Failures that the user can fix (no DISPLAY, xdotool missing, no window manager) are thrown as
 * `ScreenUnavailableError` with a message that says what to do; a window that vanished between two
 * questions is simply no window this time.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import { runTool, ToolMissingError, ToolTimeoutError } from './run-tool';

export interface ActiveWindow {
  /** The X window id, decimal as xdotool prints it. */
  id: string;
  title: string;
  /** The application's name for people: the process name, else the window class. */
  app: string;
  /**
   * Every name the application goes by (process name, executable, WM_CLASS instance and class), lower
   * case: exclusions match any of them, so renaming one cannot smuggle a password manager in.
   */
  names: string[];
  /** The owning process's command-line flags (arguments starting with `-`), to spot private-mode launches. */
  flags: string[];
}

export class ScreenUnavailableError extends Error {
  constructor(
    message: string,
    /** Whether this is "nothing focused right now" rather than a broken setup (it is retried sooner). */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'ScreenUnavailableError';
  }
}

interface WindowOwner {
  app: string;
  names: string[];
  flags: string[];
}

export interface ActiveWindowProbeOptions {
  /** Environment for the tools; its DISPLAY names the X display to watch. */
  env: NodeJS.ProcessEnv;
  /** Deadline for each tool run. */
  timeoutMs?: number;
}

/** Owners kept per window id; a desktop rarely has more windows than this, and old ids are dropped first. */
const OWNER_CACHE_SIZE = 256;
const GEOMETRY_KEYS = ['WINDOW', 'X', 'Y', 'WIDTH', 'HEIGHT', 'SCREEN'];
/** /proc/<pid>/comm is cut at 15 characters; the executable's name then says it better. */
const COMM_LIMIT = 15;

export class ActiveWindowProbe {
  private readonly owners = new Map<string, WindowOwner>();
  private readonly timeoutMs: number;
  private xpropMissing = false;

  constructor(private readonly options: ActiveWindowProbeOptions) {
    this.timeoutMs = options.timeoutMs ?? 3000;
  }

  get display(): string | undefined {
    return this.options.env.DISPLAY || undefined;
  }

  /** The focused window, or throws `ScreenUnavailableError` saying why there is none. */
  async sample(): Promise<ActiveWindow> {
    const display = this.display;
    if (!display) {
      throw new ScreenUnavailableError(
        'No X display: DISPLAY is not set for the sidecar, so Twin cannot see the active window. Screen activity needs an X11 session (or XWayland); start VS Code from your desktop session, or set DISPLAY (e.g. :0).',
      );
    }
    const run = await this.xdotool(['getactivewindow', 'getwindowgeometry', '--shell', 'getwindowname']);
    if (run.code !== 0) throw this.explain(display, run.stderr);
    const parsed = parseActiveWindowOutput(run.stdout.toString('utf8'));
    if (!parsed) throw this.explain(display, run.stderr);
    const owner = await this.owner(parsed.id);
    return { id: parsed.id, title: parsed.title, ...owner };
  }

  private async xdotool(args: string[]) {
    try {
      return await runTool('xdotool', args, { env: this.options.env, timeoutMs: this.timeoutMs, maxStdoutBytes: 1024 * 1024 });
    } catch (error) {
      // A hung X server is a broken setup like a missing one: said in the status, retried with backoff.
      if (error instanceof ToolMissingError || error instanceof ToolTimeoutError) throw new ScreenUnavailableError(error.message);
      throw error;
    }
  }

  private explain(display: string, stderr: string): ScreenUnavailableError {
    if (/can't open display/i.test(stderr)) {
      return new ScreenUnavailableError(
        `Cannot open the X display "${display}": no X server answers there. Check DISPLAY (and XAUTHORITY) in the environment VS Code was started from; Wayland-only sessions are not supported.`,
      );
    }
    if (/_NET_ACTIVE_WINDOW/.test(stderr)) {
      return new ScreenUnavailableError(
        `The window manager on "${display}" does not say which window is active (_NET_ACTIVE_WINDOW): run an EWMH window manager (GNOME, KDE, Xfce, openbox, i3, …).`,
      );
    }
    return new ScreenUnavailableError(`No window is active on "${display}" right now (the desktop has the focus, or the screen is locked).`, true);
  }

  private async owner(windowId: string): Promise<WindowOwner> {
    const known = this.owners.get(windowId);
    if (known) return known;
    const owner = await this.lookUpOwner(windowId);
    if (this.owners.size >= OWNER_CACHE_SIZE) this.owners.delete(this.owners.keys().next().value as string);
    this.owners.set(windowId, owner);
    return owner;
  }

  private async lookUpOwner(windowId: string): Promise<WindowOwner> {
    const names: string[] = [];
    const flags: string[] = [];
    let processName: string | undefined;

    const pidRun = await this.xdotool(['getwindowpid', windowId]);
    const pid = pidRun.code === 0 ? Number.parseInt(pidRun.stdout.toString('utf8').trim(), 10) : NaN;
    if (Number.isInteger(pid) && pid > 0) {
      const comm = await readProc(pid, 'comm');
      const cmdline = await readProc(pid, 'cmdline');
      const argv = cmdline ? cmdline.split('\0').filter(Boolean) : [];
      const executable = argv[0] ? path.basename(argv[0]) : undefined;
      processName = comm && (comm.length < COMM_LIMIT || !executable) ? comm : executable;
      for (const name of [comm, executable]) if (name) names.push(name.toLowerCase());
      flags.push(...argv.slice(1).filter((arg) => arg.startsWith('-')).map((arg) => arg.toLowerCase()));
    }

    const windowClass = await this.windowClass(windowId);
    names.push(...windowClass.map((name) => name.toLowerCase()));

    const app = processName ?? windowClass[windowClass.length - 1] ?? 'an unknown application';
    return { app, names: [...new Set(names)], flags };
  }

  /** WM_CLASS as [instance, class]; empty when the window has none or xprop is not installed. */
  private async windowClass(windowId: string): Promise<string[]> {
    if (this.xpropMissing) return [];
    try {
      const run = await runTool('xprop', ['-id', windowId, 'WM_CLASS'], { env: this.options.env, timeoutMs: this.timeoutMs, maxStdoutBytes: 64 * 1024 });
      if (run.code !== 0) return [];
      return parseWmClass(run.stdout.toString('utf8'));
    } catch (error) {
      if (error instanceof ToolMissingError) {
        this.xpropMissing = true;
        return [];
      }
      throw error;
    }
  }
}

async function readProc(pid: number, file: 'comm' | 'cmdline'): Promise<string | undefined> {
  try {
    const text = await fs.readFile(`/proc/${pid}/${file}`, 'utf8');
    return file === 'comm' ? text.trim() : text;
  } catch {
    // The process belongs to another machine (X forwarding) or has just exited.
    return undefined;
  }
}

/** `xdotool getactivewindow getwindowgeometry --shell getwindowname` → id and title. */
export function parseActiveWindowOutput(output: string): { id: string; title: string } | undefined {
  const lines = output.replace(/\n$/, '').split('\n');
  let id: string | undefined;
  let consumed = 0;
  // The geometry comes first as KEY=VALUE lines in a fixed order; everything after it is the title.
  for (const key of GEOMETRY_KEYS) {
    const line = lines[consumed];
    if (line === undefined || !line.startsWith(`${key}=`)) break;
    if (key === 'WINDOW') id = line.slice(key.length + 1);
    consumed++;
  }
  if (!id || !/^\d+$/.test(id) || consumed < GEOMETRY_KEYS.length || consumed >= lines.length) return undefined;
  return { id, title: lines.slice(consumed).join(' ').trim() };
}

/** `WM_CLASS(STRING) = "chromium (/tmp/p)", "Chromium"` → ['chromium (/tmp/p)', 'Chromium']. */
export function parseWmClass(output: string): string[] {
  const values: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = pattern.exec(output); match; match = pattern.exec(output)) values.push(match[1].replace(/\\(.)/g, '$1'));
  return values;
}
