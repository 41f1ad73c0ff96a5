/**
 * Preloaded into the Twin CLI process by the benchmarks (NODE_OPTIONS=--import) to record its peak RSS
 * at exit. Polling /proc misses a peak reached in the last few milliseconds; the kernel's own maximum
 * (getrusage ru_maxrss, which covers worker threads too) does not. Writes one JSON line per process to
 * TWIN_BENCH_RSS_FILE and does nothing else.
 */
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const reportFile = process.env.TWIN_BENCH_RSS_FILE;
if (reportFile && isMainThread) {
  process.on('exit', () => {
    try {
      appendFileSync(reportFile, JSON.stringify({ pid: process.pid, ppid: process.ppid, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
    } catch {
      // A benchmark probe must never change how the program under test exits.
    }
  });
}
