import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ActivityStore } from '../activity/activity-store';
import type { Progress, Twin } from '../twin';
import { makeTempHome, openTempTwin } from '../test-support/temp-twin';
import { learnRepository } from './learn-repository';
import { LOADER_TS, LOADER_TS_PARSE_CONFIG_EDITED, MODELS_PY, MODELS_PY_SAVE_EDITED } from './test-support/sample-sources';
import { TempGitRepo } from './test-support/temp-git-repo';

function buildRepo(): { repo: TempGitRepo; hashes: string[] } {
  const repo = TempGitRepo.create();
  const hashes = [];
  repo.write('src/config/loader.ts', LOADER_TS);
  hashes.push(repo.commit('feat: config loader'));
  repo.write('src/config/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
  hashes.push(repo.commit('fix(config): five retries ride out the flaky package mirror'));
  repo.write('app/models.py', MODELS_PY);
  hashes.push(repo.commit('feat: a user model', { email: 'Me.Work@Example.com' }));
  repo.write('app/models.py', MODELS_PY_SAVE_EDITED);
  hashes.push(repo.commit('fix: upsert users', { email: 'someone@example.com' }));
  return { repo, hashes };
}

describe('Learning a repository', function () {
  let twin: Twin;
  let activity: ActivityStore;
  let cleanup: () => Promise<void>;
  let repo: TempGitRepo;
  let hashes: string[];

  beforeEach(async () => {
    ({ twin, cleanup } = await openTempTwin());
    activity = await ActivityStore.forTwin(twin);
    ({ repo, hashes } = buildRepo());
  });
  afterEach(async () => {
    activity.close();
    await cleanup();
    repo.cleanup();
  });

  it('learns the user\'s commits once, with progress, and recalls them by message', async () => {
    const progress: Progress[] = [];
    const report = await learnRepository(twin, activity, repo.root, { authorEmails: ['me.work@example.com'], onProgress: (p) => progress.push(p) });
    assert.deepEqual([report.commits, report.learned, report.withSymbols, report.alreadyLearned, report.memories], [3, 3, 3, 0, 3]);
    assert.deepEqual(report.emails, ['me@example.com', 'me.work@example.com']);
    assert.ok(progress.some((p) => p.total === 3 && p.done === 3), JSON.stringify(progress));

    const [hit] = await twin.recall('flaky package mirror', { filter: { source: 'git' } });
    assert.equal(hit.memory.id, `git:${hashes[1]}`);
    assert.equal(hit.memory.author, 'me@example.com');
    assert.deepEqual(hit.memory.meta.symbols, ['parseConfig']);
    const rows = await activity.getRows(hashes.map((hash) => `git:${hash}`));
    assert.equal(rows.length, 3, 'the other author\'s commit is not learned');

    const again = await learnRepository(twin, activity, repo.root, { authorEmails: ['me.work@example.com'] });
    assert.deepEqual([again.learned, again.alreadyLearned], [0, 3]);
    const relearned = await learnRepository(twin, activity, repo.root, { authorEmails: ['me.work@example.com'], relearn: true });
    assert.equal(relearned.learned, 3);
    assert.equal((await twin.stats()).total, 3);
  });

  it('keeps files and counts but skips symbols once the symbol budget is spent', async () => {
    const report = await learnRepository(twin, activity, repo.root, { symbolBudgetSeconds: 0 });
    assert.deepEqual([report.learned, report.withSymbols], [2, 0]);
    const [hit] = await twin.recall('flaky package mirror');
    assert.match(hit.memory.text, /— changed src\/config\/loader\.ts; 1 file, \+1 −1$/);
  });

});

describe('twin learn without a sidecar', function () {
  it('opens the store itself, and recall finds the commit by its message', () => {
    const { repo, hashes } = buildRepo();
    const { home, cleanup } = makeTempHome('twin-learn-cli');
    const cli = path.resolve(__dirname, '../../../../dist/twin.js');
    const env = { ...process.env, TWIN_HOME: home, TWIN_EMBEDDER: '' };
    try {
      const learned = spawnSync(process.execPath, [cli, 'learn', repo.root], { env, encoding: 'utf8' });
      assert.equal(learned.status, 0, learned.stderr);
      assert.match(learned.stdout, new RegExp(`^Learned 2 commits by me@example.com from ${repo.root} in [\\d.]+ s\\.\\n$`));
      const recalled = spawnSync(process.execPath, [cli, 'recall', 'five retries flaky mirror', '--json'], { env, encoding: 'utf8' });
      assert.equal(JSON.parse(recalled.stdout)[0].id, `git:${hashes[1]}`);
    } finally {
      cleanup();
      repo.cleanup();
    }
  });
});
