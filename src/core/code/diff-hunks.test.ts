import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type DiffFile, changedRanges, hunkRange, parseUnifiedDiff } from './diff-hunks';
import { ParsedDocument } from './document-parser';
import { type LanguageId, languageIdForPath } from './languages';
import type { CodeSymbol } from './symbols';
import { touchedSymbols } from './touched-symbols';

const SESSION_BEFORE = `export function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  return [line.slice(0, colon), line.slice(colon + 1)];
}

export function formatHeader(name: string, value: string): string {
  return name + ': ' + value;
}

export function legacyEncode(value: string): string {
  return escape(value);
}

export class Session {
  private headers = new Map<string, string>();

  open(): void {
    this.headers.clear();
  }

  close(): void {
    this.headers.clear();
  }
}
`;

const SESSION_AFTER = `export function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

export function formatHeader(name: string, value: string): string {
  return name + ': ' + value;
}

export function validateHeader(name: string): boolean {
  return /^[A-Za-z-]+$/.test(name);
}

export class Session {
  private headers = new Map<string, string>();

  open(): void {
    this.headers.clear();
  }

  close(): void {
    this.headers.clear();
    this.closed = true;
  }
}
`;

const LEGACY_PY = `def old_helper(value):
    return value * 2


class LegacyClient:
    def send(self, payload):
        return old_helper(payload)
`;

const UTIL_GO = `package util

import "strings"

// Reverse returns s with its runes in reverse order.
func Reverse(s string) string {
	runes := []rune(s)
	for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {
		runes[i], runes[j] = runes[j], runes[i]
	}
	return string(runes)
}

// Shout upper-cases s.
func Shout(s string) string {
	return strings.ToUpper(s)
}

// Whisper lower-cases s.
func Whisper(s string) string {
	return strings.ToLower(s)
}
`;

const SCHEMA_BEFORE = `-- users table
CREATE TABLE users (id INTEGER PRIMARY KEY);
`;

const NEW_RUST = `pub fn feature_enabled(name: &str) -> bool {
    name.starts_with("beta-")
}
`;

/** A throwaway repository with two commits exercising modification, deletion, rename, binary and addition. */
class TwoCommitRepo {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-diff-'));

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.write('src/session.ts', SESSION_BEFORE);
    this.write('src/legacy.py', LEGACY_PY);
    this.write('src/util.go', UTIL_GO);
    this.write('db/schema.sql', SCHEMA_BEFORE);
    this.write('docs/naïve notes.md', '# Notes\n\nfirst draft\n');
    this.writeBytes('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]));
    this.git('add', '-A');
    this.git('commit', '-q', '-m', 'Initial import');

    this.write('src/session.ts', SESSION_AFTER);
    fs.rmSync(path.join(this.dir, 'src/legacy.py'));
    this.git('mv', 'src/util.go', 'src/strings.go');
    this.write('src/strings.go', UTIL_GO.replace('return string(runes)', 'return string(runes[:])'));
    this.write('db/schema.sql', 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n');
    this.write('docs/naïve notes.md', '# Notes\n\nsecond draft\n');
    this.writeBytes('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x03, 0x04, 0x00, 0xfe]));
    this.write('src/feature.rs', NEW_RUST);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', 'Trim headers, drop the legacy client, rename util');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Twin Test', '-c', 'user.email=twin@example.invalid', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      // Keep the developer's own git config (noprefix, color, external diff tools) out of the output.
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    });
  }

  show(revision: string, file: string): string {
    return this.git('show', `${revision}:${file}`);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private write(file: string, text: string): void {
    this.writeBytes(file, Buffer.from(text, 'utf8'));
  }

  private writeBytes(file: string, bytes: Buffer): void {
    fs.mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, file), bytes);
  }
}

function byPath(files: readonly DiffFile[], filePath: string): DiffFile {
  const file = files.find((candidate) => (candidate.newPath ?? candidate.oldPath) === filePath);
  assert.ok(file, `no diff entry for ${filePath} among ${files.map((f) => f.newPath ?? f.oldPath).join(', ')}`);
  return file;
}

async function symbolsOf(filePath: string, text: string): Promise<readonly CodeSymbol[]> {
  const languageId = languageIdForPath(filePath) as LanguageId;
  const document = await ParsedDocument.open(languageId, text);
  try {
    return document.symbols();
  } finally {
    document.dispose();
  }
}

