import assert from 'node:assert/strict';
import { draftCommitMessage, OFFLINE_NOTICE_PREFIX, type ChangedFile, type OfflineCommitStyle } from './offline-drafter';

/** A staged change, built the way the commit observer will describe one. */
const change = (path: string, status: ChangedFile['status'], insertions: number, deletions: number, symbols?: Partial<NonNullable<ChangedFile['symbols']>>, oldPath?: string): ChangedFile => ({
  path,
  status,
  insertions,
  deletions,
  ...(oldPath ? { oldPath } : {}),
  ...(symbols ? { symbols: { added: [], modified: [], removed: [], ...symbols } } : {}),
});

/** A repository with conventional commits: `feat(api): add …`, lowercase, imperative, short, no bodies. */
const conventional: OfflineCommitStyle = {
  conventional: true,
  types: { feat: 120, fix: 95, docs: 30, test: 22, refactor: 18, build: 9, chore: 7 },
  scopes: { api: ['src/api/'], cli: ['src/cli/', 'bin/'], store: ['src/store'] },
  capitalized: false,
  mood: 'imperative',
  subjectMedianLength: 44,
  referenceStyle: 'pr-suffix',
  bodyUse: 0.1,
};

/** A repository with plain, capitalized, past-tense subjects and a body on most commits. */
const plainPast: OfflineCommitStyle = {
  conventional: false,
  capitalized: true,
  mood: 'past',
  subjectMedianLength: 52,
  referenceStyle: 'none',
  bodyUse: 0.8,
};

const newFeature = [
  change('src/api/rate-limit.ts', 'added', 64, 0, { added: ['RateLimiter', 'parseRetryAfter'] }),
  change('src/api/client.ts', 'modified', 12, 3, { modified: ['request'] }),
  change('src/api/rate-limit.test.ts', 'added', 48, 0),
];

