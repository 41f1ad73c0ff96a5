import { Progress } from '../core/twin';

/**
 * Long jobs report progress on stderr so stdout stays clean for results and JSON. On a terminal the line
 * updates in place; elsewhere (CI logs, pipes) a line is printed at most every few seconds.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (progress: Progress) => void {
  let lastPrinted = 0;
  let lastPhase = '';
  return (progress) => {
    const now = Date.now();
    const interval = stream.isTTY ? 100 : 3000;
    if (progress.phase === lastPhase && now - lastPrinted < interval && !progress.message?.startsWith('v')) return;
    lastPrinted = now;
    lastPhase = progress.phase;
    const fraction = progress.total ? ` ${Math.min(100, Math.round((progress.done / progress.total) * 100))}%` : '';
    const line = `${progress.phase}${fraction}${progress.message ? ` — ${progress.message}` : ''}`;
    if (stream.isTTY) stream.write(`\r\x1b[K${line}`);
    else stream.write(`${line}\n`);
  };
}
