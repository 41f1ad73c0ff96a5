import * as fs from 'node:fs';
import * as path from 'node:path';

export class StoreBusyError extends Error {}

/**
 * One writer per data folder: the sidecar or a CLI command. LanceDB tolerates concurrent readers, but two
 * processes appending, compacting and cleaning up old versions at once can delete each other's files.
 */
export class WriterLock {
  private constructor(private readonly file: string) {}

  static acquire(home: string): WriterLock {
    const file = path.join(home, 'writer.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        fs.writeSync(fd, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
        fs.closeSync(fd);
        return new WriterLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
          throw new StoreBusyError(
            `Another Twin process (pid ${holder.pid}, since ${holder.since}) is writing to ${home}. ` +
              `Wait for it to finish, or stop it (the sidecar stops with VS Code).`,
          );
        }
        fs.rmSync(file, { force: true });
      }
    }
    throw new StoreBusyError(`Could not take the writer lock ${file}; remove it if no Twin process is running.`);
  }

  release(): void {
    const holder = readHolder(this.file);
    if (holder?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function readHolder(file: string): { pid: number; since: string } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
