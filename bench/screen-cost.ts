/**
 * Screen collector cost: `npx tsc -p . && node out/bench/screen-cost.js [--samples 200] [--ocr 10]`.
 *
 * On a real Xvfb + openbox display with a maximised 1280x800 xterm full of source code, times what the
 * collector pays per active-window sample (one xdotool run; the first sample of a window also looks up
 * its owner) and per OCR pass (capture with `import`, then `tesseract` on one thread at low priority).
 * Wall time is what the sidecar waits; CPU time is what the tools burn (the children's user+system time
 * from /proc/self/stat), which with the sampling interval gives the collector's share of a core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ActiveWindowProbe } from '../src/core/collectors/screen/active-window';
import { DEFAULT_OCR_INTERVAL_MS, DEFAULT_SAMPLE_INTERVAL_MS, MIN_OCR_INTERVAL_MS } from '../src/core/collectors/screen/screen-collector';
import { cleanOcrText, WindowOcr } from '../src/core/collectors/screen/window-ocr';
import { XSession } from '../src/core/collectors/screen/test-support/x-session';
import { numberOption } from './support/bench-args';


/** CPU milliseconds used by reaped child processes (cutime + cstime, in clock ticks of 10 ms). */
function childCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5); the slice starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function row(label: string, values: number[], cpuMs: number): string {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return `| ${label} | ${values.length} | ${mean.toFixed(1)} | ${percentile(values, 50).toFixed(1)} | ${percentile(values, 95).toFixed(1)} | ${(cpuMs / values.length).toFixed(1)} |`;
}

async function main(): Promise<void> {
  const samples = numberOption('samples', 200);
  const ocrRuns = numberOption('ocr', 10);
  const x = await XSession.start();
  try {
    const source = fs.readFileSync(path.join(__dirname, '../../../../../src/core/collectors/screen/screen-collector.ts'), 'utf8').slice(0, 6000);
    const window = await x.xterm('screen-collector.ts - vim', source, ['-fs', '11', '-maximized']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const geometry = x.xdotool(['getwindowgeometry', window.id]).trim().split('\n').pop()?.trim();

    const probe = new ActiveWindowProbe({ env: x.env() });
    let cpu = childCpuMs();
    let started = performance.now();
    await probe.sample();
    const cold = [performance.now() - started];
    const coldCpu = childCpuMs() - cpu;

    const warm: number[] = [];
    cpu = childCpuMs();
    for (let i = 0; i < samples; i++) {
      started = performance.now();
      await probe.sample();
      warm.push(performance.now() - started);
    }
    const warmCpu = childCpuMs() - cpu;

    const ocr = new WindowOcr({ env: x.env() });
    const capture: number[] = [];
    const recognize: number[] = [];
    let captureCpu = 0;
    let recognizeCpu = 0;
    let chars = 0;
    let bytes = 0;
    for (let i = 0; i < ocrRuns; i++) {
      cpu = childCpuMs();
      started = performance.now();
      const image = await ocr.capture(window.id);
      capture.push(performance.now() - started);
      captureCpu += childCpuMs() - cpu;
      bytes = image.length;
      cpu = childCpuMs();
      started = performance.now();
      chars = cleanOcrText(await ocr.recognize(image), 100_000).length;
      recognize.push(performance.now() - started);
      recognizeCpu += childCpuMs() - cpu;
    }
    const total = capture.map((ms, i) => ms + recognize[i]);

    const sampleCpuShare = (warmCpu / samples / DEFAULT_SAMPLE_INTERVAL_MS) * 100;
    const ocrCpu = (captureCpu + recognizeCpu) / ocrRuns;
    console.log(`Window: ${geometry} (capture ${(bytes / 1e6).toFixed(1)} MB PPM), OCR text ${chars} characters`);
    console.log('');
    console.log('| step | runs | mean ms | p50 ms | p95 ms | CPU ms/run (tools) |');
    console.log('|---|---|---|---|---|---|');
    console.log(row('sample, first of a window (xdotool + owner lookup)', cold, coldCpu));
    console.log(row('sample (xdotool getactivewindow … getwindowname)', warm, warmCpu));
    console.log(row('OCR capture (import -window, PPM to a pipe)', capture, captureCpu));
    console.log(row('OCR read (tesseract, 1 thread, nice 19)', recognize, recognizeCpu));
    console.log(row('OCR pass (capture + read)', total, captureCpu + recognizeCpu));
    console.log('');
    console.log(`Share of one core: sampling every ${DEFAULT_SAMPLE_INTERVAL_MS / 1000} s ≈ ${sampleCpuShare.toFixed(2)}%; ` +
      `OCR every ${DEFAULT_OCR_INTERVAL_MS / 1000} s ≈ ${((ocrCpu / DEFAULT_OCR_INTERVAL_MS) * 100).toFixed(2)}%, ` +
      `every ${MIN_OCR_INTERVAL_MS / 1000} s ≈ ${((ocrCpu / MIN_OCR_INTERVAL_MS) * 100).toFixed(2)}% (tools only, before skipping unchanged windows).`);
  } finally {
    await x.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
