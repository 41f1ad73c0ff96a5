import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { findGitLocation, readHead } from './git-head';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  }).trim();
}

describe('git HEAD from the files in .git', () => {
  let root: string;
  let repo: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'twin-git-head-'));
    repo = path.join(root, 'repo');
    await fs.mkdir(path.join(repo, 'src', 'deep'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    await fs.writeFile(path.join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('finds the repository from a folder inside it', async () => {
    const location = await findGitLocation(path.join(repo, 'src', 'deep'));
    assert.deepEqual(location, { workTree: repo, gitDir: path.join(repo, '.git'), commonDir: path.join(repo, '.git') });
    assert.equal(await findGitLocation(root), undefined);
  });

  it('follows HEAD to the branch and its commit, as git does, through commits and checkouts', async () => {
    const location = (await findGitLocation(repo))!;
    assert.deepEqual(await readHead(location), { hash: git(repo, 'rev-parse', 'HEAD'), branch: 'main' });
    await fs.writeFile(path.join(repo, 'a.txt'), 'two\n');
    git(repo, 'commit', '-q', '-am', 'second');
    assert.equal((await readHead(location))?.hash, git(repo, 'rev-parse', 'HEAD'));
    git(repo, 'checkout', '-q', '-b', 'feature');
    assert.deepEqual(await readHead(location), { hash: git(repo, 'rev-parse', 'HEAD'), branch: 'feature' });
    git(repo, 'checkout', '-q', '--detach', 'HEAD~1');
    assert.deepEqual(await readHead(location), { hash: git(repo, 'rev-parse', 'HEAD') });
  });

  it('reads packed refs', async () => {
    git(repo, 'pack-refs', '--all');
    await fs.rm(path.join(repo, '.git', 'refs', 'heads', 'main'), { force: true });
    const location = (await findGitLocation(repo))!;
    assert.deepEqual(await readHead(location), { hash: git(repo, 'rev-parse', 'HEAD'), branch: 'main' });
  });

  it('reads a linked worktree, whose refs live in the main repository', async () => {
    const worktree = path.join(root, 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree);
    const location = (await findGitLocation(worktree))!;
    assert.equal(location.workTree, worktree);
    assert.equal(location.commonDir, path.join(repo, '.git'));
    assert.equal(location.gitDir, path.join(repo, '.git', 'worktrees', 'wt'));
    await fs.writeFile(path.join(worktree, 'b.txt'), 'b\n');
    git(worktree, 'add', '.');
    git(worktree, 'commit', '-q', '-m', 'on the side');
    assert.deepEqual(await readHead(location), { hash: git(worktree, 'rev-parse', 'HEAD'), branch: 'side' });
  });

  it('reports an unborn branch without a hash', async () => {
    const fresh = path.join(root, 'fresh');
    await fs.mkdir(fresh);
    git(fresh, 'init', '-q', '-b', 'trunk');
    assert.deepEqual(await readHead((await findGitLocation(fresh))!), { branch: 'trunk' });
  });
});
