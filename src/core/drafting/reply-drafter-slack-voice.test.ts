import assert from 'node:assert/strict';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { addToVoiceProfile, emptyVoiceProfile, writeSlackVoice, type VoiceSample } from '../slack/slack-voice-profile';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import { draftReply } from './reply-drafter';

const DEPLOY_REPLY = 'Hey Sam, staging deploys need the VPN first, then run make deploy-staging from the billing repo. Cheers, Alex';

/** How Alex writes: to Sam short, lowercase, no greeting; in #billing with emoji; overall with a greeting. */
function samples(): VoiceSample[] {
  const toSam = ['yep, merged', 'on it now', 'looks fine to me', 'sure, after lunch', 'no, wait for CI'].map((text, i) => ({ text, personId: 'U0SAM', personName: 'Sam', channelId: 'D0SAM', channelName: 'Sam' }));
  const inBilling = ['Hi all, invoices are out :tada:', 'Hey team, deploy done 🚀', 'Morning, rerunning the export :eyes:'].map((text) => ({ text, channelId: 'C0BILLING', channelName: 'billing' }));
  const elsewhere = ['Hi Priya, Thursday works for me.', 'Hello Jo, I will look at it today.', 'Hey Max, thanks for the review!', 'Hi Lee, sounds good.'].map((text) => ({ text, channelId: 'C0RANDOM', channelName: 'random' }));
  return [...toSam, ...inBilling, ...elsewhere].map((sample, i) => ({ ...sample, memoryId: `slack:${sample.channelId}:${1700000000 + i}.000100`, timestamp: 1_700_000_000_000 + i * 1000 }));
}

describe('draftReply on Slack, in the voice learned per person and channel', () => {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  before(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    await twin.remember([{ id: 'me-deploy', text: DEPLOY_REPLY, source: 'slack', author: 'alex', recipients: ['sam'] }]);
    writeSlackVoice(home, addToVoiceProfile(emptyVoiceProfile('U0ALEX'), samples()));
  });
  after(() => cleanup());

  const incoming = 'Hi Alex, how do I deploy billing to staging? It keeps failing.';

  it('offline, answers Sam the way the user writes to Sam: no greeting, short, lowercase', async () => {
    const draft = await draftReply({ incoming, channel: 'slack', audience: 'Sam', slack: { person: 'U0SAM', conversation: 'D0SAM' }, twin, identities: ['alex'], home });
    assert.equal(draft.drafter, 'offline');
    assert.equal(draft.provenance.exemplars[0].id, 'me-deploy');
    assert.equal(draft.text, 'staging deploys need the VPN first, then run make deploy-staging from the billing repo.');
    assert.ok(draft.provenance.style.includes('slack voice used: with Sam (U0SAM), from 5 messages'), draft.provenance.style.join('\n'));
    assert.ok(draft.provenance.style.includes('slack voice applied: greeting dropped: you rarely greet here'));
    assert.ok(draft.provenance.style.includes('slack voice applied: shortened to its first sentences: you write about 3 words here'), draft.provenance.style.join('\n'));
  });

  it('finds the person by name too (the CLI’s --audience), and falls back to the conversation, then overall', async () => {
    const byName = await draftReply({ incoming, channel: 'slack', audience: 'sam', twin, identities: ['alex'], home });
    assert.ok(byName.provenance.style.includes('slack voice used: with Sam (U0SAM), from 5 messages'));

    const inChannel = await draftReply({ incoming, channel: 'slack', audience: 'Priya', slack: { person: 'U0PRIYA', conversation: 'C0BILLING' }, twin, identities: ['alex'], home });
    assert.ok(inChannel.provenance.style.includes('slack voice used: in #billing (C0BILLING), from 3 messages'), inChannel.provenance.style.join('\n'));
    assert.match(inChannel.text, /^Hey Priya, staging deploys need the VPN first/);

    const overall = await draftReply({ incoming, channel: 'slack', audience: 'Jo', slack: { person: 'U0JO', conversation: 'D0JO' }, twin, identities: ['alex'], home });
    assert.ok(overall.provenance.style.includes('slack voice used: overall (all your messages), from 12 messages'));
    assert.match(overall.text, /^Hey Jo, staging deploys need the VPN first/);
  });

  it('with a model, the prompt carries the person’s habits and the provenance names the voice', async () => {
    const server = await startFakeOpenAIServer({ reply: 'vpn first, then make deploy-staging' });
    try {
      const provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
      const draft = await draftReply({ incoming, channel: 'slack', audience: 'Sam', slack: { person: 'U0SAM' }, twin, identities: ['alex'], home, provider });
      assert.equal(draft.drafter, 'model');
      const prompt = server.chatRequests[0].body!.messages!.map((message) => message.content).join('\n');
      assert.match(prompt, /How they write to Sam \(U0SAM\) on Slack \(learned from 5 of their messages\):/);
      assert.match(prompt, /- about 3 words per message/);
      assert.match(prompt, /- they use no greeting: start straight with the answer/);
      assert.match(prompt, /- they start in lowercase/);
      assert.match(prompt, /- they use no emoji/);
      assert.doesNotMatch(prompt, /- opens with a greeting/, 'the exemplars’ generic greeting note gives way to the learned voice');
      assert.ok(draft.provenance.style.includes('slack voice used: with Sam (U0SAM), from 5 messages'));
    } finally {
      await server.close();
    }
  });

  it('drafts as before when no Slack voice was learned', async () => {
    const bare = await openTempTwin();
    try {
      await bare.twin.remember([{ id: 'me-deploy', text: DEPLOY_REPLY, source: 'slack', author: 'alex', recipients: ['sam'] }]);
      const draft = await draftReply({ incoming, channel: 'slack', audience: 'Sam', slack: { person: 'U0SAM' }, twin: bare.twin, identities: ['alex'], home: bare.home });
      assert.match(draft.text, /^Hey Sam, staging deploys need the VPN first.*\n?.*Cheers, Alex$/s);
      assert.ok(!draft.provenance.style.some((line) => line.startsWith('slack voice')));
    } finally {
      await bare.cleanup();
    }
  });
});
