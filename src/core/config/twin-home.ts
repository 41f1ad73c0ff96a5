import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where everything Twin knows lives: `TWIN_HOME`, else `~/.twin`. */
export function resolveTwinHome(explicit?: string): string {
  const chosen = explicit ?? process.env.TWIN_HOME;
  if (chosen && chosen.trim() !== '') return path.resolve(chosen);
  return path.join(os.homedir(), '.twin');
}

/**
 * Creates the data folder if needed and makes it private to the user: a folder only its owner can enter
 * keeps every file below it unreadable to others, whatever modes the storage engine gives its files.
 */
export function ensurePrivateFolder(folder: string): void {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(folder).mode & 0o777;
  if (mode !== 0o700) fs.chmodSync(folder, 0o700);
}

/** Writes a file atomically (temp file + rename) with owner-only permissions. */
export function writePrivateFileAtomic(file: string, content: string | Buffer): void {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  fs.renameSync(temp, file);
}
