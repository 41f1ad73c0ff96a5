import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { MemoryInput } from '../../types';
import { ScreenCollector, type ScreenCollectorOptions } from './screen-collector';
import { RecordingSink } from './test-support/recording-sink';
import { type XWindow, XSession } from './test-support/x-session';

/** Fast cadence so each behaviour shows within a second or two. */
const FAST: ScreenCollectorOptions = { sampleIntervalMs: 250, minSessionMs: 750, flushEveryMs: 500 };
const KNOWN_TEXT = 'TWIN OCR CHECK 4711';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sessionsTitled(sink: RecordingSink, title: string): MemoryInput[] {
  return sink.withPrefix('screen:').filter((memory) => memory.meta?.title === title);
}

describe('ScreenCollector on a real X display (Xvfb + openbox + xterm)', function () {
  this.timeout(30_000);
  let x: XSession;
  let notes: XWindow;
  let build: XWindow;
  const collectors: ScreenCollector[] = [];

  const collector = (options: ScreenCollectorOptions = {}) => {
    const made = new ScreenCollector({ env: x.env(), ...FAST, ...options });
    collectors.push(made);
    return made;
  };

  before(async () => {
    x = await XSession.start();
    notes = await x.xterm('notes.md - vim', KNOWN_TEXT);
    build = await x.xterm('npm run build', 'webpack compiled successfully');
  });

  afterEach(async () => {
    for (const made of collectors.splice(0)) await made.stop();
  });

  after(async () => {
    await x?.stop();
  });

  it('remembers the active window as a session of app and title, rewritten in place while it grows', async () => {
    await x.activate(notes);
    const sink = new RecordingSink();
    const screen = collector();
    await screen.start(sink);
    const grown = await until('the session to reach 1.5 s', () =>
      sessionsTitled(sink, 'notes.md - vim').find((memory) => (memory.meta?.durationMs as number) >= 1500),
    );
    await screen.stop();

    const sessions = sessionsTitled(sink, 'notes.md - vim');
    assert.equal(sessions.length, 1, 'one session, not one memory per sample');
    const [session] = sessions;
    assert.equal(session.id, grown.id);
    assert.match(session.id as string, /^screen:\d{13}:[0-9a-f]{16}$/);
    assert.match(session.text, /^Used xterm — 'notes\.md - vim' for \d+ s$/);
    assert.equal(session.source, 'screen');
    assert.equal(session.kind, 'episodic');
    assert.equal(session.meta?.app, 'xterm');
    assert.ok((session.meta?.durationMs as number) >= 1500);
    const writes = sink.calls.filter((call) => call.memories.some((memory) => memory.id === session.id));
    assert.ok(writes.length >= 2, `the growing session was rewritten under its id (${writes.length} writes)`);
    const status = screen.status();
    assert.equal(status.captured, 1);
    assert.equal(status.running, false);
    assert.equal(status.lastError, undefined);
    assert.ok(status.lastRunAt && status.lastActivityAt);
    assert.equal(status.detail, 'Sampling every 0.25 s, OCR off');
  });

  it('drops the open session when stopped for a forget, so a forgotten session is not written back', async () => {
    await x.activate(notes);
    // Written once when long enough, then not again until it ends: what stop does with it shows.
    const slow = { flushEveryMs: 60_000 };
    const kept = new RecordingSink();
    const ending = collector(slow);
    await ending.start(kept);
    const first = await until('the session to be written once', () => sessionsTitled(kept, 'notes.md - vim')[0]);
    await until('the session to grow past what was written', () => (ending.status().lastRunAt ?? 0) - (first.meta?.end as number) >= 500);
    await ending.stop();
    assert.ok((sessionsTitled(kept, 'notes.md - vim')[0].meta?.end as number) > (first.meta?.end as number), 'a plain stop ends the session with what it has');

    const sink = new RecordingSink();
    const screen = collector(slow);
    await screen.start(sink);
    const written = await until('the session to be written once', () => sessionsTitled(sink, 'notes.md - vim')[0]);
    await until('the session to grow past what was written', () => (screen.status().lastRunAt ?? 0) - (written.meta?.end as number) >= 500);
    // The user forgets it (the store drops it), and the host stops the collector for the forget.
    sink.memories.delete(written.id as string);
    const calls = sink.calls.length;
    await screen.stop({ reason: 'forget' });
    assert.equal(sink.calls.length, calls, 'nothing handed over while stopping for a forget');
    assert.equal(sink.memories.has(written.id as string), false, 'the forgotten session stays forgotten');
  });

  it('starts a new session when another window becomes active, and names only the app in its status', async () => {
    await x.activate(notes);
    const sink = new RecordingSink();
    const screen = collector();
    await screen.start(sink);
    await until('a session of the first window', () => sessionsTitled(sink, 'notes.md - vim').length === 1);
    assert.equal(screen.status().detail?.startsWith('xterm ('), true);
    assert.doesNotMatch(screen.status().detail ?? '', /notes/);

    await x.activate(build);
    await until('a session of the second window', () => sessionsTitled(sink, 'npm run build').length === 1);
    await x.activate(notes);
    await until('a second session of the first window', () => sessionsTitled(sink, 'notes.md - vim').length === 2);

    const [first, again] = sessionsTitled(sink, 'notes.md - vim').sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
    const [between] = sessionsTitled(sink, 'npm run build');
    assert.notEqual(first.id, again.id);
    assert.ok((first.meta?.end as number) <= (between.meta?.start as number), 'the first session ended before the switch');
    assert.ok((between.meta?.end as number) <= (again.meta?.start as number));
    assert.match(between.text, /^Used xterm — 'npm run build' for \d+ s$/);
  });

  it('keeps nothing at all of an excluded window: no session, no OCR, no mention', async () => {
    const privateWindow = await x.xterm('Secret plans — Mozilla Firefox Private Browsing', 'SECRET PLANS 9090');
    const vault = await x.xterm('Vault', 'VAULT CONTENT 5150', ['-name', 'keepassxc']);
    const sink = new RecordingSink();
    const screen = collector({ ocr: { enabled: true } });
    await x.activate(privateWindow);
    await screen.start(sink);
    await sleep(1500);
    await x.activate(vault);
    await sleep(1500);
    const sampled = screen.metrics().samples;
    assert.ok(sampled >= 6, `it kept sampling (${sampled} samples)`);
    assert.equal(sink.calls.length, 0, 'nothing handed over while only excluded windows were active');
    assert.match(screen.status().detail ?? '', /^Sampling /, 'the status does not name the excluded app');

    await x.activate(notes);
    await until('the next ordinary window to be recorded', () => sessionsTitled(sink, 'notes.md - vim').length === 1);
    await screen.stop();
    const everything = sink.everything();
    for (const secret of ['Private Browsing', 'Secret plans', 'SECRET', '9090', 'Vault', 'VAULT', 'keepassxc']) {
      assert.ok(!everything.includes(secret), `"${secret}" never reached the sink`);
    }
    privateWindow.process.kill();
    vault.process.kill();
  });

  it('reads the known text in the active window with OCR, attached to its session, without writing an image to disk', async () => {
    await x.activate(notes);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-screen-tmp-'));
    try {
      const sink = new RecordingSink();
      const screen = collector({ env: x.env({ TMPDIR: scratch, MAGICK_TEMPORARY_PATH: scratch }), ocr: { enabled: true } });
      await screen.start(sink);
      const [read] = await until('an OCR memory', () => {
        const found = sink.withPrefix('screen-ocr:');
        return found.length ? found : undefined;
      });
      await screen.stop();

      assert.match(read.text, /^Text on screen in xterm — 'notes\.md - vim':\n/);
      assert.ok(read.text.includes(KNOWN_TEXT), `OCR found the known text (got ${JSON.stringify(read.text.slice(0, 200))})`);
      const session = sink.memories.get(read.meta?.session as string);
      assert.ok(session, 'the OCR memory names a stored session');
      assert.equal(session.meta?.title, 'notes.md - vim');
      assert.match(read.id as string, new RegExp(`^screen-ocr:${(session.id as string).slice('screen:'.length)}:\\d{13}$`));
      assert.equal(screen.metrics().ocrRuns, 1, 'one pass: the next is due a full OCR interval later');
      assert.deepEqual(fs.readdirSync(scratch), [], 'no capture was written to a temp file');
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('runs nothing and keeps nothing while paused, and ends the open session at the pause', async () => {
    await x.activate(notes);
    const sink = new RecordingSink();
    sink.paused = true;
    const screen = collector({ ocr: { enabled: true } });
    await screen.start(sink);
    await sleep(1200);
    assert.equal(screen.metrics().samples, 0, 'no X tool ran while paused');
    assert.equal(sink.calls.length, 0);
    assert.equal(screen.status().lastRunAt, undefined);
    assert.equal(screen.status().running, true);
    assert.equal(screen.status().detail, 'Paused: not sampling');

    sink.paused = false;
    const [before] = await until('a session after resuming', () => {
      const found = sessionsTitled(sink, 'notes.md - vim');
      return found.length ? found : undefined;
    });
    sink.paused = true;
    await sleep(800);
    const callsWhilePaused = sink.calls.length;
    const samplesWhilePaused = screen.metrics().samples;
    await sleep(800);
    assert.equal(sink.calls.length, callsWhilePaused, 'nothing handed over while paused');
    assert.equal(screen.metrics().samples, samplesWhilePaused, 'no sampling while paused');

    sink.paused = false;
    await until('a new session after the pause', () => sessionsTitled(sink, 'notes.md - vim').length === 2);
    const after = sessionsTitled(sink, 'notes.md - vim').find((memory) => memory.id !== before.id) as MemoryInput;
    assert.ok((after.meta?.start as number) > (before.meta?.end as number), 'the pause ended the first session');
  });

  it('says what is wrong when there is no display or no xdotool, and keeps running without throwing', async () => {
    const cases: Array<{ env: NodeJS.ProcessEnv; expect: RegExp }> = [
      { env: { PATH: process.env.PATH }, expect: /^No X display: DISPLAY is not set/ },
      { env: { PATH: process.env.PATH, DISPLAY: ':4711' }, expect: /^Cannot open the X display ":4711"/ },
      { env: { PATH: '/nonexistent', DISPLAY: x.display }, expect: /^xdotool is not installed .*apt-get install xdotool/ },
    ];
    for (const { env, expect } of cases) {
      const sink = new RecordingSink();
      const screen = collector({ env });
      await screen.start(sink);
      const message = await until(`an error matching ${expect}`, () => screen.status().lastError);
      assert.match(message, expect);
      assert.equal(screen.status().running, true);
      assert.equal(sink.calls.length, 0);
      assert.equal(sink.logged.filter((line) => line.startsWith('warn')).length, 1, 'said once, not at every retry');
      await screen.stop();
    }
  });
});