describe('offline commit drafter', () => {
  it('writes the same change set in each convention: conventional with a scope from the path map, or plain past tense', () => {
    const inConventional = draftCommitMessage({ files: newFeature, style: conventional });
    const inPlain = draftCommitMessage({ files: newFeature, style: plainPast });

    assert.equal(inConventional.text, 'feat(api): add RateLimiter and parseRetryAfter');
    assert.equal(inConventional.type, 'feat');
    assert.equal(inConventional.scope, 'api');

    assert.equal(inPlain.subject, 'Added RateLimiter and parseRetryAfter in rate-limit');
    assert.equal(inPlain.type, undefined);
    assert.equal(
      inPlain.body,
      ['- src/api/rate-limit.ts: added RateLimiter and parseRetryAfter', '- src/api/rate-limit.test.ts (new)', '- src/api/client.ts: changed request'].join('\n'),
    );
    assert.equal(inPlain.text, `${inPlain.subject}\n\n${inPlain.body}`);
  });

  it('says it is the offline drafter, shows what it used, and stays modest', () => {
    const draft = draftCommitMessage({ files: newFeature, style: conventional });
    assert.equal(draft.drafter, 'offline');
    assert.ok(draft.notice.startsWith(`${OFFLINE_NOTICE_PREFIX}:`));
    assert.ok(draft.confidence > 0 && draft.confidence < 0.9);
    const details = draft.provenance.map((item) => `${item.kind}: ${item.detail}`);
    assert.ok(details.includes('rule: type feat: 2 new symbols (RateLimiter and parseRetryAfter)'), details.join('\n'));
    assert.ok(details.includes('style: scope api: src/api/ covers the changed files'), details.join('\n'));
    assert.ok(details.some((detail) => detail.startsWith('change: src/api/client.ts (modified, +12 −3; changed request)')));
  });

  it('calls a change to test files only a test change', () => {
    const tests = [change('src/api/client.test.ts', 'modified', 20, 4), change('src/api/retry.test.ts', 'added', 35, 0)];
    assert.equal(draftCommitMessage({ files: tests, style: conventional }).subject, 'test(api): add tests for client and retry');
    assert.equal(draftCommitMessage({ files: tests, style: plainPast }).subject, 'Added tests for client and retry');
    assert.equal(draftCommitMessage({ files: [change('tests/test_parser.py', 'modified', 5, 5)], style: conventional }).subject, 'test: update tests for parser');
  });

  it('calls a change to documentation only a docs change', () => {
    const docs = [change('README.md', 'modified', 14, 2), change('docs/models.md', 'modified', 30, 8)];
    assert.equal(draftCommitMessage({ files: docs, style: conventional }).subject, 'docs: update README and models.md');
    assert.equal(draftCommitMessage({ files: docs, style: plainPast }).subject, 'Updated README and models.md');
  });

  it('calls a small change to a fix-like function a fix', () => {
    const fix = [change('src/store/writer.ts', 'modified', 4, 2, { modified: ['handleLockTimeout'] })];
    assert.equal(draftCommitMessage({ files: fix, style: conventional }).subject, 'fix(store): fix handleLockTimeout in writer');
    assert.equal(draftCommitMessage({ files: fix, style: { ...plainPast, bodyUse: 0 } }).text, 'Fixed handleLockTimeout in writer');
  });

  it('calls dependency and build changes build (or chore when the user never writes build)', () => {
    const deps = [change('package.json', 'modified', 1, 1), change('package-lock.json', 'modified', 120, 40)];
    assert.equal(draftCommitMessage({ files: deps, style: conventional }).subject, 'build: update dependencies');
    const noBuild = { ...conventional, types: ['feat', 'fix', 'chore'] };
    const draft = draftCommitMessage({ files: deps, style: noBuild });
    assert.equal(draft.subject, 'chore: update dependencies');
    assert.ok(draft.provenance.some((item) => item.detail.includes('"build" is not among them, so "chore"')));
    assert.equal(draftCommitMessage({ files: [change('.github/workflows/test.yml', 'modified', 3, 1)], style: { ...conventional, types: ['feat', 'ci'] } }).subject, 'ci: update test workflow');
    assert.equal(draftCommitMessage({ files: [change('.eslintrc.json', 'modified', 3, 1)], style: conventional }).subject, 'chore: update .eslintrc.json');
  });

  it('calls renames without content changes a refactor', () => {
    const rename = [change('src/store/backoff.ts', 'renamed', 0, 0, undefined, 'src/store/retry.ts')];
    assert.equal(draftCommitMessage({ files: rename, style: conventional }).subject, 'refactor(store): rename retry to backoff');
    const move = [change('src/api/backoff.ts', 'renamed', 1, 1, undefined, 'src/store/backoff.ts')];
    assert.equal(draftCommitMessage({ files: move, style: plainPast }).subject, 'Moved backoff to src/api/');
  });

  it('calls removals a refactor', () => {
    const removal = [change('src/api/client.ts', 'modified', 0, 40, { removed: ['legacyRequest'] })];
    assert.equal(draftCommitMessage({ files: removal, style: conventional }).subject, 'refactor(api): remove legacyRequest in client');
  });

  it('names a scope only when one scope covers most of the change', () => {
    const spread = [change('src/api/client.ts', 'modified', 30, 2, { modified: ['request'] }), change('src/cli/main.ts', 'modified', 30, 2, { modified: ['run'] })];
    assert.equal(draftCommitMessage({ files: spread, style: conventional }).scope, undefined);
    const mostlyCli = [change('src/api/client.ts', 'modified', 2, 1, { modified: ['request'] }), change('bin/twin.js', 'modified', 40, 2, { modified: ['main'] })];
    assert.equal(draftCommitMessage({ files: mostlyCli, style: conventional }).scope, 'cli');
    // A prefix without a slash covers a path segment: `src/store` is not `src/storefront`.
    assert.equal(draftCommitMessage({ files: [change('src/storefront/cart.ts', 'added', 9, 0)], style: conventional }).subject, 'feat: add cart');
    // The style learner's shape: scope → {count, paths: [{path, share}]}.
    const learned = { ...conventional, scopes: { api: { paths: [{ path: 'src/api', share: 0.9 }] } } };
    assert.equal(draftCommitMessage({ files: newFeature, style: learned }).scope, 'api');
  });

  it('keeps the subject within the user’s usual length by naming fewer symbols', () => {
    const many = [change('src/api/routes.ts', 'added', 200, 0, { added: ['listMemories', 'recallMemories', 'forgetMemories', 'exportMemories', 'importMemories'] })];
    const short = draftCommitMessage({ files: many, style: { ...conventional, subjectMedianLength: 40 } });
    assert.equal(short.subject, 'feat(api): add listMemories and 4 more');
    assert.ok(short.subject.length <= 52);
    const medium = draftCommitMessage({ files: many, style: { ...conventional, subjectMedianLength: 50 } });
    assert.equal(medium.subject, 'feat(api): add listMemories, recallMemories and 3 more');
    const roomy = draftCommitMessage({ files: many, style: { ...conventional, subjectMedianLength: 60 } });
    assert.equal(roomy.subject, 'feat(api): add listMemories, recallMemories, forgetMemories and 2 more');
  });

  it('follows the capitalization and mood of the user, in either convention', () => {
    const fix = [change('src/store/writer.ts', 'modified', 4, 2, { modified: ['handleLockTimeout'] })];
    assert.equal(draftCommitMessage({ files: fix, style: { ...conventional, capitalized: true } }).subject, 'fix(store): Fix handleLockTimeout in writer');
    assert.equal(draftCommitMessage({ files: newFeature, style: { ...plainPast, mood: 'third-person', bodyUse: false } }).subject, 'Adds RateLimiter and parseRetryAfter in rate-limit');
    assert.equal(draftCommitMessage({ files: newFeature, style: { ...plainPast, mood: 'gerund', capitalized: false, bodyUse: false } }).subject, 'adding RateLimiter and parseRetryAfter in rate-limit');
    assert.equal(draftCommitMessage({ files: fix, style: { ...plainPast, endsWithPeriod: true, bodyUse: false } }).subject, 'Fixed handleLockTimeout in writer.');
  });

  it('cites issues the way the user does, and not at all when they never do', () => {
    const fix = [change('src/store/writer.ts', 'modified', 4, 2, { modified: ['handleLockTimeout'] })];
    const cite = (style: Partial<OfflineCommitStyle>) => draftCommitMessage({ files: fix, style: { ...conventional, ...style }, references: ['#214'] }).text;
    assert.equal(cite({ referenceStyle: 'pr-suffix' }), 'fix(store): fix handleLockTimeout in writer (#214)');
    assert.equal(cite({ referenceStyle: 'closing-keyword' }), 'fix(store): fix handleLockTimeout in writer\n\nFixes #214');
    assert.equal(cite({ referenceStyle: 'none' }), 'fix(store): fix handleLockTimeout in writer');
    const jira = draftCommitMessage({ files: fix, style: { ...plainPast, bodyUse: 0, referenceStyle: 'jira' }, references: ['PAY-88'] });
    assert.equal(jira.text, 'PAY-88 Fixed handleLockTimeout in writer');
  });

  it('says when there is nothing to describe', () => {
    assert.throws(() => draftCommitMessage({ files: [], style: conventional }), /Nothing is staged: stage the changes/);
  });
});
