import * as assert from 'node:assert/strict';

import { GlobSyntaxError, compileGlob, expandBraces } from './glob';
import { DEFAULT_EXCLUDE_PATTERNS, PathFilter } from './path-filter';

describe('glob matching', () => {
  const table: Array<[pattern: string, path: string, matches: boolean]> = [
    // Bare names match a segment at any depth, and everything inside a folder of that name.
    ['.env*', '.env', true],
    ['.env*', '.env.local', true],
    ['.env*', 'services/api/.env.production', true],
    ['.env*', 'src/environment.ts', false],
    ['.env*', 'docs/.envrc-notes/readme.md', true],
    ['*.pem', 'certs/server.pem', true],
    ['*.pem', 'certs/server.pem.txt', false],
    ['*.key', 'deploy/keys/prod.key', true],
    ['*.key', 'src/keyboard.ts', false],
    ['*.key', 'src/monkey.ts', false],
    ['id_rsa*', '.ssh/id_rsa', true],
    ['id_rsa*', 'home/.ssh/id_rsa.pub', true],
    ['id_rsa*', 'src/valid_rsa.ts', false],
    ['node_modules', 'node_modules/lodash/index.js', true],
    ['node_modules', 'packages/a/node_modules/x.js', true],
    // Paths with a slash match from the workspace root, with `**` for any number of folders.
    ['**/secrets/**', 'secrets/db.yaml', true],
    ['**/secrets/**', 'config/secrets/prod/db.yaml', true],
    ['**/secrets/**', 'src/secrets.ts', false],
    ['**/secrets/**', 'src/no-secrets/db.yaml', false],
    ['**/node_modules/**', 'node_modules/react/index.js', true],
    ['**/dist/**', 'dist/extension.js', true],
    ['**/dist/**', 'packages/core/dist/index.d.ts', true],
    ['**/dist/**', 'src/distance.ts', false],
    ['**/out/**', 'out/src/a.js', true],
    ['**/out/**', 'src/layout/out.ts', false],
    ['**/build/**', 'android/app/build/outputs/x.apk', true],
    ['**/build/**', 'scripts/build.mjs', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/deep/a.ts', false],
    ['src/**/*.ts', 'src/a.ts', true],
    ['src/**/*.ts', 'src/deep/er/a.ts', true],
    ['src/**/*.ts', 'lib/src/a.ts', false],
    ['/generated', 'generated/api.ts', true],
    ['/generated', 'src/generated/api.ts', false],
    ['generated/', 'generated/api.ts', true],
    ['./docs/*.md', 'docs/a.md', true],
    ['**', 'anything/at/all.txt', true],
    // ? is one character but never a slash.
    ['file?.txt', 'a/file1.txt', true],
    ['file?.txt', 'a/file10.txt', false],
    ['a?b', 'a/b', false],
    // Braces, also holding slashes, also nested.
    ['*.{pem,key,p12}', 'x/cert.p12', true],
    ['*.{pem,key,p12}', 'x/cert.crt', false],
    ['{dist,out}/**', 'out/main.js', true],
    ['{dist,out}/**', 'src/out/main.js', false],
    ['**/{secrets,private/{keys,certs}}/**', 'a/private/certs/x', true],
    ['**/{secrets,private/{keys,certs}}/**', 'a/private/notes/x', false],
    // Classes, negated classes, escapes.
    ['[Mm]akefile', 'sub/Makefile', true],
    ['*.[ch]', 'src/main.c', true],
    ['*.[ch]', 'src/main.cc', false],
    ['*.[!ch]', 'src/main.o', true],
    ['*.[!ch]', 'src/main.c', false],
    ['log[0-9].txt', 'log7.txt', true],
    ['log[0-9].txt', 'logx.txt', false],
    ['\\*.txt', '*.txt', true],
    ['\\*.txt', 'a.txt', false],
    ['a+b(c).txt', 'x/a+b(c).txt', true],
    // Dotfiles are ordinary names; matching ignores case.
    ['*.key', '.hidden.key', true],
    ['**/secrets/**', '.config/secrets/token', true],
    ['.ENV*', '.env', true],
    ['**/Build/**', 'build/x', true],
  ];

  for (const [pattern, path, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${path} with ${pattern}`, () => {
      assert.equal(compileGlob(pattern).matches(path), expected);
    });
  }

  it('takes Windows separators and a leading ./ in paths', () => {
    assert.equal(compileGlob('**/secrets/**').matches('config\\secrets\\db.yaml'), true);
    assert.equal(compileGlob('src/*.ts').matches('./src/a.ts'), true);
  });

  it('expands braces, nested and with empty alternatives', () => {
    assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
    assert.deepEqual(expandBraces('x{,.bak}'), ['x', 'x.bak']);
    assert.deepEqual(expandBraces('\\{a,b}'), ['\\{a,b}']);
  });

  it('refuses malformed patterns with a message that names the setting', () => {
    assert.throws(() => compileGlob('src/{a,b'), (error: unknown) => error instanceof GlobSyntaxError && /twin\.privacy\.exclude/.test(error.message));
    assert.throws(() => compileGlob('   '), GlobSyntaxError);
    assert.throws(() => compileGlob('a\\'), GlobSyntaxError);
    assert.throws(() => compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}'), /more than 256/);
  });
});

describe('PathFilter', () => {
  it('excludes secrets, keys, dependencies and build output by default', () => {
    const filter = new PathFilter();
    assert.deepEqual(filter.patterns, DEFAULT_EXCLUDE_PATTERNS);
    for (const path of ['.env', 'api/.env.local', 'tls/site.pem', 'ssh/deploy.key', '.ssh/id_rsa', 'k8s/secrets/db.yaml', 'node_modules/a/b.js', 'dist/x.js', 'out/y.js', 'build/z.js']) {
      assert.equal(filter.excludes(path), true, path);
    }
    for (const path of ['src/extension.ts', 'README.md', 'src/env.ts', 'test/build-helpers.ts', 'src/distance.ts']) {
      assert.equal(filter.excludes(path), false, path);
    }
  });

  it('uses exactly the patterns it is given, so a user can remove a default', () => {
    const filter = new PathFilter(['*.secret']);
    assert.equal(filter.excludes('dist/x.js'), false);
    assert.equal(filter.excludes('a/b.secret'), true);
  });

  it('ignores a malformed pattern, reports it, and still applies the others', () => {
    const filter = new PathFilter(['src/{a', '*.pem', '']);
    assert.equal(filter.invalid.length, 1);
    assert.match(filter.invalid[0].message, /src\/\{a/);
    assert.equal(filter.excludes('x.pem'), true);
  });

  it('says which pattern excluded a path', () => {
    assert.equal(new PathFilter().reason('deploy/prod.key'), '*.key');
    assert.equal(new PathFilter().reason('src/a.ts'), undefined);
  });

  it('answers the same from its cache as on first asking', () => {
    const filter = new PathFilter();
    assert.equal(filter.excludes('a/.env'), true);
    assert.equal(filter.excludes('a/.env'), true);
    assert.equal(filter.excludes('a/b.ts'), false);
    assert.equal(filter.excludes('a/b.ts'), false);
  });
});
