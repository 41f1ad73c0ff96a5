// Loaded inside the extension host in place of the suite's tests module (run-extension-tests.mjs
// writes a one-line entry that calls wrap()). In test mode the workbench logs the host's console
// exactly like its own chatter, so the shim marks every console line of the host; the runner prints
// the marked lines and keeps the rest for --debug.
'use strict';

const util = require('util');

const MARK = '\u2063twin-host\u2063';

function wrap(testsPath) {
  for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
    const forward = console[method];
    // The host's console forwarder defines these as getters whose setter ignores assignment, so a
    // plain `console.log = ...` is silently dropped: redefine the property instead.
    // One preformatted string: the runner then never applies printf rules to the text a second time.
    const marked = (...args) => forward.call(console, MARK + util.format(...args));
    Object.defineProperty(console, method, { configurable: true, enumerable: true, get: () => marked, set: () => {} });
  }
  return {
    run(...args) {
      const tests = require(testsPath);
      if (typeof tests.run !== 'function') {
        throw new Error(`${testsPath} does not export run(); export a function that runs mocha and returns a promise.`);
      }
      return tests.run(...args);
    },
  };
}

module.exports = { wrap, MARK };
