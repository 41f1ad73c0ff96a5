/**
 * What the sidecar keeps across restarts, in TWIN_HOME/state.json: whether observation is paused.
 * An unreadable file counts as paused: recording nothing by mistake is the safe side of a privacy switch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writePrivateFileAtomic } from '../core/config/twin-home';

export const STATE_FILE = 'state.json';

interface StoredState {
  paused: boolean;
  changedAt?: string;
}

export class SidecarState {
  private constructor(
    private readonly file: string,
    private state: StoredState,
  ) {}

  static load(home: string, warn: (message: string) => void = () => undefined): SidecarState {
    const file = path.join(home, STATE_FILE);
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new SidecarState(file, { paused: false });
      warn(`Cannot read ${file} (${(error as Error).message}); observation stays paused until it is set again.`);
      return new SidecarState(file, { paused: true });
    }
    try {
      const parsed = JSON.parse(raw) as Partial<StoredState>;
      if (typeof parsed.paused !== 'boolean') throw new Error('"paused" is not true or false');
      return new SidecarState(file, { paused: parsed.paused, changedAt: parsed.changedAt });
    } catch (error) {
      warn(`${file} is not valid (${(error as Error).message}); observation stays paused until it is set again.`);
      return new SidecarState(file, { paused: true });
    }
  }

  get paused(): boolean {
    return this.state.paused;
  }

  setPaused(paused: boolean): void {
    this.state = { paused, changedAt: new Date().toISOString() };
    writePrivateFileAtomic(this.file, JSON.stringify(this.state, null, 2) + '\n');
  }
}
