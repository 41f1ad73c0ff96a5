import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempHome } from '../core/test-support/temp-twin';
import { SidecarState, STATE_FILE } from './sidecar-state';

describe('The sidecar state file', function () {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => ({ home, cleanup } = makeTempHome('twin-state')));
  afterEach(() => cleanup());

  it('starts observing when there is no state yet, and remembers a pause', () => {
    const state = SidecarState.load(home);
    assert.equal(state.paused, false);
    state.setPaused(true);
    assert.equal(SidecarState.load(home).paused, true);
    assert.equal(fs.statSync(path.join(home, STATE_FILE)).mode & 0o077, 0);
  });

  it('stays paused, and says why, when the file cannot be understood', () => {
    fs.writeFileSync(path.join(home, STATE_FILE), '{"paused": "maybe"}');
    const warnings: string[] = [];
    assert.equal(SidecarState.load(home, (message) => warnings.push(message)).paused, true);
    assert.match(warnings[0], /observation stays paused until it is set again/);
  });
});
