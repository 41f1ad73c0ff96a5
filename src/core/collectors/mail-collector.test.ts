import assert from 'node:assert/strict';
import { startDovecot, type RunningDovecot } from '../mail/test-support/dovecot';
import { rfc822 } from '../mail/test-support/messages';
import { INBOX, SAM, SENT, rawMessages } from '../mail/test-support/sam-mailbox';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import type { MemoryInput } from '../types';
import type { CollectorSink } from './collector';
import { credentialsFromEnv, MailCollector } from './mail-collector';

describe('MailCollector (real Dovecot)', function () {
  this.timeout(60_000);
  let dovecot: RunningDovecot;
  let twin: Twin;
  let cleanup: () => Promise<void>;
  let paused = false;
  const logs: string[] = [];
  let sink: CollectorSink;

  before(async () => {
    dovecot = await startDovecot();
    dovecot.seed('Sent', rawMessages(SENT));
    dovecot.seed('INBOX', rawMessages(INBOX));
    let home: string;
    ({ twin, home, cleanup } = await openTempTwin());
    sink = {
      home,
      isPaused: () => paused,
      remember: async (memories: MemoryInput[]) => {
        if (paused) return { stored: false };
        await twin.remember(memories);
        return { stored: true };
      },
      log: { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    };
  });
  after(async () => {
    await cleanup?.();
    await dovecot?.stop();
  });

  it('is off by default and says plainly what it captures and never does', () => {
    const collector = new MailCollector({ account: { host: '127.0.0.1', port: 1, user: 'u', tls: false }, credentials: () => undefined });
    assert.equal(collector.description.defaultEnabled, false);
    assert.equal(collector.description.id, 'mail');
    assert.match(collector.description.captures, /never sends mail/);
    assert.deepEqual(credentialsFromEnv({ TWIN_IMAP_PASSWORD: 'p' }), { password: 'p' });
    assert.deepEqual(credentialsFromEnv({ TWIN_IMAP_TOKEN: 't', TWIN_IMAP_PASSWORD: 'p' }), { accessToken: 't' });
    assert.equal(credentialsFromEnv({}), undefined);
  });

  it('syncs on start and on schedule, honours pause, and reports status', async () => {
    let asked = 0;
    const collector = new MailCollector({
      account: { host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false },
      credentials: async () => (asked++, { password: dovecot.password }),
      intervalMs: 60_000,
    });
    await collector.start(sink);
    await waitFor(() => collector.status().lastRunAt !== undefined);
    const first = collector.status();
    assert.equal(first.running, true);
    assert.ok(first.captured >= SENT.length + INBOX.length, `captured ${first.captured}`);
    assert.match(first.detail!, /sam@example\.com: 13 new messages last sync, 2 awaiting your reply/);
    assert.equal(asked, 1);

    // Paused: a run stores nothing and the message waits for the next run after resuming.
    paused = true;
    dovecot.seed('INBOX', [rfc822({ from: 'Gus <gus@acme.test>', to: SAM, subject: 'Hi', messageId: 'g1@acme.test', date: '2026-11-10T08:00:00Z', body: 'Hello Sam, quick question about the deploy.' })]);
    await collector.syncNow();
    assert.equal(collector.status().captured, first.captured);
    assert.match(collector.status().detail!, /paused/);
    assert.equal((await twin.internals.store.getByIds(['email:g1@acme.test'])).length, 0);

    paused = false;
    await collector.syncNow();
    assert.equal((await twin.internals.store.getByIds(['email:g1@acme.test'])).length, 1);
    assert.ok(collector.status().captured > first.captured);
    await collector.stop();
    assert.equal(collector.status().running, false);
    assert.ok(!logs.some((line) => /quick question/.test(line)), 'logs carry counts, never message text');
  });

  it('reports a wrong password in its status instead of throwing', async () => {
    const collector = new MailCollector({
      account: { host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false },
      credentials: () => ({ password: 'wrong' }),
    });
    await collector.start(sink);
    await waitFor(() => collector.status().lastError !== undefined);
    assert.match(collector.status().lastError!, /IMAP login failed for sam@example\.com/);
    await collector.stop();

    const unset = new MailCollector({ account: { host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false }, credentials: () => undefined });
    await unset.start(sink);
    await waitFor(() => unset.status().lastError !== undefined);
    assert.match(unset.status().lastError!, /No IMAP password or token/);
    await unset.stop();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
