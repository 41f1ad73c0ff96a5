/**
 * Entry the real VS Code extension host loads (via the harness's payload URL): runs this folder's
 * `*.test.js` with mocha 10 and prints the plain `N passed, N failed` line CI reads. `TWIN_IT_GREP` narrows
 * the run to matching test titles.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');

export function run(): Promise<void> {
  // TWIN_IT_GREP runs only the tests whose titles match (e.g. `TWIN_IT_GREP='/code' node test/vscode/run.mjs`).
  const grep = process.env.TWIN_IT_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      console.log(`${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed.`));
      else resolve();
    });
  });
}
