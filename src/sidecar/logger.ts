/**
 * The sidecar's log: lines on stderr, which the extension shows in its output channel (stdout carries
 * JSON-RPC and must never see a stray line). Messages name methods, counts and timings, never memory text.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function stderrLogger(level: LogLevel = 'info', stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (at: LogLevel) => (message: string) => {
    if (ORDER[at] < ORDER[level]) return;
    stream.write(`${new Date().toISOString()} [${at}] ${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export function parseLogLevel(value: string | undefined): LogLevel {
  return value && value in ORDER ? (value as LogLevel) : 'info';
}

/** Anything that would print to stdout (a dependency's console.log) goes to stderr instead. */
export function keepStdoutForRpc(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ') + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
