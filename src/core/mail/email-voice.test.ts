import assert from 'node:assert/strict';
import { applyVoice, buildEmailVoice, describeVoice, phraseHash, voiceFor, voiceSample, type VoiceSample } from './email-voice';
import { replyText } from './reply-text';

function samples(...items: VoiceSample[]): Record<string, VoiceSample> {
  return Object.fromEntries(items.map((item) => [item.id, item]));
}

describe('email voice', () => {
  const voice = buildEmailVoice(
    samples(
      voiceSample('m1', "Hi Anna,\n\nThat's great, I'll take it from here!\n\nCheers,\nSam", ['anna@acme.test'], 1),
      voiceSample('m2', "Hi Anna,\n\nSure, I'll look at the logs today.\n\nCheers,\nSam", ['anna@acme.test'], 2),
      voiceSample('m3', 'Hey Erin,\n\nSure, I will look at the logs today.\n\nCheers,\nSam', ['erin@acme.test'], 3),
      voiceSample('m4', 'Dear Mr Stone,\n\nPlease find the contract attached. I would appreciate your signature.\n\nKind regards,\nSamuel Jones', ['bob@globex.test'], 4),
      voiceSample('m5', 'Hello,\n\nPlease find the invoice attached.\n\nKind regards,\nSamuel Jones', ['bob@globex.test', 'billing@globex.test'], 5),
    ),
  );

  it('measures greeting, sign-off, length, formality and phrases from each sent message', () => {
    const sample = voiceSample('x', "Hi Anna,\n\nThat's great, I'll take it from here!\n\nCheers,\nSam", ['Anna@Acme.test'], 1);
    assert.equal(sample.greeting, 'Hi Anna,');
    assert.equal(sample.greetingTemplate, 'Hi {name},');
    assert.equal(sample.greetedName, 'Anna');
    assert.equal(sample.signOff, 'Cheers,\nSam');
    assert.equal(sample.contractions, 2);
    assert.equal(sample.exclamations, 1);
    assert.deepEqual(sample.recipients, ['anna@acme.test']);
    assert.ok(sample.phrases.includes(phraseHash("i'll take it")));
    const none = voiceSample('y', 'ok, done', ['a@b.test'], 1);
    assert.equal(none.greeting, undefined);
    assert.equal(none.signOff, undefined);
  });

  it('keeps habits per recipient, per domain and overall, each with exemplars and a confidence', () => {
    assert.equal(voice.byRecipient['anna@acme.test'].greeting.value, 'Hi Anna,');
    assert.deepEqual(voice.byRecipient['anna@acme.test'].greeting.exemplars, ['m1', 'm2']);
    assert.equal(voice.byRecipient['anna@acme.test'].greeting.share, 1);
    assert.equal(voice.byRecipient['anna@acme.test'].greeting.confidence, 0.5, 'two messages are half of a confident sample');
    assert.equal(voice.byDomain['acme.test'].signOff.value, 'Cheers,\nSam');
    assert.equal(voice.byDomain['globex.test'].signOff.value, 'Kind regards,\nSamuel Jones');
    assert.equal(voice.byDomain['globex.test'].formality.label, 'formal');
    assert.equal(voice.byRecipient['anna@acme.test'].formality.label, 'casual');
    assert.ok(voice.byDomain['acme.test'].phrases.some((phrase) => phrase.text === 'look at the' && phrase.exemplars.length === 2));
    assert.equal(voice.overall!.samples, 5);
    assert.equal(voice.overall!.signOff.value, 'Cheers,\nSam');
    // Phrases are kept as hashes; only words that recur (habits) are kept as text.
    assert.equal(voice.samples.m1.phraseText, undefined);
    assert.equal(voice.phraseTexts[phraseHash('look at the')], 'look at the');
    assert.equal(voice.phraseTexts[phraseHash("i'll take it")], undefined);
  });

  it('resolves a correspondent to their own habits, else their domain, else overall, filling in names', () => {
    assert.equal(voiceFor(voice, 'Anna Berg <anna@acme.test>')!.greeting, 'Hi Anna,');
    const erinsColleague = voiceFor(voice, 'Carol Diaz <carol@acme.test>')!;
    assert.equal(erinsColleague.level, 'domain');
    assert.equal(erinsColleague.greeting, 'Hi Carol,');
    const stranger = voiceFor(voice, 'zoe@elsewhere.test')!;
    assert.equal(stranger.level, 'overall');
    assert.equal(stranger.greeting, 'Hi Zoe,');
    assert.equal(voiceFor(buildEmailVoice({}), 'a@b.test'), undefined);
    assert.match(describeVoice(voiceFor(voice, 'bob@globex.test')!).join('\n'), /email voice with bob@globex\.test \(2 sent messages/);
  });

  it("rewrites a draft's greeting and sign-off to the user's with that person", () => {
    const resolved = voiceFor(voice, 'anna@acme.test')!;
    assert.equal(applyVoice('Hello Bob,\n\nThe logs are clean.\n\nKind regards,\nSamuel Jones', resolved), 'Hi Anna,\n\nThe logs are clean.\n\nCheers,\nSam');
    assert.equal(applyVoice('The logs are clean.', resolved), 'Hi Anna,\n\nThe logs are clean.\n\nCheers,\nSam');
  });

  it('strips quoted replies, attributions and signatures from what the writer wrote', () => {
    assert.equal(replyText('Sounds good.\n\nOn Mon, 3 Nov 2026 at 10:02, Anna Berg <\nanna@acme.test> wrote:\n> old text'), 'Sounds good.');
    assert.equal(replyText('Yes.\n> quoted\nAnd more.\n-- \nSam Jones\nPlatform'), 'Yes.\nAnd more.');
    assert.equal(replyText('Fine by me.\n\n-----Original Message-----\nFrom: Bob'), 'Fine by me.');
    assert.equal(replyText('Fine by me.\n\nFrom: Bob Stone <bob@globex.test>\nSent: Monday\nSubject: x'), 'Fine by me.');
    assert.equal(replyText('Done.\n\nSent from my iPhone'), 'Done.');
  });
});
