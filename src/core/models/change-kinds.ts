/**
 * What kind of file a changed path is — tests, docs, CI, build, tooling config or source — judged from
 * the path alone, the way a reader of `git status` would. The commit drafter picks a type from these.
 */
import * as path from 'node:path';

export type FileKind = 'test' | 'docs' | 'ci' | 'build' | 'config' | 'source';

const TEST_DIR = /(^|\/)(__tests__|__mocks__|tests?|specs?|testdata|fixtures)\//i;
const TEST_FILE = /(\.(test|spec)\.[^./]+$)|(_test\.(go|py|rb|exs?)$)|((^|\/)test_[^/]+\.py$)|(Tests?\.(java|kt|cs|swift)$)/;
const DOC_EXTENSIONS = new Set(['.md', '.mdx', '.rst', '.adoc', '.asciidoc', '.txt']);
const DOC_NAMES = /^(readme|changelog|changes|history|contributing|code_of_conduct|license|licence|authors|notice|security|support)(\.|$)/i;
const DOC_DIR = /(^|\/)docs?\//i;
const CI = /(^|\/)(\.github\/workflows\/|\.circleci\/|\.buildkite\/)|(^|\/)(\.gitlab-ci\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|Jenkinsfile|appveyor\.ya?ml|bitbucket-pipelines\.ya?ml)$/;
const BUILD_NAMES = new Set([
  'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'tsconfig.json',
  'makefile', 'gnumakefile', 'dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'cmakelists.txt', 'meson.build',
  'cargo.toml', 'cargo.lock', 'go.mod', 'go.sum', 'pyproject.toml', 'setup.py', 'setup.cfg', 'poetry.lock', 'pipfile', 'pipfile.lock',
  'requirements.txt', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'pom.xml', 'gemfile', 'gemfile.lock', 'composer.json', 'composer.lock',
]);
const BUILD_PATTERN = /^(tsconfig\..*\.json|requirements[-.].*\.txt|(esbuild|webpack|rollup|vite|tsup|babel|jest|vitest|karma)\.config\.[cm]?[jt]s|esbuild\.[cm]?js|.*\.dockerfile)$/i;
const CONFIG_PATTERN = /^(\.(gitignore|gitattributes|editorconfig|npmrc|nvmrc|node-version|prettierrc.*|prettierignore|eslintrc.*|eslintignore|stylelintrc.*|markdownlint.*|vscodeignore|dockerignore)|(prettier|eslint|biome|commitlint|lint-staged|renovate|dependabot)\.(config\.)?[a-z]+|biome\.jsonc?|\.mocharc\..*|codecov\.ya?ml)$/i;

export function fileKind(filePath: string): FileKind {
  const normalized = filePath.replace(/\\/g, '/');
  const base = path.posix.basename(normalized);
  if (CI.test(normalized) || normalized.startsWith('.github/dependabot')) return 'ci';
  if (TEST_FILE.test(normalized) || TEST_DIR.test(normalized)) return 'test';
  if (BUILD_NAMES.has(base.toLowerCase()) || BUILD_PATTERN.test(base)) return 'build';
  if (CONFIG_PATTERN.test(base) || normalized.startsWith('.vscode/') || normalized.startsWith('.devcontainer/')) return 'config';
  if (DOC_NAMES.test(base) || DOC_EXTENSIONS.has(path.posix.extname(base).toLowerCase()) || DOC_DIR.test(normalized)) return 'docs';
  return 'source';
}

export function isLockfile(filePath: string): boolean {
  return /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|cargo\.lock|go\.sum|poetry\.lock|pipfile\.lock|gemfile\.lock|composer\.lock)$/i.test(filePath);
}

/**
 * How people name a file in a sentence: without folder or extension, without a test suffix, and a
 * folder's index file by its folder (`src/api/index.ts` → `api`).
 */
export function displayName(filePath: string): string {
  const normalized = filePath.replace(/\\/g, '/');
  const base = path.posix.basename(normalized);
  if (DOC_NAMES.test(base)) return base.replace(/\.[^.]+$/, '');
  let name = base
    .replace(/\.(test|spec)(?=\.[^.]+$)/, '')
    .replace(/_test(?=\.[^.]+$)/, '')
    .replace(/^test_(?=.+\.py$)/, '')
    .replace(/\.(d\.ts|[^.]+)$/, '');
  if (/^(index|main|mod|__init__|lib)$/.test(name)) {
    const parent = path.posix.basename(path.posix.dirname(normalized));
    if (parent && parent !== '.') name = parent;
  }
  return name;
}

/** How a document is named in a sentence: README and CHANGELOG bare, other documents with their extension ("models.md"). */
export function documentName(filePath: string): string {
  const base = path.posix.basename(filePath.replace(/\\/g, '/'));
  return DOC_NAMES.test(base) ? base.replace(/\.[^.]+$/, '') : base;
}
