import assert from 'node:assert/strict';
import { draftReplyFromExemplars, OFFLINE_NOTICE_PREFIX, splitReply, type ReplyExemplar } from './offline-drafter';

const DEPLOY_BODY = 'Thanks for flagging. I restarted the staging deploy and it is green again; I will add a retry to the pipeline so it does not bite us twice.';

/** The user's own past replies, with how similar each one's situation is to the new message. */
const pastReplies: ReplyExemplar[] = [
  { id: 'slack-1', similarity: 0.71, text: 'Hey all! Merged, thanks for the reviews.\n\nCheers,\nAlex' },
  { id: 'slack-2', similarity: 0.86, recipient: 'Sam', timestamp: Date.parse('2026-10-02T10:00:00Z'), text: `Hi Sam,\n\n${DEPLOY_BODY}\n\nCheers,\nAlex` },
  { id: 'slack-3', similarity: 0.52, text: 'Sounds good, see you on Thursday at 3pm.\n\nCheers,\nAlex' },
];

describe('offline reply drafter', () => {
  it('picks the most similar past reply, keeps its body word for word and the user’s sign-off, and greets the new sender', () => {
    const draft = draftReplyFromExemplars({
      incoming: 'Hi Alex, the staging deploy failed again this morning, could you take a look?\n\nThanks,\nPriya',
      exemplars: pastReplies,
    });
    assert.equal(draft.status, 'drafted');
    assert.equal(draft.exemplarId, 'slack-2');
    assert.equal(draft.text, `Hi Priya,\n\n${DEPLOY_BODY}\n\nCheers,\nAlex`);
    assert.equal(draft.drafter, 'offline');
    assert.ok(draft.notice.startsWith(`${OFFLINE_NOTICE_PREFIX}:`));
    assert.ok(draft.confidence > 0.5 && draft.confidence < 0.9, String(draft.confidence));
    assert.deepEqual(draft.provenance[0], {
      kind: 'exemplar',
      detail: 'body from your own past reply of 2026-10-02 (similarity 0.86), word for word',
      id: 'slack-2',
      similarity: 0.86,
    });
    assert.ok(draft.provenance.some((item) => item.detail === 'greeting addressed to Priya (from the message’s signature) instead of Sam'));
  });

  it('uses the sender the caller names, and drops an old name when the sender is unknown', () => {
    const named = draftReplyFromExemplars({ incoming: 'deploy is red again', from: 'Jordan', exemplars: pastReplies });
    assert.ok(named.text.startsWith('Hi Jordan,\n\n'));
    const unknown = draftReplyFromExemplars({ incoming: 'deploy is red again', exemplars: pastReplies });
    assert.ok(unknown.text.startsWith('Hi,\n\n'), unknown.text);
    assert.ok(!unknown.text.includes('Sam'));
  });

  it('says there is no draft when nothing the user wrote is similar enough, instead of making one up', () => {
    const draft = draftReplyFromExemplars({ incoming: 'Can you send me the Q3 budget?', exemplars: pastReplies.map((reply) => ({ ...reply, similarity: reply.similarity - 0.4 })) });
    assert.equal(draft.status, 'no-match');
    assert.equal(draft.text, '');
    assert.equal(draft.confidence, 0);
    assert.match(draft.notice, /nothing you wrote before is similar enough to this message \(closest 0\.46, needs 0\.60\), so there is no draft: write this one yourself/);
    assert.match(draftReplyFromExemplars({ incoming: 'hi', exemplars: [] }).notice, /none of your past replies/);
  });

  it('lists specifics from the old conversation that the new message does not mention', () => {
    const exemplars: ReplyExemplar[] = [{ id: 'e', similarity: 0.9, recipient: 'Sam', text: 'Sure Sam, I can pair on it Thursday at 3pm; notes are in https://wiki.local/deploy and #482. Budget is $1,200.' }];
    const draft = draftReplyFromExemplars({ incoming: 'Could we pair on the deploy issue Thursday?', from: 'Priya', exemplars });
    assert.deepEqual(draft.checks, ['3pm', 'https://wiki.local/deploy', '#482', '$1,200', 'Sam']);
    assert.ok(draft.text.includes('Thursday at 3pm'), 'the body was changed');
    assert.match(draft.notice, /check 3pm, https:\/\/wiki\.local\/deploy, #482, \$1,200, Sam/);
  });

  it('adds the user’s habitual sign-off when the chosen reply has none', () => {
    const exemplars: ReplyExemplar[] = [
      { id: 'a', similarity: 0.9, text: 'Merged, thanks for the quick turnaround.' },
      { id: 'b', similarity: 0.7, text: 'Looks good to me.\n\nCheers,\nAlex' },
      { id: 'c', similarity: 0.65, text: 'Will do.\n\nCheers,\nAlex' },
    ];
    const draft = draftReplyFromExemplars({ incoming: 'PR is ready for merge', exemplars });
    assert.equal(draft.text, 'Merged, thanks for the quick turnaround.\n\nCheers,\nAlex');
  });

  it('tells greetings and sign-offs from sentences', () => {
    assert.deepEqual(splitReply('Hey thanks for the PR, merging now.'), { body: 'Hey thanks for the PR, merging now.' });
    assert.deepEqual(splitReply('Best to restart it first.\nThen retry.'), { body: 'Best to restart it first.\nThen retry.' });
    const inline = splitReply('Hi Sam, sure thing — done.\nThanks Alex');
    assert.equal(inline.greeting?.name, 'Sam');
    assert.equal(inline.body, 'sure thing — done.');
    assert.equal(inline.signOff?.text, 'Thanks Alex');
    assert.equal(splitReply('Looks good.\n— Priya').signOff?.name, 'Priya');
    assert.equal(splitReply('hey all!\nshipping it').greeting?.name, 'all');
  });
});
