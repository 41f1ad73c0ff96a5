/**
 * `twin collectors …` in-process with no sidecar: it writes config.json and consent.json itself. (Through
 * a running sidecar: src/sidecar/collectors/collectors-rpc.test.ts.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { makeTempHome } from '../core/test-support/temp-twin';
import { capturesHash, consentFilePath } from '../sidecar/collectors/collector-consent';
import { TickingCollector, tickingDefinition } from '../sidecar/collectors/test-support/test-collectors';
import { registerCollectorsCommand } from './collectors-command';

const BROWSER_CAPTURES = 'Pages you visit in Chromium and Firefox: title, address, time. Never page contents.';

async function twinCollectors(home: string, args: string[], stdin: { text?: string; tty?: boolean } = {}): Promise<{ stdout: string; stderr: string }> {
  const run = { stdout: '', stderr: '' };
  const program = new Command()
    .name('twin')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (run.stdout += text), writeErr: (text) => (run.stderr += text) });
  const input = Object.assign(Readable.from(stdin.text === undefined ? [] : [stdin.text]), { isTTY: stdin.tty ?? false });
  registerCollectorsCommand(program, {
    home,
    stdout: { write: (text: string) => (run.stdout += text) },
    stderr: { write: (text: string) => (run.stderr += text) },
    stdin: input,
    definitions: () => [tickingDefinition('screen'), tickingDefinition('browser', BROWSER_CAPTURES)],
  });
  await program.parseAsync(['collectors', ...args], { from: 'user' });
  return run;
}

describe('twin collectors (no sidecar)', function () {
  let home: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ home, cleanup } = makeTempHome('twin-collectors-cli'));
    TickingCollector.instances = [];
  });
  afterEach(() => cleanup());

  it('shows what a collector captures and turns it on only after a y on the terminal', async () => {
    const declined = await twinCollectors(home, ['enable', 'browser'], { text: 'n\n', tty: true });
    assert.match(declined.stderr, /asks before its first run:\n\n {2}Pages you visit in Chromium and Firefox: title, address, time\. Never page contents\./);
    assert.match(declined.stderr, /Allow the browser collector\? \[y\/N\]/);
    assert.match(declined.stdout, /stays off: you did not allow it/);
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false, 'declining writes nothing');

    const accepted = await twinCollectors(home, ['enable', 'browser'], { text: 'y\n', tty: true });
    assert.match(accepted.stdout, /The browser collector is on; it starts with the sidecar\./);
    const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
    assert.equal(config.collectors.browser.enabled, true);
    assert.equal(config.collectors.screen.enabled, false);
    const consent = JSON.parse(fs.readFileSync(consentFilePath(home), 'utf8'));
    assert.equal(consent.browser.capturesHash, capturesHash(BROWSER_CAPTURES));
    assert.equal(TickingCollector.instances.filter((instance) => instance.starts > 0).length, 0, 'the CLI itself never runs a collector');

    const listed = await twinCollectors(home, ['list']);
    assert.match(listed.stdout, /browser {2}on {3}\(starts with the sidecar\) {2}· allowed \d{4}-\d\d-\d\d/);
    assert.match(listed.stdout, /screen {3}off {2}not allowed yet/);
    assert.match(listed.stdout, /No sidecar is running/);

    const again = await twinCollectors(home, ['enable', 'browser']);
    assert.doesNotMatch(again.stderr, /Allow/, 'consent once given is not asked again');

    await twinCollectors(home, ['disable', 'browser']);
    const after = JSON.parse((await twinCollectors(home, ['list', '--json'])).stdout);
    assert.deepEqual(
      after.map((view: { id: string; enabled: boolean; consent: { granted: boolean } }) => [view.id, view.enabled, view.consent.granted]),
      [
        ['screen', false, false],
        ['browser', false, true],
      ],
    );
  });

  it('refuses to guess consent without a terminal, and --yes accepts', async () => {
    await assert.rejects(twinCollectors(home, ['enable', 'screen']), /Cannot ask for consent without a terminal: .*run again with --yes/);
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false);
    const run = await twinCollectors(home, ['enable', 'screen', '--yes', '--json']);
    assert.match(run.stderr, /The screen collector records test samples/, 'the text is shown even when accepted by flag');
    const view = JSON.parse(run.stdout);
    assert.equal(view.enabled, true);
    assert.equal(view.consent.granted, true);
  });

  it('names the collectors there are when given another', async () => {
    await assert.rejects(twinCollectors(home, ['enable', 'webcam', '--yes']), /There is no collector "webcam": use one of screen, browser\./);
    await assert.rejects(twinCollectors(home, ['disable', 'mail']), /The mail collector is not installed in this build of Twin\./);
  });
});
