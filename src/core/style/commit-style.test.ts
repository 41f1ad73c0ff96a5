import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TempGitRepo } from '../git/test-support/temp-git-repo';
import { learnCommitStyle } from './commit-style';
import type { CommitStyle } from './style-profile';
import { buildGoRepo, buildPythonRepo, buildTeamRepo, buildTypeScriptMonorepo, BuiltRepo, ME } from './test-support/style-repos';

describe('Learning the commit style', function () {
  describe('conventional commits with scopes, lower-case, imperative, (#N) suffixes', function () {
    let built: BuiltRepo;
    let style: CommitStyle;
    before(async () => {
      built = buildTypeScriptMonorepo();
      // No emails given: the repository's `git config user.email` says whose commits these are.
      style = (await learnCommitStyle(built.repo.root))!;
    });
    after(() => built.repo.cleanup());

    it("learns from the user's own commits only", () => {
      assert.equal(style.source, 'author');
      assert.deepEqual(style.authors, [ME]);
      assert.equal(style.commits, built.mine.length);
      assert.equal(style.fallback, undefined);
      assert.ok(style.exemplars.every((exemplar) => built.mine.includes(exemplar.hash)));
    });

    it('learns the convention, its types with counts, and the folders each scope maps to', () => {
      assert.equal(style.conventional, true);
      assert.equal(style.agreement.conventional, 1);
      assert.deepEqual(style.types, { feat: 9, fix: 6, perf: 3, refactor: 3, test: 3, chore: 1 });
      assert.deepEqual(Object.keys(style.types), ['feat', 'fix', 'perf', 'refactor', 'test', 'chore'], 'most used first');
      assert.deepEqual(style.scopes.api, { count: 12, paths: [{ path: 'packages/api', share: 1 }] });
      assert.deepEqual(style.scopes.web, { count: 12, paths: [{ path: 'packages/web', share: 1 }] });
    });

    it('learns lower-case imperative subjects, their length, body use and the (#N) reference style', () => {
      assert.equal(style.capitalized, false);
      assert.equal(style.mood, 'imperative');
      assert.equal(style.referenceStyle, 'pr-suffix');
      assert.equal(style.referencePlacement, 'subject-end');
      assert.equal(style.agreement.referenceStyle, 1);
      assert.ok(style.subjectLength.p10 >= 30 && style.subjectLength.p90 <= 60, JSON.stringify(style.subjectLength));
      assert.ok(style.subjectLength.p10 <= style.subjectLength.median && style.subjectLength.median <= style.subjectLength.p90);
      assert.equal(style.body.share, 0.24);
      assert.equal(style.body.medianLines, 1);
      assert.equal(style.endsWithPeriod, false);
      assert.deepEqual(style.emoji, { share: 0, top: [] });
      assert.deepEqual(style.trailers, {});
    });

    it('keeps typical messages as exemplars, at most two of a type', () => {
      assert.equal(style.exemplars.length, 5);
      for (const exemplar of style.exemplars) assert.match(exemplar.message, /^(feat|fix|refactor|perf|test|chore)\((api|web)\): [a-z].* \(#\d+\)/);
      const types = style.exemplars.map((exemplar) => exemplar.message.split('(')[0]);
      for (const type of new Set(types)) assert.ok(types.filter((t) => t === type).length <= 2, types.join());
    });

    it('learns only the older commits when given revisions (the evaluation uses this)', async () => {
      const older = (await learnCommitStyle(built.repo.root, { revisions: ['--skip=10', 'HEAD'], minOwnCommits: 5 }))!;
      assert.equal(older.commits, built.mine.length + built.others.length - 10);
    });
  });

  describe('past-tense commits with JIRA keys up front', function () {
    let built: BuiltRepo;
    let style: CommitStyle;
    before(async () => {
      built = buildGoRepo();
      style = (await learnCommitStyle(built.repo.root, { authorEmails: [ME.toUpperCase()] }))!;
    });
    after(() => built.repo.cleanup());

    it('learns: not conventional, capitalized, past tense, JIRA references at the start', () => {
      assert.equal(style.commits, 23);
      assert.equal(style.conventional, false);
      assert.deepEqual(style.types, {});
      assert.equal(style.capitalized, true);
      assert.equal(style.mood, 'past');
      assert.equal(style.agreement.mood, 1);
      assert.equal(style.referenceStyle, 'jira');
      assert.equal(style.referencePlacement, 'subject-start');
      assert.deepEqual(style.issueKeys, ['PAY']);
      assert.equal(style.body.share, round(8 / 23));
    });
  });

  describe('imperative commits with bodies, Fixes #N and sign-offs', function () {
    let built: BuiltRepo;
    let style: CommitStyle;
    before(async () => {
      built = buildPythonRepo();
      style = (await learnCommitStyle(built.repo.root, { authorEmails: [ME] }))!;
    });
    after(() => built.repo.cleanup());

    it('learns the body habit, the closing keyword in the body and the Signed-off-by trailer', () => {
      assert.equal(style.conventional, false);
      assert.equal(style.capitalized, true);
      assert.equal(style.mood, 'imperative');
      assert.equal(style.body.share, 1);
      assert.equal(style.body.medianLines, 3);
      assert.equal(style.referenceStyle, 'closing-keyword');
      assert.equal(style.referencePlacement, 'body');
      assert.deepEqual(style.trailers, { 'Signed-off-by': 1 });
    });
  });

  describe('a user with few commits of their own', function () {
    let built: BuiltRepo;
    before(() => {
      built = buildTeamRepo();
    });
    after(() => built.repo.cleanup());

    it("falls back to the repository's dominant style and says so", async () => {
      const style = (await learnCommitStyle(built.repo.root, { authorEmails: [ME] }))!;
      assert.equal(built.mine.length, 3);
      assert.equal(style.source, 'repository');
      assert.equal(style.commits, 31);
      assert.equal(style.fallback, "Only 3 commits by me@example.com, fewer than 20: this is the repository's dominant style, from its 31 commits.");
      assert.equal(style.capitalized, true);
      assert.equal(style.mood, 'imperative');
      assert.equal(style.emoji.share, round(28 / 31));
      assert.equal(style.emoji.top[0], '✨');
      assert.deepEqual(style.emoji.top.slice(1).sort(), ['♻️', '🐛'].sort());
      assert.deepEqual(style.evidence.emojis, { '✨': 14, '🐛': 7, '♻️': 7 });
      assert.ok(style.confidence < 0.75, `confidence ${style.confidence} is discounted`);
      assert.ok(style.exemplars.every((exemplar) => built.others.includes(exemplar.hash)), 'the team’s typical messages, not the user’s wip commits');
    });

    it('uses the user\'s own commits once there are enough of them', async () => {
      const style = (await learnCommitStyle(built.repo.root, { authorEmails: ['dana@example.com'], minOwnCommits: 5 }))!;
      assert.equal(style.source, 'author');
      assert.equal(style.commits, 10);
      assert.equal(style.fallback, undefined);
    });
  });

  it("counts commits under an old address as the user's when .mailmap says they are", async () => {
    const built = buildTeamRepo();
    try {
      fs.writeFileSync(path.join(built.repo.root, '.mailmap'), 'Me <me@example.com> <dana@example.com>\n');
      const style = (await learnCommitStyle(built.repo.root, { authorEmails: [ME], minOwnCommits: 5 }))!;
      assert.equal(style.source, 'author');
      assert.equal(style.commits, 13, "3 as me@example.com, 10 as dana@example.com");
    } finally {
      built.repo.cleanup();
    }
  });

  it('returns nothing for a repository without commits', async () => {
    const empty = TempGitRepo.create('twin-style-empty');
    try {
      assert.equal(await learnCommitStyle(empty.root), undefined);
    } finally {
      empty.cleanup();
    }
  });
});

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
