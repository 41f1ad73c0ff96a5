// Pins the harness' own contract on the fixture extension, in a real extension host:
// a green suite exits 0 with its tests counted, a suite with a failing assertion exits 1.
//
//   node test/vscode-harness/self-check.mjs        (~25 s; needs scripts/vscode/install-code-server.sh)

import { join } from 'node:path';
import { REPO_ROOT } from './code-server.mjs';
import { runExtensionTests } from './run-extension-tests.mjs';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'harness-extension');

const checks = [
  {
    name: 'a green suite in the real host exits 0 and reports every test',
    tests: join(FIXTURE, 'test', 'suite', 'index.js'),
    expect: (r) => r.exitCode === 0 && r.passed === 6 && r.failed === 0,
  },
  {
    name: 'a failing assertion in the real host makes the run exit 1',
    tests: join(FIXTURE, 'test', 'suite-failing', 'index.js'),
    expect: (r) => r.exitCode === 1 && r.passed === 1 && r.failed === 1,
  },
];

let passed = 0;
let failed = 0;
for (const check of checks) {
  const lines = [];
  let result;
  try {
    result = await runExtensionTests({
      extensionDevelopmentPath: FIXTURE,
      extensionTestsPath: check.tests,
      workspace: join(FIXTURE, 'workspace'),
      timeoutMs: 180_000,
      print: (line) => lines.push(line),
    });
  } catch (err) {
    result = { error: err };
  }
  if (!result.error && check.expect(result)) {
    passed++;
    console.log(`  ✔ ${check.name} (${result.timings.totalMs} ms)`);
  } else {
    failed++;
    console.log(`  ✘ ${check.name}`);
    console.log(`    got ${result.error ? `error: ${result.error.message}` : JSON.stringify({ ...result, timings: undefined })}`);
    console.log(lines.map((l) => `    | ${l}`).join('\n'));
  }
}
console.log(`harness: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
