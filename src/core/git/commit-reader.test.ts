import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommitInfo, CommitReader, commitsBetween, listAuthorCommits, readCommit } from './commit-reader';
import { commitMemory, commitMemoryText, commitRecord } from './commit-memory';
import {
  LOADER_TS,
  LOADER_TS_LOAD_DEFAULTS_EDITED,
  LOADER_TS_PARSE_CONFIG_EDITED,
  MODELS_PY,
  MODELS_PY_SAVE_EDITED,
  SERVER_GO,
  SERVER_GO_START_EDITED,
} from './test-support/sample-sources';
import { TempGitRepo } from './test-support/temp-git-repo';

describe('Reading commits with git', function () {
  let repo: TempGitRepo;
  const hashes: Record<string, string> = {};

  before(() => {
    repo = TempGitRepo.create();
    repo.write('src/config/loader.ts', LOADER_TS).write('README.md', '# demo\n');
    hashes.initial = repo.commit('feat: config loader');
    repo.write('src/config/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
    hashes.parseConfig = repo.commit('fix(config): retry five times by default\n\nThree was not enough on flaky networks.');
    repo.write('app/models.py', MODELS_PY).write('cmd/server/main.go', SERVER_GO);
    hashes.pythonAndGo = repo.commit('feat: user model and server');
    repo.write('app/models.py', MODELS_PY_SAVE_EDITED).write('cmd/server/main.go', SERVER_GO_START_EDITED);
    hashes.saveAndStart = repo.commit('fix: upsert users and log the port');
    repo.write('notes.md', 'someone else was here\n');
    hashes.other = repo.commit('docs: notes', { email: 'other@example.com', name: 'Other' });
    repo.move('src/config/loader.ts', 'src/config/load.ts').write('src/config/load.ts', LOADER_TS_LOAD_DEFAULTS_EDITED);
    hashes.rename = repo.commit('refactor: rename loader, four retries by default');
    repo.remove('app/models.py');
    hashes.deletion = repo.commit('chore: drop the user model');
  });
  after(() => repo.cleanup());

  const file = (commit: CommitInfo, path: string) => {
    const found = commit.files.find((candidate) => candidate.path === path);
    assert.ok(found, `${path} not in ${commit.files.map((f) => f.path).join(', ')}`);
    return found;
  };

  it('reads the author, time, message, parent and branch of a commit', async () => {
    const commit = await readCommit(repo.root, hashes.parseConfig);
    assert.equal(commit.hash, hashes.parseConfig);
    assert.deepEqual(commit.parents, [hashes.initial]);
    assert.equal(commit.authorEmail, 'me@example.com');
    assert.equal(commit.authorName, 'Me');
    assert.equal(commit.subject, 'fix(config): retry five times by default');
    assert.equal(commit.body, 'Three was not enough on flaky networks.');
    assert.equal(commit.branch, 'main');
    assert.equal(commit.repository, repo.root);
    assert.equal(typeof commit.time, 'number');
  });

  it('names every symbol of the files a root commit added', async () => {
    const commit = await readCommit(repo.root, hashes.initial);
    assert.deepEqual(commit.parents, []);
    const loader = file(commit, 'src/config/loader.ts');
    assert.equal(loader.status, 'added');
    assert.equal(loader.language, 'typescript');
    for (const name of ['parseConfig', 'loadDefaults', 'Parser', 'Parser.parse']) assert.ok(loader.symbols.added.includes(name), name);
    assert.deepEqual(file(commit, 'README.md').symbols, { added: [], modified: [], removed: [] });
    assert.equal(file(commit, 'README.md').language, undefined);
  });

  it('names the one TypeScript function a hunk changed, with numstat-equal line counts', async () => {
    const commit = await readCommit(repo.root, hashes.parseConfig);
    const loader = file(commit, 'src/config/loader.ts');
    assert.deepEqual(loader.symbols, { added: [], modified: ['parseConfig'], removed: [] });
    assert.deepEqual(commit.symbols, ['parseConfig']);
    const numstat = repo.git('show', '--numstat', '--format=', hashes.parseConfig).trim().split('\t');
    assert.deepEqual([loader.insertions, loader.deletions], [Number(numstat[0]), Number(numstat[1])]);
  });

  it('names the Python method and the Go method a commit changed', async () => {
    const commit = await readCommit(repo.root, hashes.saveAndStart);
    assert.deepEqual(file(commit, 'app/models.py').symbols.modified, ['User.save']);
    assert.deepEqual(file(commit, 'cmd/server/main.go').symbols.modified, ['Server.Start']);
    assert.equal(file(commit, 'app/models.py').language, 'python');
    assert.equal(file(commit, 'cmd/server/main.go').language, 'go');
    assert.deepEqual([...commit.symbols].sort(), ['Server.Start', 'User.save']);
  });

  it('follows a rename and names the function edited with it', async () => {
    const commit = await readCommit(repo.root, hashes.rename);
    const renamed = file(commit, 'src/config/load.ts');
    assert.equal(renamed.status, 'renamed');
    assert.equal(renamed.oldPath, 'src/config/loader.ts');
    assert.deepEqual(renamed.symbols, { added: [], modified: ['loadDefaults'], removed: [] });
  });

  it('names what a deletion removed', async () => {
    const commit = await readCommit(repo.root, hashes.deletion);
    const deleted = file(commit, 'app/models.py');
    assert.equal(deleted.status, 'deleted');
    for (const name of ['User', 'User.save', 'helper']) assert.ok(deleted.symbols.removed.includes(name), `${name} in ${deleted.symbols.removed}`);
    assert.deepEqual(deleted.symbols.modified, []);
    assert.equal(deleted.deletions, MODELS_PY.trimEnd().split('\n').length);
  });

  it('lists only the given authors\' commits, newest first, without merges', async () => {
    const mine = await listAuthorCommits(repo.root, ['ME@example.com']);
    assert.deepEqual(mine, [hashes.deletion, hashes.rename, hashes.saveAndStart, hashes.pythonAndGo, hashes.parseConfig, hashes.initial]);
    assert.deepEqual(await listAuthorCommits(repo.root, ['other@example.com']), [hashes.other]);
    assert.deepEqual(await listAuthorCommits(repo.root, ['nobody@example.com']), []);
  });

  it('reads the commits a HEAD move brought, by author', async () => {
    const between = await commitsBetween(repo.root, hashes.parseConfig, hashes.rename);
    assert.deepEqual(between.map((commit) => commit.hash), [hashes.rename, hashes.other, hashes.saveAndStart, hashes.pythonAndGo]);
    const mine = await commitsBetween(repo.root, hashes.parseConfig, hashes.rename, { authorEmails: ['me@example.com'] });
    assert.equal(mine.length, 3);
    const single = await commitsBetween(repo.root, undefined, hashes.deletion);
    assert.deepEqual(single.map((commit) => commit.hash), [hashes.deletion]);
  });

  it('reads many commits in one pass, and skips symbols past the limit', async () => {
    const reader = await CommitReader.open(`${repo.root}/src`);
    try {
      const all: CommitInfo[] = [];
      for await (const commit of reader.readHashes(Object.values(hashes), { symbolLimit: 2 })) all.push(commit);
      assert.equal(all.length, 7);
      assert.deepEqual(all.map((commit) => commit.symbolsRead), [true, true, false, false, false, false, false]);
      assert.equal(all[0].hash, hashes.deletion);
      const parse = all.find((commit) => commit.hash === hashes.parseConfig)!;
      assert.deepEqual(parse.symbols, []);
      assert.equal(parse.insertions, 1);
    } finally {
      reader.close();
    }
  });

  it('describes a commit as a memory and as a dashboard row', async () => {
    const commit = await readCommit(repo.root, hashes.parseConfig);
    const short = hashes.parseConfig.slice(0, 7);
    assert.equal(
      commitMemoryText(commit),
      `Committed ${short} on main: fix(config): retry five times by default — touched parseConfig in src/config/loader.ts; 1 file, +1 −1\n\nThree was not enough on flaky networks.`,
    );
    const memory = commitMemory(commit);
    assert.equal(memory.id, `git:${hashes.parseConfig}`);
    assert.equal(memory.source, 'git');
    assert.equal(memory.author, 'me@example.com');
    assert.deepEqual(memory.meta?.files, ['src/config/loader.ts']);
    assert.equal(memory.meta?.hash, hashes.parseConfig);
    assert.equal(memory.meta?.branch, 'main');
    const row = commitRecord(commit);
    assert.equal(row.type, 'commit');
    assert.equal(row.data.message, 'fix(config): retry five times by default');
    assert.deepEqual(row.data.symbols, ['parseConfig']);
    const other = await readCommit(repo.root, hashes.other);
    assert.match(commitMemoryText(other), /^Committed \w{7} on main: docs: notes — changed notes\.md; 1 file, \+1 −0$/);
  });

  it('says clearly when a folder is not a repository', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-repo-'));
    try {
      await assert.rejects(readCommit(outside, 'HEAD'), /is not inside a git repository/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
