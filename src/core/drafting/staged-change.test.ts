import assert from 'node:assert/strict';
import { TempGitRepo } from '../git/test-support/temp-git-repo';
import { readStagedChange } from './staged-change';
import { CLIENT_AFTER, CLIENT_BEFORE } from './test-support/convention-repos';

describe('readStagedChange (a real repository)', () => {
  let repo: TempGitRepo;
  afterEach(() => repo?.cleanup());

  it('lists every staged file with its status, line counts and the symbols its hunks touched', async () => {
    repo = TempGitRepo.create('twin-staged');
    repo.write('src/client.ts', CLIENT_BEFORE).write('docs/old.md', '# Old\n\nSome text.\n').write('src/gone.ts', 'export function unused() {\n  return 1;\n}\n');
    repo.commit('Initial');
    repo.write('src/client.ts', CLIENT_AFTER).move('docs/old.md', 'docs/new.md');
    repo.remove('src/gone.ts');
    repo.write('src/extra.py', 'def helper(value):\n    return value * 2\n');

    const staged = await readStagedChange(repo.root);
    const byPath = new Map(staged.files.map((file) => [file.path, file]));

    const client = byPath.get('src/client.ts')!;
    assert.equal(client.status, 'modified');
    assert.equal(client.insertions, 5);
    assert.equal(client.deletions, 1);
    assert.deepEqual(client.symbols, { added: ['retryBudget'], modified: ['fetchUser'], removed: [] });

    assert.deepEqual({ ...byPath.get('docs/new.md') }, { path: 'docs/new.md', status: 'renamed', oldPath: 'docs/old.md', insertions: 0, deletions: 0, binary: false });
    assert.deepEqual(byPath.get('src/gone.ts')!.symbols, { added: [], modified: [], removed: ['unused'] });
    assert.equal(byPath.get('src/gone.ts')!.status, 'deleted');
    assert.deepEqual(byPath.get('src/extra.py')!.symbols, { added: ['helper'], modified: [], removed: [] });
    assert.equal(staged.insertions, 5 + 2);
    assert.equal(staged.deletions, 1 + 3);
    assert.match(staged.diff, /^\+export function retryBudget/m);
  });

  it('reads the first commit of a repository (no HEAD yet) and an empty index', async () => {
    repo = TempGitRepo.create('twin-staged-first');
    assert.deepEqual((await readStagedChange(repo.root)).files, []);
    repo.write('src/client.ts', CLIENT_BEFORE);
    const staged = await readStagedChange(repo.root);
    assert.equal(staged.hasHead, false);
    assert.deepEqual(staged.files[0].symbols, { added: ['fetchUser', 'fetchTeam'], modified: [], removed: [] });
  });
});
