/**
 * Repository-level signs of a test framework: config files, dependencies and the test script. They weigh
 * more than one import in one file, since they say what the whole project runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { add, Counts } from './stats';

const CONFIG_WEIGHT = 5;
const PACKAGE_WEIGHT = 3;

const JS_CONFIGS: ReadonlyArray<[RegExp, string]> = [
  [/^\.mocharc(\.(js|cjs|mjs|json|jsonc|yml|yaml))?$/, 'mocha'],
  [/^jest\.config\.[cm]?[jt]s(on)?$/, 'jest'],
  [/^vitest\.(config|workspace)\.[cm]?[jt]s$/, 'vitest'],
  [/^ava\.config\.[cm]?js$/, 'ava'],
];
const JS_RUNNERS = ['mocha', 'jest', 'vitest', 'ava'];

export interface TestSignals {
  javascript: Counts;
  python: Counts;
}

export function repositoryTestSignals(root: string, tracked: readonly string[]): TestSignals {
  const javascript: Counts = {};
  const python: Counts = {};
  for (const file of tracked) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    for (const [pattern, framework] of JS_CONFIGS) if (pattern.test(base)) add(javascript, framework, CONFIG_WEIGHT);
    if (base === 'pytest.ini' || base === 'conftest.py') add(python, 'pytest', CONFIG_WEIGHT);
  }
  const packageJson = readJson(path.join(root, 'package.json'));
  if (packageJson) {
    const deps = { ...(packageJson.dependencies as object), ...(packageJson.devDependencies as object) } as Record<string, unknown>;
    for (const runner of JS_RUNNERS) if (deps[runner]) add(javascript, runner, PACKAGE_WEIGHT);
    if (packageJson.jest) add(javascript, 'jest', PACKAGE_WEIGHT);
    const testScript = String((packageJson.scripts as Record<string, unknown> | undefined)?.test ?? '');
    for (const runner of JS_RUNNERS) if (new RegExp(`\\b${runner}\\b`).test(testScript)) add(javascript, runner, PACKAGE_WEIGHT);
    if (/\bnode\b[^&|;]*--test\b/.test(testScript)) add(javascript, 'node:test', PACKAGE_WEIGHT);
  }
  const pyproject = readText(path.join(root, 'pyproject.toml'));
  if (pyproject && /^\[tool\.pytest(\.ini_options)?\]/m.test(pyproject)) add(python, 'pytest', CONFIG_WEIGHT);
  if (/^\[tool:pytest\]/m.test(readText(path.join(root, 'setup.cfg')) ?? '')) add(python, 'pytest', PACKAGE_WEIGHT);
  if (/^\[pytest\]/m.test(readText(path.join(root, 'tox.ini')) ?? '')) add(python, 'pytest', PACKAGE_WEIGHT);
  return { javascript, python };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
