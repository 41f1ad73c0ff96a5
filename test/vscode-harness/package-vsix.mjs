// Packages an extension folder into a .vsix with vsce: the project's own @vscode/vsce when it is a
// devDependency, else `npx @vscode/vsce@3.9.2` (3.x is the last line that runs on node 20; 4.x wants
// node >= 22). npx needs the npm registry the first time (~20 s), then its cache.
//
// CLI: node test/vscode-harness/package-vsix.mjs EXTENSION_DIR OUT.vsix

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './code-server.mjs';

export const VSCE_VERSION = '3.9.2';

export async function packageVsix(extensionDir, outFile, { timeoutMs = 180000 } = {}) {
  const dir = resolve(extensionDir);
  const out = resolve(outFile);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`${dir} has no package.json`);
  mkdirSync(dirname(out), { recursive: true });
  const localVsce = join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const [cmd, pre] = existsSync(localVsce)
    ? [localVsce, []]
    : ['npx', ['--yes', `@vscode/vsce@${VSCE_VERSION}`]];
  // A fixture has no repository or LICENSE; vsce would stop to ask about both.
  // Relative links (docs/…) stay relative: there is no published repository to point them at.
  const args = [...pre, 'package', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out];
  const { code, output } = await new Promise((res, rej) => {
    const child = spawn(cmd, args, {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(new Error(`vsce package did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      rej(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      res({ code, output });
    });
  });
  if (code !== 0 || !existsSync(out)) {
    throw new Error(`vsce package failed in ${dir} (exit ${code}):\n${output.trim()}`);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, out] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: package-vsix.mjs EXTENSION_DIR OUT.vsix');
    process.exit(2);
  }
  try {
    console.log(`packaged ${await packageVsix(dir, out)}`);
  } catch (err) {
    console.error(`ERROR: ${err.message}`);
    process.exit(1);
  }
}
