/**
 * Reads file contents by blob id through one long-lived `git cat-file --batch`, instead of one `git show`
 * per file: reading thousands of commits would otherwise spend most of its time starting processes.
 */
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

interface Pending {
  id: string;
  maxBytes: number;
  resolve: (content: string | undefined) => void;
  reject: (error: Error) => void;
}

export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private stderr = '';

  constructor(readonly repository: string) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: repository, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000)));
    this.child.on('error', (error) => this.fail(new Error(`Cannot run git cat-file in ${repository}: ${error.message}`)));
    this.child.on('exit', (code) => {
      if (this.queue.length > 0) this.fail(new Error(`git cat-file stopped (exit code ${code}) in ${repository}: ${this.stderr.trim()}`));
    });
    this.child.stdin.on('error', () => undefined);
  }

  /** The blob's text, or undefined when it is missing or larger than `maxBytes`. */
  read(id: string, maxBytes: number): Promise<string | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id, maxBytes, resolve, reject });
      this.child.stdin.write(`${id}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline === -1) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const current = this.queue[0];
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift();
        current.resolve(undefined);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      // Content, then one newline.
      if (this.buffer.length < newline + 1 + size + 1) return;
      const content = this.buffer.subarray(newline + 1, newline + 1 + size);
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.queue.shift();
      current.resolve(size > current.maxBytes || content.includes(0) ? undefined : content.toString('utf8'));
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
