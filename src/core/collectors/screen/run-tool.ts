/**
 * Runs the small X11 and OCR tools the screen collector leans on (xdotool, xprop, import, tesseract) as
 * child processes that can never hang or weigh down the sidecar: every run has a deadline after which it is
 * killed, output is collected in memory (images travel through pipes, never through files), and the heavy
 * ones run at the lowest CPU priority so the sidecar stays light next to the user's own work.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';

export interface ToolRunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Written to the tool's stdin, which is then closed. */
  input?: Buffer;
  /** Lowest CPU priority (like `nice -n 19`): for capture and OCR, which may take a core for a moment. */
  lowPriority?: boolean;
  /** Output beyond this many bytes kills the tool: a window capture is a few MB, nothing we run needs more. */
  maxStdoutBytes?: number;
}

export interface ToolRun {
  stdout: Buffer;
  stderr: string;
  /** The exit code, or null when a signal ended the tool. */
  code: number | null;
}

const DEFAULT_MAX_STDOUT = 64 * 1024 * 1024;
const MAX_STDERR_CHARS = 4096;

/** The tool is not on PATH; `install` says which package brings it. */
export class ToolMissingError extends Error {
  constructor(
    readonly tool: string,
    install: string,
  ) {
    super(`${tool} is not installed (or not on the sidecar's PATH): install it (Debian/Ubuntu: sudo apt-get install ${install}); Twin retries on its own.`);
    this.name = 'ToolMissingError';
  }
}

export class ToolTimeoutError extends Error {
  constructor(
    readonly tool: string,
    readonly timeoutMs: number,
  ) {
    super(`${tool} did not finish within ${timeoutMs} ms and was stopped; the X server or the machine may be overloaded.`);
    this.name = 'ToolTimeoutError';
  }
}

/** The Debian package behind each tool, for the message a missing tool gets. */
const PACKAGES: Record<string, string> = {
  xdotool: 'xdotool',
  xprop: 'x11-utils',
  import: 'imagemagick',
  tesseract: 'tesseract-ocr tesseract-ocr-eng',
};

export function runTool(command: string, args: readonly string[], options: ToolRunOptions): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const limit = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT;
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    let failure: Error | undefined;

    const finish = (error: Error | undefined, run?: ToolRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(run as ToolRun);
    };
    const timer = setTimeout(() => {
      failure = new ToolTimeoutError(command, options.timeoutMs);
      child.kill('SIGKILL');
    }, options.timeoutMs);
    timer.unref?.();

    if (options.lowPriority && child.pid !== undefined) {
      try {
        os.setPriority(child.pid, 19);
      } catch {
        // The child may already have exited; a normal priority for a few milliseconds does no harm.
      }
    }

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish(new ToolMissingError(command, PACKAGES[command] ?? command));
      else finish(new Error(`Could not run ${command}: ${error.message}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        failure = new Error(`${command} wrote more than ${limit} bytes and was stopped.`);
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.toString('utf8');
    });
    // A tool that exits before reading all of its input (it failed) must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    child.on('close', (code) => {
      if (failure) finish(failure);
      else finish(undefined, { stdout: Buffer.concat(chunks), stderr: stderr.slice(0, MAX_STDERR_CHARS), code });
    });
  });
}
