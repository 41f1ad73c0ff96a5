/** What the figures were measured on, printed with every benchmark so numbers are never orphaned. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machineInfo() {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const meminfo = safeRead('/proc/meminfo');
  const totalKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  return {
    cpuModel: model,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: Number(((totalKb * 1024 || os.totalmem()) / 2 ** 30).toFixed(1)),
    node: process.version,
    os: `${safeRead('/etc/os-release').match(/^PRETTY_NAME="?([^"\n]+)"?/m)?.[1] ?? os.type()} (kernel ${os.release()})`,
    // Timings on a shared 2-core machine mean little without knowing what else was running.
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
}

export function formatMachine(info) {
  const lines = [`Machine: ${info.cpuModel}, ${info.cores} cores, ${info.ramGiB} GiB RAM, Node ${info.node}, ${info.os}`];
  lines.push(`Load average (1 min) at start: ${info.loadAverage1m}`);
  if (info.loadAverage1m > info.cores * 0.5) lines.push(`warning: the machine is busy (load ${info.loadAverage1m} on ${info.cores} cores); timings will be pessimistic and noisy.`);
  return lines.join('\n');
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
