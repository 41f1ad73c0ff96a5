/**
 * Where a repository keeps its refs, and which commit HEAD points at, read straight from the files in
 * `.git` — no git process, so it is cheap enough for the extension host. Handles loose and packed refs,
 * detached HEADs, and linked worktrees and submodules (a `.git` file pointing elsewhere, a `commondir`).
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface GitLocation {
  /** The working tree's root. */
  workTree: string;
  /** The folder holding this working tree's HEAD and logs (`.git`, or `.git/worktrees/NAME`). */
  gitDir: string;
  /** The folder holding refs and packed-refs, shared by all worktrees (often the same as gitDir). */
  commonDir: string;
}

export interface HeadState {
  /** The commit hash HEAD resolves to; undefined on an unborn branch. */
  hash?: string;
  /** The branch name when HEAD is a symbolic ref (`main`); undefined when detached. */
  branch?: string;
}

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

async function readTrimmed(file: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The repository holding `folder` (searching upwards), or undefined when it is in none. */
export async function findGitLocation(folder: string): Promise<GitLocation | undefined> {
  let current = path.resolve(folder);
  for (;;) {
    const dotGit = path.join(current, '.git');
    const stat = await fs.stat(dotGit).catch(() => undefined);
    if (stat?.isDirectory()) return { workTree: current, gitDir: dotGit, commonDir: await commonDirOf(dotGit) };
    if (stat?.isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec((await readTrimmed(dotGit)) ?? '');
      if (pointer) {
        const gitDir = path.resolve(current, pointer[1].trim());
        return { workTree: current, gitDir, commonDir: await commonDirOf(gitDir) };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

async function commonDirOf(gitDir: string): Promise<string> {
  const common = await readTrimmed(path.join(gitDir, 'commondir'));
  return common ? path.resolve(gitDir, common) : gitDir;
}

/** The hash a full ref name (`refs/heads/main`) points at, loose or packed. */
async function resolveRef(location: GitLocation, ref: string): Promise<string | undefined> {
  for (const dir of new Set([location.gitDir, location.commonDir])) {
    const loose = await readTrimmed(path.join(dir, ...ref.split('/')));
    if (loose !== undefined && HASH.test(loose)) return loose;
    if (loose?.startsWith('ref:')) return resolveRef(location, loose.slice(4).trim());
  }
  const packed = await readTrimmed(path.join(location.commonDir, 'packed-refs'));
  for (const line of packed?.split('\n') ?? []) {
    const [hash, name] = line.trim().split(' ');
    if (name === ref && hash !== undefined && HASH.test(hash)) return hash;
  }
  return undefined;
}

/** What HEAD points at now; undefined when HEAD cannot be read (mid-write, or not a repository any more). */
export async function readHead(location: GitLocation): Promise<HeadState | undefined> {
  const head = await readTrimmed(path.join(location.gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  if (HASH.test(head)) return { hash: head };
  const symbolic = /^ref:\s*(\S+)$/.exec(head);
  if (!symbolic) return undefined;
  const ref = symbolic[1];
  const hash = await resolveRef(location, ref);
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  return { ...(hash !== undefined ? { hash } : {}), ...(branch !== undefined ? { branch } : {}) };
}
