import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openTempTwin, makeTempHome } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import type { MemoryInput } from '../types';
import { readEmailVoice } from './email-voice';
import { importMail, mboxMessages } from './mail-import';
import { readPendingReplies } from './pending';
import { mbox, rfc822 } from './test-support/messages';
import { IDS, INBOX, SENT } from './test-support/sam-mailbox';

describe('mail import (mbox and Maildir)', function () {
  this.timeout(60_000);
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;
  let files: { home: string; cleanup(): void };
  const sink = () => ({ remember: async (memories: MemoryInput[]) => (await twin.remember(memories), { stored: true }) });

  before(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    files = makeTempHome('twin-mail-files');
  });
  after(async () => {
    await cleanup?.();
    files?.cleanup();
  });

  it('splits an mbox file, unescaping ">From " lines in bodies', async () => {
    const file = path.join(files.home, 'escaped.mbox');
    fs.writeFileSync(file, mbox([{ ...INBOX[0], body: 'From the top:\nline two' }, INBOX[1]]));
    const raws = [];
    for await (const item of mboxMessages(file)) raws.push(item.raw.toString('latin1'));
    assert.equal(raws.length, 2);
    assert.match(raws[0], /\r\n\r\nFrom the top:\r\nline two\r\n$/);
    fs.writeFileSync(path.join(files.home, 'not.mbox'), 'hello\n');
    await assert.rejects(importMail(path.join(files.home, 'not.mbox'), { home, sink: sink() }), /is not an mbox file/);
  });

  it('imports an mbox of sent mail and one of received mail into the same memories as IMAP sync', async () => {
    fs.writeFileSync(path.join(files.home, 'Sent.mbox'), mbox(SENT));
    fs.writeFileSync(path.join(files.home, 'Inbox.mbox'), mbox(INBOX));
    const sent = await importMail(path.join(files.home, 'Sent.mbox'), { home, sink: sink() });
    assert.equal(sent.format, 'mbox');
    assert.equal(sent.messages, SENT.length);
    assert.equal(sent.sent, SENT.length, 'a file named Sent holds the user’s mail');
    const inbox = await importMail(path.join(files.home, 'Inbox.mbox'), { home, sink: sink() });
    assert.equal(inbox.sent, 0);

    const [reply] = await twin.internals.store.getByIds(['email:s1@example.com']);
    assert.equal(reply.memory.author, 'sam@example.com');
    assert.equal(reply.memory.thread, IDS.annaReview);
    assert.equal(reply.memory.channel, 'Sent');
    const [bob] = await twin.internals.store.getByIds(['person:email:bob@globex.test']);
    assert.equal(bob.memory.meta.youWroteTo, 3);
    assert.equal(bob.memory.meta.wroteToYou, 2);
    assert.equal(readEmailVoice(home)!.byRecipient['anna@acme.test'].greeting.value, 'Hi Anna,');
    assert.deepEqual(readPendingReplies(home).map((item) => item.messageId), [IDS.annaLunch, IDS.bobFollowUp]);

    // Importing again replaces by id: nothing is stored twice, no contact counted twice.
    const count = (await twin.stats()).bySource.email;
    await importMail(path.join(files.home, 'Inbox.mbox'), { home, sink: sink() });
    assert.equal((await twin.stats()).bySource.email, count);
    const [bobAgain] = await twin.internals.store.getByIds(['person:email:bob@globex.test']);
    assert.equal(bobAgain.memory.meta.wroteToYou, 2);
  });

  it('imports a Maildir++ tree, reading .Sent as the user’s sent mail', async () => {
    const target = makeTempHome('twin-maildir-home');
    const imported = await openTempTwin();
    try {
      const root = path.join(files.home, 'Maildir');
      const write = (folder: string, raw: string, name: string) => {
        for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(root, folder, sub), { recursive: true });
        fs.writeFileSync(path.join(root, folder, 'cur', name), raw);
      };
      SENT.forEach((email, index) => write('.Sent', rfc822(email), `100${index}.M1.host:2,S`));
      INBOX.forEach((email, index) => write('', rfc822(email), `200${index}.M1.host:2,S`));
      fs.writeFileSync(path.join(root, 'cur', '3000.M1.host:2,S'), rfc822({ ...INBOX[0], messageId: 'extra@acme.test', from: 'Anna Berg <anna@acme.test>', body: 'One more thing.' }));

      const report = await importMail(root, { home: imported.home, sink: { remember: async (memories) => (await imported.twin.remember(memories), { stored: true }) } });
      assert.equal(report.format, 'maildir');
      assert.deepEqual(report.mailboxes, [{ mailbox: 'INBOX', messages: INBOX.length + 1 }, { mailbox: 'Sent', messages: SENT.length }]);
      assert.equal(report.sent, SENT.length);
      const voice = readEmailVoice(imported.home)!;
      assert.equal(voice.byRecipient['bob@globex.test'].signOff.value, 'Kind regards,\nSamuel Jones');
      const [anna] = await imported.twin.internals.store.getByIds(['person:email:anna@acme.test']);
      assert.equal(anna.memory.meta.wroteToYou, 3);
      assert.equal(anna.memory.meta.youWroteTo, 3);
      await assert.rejects(importMail(target.home, { home: imported.home, sink: { remember: async () => ({ stored: true }) } }), /neither an mbox file nor a Maildir/);
    } finally {
      target.cleanup();
      await imported.cleanup();
    }
  });
});
