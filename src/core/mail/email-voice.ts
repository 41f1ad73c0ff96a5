/**
 * The user's email voice, learned from what they sent: how they open ("Hi Anna," or "Hello,"), how they
 * close ("Cheers,\nSam"), how long they write, how formal they are (contractions, exclamation marks,
 * formal words) and the phrases they keep using — overall, per recipient domain and per recipient,
 * because people write to their manager differently than to a close colleague. Every habit carries the
 * ids of the messages it was seen in and a confidence.
 *
 * Stored in `TWIN_HOME/style/email-voice.json`: one small sample per sent message (its greeting, sign-off
 * and counts, redacted; never the body), from which the profile is derived again on every sync, so an
 * incremental sync or a re-import never counts a message twice. A sample keeps its three-word phrases as
 * short hashes only; the words of a phrase are kept once it recurs in two messages (a habit, not content).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';
import { splitReply } from '../models/offline-drafter';
import { redact } from '../privacy/redact';

export interface VoiceSample {
  /** The memory id of the sent message (`email:<message-id>`). */
  id: string;
  recipients: string[];
  /** The name the user addressed each recipient by in this message's greeting, if any. */
  greetedName?: string;
  date: number;
  /** "Hi Anna," as written, or undefined for no greeting. */
  greeting?: string;
  /** The greeting with the addressee's name as `{name}` ("Hi {name},"). */
  greetingTemplate?: string;
  /** "Cheers,\nSam" as written, or undefined for none. */
  signOff?: string;
  words: number;
  contractions: number;
  exclamations: number;
  formalWords: number;
  /** Hashes of the distinct lowercased three-word phrases of the body (see `phraseHash`). */
  phrases: string[];
  /** The words behind each hash, only while the sample is being added (never stored whole). */
  phraseText?: Record<string, string>;
}

export interface Habit {
  /** The form most messages share; undefined means "none" (no greeting, no sign-off) is the habit. */
  value?: string;
  /** Share of messages with this form (0..1). */
  share: number;
  confidence: number;
  exemplars: string[];
}

export interface VoiceProfile {
  samples: number;
  greeting: Habit;
  /** The greeting with `{name}` for the addressee's name, to greet someone new the same way. */
  greetingTemplate: Habit;
  signOff: Habit;
  length: { medianWords: number; minWords: number; maxWords: number };
  formality: { label: 'formal' | 'neutral' | 'casual'; contractionsPerMessage: number; exclamationsPerMessage: number; formalWordsPerMessage: number; confidence: number };
  phrases: Array<{ text: string; count: number; exemplars: string[] }>;
  confidence: number;
}

export interface EmailVoice {
  version: 1;
  updatedAt: string;
  overall?: VoiceProfile;
  byDomain: Record<string, VoiceProfile>;
  byRecipient: Record<string, VoiceProfile>;
  samples: Record<string, VoiceSample>;
  /** The words of phrases seen in at least two sent messages, by hash. */
  phraseTexts: Record<string, string>;
}

export type VoiceLevel = 'recipient' | 'domain' | 'overall';

export interface ResolvedVoice {
  level: VoiceLevel;
  /** Whose habits: the address, the domain, or "all your sent mail". */
  scope: string;
  profile: VoiceProfile;
  /** The greeting to use for this reply (the name filled in), or undefined when the user does not greet. */
  greeting?: string;
  signOff?: string;
}

