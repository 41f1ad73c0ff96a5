/**
 * Reads the text in one window: ImageMagick's `import` grabs just that window as an uncompressed PPM on
 * its stdout, and `tesseract` reads it from stdin and writes text to stdout. The image only ever lives in
 * this process's memory and the two pipes — it is never written to disk — and both tools run at the
 * lowest CPU priority, tesseract on one thread, so an OCR pass costs a fraction of a core for a moment.
 *
 * `OcrDeduplicator` keeps the work and the memories down: an identical capture of the same window is not
 * read again, and text that mostly repeats what was last read in that window is not stored again.
 */
import { createHash } from 'node:crypto';

import { ScreenUnavailableError } from './active-window';
import { runTool, ToolMissingError } from './run-tool';

export interface WindowOcrOptions {
  env: NodeJS.ProcessEnv;
  /** Tesseract language(s), `eng` by default (`eng+deu` for several installed ones). */
  language?: string;
  /** Tesseract page segmentation mode; 3 (automatic blocks) suits windows with several text areas. */
  pageSegmentationMode?: number;
  captureTimeoutMs?: number;
  ocrTimeoutMs?: number;
}

/** Windows larger than this (in bytes of RGB) are not captured: 8K x 4K is far beyond a real window. */
const MAX_CAPTURE_BYTES = 128 * 1024 * 1024;

export class WindowOcr {
  constructor(private readonly options: WindowOcrOptions) {}

  /** The window's pixels as a binary PPM, in memory. */
  async capture(windowId: string): Promise<Buffer> {
    const run = await this.tool('import', ['-silent', '-window', windowId, 'ppm:-'], this.options.captureTimeoutMs ?? 5000, undefined, MAX_CAPTURE_BYTES);
    if (run.code !== 0 || run.stdout.length === 0) {
      throw new Error(`Could not capture the active window (import exited with ${run.code}): ${firstLine(run.stderr) || 'no image'}.`);
    }
    return run.stdout;
  }

  /** The text tesseract finds in a captured image (raw, see `cleanOcrText`). */
  async recognize(image: Buffer): Promise<string> {
    const language = this.options.language ?? 'eng';
    const psm = String(this.options.pageSegmentationMode ?? 3);
    const run = await this.tool('tesseract', ['stdin', 'stdout', '-l', language, '--psm', psm], this.options.ocrTimeoutMs ?? 30_000, image, 4 * 1024 * 1024);
    if (run.code !== 0) {
      if (/Failed loading language|Error opening data file/i.test(run.stderr)) {
        throw new ScreenUnavailableError(
          `tesseract has no "${language}" language data: install it (Debian/Ubuntu: sudo apt-get install tesseract-ocr-${language.split('+')[0]}) or choose an installed language.`,
        );
      }
      throw new Error(`tesseract could not read the capture (exit ${run.code}): ${firstLine(run.stderr) || 'no message'}.`);
    }
    return run.stdout.toString('utf8');
  }

  private async tool(command: string, args: string[], timeoutMs: number, input: Buffer | undefined, maxStdoutBytes: number) {
    // One thread: tesseract's OpenMP would otherwise take every core for its short burst.
    const env = command === 'tesseract' ? { ...this.options.env, OMP_THREAD_LIMIT: '1' } : this.options.env;
    try {
      return await runTool(command, args, { env, timeoutMs, input, lowPriority: true, maxStdoutBytes });
    } catch (error) {
      if (error instanceof ToolMissingError) throw new ScreenUnavailableError(error.message);
      throw error;
    }
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() && !/^Estimating resolution/.test(line))?.trim() ?? '';
}

/**
 * OCR output without its noise: lines with fewer than two letters or digits (borders, icons read as
 * punctuation) go, runs of blank lines shrink to one, and the text is cut at a line end within `maxChars`.
 */
export function cleanOcrText(raw: string, maxChars: number): string {
  const lines: string[] = [];
  let blank = false;
  for (const line of raw.split(/\r?\n/)) {
    const text = line.replace(/[ \t\f\v]+/g, ' ').trim();
    const meaningful = (text.match(/[\p{L}\p{N}]/gu) ?? []).length >= 2;
    if (!meaningful) {
      blank = lines.length > 0;
      continue;
    }
    if (blank) lines.push('');
    blank = false;
    lines.push(text);
  }
  let out = '';
  for (const line of lines) {
    const next = out ? `${out}\n${line}` : line;
    if (next.length > maxChars) {
      if (!out) out = line.slice(0, maxChars);
      break;
    }
    out = next;
  }
  return out.trim();
}

/** Distinct lower-case words of at least two characters: what "mostly the same text" is judged on. */
function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

interface SeenWindow {
  imageHash?: string;
  words?: Set<string>;
}

/** Texts this similar (shared distinct words / all distinct words) to the last stored one are not stored again. */
export const SIMILAR_TEXT = 0.9;
/** Windows remembered for de-duplication; the least recently read is forgotten first. */
const SEEN_WINDOWS = 64;

export class OcrDeduplicator {
  private readonly seen = new Map<string, SeenWindow>();

  /** The key a window is remembered under: same app and title is the same view. */
  static key(app: string, title: string): string {
    return createHash('sha256').update(app).update('\0').update(title).digest('hex');
  }

  static imageHash(image: Buffer): string {
    return createHash('sha1').update(image).digest('hex');
  }

  /** Whether this exact capture of this window was read already (so OCR can be skipped). */
  sameImage(key: string, imageHash: string): boolean {
    return this.seen.get(key)?.imageHash === imageHash;
  }

  noteImage(key: string, imageHash: string): void {
    this.entry(key).imageHash = imageHash;
  }

  /** Whether the text mostly repeats what was last stored for this window. */
  similarText(key: string, text: string): boolean {
    const previous = this.seen.get(key)?.words;
    return previous !== undefined && jaccard(previous, words(text)) >= SIMILAR_TEXT;
  }

  noteStored(key: string, text: string): void {
    this.entry(key).words = words(text);
  }

  clear(): void {
    this.seen.clear();
  }

  private entry(key: string): SeenWindow {
    let entry = this.seen.get(key);
    if (entry) this.seen.delete(key);
    else entry = {};
    this.seen.set(key, entry);
    if (this.seen.size > SEEN_WINDOWS) this.seen.delete(this.seen.keys().next().value as string);
    return entry;
  }
}
