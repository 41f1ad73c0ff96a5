import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftsLogPath } from './drafting/feedback';
import { forgetOutsideStore, slackFolder } from './forget-outside-store';
import { emailVoicePath, readEmailVoice, saveVoiceSamples, voiceSample } from './mail/email-voice';
import { mailCursorPath } from './mail/mail-cursor';
import { mailIndexPath, readMailIndex, writeMailIndex, type IndexedMessage } from './mail/mail-index';
import { SlackActivityLog } from './slack/slack-activity-log';
import { slackCursorsPath } from './slack/slack-voice-learner';
import { addToVoiceProfile, emptyVoiceProfile, readSlackVoice, slackVoicePath, writeSlackVoice } from './slack/slack-voice-profile';
import { filesContaining, makeTempHome } from './test-support/temp-twin';

const SLACK_IDS = ['slack:D0SAM:1790000001.000100', 'slack:D0SAM:1790000002.000100'];
const MAIL_IDS = ['email:<m1@example.com>', 'email:<m2@example.com>'];

/** A TWIN_HOME with every file mail sync, the Slack app and drafting keep beside the store. */
function populate(home: string): void {
  // Slack: activity log, pending approvals, auto-sent ledger, cursors, and the learned voice.
  new SlackActivityLog(home).append({ conversation: 'D0SAM', user: 'U0SAM', incomingExcerpt: 'Where is the zebracorn runbook?', reply: 'In the wiki', status: 'awaiting-approval', confidence: 0.7, draftId: 'd-1' });
  fs.writeFileSync(path.join(slackFolder(home), 'pending.json'), JSON.stringify({ 'd-1': { incoming: 'Where is the zebracorn runbook?' } }));
  fs.writeFileSync(path.join(slackFolder(home), 'auto-sent.json'), JSON.stringify(['D0SAM:1790000009.000100']));
  fs.writeFileSync(slackCursorsPath(home), JSON.stringify({ D0SAM: '1790000002.000100' }));
  writeSlackVoice(
    home,
    addToVoiceProfile(
      emptyVoiceProfile('U0ALEX'),
      SLACK_IDS.map((memoryId, i) => ({ memoryId, text: i ? 'yep, zebracorn is fine' : 'on it', timestamp: i, channelId: 'D0SAM', personId: 'U0SAM' })),
    ),
  );
  // Mail: the header index, the email voice, the sync cursors.
  const message = (id: string): IndexedMessage => ({ messageId: id, threadKey: id, mailbox: 'Sent', to: [{ address: 'sam@example.com' }], cc: [], date: 1, subject: 'zebracorn', automated: false, inSent: true, memoryId: `email:${id}` }) as IndexedMessage;
  writeMailIndex(home, { version: 1, identities: ['alex@example.com'], messages: { '<m1@example.com>': message('<m1@example.com>'), '<m2@example.com>': message('<m2@example.com>') } });
  saveVoiceSamples(home, [
    voiceSample(MAIL_IDS[0], 'Hi Sam,\n\nthe zebracorn report is attached.\n\nThanks,\nAlex', ['sam@example.com'], 1),
    voiceSample(MAIL_IDS[1], 'Hi Sam,\n\nall good here.\n\nThanks,\nAlex', ['sam@example.com'], 2),
  ]);
  fs.mkdirSync(path.dirname(mailCursorPath(home)), { recursive: true });
  fs.writeFileSync(mailCursorPath(home), JSON.stringify({ INBOX: { uidValidity: '1', lastUid: 2 } }));
  // Drafting: the drafts log.
  fs.mkdirSync(path.dirname(draftsLogPath(home)), { recursive: true });
  fs.writeFileSync(draftsLogPath(home), JSON.stringify({ draftId: 'd-1', channel: 'reply', at: new Date().toISOString(), exemplars: 1 }) + '\n');
}

const slackFiles = (home: string) => [path.join(slackFolder(home), 'activity.jsonl'), path.join(slackFolder(home), 'pending.json'), path.join(slackFolder(home), 'auto-sent.json'), slackCursorsPath(home), slackVoicePath(home)];
/** What mail sync keeps about messages; its cursors (UIDs, no mail) are not among them and stay on a forget. */
const mailFiles = (home: string) => [mailIndexPath(home), emailVoicePath(home)];

