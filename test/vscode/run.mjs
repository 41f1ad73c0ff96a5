#!/usr/bin/env node
/**
 * Runs Twin's integration tests inside a real VS Code (code-server) extension host: prepares a git
 * workspace and a fresh TWIN_HOME, loads the repository as the extension under development, and exits
 * with mocha's result.
 *
 *   npm run build && npx tsc -p . && node test/vscode/run.mjs [--debug]
 *   TWIN_IT_GREP='@twin /code' node test/vscode/run.mjs   (only the tests whose titles match)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExtensionTests } from '../vscode-harness/run-extension-tests.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'twin-vscode-it-'));
const workspace = join(scratch, 'workspace');
const twinHome = join(scratch, 'twin-home');
cpSync(join(root, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });
const git = (...args) => execFileSync('git', args, { cwd: workspace, stdio: 'pipe' });
git('init', '-q', '-b', 'main');
git('config', 'user.email', 'dev@example.com');
git('config', 'user.name', 'Dev Example');
git('add', '-A');
git('commit', '-q', '-m', 'chore: initial import of the config service');

let exitCode = 2;
try {
  const result = await runExtensionTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test/vscode/index.js'),
    workspace,
    inPlace: true,
    env: { TWIN_HOME: twinHome, TWIN_IT_WORKSPACE: workspace, ...(process.env.TWIN_IT_GREP ? { TWIN_IT_GREP: process.env.TWIN_IT_GREP } : {}) },
    timeoutMs: 300_000,
    screenshotPath: join(root, 'out/screenshots/vscode-integration.png'),
    debug: process.argv.includes('--debug'),
  });
  exitCode = result.exitCode;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
