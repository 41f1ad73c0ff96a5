import assert from 'node:assert/strict';
import { addToVoiceProfile, emptyVoiceProfile, type VoiceSample } from './slack-voice-profile';
import { applySlackVoice, resolveSlackVoice } from './slack-voice-style';

function profileOf(texts: Array<{ text: string; person?: string; channel?: string }>) {
  const samples: VoiceSample[] = texts.map((item, i) => ({
    memoryId: `slack:${item.channel ?? 'C0X'}:${i}`,
    text: item.text,
    timestamp: i,
    channelId: item.channel ?? 'C0X',
    ...(item.person ? { personId: item.person, personName: item.person.replace(/^U0/, '').toLowerCase() } : {}),
  }));
  return addToVoiceProfile(emptyVoiceProfile('U0ME'), samples);
}

describe('The Slack voice applied to a draft', () => {
  const terse = profileOf([...['ok', 'yep merged', 'on it', 'fine by me'].map((text) => ({ text, person: 'U0SAM' })), { text: 'Hi all, release notes are up.' }]);

  it('prefers the person, needs a few of their messages, and names its scope', () => {
    assert.equal(resolveSlackVoice(terse, { person: 'U0SAM' })!.level, 'person');
    assert.equal(resolveSlackVoice(terse, { person: 'sam' })!.level, 'person', 'by name');
    assert.equal(resolveSlackVoice(terse, { person: 'U0NEW', conversation: 'C0NONE' })!.level, 'overall');
    const thin = profileOf([{ text: 'hey', person: 'U0JO' }, { text: 'Sure.', person: 'U0JO' }]);
    assert.equal(resolveSlackVoice(thin, { person: 'U0JO' })!.level, 'overall', 'two messages are too few');
    assert.equal(resolveSlackVoice(undefined, { person: 'U0SAM' }), undefined);
  });

  it('follows their case, drops emoji they never use, and cuts a long reply to its first sentences', () => {
    const voice = resolveSlackVoice(terse, { person: 'U0SAM' })!;
    const voiced = applySlackVoice('Deploys need the VPN first 🚀. Then run make deploy. After that check the dashboard, the logs, the alerts and the billing export for errors.', voice);
    assert.equal(voiced.text, 'deploys need the VPN first.');
    assert.deepEqual(voiced.changes, ['shortened to its first sentences: you write about 2 words here', 'emoji dropped: you do not use them here', 'starts in lowercase, as you do here']);
  });

  it('adds the greeting the user habitually writes when they usually greet, and changes nothing that already fits', () => {
    const greeter = profileOf(['Hi Sam, done.', 'Hi Sam, merged it.', 'Hi Sam, on it.'].map((text) => ({ text, person: 'U0SAM' })));
    const voice = resolveSlackVoice(greeter, { person: 'U0SAM' })!;
    assert.deepEqual(applySlackVoice('Merged it.', voice, { name: 'Sam', greeting: 'Hi' }), { text: 'Hi Sam, merged it.', changes: ['greeting "Hi" added: you usually greet here'] });
    assert.deepEqual(applySlackVoice('Hi Sam, merged it.', voice), { text: 'Hi Sam, merged it.', changes: [] });
  });
});