describe('Forgetting beyond the store (mail, Slack, drafts)', () => {
  let home: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ home, cleanup } = makeTempHome('twin-forget-outside'));
    populate(home);
    for (const file of [...slackFiles(home), ...mailFiles(home), mailCursorPath(home), draftsLogPath(home)]) assert.ok(fs.existsSync(file), `fixture wrote ${file}`);
  });
  afterEach(() => cleanup());

  it('forget --source slack removes the Slack app’s folder and the Slack voice, and leaves mail alone', () => {
    const report = forgetOutsideStore(home, { source: 'slack' }, SLACK_IDS);
    for (const file of slackFiles(home)) assert.ok(!fs.existsSync(file), `${file} is gone`);
    assert.ok(!fs.existsSync(slackFolder(home)));
    assert.deepEqual(report.files.sort(), ['slack', path.join('style', 'slack-voice.json')]);
    for (const file of mailFiles(home)) assert.ok(fs.existsSync(file), `${file} is kept`);
    assert.equal(Object.keys(readMailIndex(home).messages).length, 2);
  });

  it('forget --source email removes the mail index and email voice, and leaves Slack alone', () => {
    forgetOutsideStore(home, { source: 'email' }, MAIL_IDS);
    for (const file of mailFiles(home)) assert.ok(!fs.existsSync(file), `${file} is gone`);
    for (const file of slackFiles(home)) assert.ok(fs.existsSync(file), `${file} is kept`);
  });

  it('keeps the mail sync cursors on forget, so the next scheduled sync does not read the forgotten mail again', () => {
    const cursors = fs.readFileSync(mailCursorPath(home), 'utf8');
    forgetOutsideStore(home, { source: 'email' }, MAIL_IDS);
    assert.equal(fs.readFileSync(mailCursorPath(home), 'utf8'), cursors);
    forgetOutsideStore(home, { all: true }, [...SLACK_IDS, ...MAIL_IDS]);
    assert.equal(fs.readFileSync(mailCursorPath(home), 'utf8'), cursors, 'not even forget --all: a re-import is `twin mail sync --from-start`');
    assert.ok(!cursors.includes('zebracorn'), 'the cursors hold no mail');
  });

  it('forget --all leaves no file beside the store that still holds what was said', () => {
    forgetOutsideStore(home, { all: true }, [...SLACK_IDS, ...MAIL_IDS]);
    for (const file of [...slackFiles(home), ...mailFiles(home), draftsLogPath(home)]) assert.ok(!fs.existsSync(file), `${file} is gone`);
    assert.deepEqual(filesContaining(home, 'zebracorn'), []);
  });

  it('forgetting messages by id rewrites the mail index, the email voice and the Slack voice without them', () => {
    const report = forgetOutsideStore(home, { ids: [MAIL_IDS[0], SLACK_IDS[1]] }, [MAIL_IDS[0], SLACK_IDS[1]]);
    assert.deepEqual(Object.keys(readMailIndex(home).messages), ['<m2@example.com>']);
    assert.deepEqual(Object.keys(readEmailVoice(home)!.samples), [MAIL_IDS[1]]);
    const voice = readSlackVoice(home)!;
    assert.deepEqual(voice.overall.exemplarIds, [SLACK_IDS[0]]);
    assert.deepEqual(voice.people.U0SAM.exemplarIds, [SLACK_IDS[0]]);
    assert.deepEqual(voice.channels.D0SAM.exemplarIds, [SLACK_IDS[0]]);
    assert.ok(!fs.readFileSync(emailVoicePath(home), 'utf8').includes('attached'), 'the forgotten mail’s phrases left the email voice');
    assert.ok(report.files.includes(path.join('style', 'slack-voice.json')));
    // The Slack app's log and approvals are about drafts, not these memories: kept.
    assert.ok(fs.existsSync(path.join(slackFolder(home), 'activity.jsonl')));
  });
});
