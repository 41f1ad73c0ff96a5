/**
 * Mail over IMAP against a real Dovecot on 127.0.0.1: sync into a real Twin, the learned voice, threads
 * and people, incremental sync, pending replies, drafts appended to Drafts, and the failures a user meets
 * (wrong password, nothing listening).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftReply } from '../drafting/reply-drafter';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { makeTempHome, openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import type { MemoryInput } from '../types';
import { readEmailVoice, voiceFor } from './email-voice';
import { closeImap, loginFailedMessage, openImap, type ImapAccount } from './imap-connection';
import { mailCursorPath, readMailCursors, writeMailboxCursor } from './mail-cursor';
import { readMailIndex } from './mail-index';
import { forgetAllMail, forgetMailMemories } from './forget-mail';
import { draftMailReply } from './mail-reply';
import { syncMail } from './mail-sync';
import { parseMailMessage } from './mail-message';
import { readPendingReplies } from './pending';
import { startDovecot, type RunningDovecot } from './test-support/dovecot';
import { rfc822 } from './test-support/messages';
import { ANNA, IDS, INBOX, SAM, SENT, rawMessages } from './test-support/sam-mailbox';

describe('mail sync over IMAP (real Dovecot)', function () {
  this.timeout(60_000);
  let dovecot: RunningDovecot;
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;
  let account: ImapAccount;
  const sink = () => ({ remember: async (memories: MemoryInput[]) => (await twin.remember(memories), { stored: true }) });
  const memory = async (id: string) => (await twin.internals.store.getByIds([id]))[0]?.memory;

  before(async () => {
    dovecot = await startDovecot();
    dovecot.seed('Sent', rawMessages(SENT));
    dovecot.seed('INBOX', rawMessages(INBOX));
    ({ twin, home, cleanup } = await openTempTwin());
    account = { host: dovecot.host, port: dovecot.port, user: dovecot.user, tls: false };
  });
  after(async () => {
    await cleanup?.();
    await dovecot?.stop();
  });

  it('stores threads, people and the user’s sent mail, and learns their voice per recipient', async () => {
    const progress: string[] = [];
    const report = await syncMail({ account, credentials: { password: dovecot.password }, home, sink: sink(), onProgress: (p) => progress.push(`${p.mailbox} ${p.done}/${p.total}`) });
    assert.equal(report.roles.sent, 'Sent');
    assert.equal(report.roles.drafts, 'Drafts');
    assert.deepEqual(report.mailboxes.map((box) => [box.mailbox, box.fetched]), [['Sent', SENT.length], ['INBOX', INBOX.length]]);
    assert.equal(report.sent, SENT.length);
    assert.ok(progress.includes(`Sent ${SENT.length}/${SENT.length}`), progress.join(', '));

    // A message the user sent: authored by them, their words only (quote and signature stripped), in its thread.
    const reply = await memory('email:s1@example.com');
    assert.ok(reply);
    assert.equal(reply.source, 'email');
    assert.equal(reply.author, 'sam@example.com');
    assert.deepEqual(reply.recipients, ['anna@acme.test']);
    assert.equal(reply.thread, IDS.annaReview);
    assert.equal(reply.channel, 'Sent');
    assert.equal(reply.text, 'Hi Anna,\n\nI had a look at the billing PR, the retry loop looks good to me. I left two small comments.\n\nCheers,\nSam');
    const signed = await memory('email:s2@example.com');
    assert.doesNotMatch(signed!.text, /Platform team/);
    const question = await memory(`email:${IDS.annaReview}`);
    assert.equal(question!.author, 'anna@acme.test');
    assert.equal(question!.thread, IDS.annaReview, 'the question and its answer share a thread');

    const anna = await memory('person:email:anna@acme.test');
    assert.ok(anna);
    assert.equal(anna.kind, 'social');
    assert.equal(anna.meta.name, 'Anna Berg');
    assert.equal(anna.meta.wroteToYou, 2);
    assert.equal(anna.meta.youWroteTo, 3);
    assert.equal(anna.meta.lastContact, '2026-11-09T09:00:00.000Z');
    assert.match(anna.text, /Anna Berg <anna@acme\.test> — email contact: wrote to you 2 times, you wrote to them 3 times; last contact 2026-11-09/);

    const voice = readEmailVoice(home)!;
    const toAnna = voice.byRecipient['anna@acme.test'];
    assert.equal(toAnna.greeting.value, 'Hi Anna,');
    assert.equal(toAnna.signOff.value, 'Cheers,\nSam');
    assert.equal(toAnna.samples, 3);
    assert.deepEqual([...toAnna.greeting.exemplars].sort(), ['email:s1@example.com', 'email:s2@example.com', 'email:s3@example.com']);
    assert.ok(toAnna.greeting.confidence > 0.5);
    const toBob = voice.byRecipient['bob@globex.test'];
    assert.equal(toBob.greeting.value, 'Dear Bob,');
    assert.equal(toBob.signOff.value, 'Kind regards,\nSamuel Jones');
    assert.equal(toBob.formality.label, 'formal');
    assert.equal(voice.byRecipient['anna@acme.test'].formality.label === 'formal', false);
    assert.ok(toBob.phrases.some((phrase) => phrase.text === 'i would appreciate' && phrase.count === 3), JSON.stringify(toBob.phrases));
    // Someone Sam never wrote to, at a domain he did: greeted like the others there, by name.
    const carol = voiceFor(voice, 'Carol Diaz <carol@acme.test>')!;
    assert.equal(carol.level, 'domain');
    assert.equal(carol.greeting, 'Hi Carol,');
    assert.equal(voiceFor(voice, 'dave@initech.test')!.level, 'overall');
  });

  it('lists the threads awaiting a reply, oldest first, leaving out answered and automated mail', () => {
    const pending = readPendingReplies(home, Date.parse('2026-11-11T09:00:00Z'));
    assert.deepEqual(pending.map((item) => item.messageId), [IDS.annaLunch, IDS.bobFollowUp]);
    assert.equal(pending[1].thread, IDS.bobQuote);
    assert.equal(pending[1].messagesInThread, 3);
    assert.equal(pending[0].waitingHours, 48);
    assert.equal(pending[0].from.address, 'anna@acme.test');
  });

  it('syncs incrementally: only new messages are fetched, and nothing is stored twice', async () => {
    const before = (await twin.stats()).bySource.email;
    const cursorsBefore = readMailCursors(home);
    dovecot.seed('INBOX', [
      rfc822({ from: ANNA, to: SAM, subject: 'Staging', messageId: 'a3-staging@acme.test', date: '2026-11-10T12:00:00Z', body: 'Hi Sam,\n\nStaging is green again.\n\nAnna' }),
      rfc822({ from: 'Fay Lee <fay@initech.test>', to: SAM, subject: 'Intro', messageId: 'f1@initech.test', date: '2026-11-10T13:00:00Z', body: 'Hello Sam, nice to meet you.' }),
    ]);
    const second = await syncMail({ account, credentials: { password: dovecot.password }, home, sink: sink() });
    assert.deepEqual(second.mailboxes.map((box) => [box.mailbox, box.fetched]), [['Sent', 0], ['INBOX', 2]]);
    // Two messages and one new person (Fay); Anna's person memory is rewritten in place.
    assert.equal((await twin.stats()).bySource.email, before + 3);
    assert.ok(readMailCursors(home).accounts['sam@example.com@127.0.0.1:' + dovecot.port].mailboxes.INBOX.lastUid > cursorsBefore.accounts['sam@example.com@127.0.0.1:' + dovecot.port].mailboxes.INBOX.lastUid);
    assert.equal((await memory('person:email:anna@acme.test'))!.meta.wroteToYou, 3);

    const third = await syncMail({ account, credentials: { accessToken: dovecot.password }, home, sink: sink() });
    assert.equal(third.messages, 0, 'an OAuth2 login works too, and finds nothing new');
    assert.equal((await twin.stats()).bySource.email, before + 3);

    // The server renumbered INBOX (a new UIDVALIDITY): it is read again, and ids keep it from doubling.
    const key = `sam@example.com@127.0.0.1:${dovecot.port}`;
    const inbox = readMailCursors(home).accounts[key].mailboxes.INBOX;
    writeMailboxCursor(home, key, 'INBOX', { ...inbox, uidValidity: '1' });
    const renumbered = await syncMail({ account, credentials: { password: dovecot.password }, home, sink: sink() });
    assert.deepEqual(renumbered.mailboxes.map((box) => [box.mailbox, box.reset, box.fetched]), [['Sent', false, 0], ['INBOX', true, INBOX.length + 2]]);
    assert.equal((await twin.stats()).bySource.email, before + 3);
    assert.equal((await memory('person:email:anna@acme.test'))!.meta.wroteToYou, 3, 'contacts are counted from the index, never twice');
  });

  it('does not move the cursor past messages it failed to store', async () => {
    const temp = makeTempHome('twin-mail-fail');
    try {
      const failing = { remember: async () => Promise.reject(new Error('disk full')) };
      await assert.rejects(syncMail({ account, credentials: { password: dovecot.password }, home: temp.home, sink: failing }), /disk full/);
      const cursors = readMailCursors(temp.home);
      assert.equal(cursors.accounts[`sam@example.com@127.0.0.1:${dovecot.port}`]?.mailboxes.Sent, undefined);
    } finally {
      temp.cleanup();
    }
  });

  it('drafts a reply in the voice Sam uses with Anna and appends it to Drafts, never sending it', async () => {
    const result = await draftMailReply({ home, account, credentials: { password: dovecot.password }, thread: IDS.annaLunch, twin });
    assert.equal(result.draft.drafter, 'offline');
    assert.equal(result.draft.text, 'Hi Anna,\n\nLunch on Thursday works for me, see you at noon at the usual place.\n\nCheers,\nSam');
    assert.ok(result.draft.provenance.style.some((note) => /email voice with anna@acme\.test/.test(note)));
    assert.equal(result.saved?.mailbox, 'Drafts');

    const client = await openImap(account, { password: dovecot.password });
    try {
      const lock = await client.getMailboxLock('Drafts');
      try {
        const stored = await client.fetchOne('*', { source: true, flags: true });
        assert.ok(stored && stored.source);
        assert.ok(stored.flags!.has('\\Draft'), [...stored.flags!].join(' '));
        const parsed = await parseMailMessage(stored.source, { mailbox: 'Drafts' });
        assert.equal(parsed.inReplyTo, IDS.annaLunch);
        assert.deepEqual(parsed.references, [IDS.annaLunch]);
        assert.equal(parsed.subject, 'Re: Lunch on Thursday?');
        assert.deepEqual(parsed.to.map((who) => who.address), ['anna@acme.test']);
        assert.equal(parsed.from!.address, 'sam@example.com');
        assert.equal(parsed.body.trim(), result.draft.text);
      } finally {
        lock.release();
      }
    } finally {
      await closeImap(client);
    }
  });

  it("drafts a reply to a known correspondent with that person's greeting and sign-off, offline and in the model prompt", async () => {
    const incoming = 'Dear Samuel,\n\nCould we do lunch on Thursday before the meeting?\n\nBest regards,\nBob Stone';
    const offline = await draftReply({ incoming, channel: 'email', audience: 'Bob Stone <bob@globex.test>', twin, home });
    assert.match(offline.text, /^Dear Bob,\n\n[^\n]+\n\nKind regards,\nSamuel Jones$/);
    assert.equal(offline.text.match(/Dear/g)!.length, 1, offline.text);
    const toAnna = await draftReply({ incoming, channel: 'email', audience: ANNA, twin, home });
    assert.match(toAnna.text, /^Hi Anna,\n\n[\s\S]*\n\nCheers,\nSam$/);

    const server = await startFakeOpenAIServer({ reply: 'Dear Bob,\n\nThursday works.\n\nKind regards,\nSamuel Jones' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const drafted = await draftReply({ incoming, channel: 'email', audience: 'Bob Stone <bob@globex.test>', twin, home, provider });
      assert.equal(drafted.drafter, 'model');
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.match(prompt, /How they write email to this correspondent/);
      assert.ok(prompt.includes('Open with exactly "Dear Bob,".'));
      assert.ok(prompt.includes('Close with exactly:\nKind regards,\nSamuel Jones'));
      assert.match(prompt, /tone formal/);
    } finally {
      await server.close();
    }
  });

  it('says clearly when nothing listens on the port', async () => {
    const port = await dovecot.closedPort();
    await assert.rejects(
      syncMail({ account: { ...account, port }, credentials: { password: 'x' }, home, sink: sink() }),
      new RegExp(`Cannot connect to the IMAP server at 127\\.0\\.0\\.1:${port}: connection refused`),
    );
  });

  it('says clearly when TLS is asked of a server that speaks plain IMAP', async () => {
    await assert.rejects(
      syncMail({ account: { ...account, tls: true }, credentials: { password: dovecot.password }, home, sink: sink() }),
      new RegExp(`^Error: TLS with 127\\.0\\.0\\.1:${dovecot.port} failed \\(wrong version number\\): check --tls/--no-tls and the port`),
    );
  });

  it('keeps the message index free of message text', () => {
    const raw = fs.readFileSync(path.join(home, 'mail', 'index.json'), 'utf8');
    assert.doesNotMatch(raw, /retry loop/);
    assert.ok(readMailIndex(home).identities.includes('sam@example.com'));
  });

  it('forgets what it keeps beside the store: index entries, voice samples, and with everything both files', async () => {
    const phrase = readEmailVoice(home)!.byRecipient['bob@globex.test'].phrases.find((item) => item.text === 'i would appreciate');
    assert.ok(phrase);
    const forgotten = forgetMailMemories(home, ['email:s5@example.com', 'email:s6@example.com', 'person:email:bob@globex.test']);
    assert.deepEqual(forgotten, { messages: 2, voiceSamples: 2 });
    assert.equal(readMailIndex(home).messages['s5@example.com'], undefined);
    const voice = readEmailVoice(home)!;
    assert.equal(voice.byRecipient['bob@globex.test'].samples, 1);
    assert.ok(!JSON.stringify(voice).includes('i would appreciate'), 'a phrase no longer recurring is no longer kept');
    forgetAllMail(home);
    for (const file of [path.join(home, 'mail', 'index.json'), path.join(home, 'style', 'email-voice.json')]) assert.equal(fs.existsSync(file), false, file);
    assert.ok(fs.existsSync(mailCursorPath(home)), 'the cursors stay, so the next sync does not bring the mail back');
  });

  it('reads forgotten mail again only when asked to read from the start', async () => {
    // What `twin forget --source email` does: the store, then the files beside it.
    await twin.forget({ source: 'email' });
    forgetAllMail(home);
    assert.equal((await twin.stats()).bySource.email ?? 0, 0);

    const scheduled = await syncMail({ account, credentials: { password: dovecot.password }, home, sink: sink() });
    assert.equal(scheduled.messages, 0, 'the next scheduled sync does not undo the forget');
    assert.equal((await twin.stats()).bySource.email ?? 0, 0);
    assert.equal(fs.existsSync(path.join(home, 'mail', 'index.json')), false);

    const again = await syncMail({ account, credentials: { password: dovecot.password }, home, sink: sink(), fromStart: true });
    assert.deepEqual(again.mailboxes.map((box) => [box.mailbox, box.reset, box.fetched]), [['Sent', true, SENT.length], ['INBOX', true, INBOX.length + 2]]);
    assert.ok(await memory('email:s1@example.com'), 'the forgotten mail is back, because the user asked');
    assert.ok(readMailIndex(home).messages['s5@example.com']);
  });

  // Refused logins last: Dovecot delays every later login from the same address after one.
  it('says clearly when the password is wrong, without hanging or touching the store', async () => {
    const started = Date.now();
    const temp = makeTempHome('twin-mail-badpass');
    try {
      await assert.rejects(
        syncMail({ account, credentials: { password: 'not the password' }, home: temp.home, sink: { remember: async () => assert.fail('nothing may be stored') } }),
        new RegExp(`^Error: IMAP login failed for sam@example\\.com at 127\\.0\\.0\\.1:${dovecot.port}: check the password in TWIN_IMAP_PASSWORD`),
      );
      assert.ok(Date.now() - started < 5000);
      assert.equal(fs.existsSync(mailCursorPath(temp.home)), false);
      assert.equal(fs.existsSync(path.join(temp.home, 'mail')), false);
    } finally {
      temp.cleanup();
    }
  });

  it('names the VS Code command, not a variable, when the refused secret came from VS Code', async () => {
    await assert.rejects(
      syncMail({ account, credentials: { password: 'not the password', origin: 'vscode' }, home, sink: { remember: async () => assert.fail('nothing may be stored') } }),
      (error: Error) => /check the password set with the command "Twin: Set IMAP Password"/.test(error.message) && !/TWIN_IMAP/.test(error.message),
    );
    // The other secrets, without more refused logins (Dovecot slows every later login after each one).
    const token = loginFailedMessage(account, { accessToken: 'expired-token', origin: 'vscode' });
    assert.match(token, /the OAuth2 access token set with the command "Twin: Set IMAP OAuth2 Access Token" was refused; get a fresh token and set it again/);
    assert.doesNotMatch(token, /TWIN_IMAP/);
    assert.match(loginFailedMessage(account, { accessToken: 'expired-token' }), /the OAuth2 access token in TWIN_IMAP_TOKEN was refused/);
    assert.match(loginFailedMessage(account, { password: 'x', origin: 'environment' }), /check the password in TWIN_IMAP_PASSWORD/);
  });
});