const names = (symbols: readonly CodeSymbol[]) => symbols.map((symbol) => symbol.qualifiedName);

describe('parseUnifiedDiff on real git output', () => {
  let repo: TwoCommitRepo;
  let files: DiffFile[];

  before(() => {
    repo = new TwoCommitRepo();
    const diff = repo.git('diff', '-U0', '-M', '--no-color', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', 'HEAD~1', 'HEAD');
    files = parseUnifiedDiff(diff);
  });
  after(() => repo.dispose());

  it('lists every changed file with its status', () => {
    const summary = files.map((file) => `${file.status} ${file.oldPath ?? '-'} -> ${file.newPath ?? '-'}`).sort();
    assert.deepEqual(summary, [
      'added - -> src/feature.rs',
      'deleted src/legacy.py -> -',
      'modified assets/logo.png -> assets/logo.png',
      'modified db/schema.sql -> db/schema.sql',
      'modified docs/naïve notes.md -> docs/naïve notes.md',
      'modified src/session.ts -> src/session.ts',
      'renamed src/util.go -> src/strings.go',
    ]);
  });

  it('reads a rename with its similarity and the hunk of its edit', () => {
    const renamed = byPath(files, 'src/strings.go');
    assert.ok(renamed.similarity !== undefined && renamed.similarity >= 50, `similarity ${renamed.similarity}`);
    assert.equal(renamed.hunks.length, 1);
    assert.deepEqual(renamed.hunks[0].removed, ['\treturn string(runes)']);
    assert.deepEqual(renamed.hunks[0].added, ['\treturn string(runes[:])']);
  });

  it('marks binary files and gives them no hunks', () => {
    const logo = byPath(files, 'assets/logo.png');
    assert.equal(logo.binary, true);
    assert.deepEqual(logo.hunks, []);
    assert.equal(files.filter((file) => file.binary).length, 1);
  });

  it('reads a deleted file as one hunk removing every old line', () => {
    const legacy = byPath(files, 'src/legacy.py');
    assert.equal(legacy.newPath, null);
    assert.equal(legacy.oldMode, '100644');
    assert.deepEqual(legacy.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[1, 7, 0, 0]]);
    assert.equal(legacy.hunks[0].removed.join('\n') + '\n', LEGACY_PY);
  });

  it('reads an added file as one hunk adding every new line', () => {
    const feature = byPath(files, 'src/feature.rs');
    assert.equal(feature.oldPath, null);
    assert.equal(feature.newMode, '100644');
    assert.deepEqual(feature.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]), [[0, 0, 1, 3]]);
  });

  it('unquotes paths git escapes, such as non-ASCII names with spaces', () => {
    const notes = byPath(files, 'docs/naïve notes.md');
    assert.deepEqual(notes.hunks[0].added, ['second draft']);
  });

  it('counts hunk lines instead of trusting markers, so a removed `-- comment` is not a file header', () => {
    const schema = byPath(files, 'db/schema.sql');
    assert.deepEqual(schema.hunks[0].removed, ['-- users table', 'CREATE TABLE users (id INTEGER PRIMARY KEY);']);
    assert.deepEqual(schema.hunks[0].added, ['CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);']);
  });

  it('reads the same files from `git show`, skipping the commit header', () => {
    const shown = parseUnifiedDiff(repo.git('show', '-U0', '-M', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', 'HEAD'));
    assert.deepEqual(shown, files);
  });

  it('maps a modified file’s hunks to the functions they added, modified and removed', async () => {
    const session = byPath(files, 'src/session.ts');
    const touched = touchedSymbols(session, {
      oldSymbols: await symbolsOf('src/session.ts', repo.show('HEAD~1', 'src/session.ts')),
      newSymbols: await symbolsOf('src/session.ts', repo.show('HEAD', 'src/session.ts')),
    });
    assert.deepEqual(names(touched.added), ['validateHeader']);
    assert.deepEqual(names(touched.modified), ['parseHeader', 'Session.close']);
    assert.deepEqual(names(touched.removed), ['legacyEncode']);
  });

  it('maps a deleted file to every symbol it removed, read against the old content', async () => {
    const legacy = byPath(files, 'src/legacy.py');
    const touched = touchedSymbols(legacy, { oldSymbols: await symbolsOf('src/legacy.py', repo.show('HEAD~1', 'src/legacy.py')) });
    assert.deepEqual(names(touched.removed), ['old_helper', 'LegacyClient', 'LegacyClient.send']);
    assert.deepEqual([touched.added, touched.modified], [[], []]);
  });

  it('maps a renamed file’s edit to the function it changed, across old and new paths', async () => {
    const renamed = byPath(files, 'src/strings.go');
    assert.ok(renamed.oldPath && renamed.newPath);
    const touched = touchedSymbols(renamed, {
      oldSymbols: await symbolsOf(renamed.oldPath, repo.show('HEAD~1', renamed.oldPath)),
      newSymbols: await symbolsOf(renamed.newPath, repo.show('HEAD', renamed.newPath)),
    });
    assert.deepEqual(names(touched.modified), ['Reverse']);
    assert.deepEqual([touched.added, touched.removed], [[], []]);
  });

  it('maps an added file to every symbol it added', async () => {
    const feature = byPath(files, 'src/feature.rs');
    const touched = touchedSymbols(feature, { newSymbols: await symbolsOf('src/feature.rs', NEW_RUST) });
    assert.deepEqual(names(touched.added), ['feature_enabled']);
  });
});

