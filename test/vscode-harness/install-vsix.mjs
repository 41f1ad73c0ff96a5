// Installs a .vsix into a code-server extensions dir, for e2e checks of the packaged extension:
//
//   const extensionsDir = await installVsix('twin.vsix');           // fresh temp dir
//   const wb = await openWorkbench({ workspace, extensionsDir });    // browser.mjs
//
// CLI: node test/vscode-harness/install-vsix.mjs FILE.vsix [EXTENSIONS_DIR]

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry } from './code-server.mjs';

/**
 * @param {string} vsixPath
 * @param {object} [opts]
 * @param {string} [opts.extensionsDir] default: a new temp dir (returned; the caller removes it)
 * @param {number} [opts.timeoutMs]     default 120000
 * @returns {Promise<string>} the extensions dir
 */
export async function installVsix(vsixPath, opts = {}) {
  const vsix = resolve(vsixPath);
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: build it first (npx @vscode/vsce@3 package).`);
  const ownDir = !opts.extensionsDir;
  const extensionsDir = ownDir ? mkdtempSync(join(tmpdir(), 'twin-extensions-')) : resolve(opts.extensionsDir);
  mkdirSync(extensionsDir, { recursive: true });
  // code-server keeps its config, logs and user data in these; none of them should land in $HOME.
  const scratch = mkdtempSync(join(tmpdir(), 'twin-vsix-install-'));
  const args = [
    codeServerEntry(),
    '--user-data-dir', join(scratch, 'user-data'),
    '--extensions-dir', extensionsDir,
    '--config', join(scratch, 'config.yaml'),
    '--install-extension', vsix,
    '--force',
  ];
  try {
    const { code, output } = await new Promise((res, rej) => {
      const child = spawn(process.execPath, args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, EXTENSIONS_GALLERY: '{}' },
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
        rej(new Error(`code-server --install-extension ${vsix} did not finish in ${opts.timeoutMs ?? 120000} ms:\n${output}`));
      }, opts.timeoutMs ?? 120000);
      child.on('error', (err) => {
        clearTimeout(timer);
        rej(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        res({ code, output });
      });
    });
    // code-server reports some install failures on stderr yet exits 0: check the words too.
    if (code !== 0 || !/was successfully installed/.test(output)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${output.trim()}`);
    }
    return extensionsDir;
  } catch (err) {
    if (ownDir) rmSync(extensionsDir, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [vsix, dir] = process.argv.slice(2);
  if (!vsix) {
    console.error('usage: install-vsix.mjs FILE.vsix [EXTENSIONS_DIR]');
    process.exit(2);
  }
  try {
    const extensionsDir = await installVsix(vsix, { extensionsDir: dir });
    console.log(`installed ${vsix} into ${extensionsDir}`);
  } catch (err) {
    console.error(`ERROR: ${err.message}`);
    process.exit(1);
  }
}
