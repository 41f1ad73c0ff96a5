/**
 * `twin mail …` end to end against a real Dovecot: the real CLI process for the failure a user meets first
 * (a wrong password must end the process quickly with a clear message), and `registerMailCommand`
 * in-process for sync, pending, voice, draft-reply and import. (It tests src/cli/mail-command.ts; it lives
 * here beside the mail code it drives.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerMailCommand } from '../../cli/mail-command';
import { findPackageRoot } from '../embedding/package-root';
import { makeTempHome } from '../test-support/temp-twin';
import { Twin } from '../twin';
import { SidecarProcess } from '../../sidecar/test-support/sidecar-process';
import { closeImap, openImap } from './imap-connection';
import { startDovecot, type RunningDovecot } from './test-support/dovecot';
import { mbox } from './test-support/messages';
import { IDS, INBOX, SENT, rawMessages } from './test-support/sam-mailbox';

interface Run {
  stdout: string;
  stderr: string;
}

async function twinMail(args: string[], home: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const run: Run = { stdout: '', stderr: '' };
  const program = new Command().name('twin').exitOverride().configureOutput({ writeOut: (text) => (run.stdout += text), writeErr: (text) => (run.stderr += text) });
  registerMailCommand(program, { home, env, stdout: { write: (text: string) => (run.stdout += text) }, stderr: { write: (text: string) => (run.stderr += text) } });
  await program.parseAsync(['mail', ...args], { from: 'user' });
  return run;
}

describe('twin mail (real Dovecot)', function () {
  this.timeout(90_000);
  let dovecot: RunningDovecot;
  let temp: { home: string; cleanup(): void };
  let connection: string[];
  const env = () => ({ TWIN_IMAP_PASSWORD: dovecot.password, TWIN_NO_SIDECAR: '1' });

  before(async () => {
    dovecot = await startDovecot();
    dovecot.seed('Sent', rawMessages(SENT));
    dovecot.seed('INBOX', rawMessages(INBOX));
    temp = makeTempHome('twin-mail-cli');
    // The CLI opens the store itself with the default embedder: the built-in offline one.
    fs.writeFileSync(path.join(temp.home, 'config.json'), JSON.stringify({ embedder: { kind: 'offline' } }));
    connection = ['--host', dovecot.host, '--port', String(dovecot.port), '--user', dovecot.user, '--no-tls'];
  });
  after(async () => {
    temp?.cleanup();
    await dovecot?.stop();
  });

  it('exits at once with a clear message when the password is wrong (the real twin process)', async () => {
    const script = path.join(findPackageRoot(), 'out', 'src', 'cli', 'twin.js');
    const started = Date.now();
    const child = spawn(process.execPath, [script, 'mail', 'sync', ...connection], {
      env: { ...process.env, TWIN_HOME: temp.home, TWIN_IMAP_PASSWORD: 'wrong password', TWIN_NO_SIDECAR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(killer);
    assert.equal(code, 1, stderr);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.match(stderr, new RegExp(`twin: IMAP login failed for sam@example\\.com at 127\\.0\\.0\\.1:${dovecot.port}: check the password in TWIN_IMAP_PASSWORD`));
    assert.doesNotMatch(stderr, /wrong password/, 'the secret is never echoed');
    assert.equal(fs.existsSync(path.join(temp.home, 'memory.lancedb')), false, 'a failed login never opens the store');
  });

  it('syncs, lists pending replies, shows the voice, drafts a reply into Drafts, and imports mbox', async () => {
    const sync = await twinMail(['sync', ...connection], temp.home, env());
    assert.match(sync.stdout, /^Synced 13 new messages \(Sent 7, INBOX 6\) in [\d.]+ s: 13 stored, 7 of them yours, \d+ people updated\.\n$/);
    assert.match(sync.stderr, /Sent: 7\/7 messages/);
    const again = await twinMail(['sync', ...connection], temp.home, env());
    assert.match(again.stdout, /^Synced 0 new messages/);

    const pending = JSON.parse((await twinMail(['pending', '--json'], temp.home, env())).stdout) as Array<{ thread: string; messageId: string }>;
    assert.deepEqual(pending.map((item) => item.messageId), [IDS.annaLunch, IDS.bobFollowUp]);
    const human = await twinMail(['pending'], temp.home, env());
    assert.match(human.stdout, /Anna Berg <anna@acme\.test> — Lunch on Thursday\?\n\s+thread: a2-lunch@acme\.test/);

    const voice = await twinMail(['voice', '--to', 'bob@globex.test'], temp.home, env());
    assert.match(voice.stdout, /opens with "Dear Bob,"/);
    assert.match(voice.stdout, /tone formal/);

    const draft = await twinMail(['draft-reply', pending[0].thread, ...connection], temp.home, env());
    assert.match(draft.stdout, /^Hi Anna,\n\n[\s\S]*\n\nCheers,\nSam\n$/);
    assert.match(draft.stderr, /Saved in "Drafts" \(uid \d+\) as a draft replying to Anna Berg <anna@acme\.test>/);
    const client = await openImap({ host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false }, { password: dovecot.password });
    try {
      const status = await client.status('Drafts', { messages: true });
      assert.equal(status && status.messages, 1);
    } finally {
      await closeImap(client);
    }

    const file = path.join(temp.home, 'extra.mbox');
    fs.writeFileSync(file, mbox([{ from: 'Hal <hal@initech.test>', to: 'sam@example.com', subject: 'Hello', messageId: 'h1@initech.test', date: '2026-11-12T09:00:00Z', body: 'Hello Sam, are you around next week?' }]));
    const imported = await twinMail(['import', file], temp.home, env());
    assert.match(imported.stdout, /^Imported 1 message from mbox \(extra 1\) in [\d.]+ s: 1 stored, 0 of them yours, 1 people updated\.\n$/);

    const twin = await Twin.open({ home: temp.home, readOnly: true });
    try {
      const [hal] = await twin.internals.store.getByIds(['person:email:hal@initech.test']);
      assert.equal(hal.memory.kind, 'social');
      assert.equal((await twin.stats()).bySource.email, 13 + 1 + 1 + 5);
    } finally {
      await twin.close();
    }
  });

  it('stores through the running sidecar when VS Code has one, instead of opening the store', async () => {
    const sidecarHome = makeTempHome('twin-mail-sidecar');
    const sidecar = await SidecarProcess.start(sidecarHome.home);
    try {
      const sync = await twinMail(['sync', ...connection], sidecarHome.home, { TWIN_IMAP_PASSWORD: dovecot.password });
      assert.match(sync.stderr, /Storing through the running Twin sidecar/);
      assert.match(sync.stdout, /^Synced \d+ new messages/);
      const stats = (await sidecar.request('twin/stats', {})) as { bySource: Record<string, number> };
      assert.ok(stats.bySource.email >= 13, JSON.stringify(stats.bySource));
      const [recalled] = await sidecar.request('twin/recall', { query: 'retry loop billing PR', limit: 1, filter: { source: 'email', author: 'sam@example.com' } });
      assert.equal(recalled.memory.id, 'email:s1@example.com');

      // Forgetting email keeps the sync cursors: the next sync (the collector's every 5 minutes) reads only new mail.
      await sidecar.request('twin/forget', { source: 'email' });
      const after = await twinMail(['sync', ...connection], sidecarHome.home, { TWIN_IMAP_PASSWORD: dovecot.password });
      assert.match(after.stdout, /^Synced 0 new messages/);
      const forgotten = (await sidecar.request('twin/stats', {})) as { bySource: Record<string, number> };
      assert.equal(forgotten.bySource.email ?? 0, 0, 'the forget is not undone');
      assert.equal(fs.existsSync(path.join(sidecarHome.home, 'mail', 'index.json')), false);

      // Reading it again is the user's explicit act.
      const again = await twinMail(['sync', '--from-start', ...connection], sidecarHome.home, { TWIN_IMAP_PASSWORD: dovecot.password });
      assert.match(again.stdout, /^Synced 13 new messages \(Sent 7 \(read again from the start\), INBOX 6 \(read again from the start\)\)/);
      const back = (await sidecar.request('twin/stats', {})) as { bySource: Record<string, number> };
      assert.ok(back.bySource.email >= 13, JSON.stringify(back.bySource));
    } finally {
      await sidecar.stop();
      sidecarHome.cleanup();
    }
  });
});