describe('hunk ranges', () => {
  const hunk = (oldStart: number, oldLines: number, newStart: number, newLines: number) => ({
    oldStart,
    oldLines,
    newStart,
    newLines,
    section: '',
    removed: [],
    added: [],
  });

  it('turns 1-based starts and counts into 0-based inclusive line ranges', () => {
    assert.deepEqual(hunkRange(hunk(3, 2, 3, 4), 'old'), { startLine: 2, endLine: 3 });
    assert.deepEqual(hunkRange(hunk(3, 2, 3, 4), 'new'), { startLine: 2, endLine: 5 });
  });

  it('turns a side with no lines into the empty range at the gap after the named line', () => {
    // `@@ -10,2 +9,0 @@`: old lines 10-11 were deleted after new line 9, so the gap is before 0-based line 9.
    assert.deepEqual(hunkRange(hunk(10, 2, 9, 0), 'new'), { startLine: 9, endLine: 8 });
    assert.deepEqual(hunkRange(hunk(0, 0, 1, 3), 'old'), { startLine: 0, endLine: -1 });
  });

  it('lists the ranges of every hunk of a file on the requested side', () => {
    const [file] = parseUnifiedDiff(
      ['diff --git a/x.py b/x.py', 'index 1..2 100644', '--- a/x.py', '+++ b/x.py', '@@ -2 +2 @@ def f():', '-    a', '+    b', '@@ -5,0 +6,2 @@', '+c', '+d', ''].join('\n'),
    );
    assert.deepEqual(changedRanges(file, 'new'), [
      { startLine: 1, endLine: 1 },
      { startLine: 5, endLine: 6 },
    ]);
    assert.equal(file.hunks[0].section, 'def f():');
  });
});

describe('parseUnifiedDiff on other producers', () => {
  it('reads plain `diff -u` output, which has no `diff --git` lines', () => {
    const files = parseUnifiedDiff(
      [
        '--- a/one.txt\t2024-01-01 10:00:00.000000000 +0100',
        '+++ b/one.txt\t2024-01-02 10:00:00.000000000 +0100',
        '@@ -1,2 +1,2 @@',
        ' keep',
        '-old',
        '+new',
        '--- a/two.txt\t2024-01-01 10:00:00.000000000 +0100',
        '+++ b/two.txt\t2024-01-02 10:00:00.000000000 +0100',
        '@@ -1 +1 @@',
        '-x',
        '\\ No newline at end of file',
        '+y',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      files.map((file) => [file.oldPath, file.newPath, file.hunks.map((h) => [h.removed, h.added])]),
      [
        ['one.txt', 'one.txt', [[['old'], ['new']]]],
        ['two.txt', 'two.txt', [[['x'], ['y']]]],
      ],
    );
  });

  it('skips combined merge diffs rather than misreading their three-way hunks', () => {
    const files = parseUnifiedDiff(
      ['diff --cc a.txt', 'index 1,2..3', '--- a/a.txt', '+++ b/a.txt', '@@@ -1,1 -1,1 +1,1 @@@', '- x', ' -y', '++z', ''].join('\n'),
    );
    assert.deepEqual(files, []);
  });
});
