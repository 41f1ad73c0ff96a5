import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Progress } from '../twin';
import { learnStyle } from './learn-style';
import { renderStyleProfile } from './render-style-profile';
import type { RepositoryStyle, StyleProfile } from './style-profile';
import { forgetRepositoryStyle, readStyleProfile, saveRepositoryStyle, styleProfilePath } from './style-profile-store';
import { buildPythonRepo, buildTeamRepo, buildTypeScriptMonorepo, BuiltRepo, ME } from './test-support/style-repos';

const THIS_REPOSITORY = path.resolve(__dirname, '../../../..');

describe('Learning a repository\'s style and keeping the profile', function () {
  let home: string;
  let ts: BuiltRepo;
  let py: BuiltRepo;
  let team: BuiltRepo;
  let tsStyle: RepositoryStyle;
  let pyStyle: RepositoryStyle;
  let teamStyle: RepositoryStyle;
  const progress: Progress[] = [];

  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-style-home-'));
    ts = buildTypeScriptMonorepo();
    py = buildPythonRepo();
    team = buildTeamRepo();
    tsStyle = await learnStyle(ts.repo.root, { onProgress: (p) => progress.push(p), learnedAt: '2026-11-02T10:00:00.000Z' });
    pyStyle = await learnStyle(py.repo.root, { authorEmails: [ME], learnedAt: '2026-11-02T11:00:00.000Z' });
    teamStyle = await learnStyle(team.repo.root, { authorEmails: [ME], learnedAt: '2026-11-02T12:00:00.000Z' });
  });
  after(() => {
    for (const built of [ts, py, team]) built?.repo.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('learns code and commits together, with progress for both', () => {
    assert.equal(tsStyle.repository, ts.repo.root);
    assert.equal(tsStyle.head, ts.repo.git('rev-parse', 'HEAD').trim());
    assert.deepEqual(Object.keys(tsStyle.code), ['typescript']);
    assert.equal(tsStyle.commits?.commits, ts.mine.length);
    const last = (phase: string) => progress.filter((p) => p.phase === phase).pop();
    assert.equal(last('style')?.done, last('style')?.total);
    assert.equal(last('style')?.done, 35, '24 modules, 8 tests, 3 helpers');
    assert.equal(last('commit style')?.done, ts.mine.length + ts.others.length);
  });

  it('stores the profile privately in TWIN_HOME/style/profile.json with the fields `twin style --json` promises', () => {
    saveRepositoryStyle(home, tsStyle);
    const file = styleProfilePath(home);
    assert.equal(file, path.join(home, 'style', 'profile.json'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['profile.json'], 'no temp file left behind');

    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as StyleProfile;
    const code = json.code.typescript!;
    assert.deepEqual(code.indent, { style: 'space', size: 4 });
    assert.equal(code.quotes, 'single');
    assert.equal(code.semicolons, false);
    assert.equal(code.naming.functions, 'camelCase');
    assert.equal(json.commits!.conventional, true);
    assert.equal(json.commits!.types.feat, 9);
    assert.equal(json.commits!.scopes.api.paths[0].path, 'packages/api');
    assert.equal(json.commits!.capitalized, false);
    assert.equal(json.commits!.referenceStyle, 'pr-suffix');
    assert.deepEqual(json.code.typescript!.sources, [{ repository: ts.repo.root, learnedAt: '2026-11-02T10:00:00.000Z' }]);
    assert.equal(json.code.typescript!.exemplars[0].repository, ts.repo.root);
  });

  it('merges several repositories by their evidence, and re-learning one replaces it instead of counting it twice', () => {
    saveRepositoryStyle(home, tsStyle);
    const merged = saveRepositoryStyle(home, pyStyle);
    assert.deepEqual(Object.keys(merged.repositories).sort(), [py.repo.root, ts.repo.root].sort());
    assert.deepEqual(Object.keys(merged.code).sort(), ['python', 'typescript']);
    assert.equal(merged.commits!.commits, ts.mine.length + py.mine.length);
    assert.deepEqual(merged.commits!.evidence.conventional, { yes: ts.mine.length, no: py.mine.length });
    assert.equal(merged.commits!.conventional, true, `${ts.mine.length} of ${ts.mine.length + py.mine.length} commits are conventional`);
    assert.equal(merged.commits!.agreement.conventional, 0.52);
    assert.equal(merged.commits!.capitalized, false, '23 capitalized subjects (Python) against 25 lower-case ones (TypeScript)');
    assert.deepEqual(merged.commits!.sources.map((s) => s.repository), [ts.repo.root, py.repo.root]);

    const again = saveRepositoryStyle(home, { ...tsStyle, learnedAt: '2026-11-03T10:00:00.000Z' });
    assert.equal(again.commits!.commits, ts.mine.length + py.mine.length);
    assert.equal(again.code.typescript!.files, tsStyle.code.typescript!.files);
    assert.equal(again.repositories[ts.repo.root].learnedAt, '2026-11-03T10:00:00.000Z');
    assert.deepEqual(readStyleProfile(home), again);
  });

  it("leaves a repository's fallback commit style out of the merge once the user's own commits are known", () => {
    const merged = saveRepositoryStyle(home, teamStyle);
    assert.equal(teamStyle.commits!.source, 'repository');
    assert.equal(merged.commits!.source, 'author');
    assert.equal(merged.commits!.commits, ts.mine.length + py.mine.length);
    assert.equal(merged.code.javascript!.files, teamStyle.code.javascript!.files, 'the code still counts');
  });

  it('forgets one repository\'s contribution, and deletes the file with the last one', () => {
    let profile = forgetRepositoryStyle(home, team.repo.root)!;
    assert.equal(profile.code.javascript, undefined);
    profile = forgetRepositoryStyle(home, py.repo.root)!;
    assert.deepEqual(Object.keys(profile.repositories), [ts.repo.root]);
    assert.equal(profile.commits!.commits, ts.mine.length);
    assert.equal(forgetRepositoryStyle(home, ts.repo.root), undefined);
    assert.equal(fs.existsSync(styleProfilePath(home)), false);
    assert.equal(readStyleProfile(home), undefined);
  });

  it('refuses a profile written by a newer Twin, with what to do', () => {
    fs.mkdirSync(path.dirname(styleProfilePath(home)), { recursive: true });
    fs.writeFileSync(styleProfilePath(home), JSON.stringify({ version: 99 }));
    assert.throws(() => readStyleProfile(home), /version 99, newer than this Twin understands \(1\); update Twin/);
    fs.rmSync(styleProfilePath(home));
  });

  it('renders the profile for people, disagreements and fallbacks included', () => {
    const text = renderStyleProfile(saveRepositoryStyle(home, teamStyle), { repository: team.repo.root });
    assert.match(text, new RegExp(`^Style of ${team.repo.root} \\(learned 2026-11-02 12:00 UTC at [0-9a-f]{7}\\)`));
    assert.match(text, /javascript — 31 files/);
    assert.match(text, /semicolons +yes \(100%\)/);
    assert.match(text, /note +Only 3 commits by me@example\.com, fewer than 20/);
    assert.match(text, /emoji +90% of commits: ✨/);
    const merged = renderStyleProfile(saveRepositoryStyle(home, tsStyle));
    assert.match(merged, /typescript — 35 files, [\d,]+ lines, confidence 0\.\d\d/);
    assert.match(merged, /indent +4 spaces \(100%\)/);
    assert.match(merged, /scopes +(api|web) 12 → packages\/(api|web); (api|web) 12 → packages\/(api|web)/);
    assert.match(merged, /references +pr-suffix at subject-end \(100%\)/);
    assert.match(renderStyleProfile(readStyleProfile(home)!, { repository: '/nowhere' }), /^No style learned from \/nowhere\./);
  });

  it('learns this repository (read-only): 2-space TypeScript, single quotes, semicolons; capitalized, non-conventional commits', async () => {
    const before = fs.readdirSync(THIS_REPOSITORY).sort();
    const style = await learnStyle(THIS_REPOSITORY);
    const typescript = style.code.typescript!;
    assert.deepEqual(typescript.indent, { style: 'space', size: 2 });
    assert.equal(typescript.quotes, 'single');
    assert.equal(typescript.semicolons, true);
    assert.equal(typescript.naming.functions, 'camelCase');
    assert.equal(typescript.naming.classes, 'PascalCase');
    assert.equal(typescript.naming.files, 'kebab-case');
    assert.equal(typescript.testFramework, 'mocha');
    assert.ok(typescript.agreement.quotes > 0.95 && typescript.agreement.semicolons > 0.95);
    assert.equal(style.commits!.conventional, false);
    assert.equal(style.commits!.capitalized, true);
    assert.equal(style.commits!.referenceStyle, 'none');
    assert.deepEqual(fs.readdirSync(THIS_REPOSITORY).sort(), before, 'nothing written into the repository');
  });
});