const CONTRACTION = /\b\p{L}+['’](s|re|ve|ll|d|t|m)\b/giu;
const FORMAL_WORDS = /\b(dear|regards|sincerely|kindly|please find|attached|furthermore|therefore|however|would you|could you|i would|appreciate|grateful|further to|as per|respectfully)\b/gi;
const GROUP_NAMES = /^(all|everyone|everybody|team|folks|there|both|you|guys|y'all)$/i;
/** A profile built from fewer messages than this is a weak signal (confidence scales with the count). */
const CONFIDENT_SAMPLES = 4;

export function emailVoicePath(home: string): string {
  return path.join(home, 'style', 'email-voice.json');
}

/** What one sent message says about the user's voice. `text` is what they wrote (quotes stripped). */
export function voiceSample(id: string, text: string, recipients: string[], date: number): VoiceSample {
  const parts = splitReply(text);
  const greetingName = parts.greeting?.name;
  const personal = greetingName !== undefined && !GROUP_NAMES.test(greetingName);
  const greeting = parts.greeting ? `${parts.greeting.word}${greetingName ? ` ${greetingName}` : ''}${parts.greeting.punctuation.trim()}` : undefined;
  const greetingTemplate = parts.greeting ? `${parts.greeting.word}${greetingName ? (personal ? ' {name}' : ` ${greetingName}`) : ''}${parts.greeting.punctuation.trim()}` : undefined;
  const body = parts.body;
  const words = body.split(/\s+/).filter(Boolean);
  const phraseWords = body.toLowerCase().replace(/[^\p{L}\p{N}'\s]+/gu, ' ').split(/\s+/).filter(Boolean);
  const phrases = new Set<string>();
  for (let index = 0; index + 3 <= phraseWords.length; index++) phrases.add(phraseWords.slice(index, index + 3).join(' '));
  return {
    id,
    recipients: recipients.map((address) => address.toLowerCase()),
    ...(personal ? { greetedName: redact(greetingName!).text } : {}),
    date,
    ...(greeting ? { greeting: redact(greeting).text, greetingTemplate: redact(greetingTemplate!).text } : {}),
    ...(parts.signOff ? { signOff: redact(parts.signOff.text).text } : {}),
    words: words.length,
    contractions: (body.match(CONTRACTION) ?? []).length,
    exclamations: (body.match(/!/g) ?? []).length,
    formalWords: (body.match(FORMAL_WORDS) ?? []).length + (/^dear\b/i.test(greeting ?? '') ? 1 : 0),
    phrases: [...phrases].map(phraseHash),
    phraseText: Object.fromEntries([...phrases].map((phrase) => [phraseHash(phrase), redact(phrase).text])),
  };
}

export function phraseHash(phrase: string): string {
  return createHash('sha256').update(phrase).digest('hex').slice(0, 16);
}

/** Derives every profile from the samples; `knownTexts` are phrase words kept from earlier runs. */
export function buildEmailVoice(input: Record<string, VoiceSample>, now = new Date(), knownTexts: Record<string, string> = {}): EmailVoice {
  const texts = { ...knownTexts };
  const samples: Record<string, VoiceSample> = {};
  for (const [id, sample] of Object.entries(input)) {
    const { phraseText, ...kept } = sample;
    Object.assign(texts, phraseText ?? {});
    samples[id] = kept;
  }
  const recurring = new Map<string, number>();
  for (const sample of Object.values(samples)) for (const hash of sample.phrases) recurring.set(hash, (recurring.get(hash) ?? 0) + 1);
  const phraseTexts = Object.fromEntries(Object.entries(texts).filter(([hash]) => (recurring.get(hash) ?? 0) >= 2));
  const all = Object.values(samples).sort((a, b) => a.date - b.date);
  const byDomain = new Map<string, VoiceSample[]>();
  const byRecipient = new Map<string, VoiceSample[]>();
  for (const sample of all) {
    for (const recipient of new Set(sample.recipients)) {
      byRecipient.set(recipient, [...(byRecipient.get(recipient) ?? []), sample]);
    }
    for (const domain of new Set(sample.recipients.map((address) => address.split('@')[1]).filter(Boolean))) {
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), sample]);
    }
  }
  const map = (groups: Map<string, VoiceSample[]>) => Object.fromEntries([...groups].map(([key, group]) => [key, profileOf(group, phraseTexts)]));
  return {
    version: 1,
    updatedAt: now.toISOString(),
    ...(all.length ? { overall: profileOf(all, phraseTexts) } : {}),
    byDomain: map(byDomain),
    byRecipient: map(byRecipient),
    samples,
    phraseTexts,
  };
}

function profileOf(samples: VoiceSample[], phraseTexts: Record<string, string>): VoiceProfile {
  const scale = Math.min(1, samples.length / CONFIDENT_SAMPLES);
  const words = samples.map((sample) => sample.words).sort((a, b) => a - b);
  const per = (pick: (sample: VoiceSample) => number) => round(samples.reduce((sum, sample) => sum + pick(sample), 0) / samples.length);
  const contractions = per((sample) => sample.contractions);
  const exclamations = per((sample) => sample.exclamations);
  const formalWords = per((sample) => sample.formalWords);
  const leaning = formalWords - contractions - exclamations;
  const label = leaning >= 0.75 ? 'formal' : leaning <= -0.75 ? 'casual' : 'neutral';
  const phraseCounts = new Map<string, string[]>();
  for (const sample of samples) for (const phrase of sample.phrases) phraseCounts.set(phrase, [...(phraseCounts.get(phrase) ?? []), sample.id]);
  const phrases = [...phraseCounts]
    .filter(([hash, ids]) => ids.length >= 2 && phraseTexts[hash] !== undefined)
    .map(([hash, ids]) => ({ text: phraseTexts[hash], count: ids.length, exemplars: ids.slice(-5) }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
    .slice(0, 8);
  const greeting = habit(samples, (sample) => sample.greeting, scale);
  const signOff = habit(samples, (sample) => sample.signOff, scale);
  return {
    samples: samples.length,
    greeting,
    greetingTemplate: habit(samples, (sample) => sample.greetingTemplate, scale),
    signOff,
    length: { medianWords: words[Math.floor(words.length / 2)], minWords: words[0], maxWords: words[words.length - 1] },
    formality: { label, contractionsPerMessage: contractions, exclamationsPerMessage: exclamations, formalWordsPerMessage: formalWords, confidence: round(scale * (Math.abs(leaning) >= 0.75 ? 0.9 : 0.6)) },
    phrases,
    confidence: round(scale * ((greeting.share + signOff.share) / 2)),
  };
}

/** The most common form (a missing greeting counts as a form of its own); ties go to the most recent. */
function habit(samples: VoiceSample[], pick: (sample: VoiceSample) => string | undefined, scale: number): Habit {
  const groups = new Map<string, { value?: string; ids: string[]; last: number }>();
  for (const sample of samples) {
    const value = pick(sample);
    const key = value ?? '\u0000none';
    const group = groups.get(key) ?? { ...(value !== undefined ? { value } : {}), ids: [], last: 0 };
    group.ids.push(sample.id);
    group.last = Math.max(group.last, sample.date);
    groups.set(key, group);
  }
  const best = [...groups.values()].sort((a, b) => b.ids.length - a.ids.length || b.last - a.last)[0];
  const share = best.ids.length / samples.length;
  return { ...(best.value !== undefined ? { value: best.value } : {}), share: round(share), confidence: round(share * scale), exemplars: best.ids.slice(-5) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function readEmailVoice(home: string): EmailVoice | undefined {
  const file = emailVoicePath(home);
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as EmailVoice;
    return parsed.version === 1 ? { ...parsed, phraseTexts: parsed.phraseTexts ?? {} } : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the email voice at ${file} (${(error as Error).message}); delete it and run \`twin mail sync\` again.`);
  }
}

/** Adds samples (replacing any with the same id) and writes the re-derived voice. */
export function saveVoiceSamples(home: string, added: VoiceSample[]): EmailVoice {
  const previous = readEmailVoice(home);
  const samples = { ...(previous?.samples ?? {}) };
  for (const sample of added) samples[sample.id] = sample;
  return writeEmailVoice(home, buildEmailVoice(samples, new Date(), previous?.phraseTexts ?? {}));
}

/** Drops the samples of forgotten messages and derives the voice again from the rest. */
export function forgetVoiceSamples(home: string, memoryIds: Iterable<string>): number {
  const previous = readEmailVoice(home);
  if (!previous) return 0;
  const samples = { ...previous.samples };
  let removed = 0;
  for (const id of memoryIds) if (samples[id]) (delete samples[id], removed++);
  if (removed) writeEmailVoice(home, buildEmailVoice(samples, new Date(), previous.phraseTexts));
  return removed;
}

function writeEmailVoice(home: string, voice: EmailVoice): EmailVoice {
  ensurePrivateFolder(home);
  ensurePrivateFolder(path.dirname(emailVoicePath(home)));
  writePrivateFileAtomic(emailVoicePath(home), JSON.stringify(voice, null, 2) + '\n');
  return voice;
}

/**
 * How the user writes to `who` ("Anna Berg <anna@example.com>", an address, or a name): their habits with
 * that person, else with that domain, else overall. `name` fills a greeting learned from other people.
 */
export function voiceFor(voice: EmailVoice | undefined, who: string | undefined): ResolvedVoice | undefined {
  if (!voice?.overall) return undefined;
  const lower = who ? addressOf(who) : undefined;
  const name = who ? addresseeName(who) : undefined;
  const choose = (level: VoiceLevel, scope: string, profile: VoiceProfile): ResolvedVoice => {
    let greeting: string | undefined;
    if (level === 'recipient' && profile.greeting.value !== undefined) greeting = profile.greeting.value;
    else if (profile.greetingTemplate.value !== undefined) {
      const template = profile.greetingTemplate.value;
      greeting = template.includes('{name}') ? (name ? template.replace('{name}', name) : template.replace(' {name}', '')) : template;
    }
    return { level, scope, profile, ...(greeting ? { greeting } : {}), ...(profile.signOff.value ? { signOff: profile.signOff.value } : {}) };
  };
  if (lower && voice.byRecipient[lower]) return choose('recipient', lower, voice.byRecipient[lower]);
  const domain = lower?.split('@')[1];
  if (domain && voice.byDomain[domain]) return choose('domain', domain, voice.byDomain[domain]);
  return choose('overall', 'all your sent mail', voice.overall);
}

function addressOf(who: string): string | undefined {
  return (/<([^<>\s]+@[^<>\s]+)>/.exec(who)?.[1] ?? /[^\s<>]+@[^\s<>]+/.exec(who)?.[0])?.toLowerCase();
}

/** The first name to greet someone by: "Anna Berg <anna@acme.test>" → Anna; "anna.berg@acme.test" → Anna. */
export function addresseeName(who: string): string | undefined {
  const displayName = who.replace(/<[^>]*>/, '').replace(/"/g, '').trim();
  if (displayName && !displayName.includes('@')) {
    const comma = /^([^,]+),\s*(\S+)/.exec(displayName);
    return comma ? comma[2] : displayName.split(/\s+/)[0];
  }
  const address = addressOf(who);
  return address ? guessName(address) : undefined;
}

function guessName(address: string): string | undefined {
  const local = address.split('@')[0].split(/[._+-]/)[0];
  return /^[a-z]{2,}$/i.test(local) ? local[0].toUpperCase() + local.slice(1) : undefined;
}

/** Replaces a draft's greeting and sign-off with the ones the user uses with this person. */
export function applyVoice(draft: string, resolved: ResolvedVoice): string {
  if (!draft.trim()) return draft;
  const parts = splitReply(draft);
  const lines: string[] = [];
  if (resolved.greeting) lines.push(resolved.greeting, '');
  lines.push(parts.body);
  const signOff = resolved.signOff ?? (resolved.profile.signOff.share >= 0.5 ? undefined : parts.signOff?.text);
  if (signOff) lines.push('', signOff);
  return lines.join('\n');
}

/** Voice notes for a model prompt and the draft's provenance. */
export function describeVoice(resolved: ResolvedVoice): string[] {
  const profile = resolved.profile;
  const who = resolved.level === 'recipient' ? `with ${resolved.scope}` : resolved.level === 'domain' ? `with people at ${resolved.scope}` : 'in all your sent mail';
  const notes = [
    `email voice ${who} (${profile.samples} sent message${profile.samples === 1 ? '' : 's'}, confidence ${profile.confidence})`,
    resolved.greeting ? `opens with "${resolved.greeting}" (${Math.round((resolved.level === 'recipient' ? profile.greeting : profile.greetingTemplate).share * 100)}% of messages)` : 'opens with no greeting',
    resolved.signOff ? `closes with "${resolved.signOff.replace(/\n/g, '\\n')}" (${Math.round(profile.signOff.share * 100)}%)` : 'no sign-off',
    `length about ${profile.length.medianWords} words (${profile.length.minWords}–${profile.length.maxWords})`,
    `tone ${profile.formality.label} (${profile.formality.contractionsPerMessage} contractions, ${profile.formality.exclamationsPerMessage} exclamation marks, ${profile.formality.formalWordsPerMessage} formal words per message)`,
  ];
  if (profile.phrases.length) notes.push(`phrases they use: ${profile.phrases.slice(0, 4).map((phrase) => `"${phrase.text}"`).join(', ')}`);
  return notes;
}
