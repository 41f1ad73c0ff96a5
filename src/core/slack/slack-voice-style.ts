/**
 * The learned Slack voice (slack-voice-profile.ts) put to use when drafting a Slack reply: the voice the
 * user has with this person, else in this conversation, else overall — a scoped voice needs a few
 * messages behind it before it outweighs the overall one — as prompt instructions for a model and as
 * light, fact-free edits to the offline draft (greeting or none, lowercase start, emoji, sign-off,
 * length). Nothing here adds words of its own beyond a greeting the user habitually writes.
 */
import { splitReply } from '../models/offline-drafter';
import { describeVoice, type SlackVoiceProfile, type VoiceStats } from './slack-voice-profile';

/** Below this many messages a person's or channel's voice is too thin to trust over the overall one. */
export const MIN_SCOPED_MESSAGES = 3;

export interface SlackVoiceTarget {
  /** The Slack user id (U…) being answered, or their handle / display name. */
  person?: string;
  /** The conversation id (C…, D…, G…), or a channel name (with or without #). */
  conversation?: string;
}

export interface ResolvedSlackVoice {
  level: 'person' | 'channel' | 'overall';
  /** Whom or where: "Sam (U0SAM)", "#billing (C0BILLING)", or "all your messages". */
  scope: string;
  stats: VoiceStats;
}

/** The most specific voice with enough messages behind it; undefined when the profile holds none. */
export function resolveSlackVoice(profile: SlackVoiceProfile | undefined, target: SlackVoiceTarget): ResolvedSlackVoice | undefined {
  if (!profile) return undefined;
  const person = findScoped(profile.people, target.person);
  if (person) return { level: 'person', scope: label(person.id, person.stats.name), stats: person.stats };
  const channel = findScoped(profile.channels, target.conversation);
  if (channel) return { level: 'channel', scope: label(channel.id, channel.stats.name, true), stats: channel.stats };
  if (profile.overall.messages === 0) return undefined;
  return { level: 'overall', scope: 'all your messages', stats: profile.overall };
}

/** One provenance line naming the voice used, then its notes. */
export function slackVoiceProvenance(resolved: ResolvedSlackVoice): string[] {
  const where = resolved.level === 'person' ? `with ${resolved.scope}` : resolved.level === 'channel' ? `in ${resolved.scope}` : `overall (${resolved.scope})`;
  return [`slack voice used: ${where}, from ${resolved.stats.messages} message${resolved.stats.messages === 1 ? '' : 's'}`, ...describeVoice(resolved.stats).slice(1).map((note) => `slack voice: ${note}`)];
}

/** Instructions for a model prompt: what the user does with this person or in this channel. */
export function slackVoicePrompt(resolved: ResolvedSlackVoice): string[] {
  const habits = habitsOf(resolved.stats);
  const whom = resolved.level === 'person' ? `to ${resolved.scope}` : resolved.level === 'channel' ? `in ${resolved.scope}` : 'on Slack in general';
  return [
    `How they write ${whom} on Slack (learned from ${resolved.stats.messages} of their messages):`,
    `- about ${habits.words} words per message; keep to that length`,
    habits.greets ? '- they open with a short greeting' : habits.neverGreets ? '- they use no greeting: start straight with the answer' : '- a greeting is optional',
    habits.lowercase ? '- they start in lowercase' : '- they start with a capital letter',
    habits.emoji ? '- they use emoji' : habits.noEmoji ? '- they use no emoji' : '- emoji are rare',
    habits.signsOff ? '- they sign off' : habits.neverSignsOff ? '- no sign-off' : '- a sign-off is optional',
  ];
}

export interface VoicedDraft {
  text: string;
  /** What was changed to match the voice, for the draft's provenance. */
  changes: string[];
}

/**
 * Adjusts an offline draft (the user's own past reply, re-addressed) to the voice: drops or adds the
 * greeting, drops a sign-off they never write, drops emoji they never use, follows their case, and cuts
 * a reply far longer than they write here back to its first sentences. `greeting` is the greeting word
 * the user habitually writes (from their exemplars), used only when one must be added.
 */
export function applySlackVoice(draft: string, resolved: ResolvedSlackVoice, options: { name?: string; greeting?: string } = {}): VoicedDraft {
  if (!draft.trim()) return { text: draft, changes: [] };
  const habits = habitsOf(resolved.stats);
  const changes: string[] = [];
  const parts = splitReply(draft);
  let greeting = parts.greeting ? draft.trim().slice(0, draft.trim().length - withoutGreeting(draft).length) : '';
  let body = parts.body;
  let signOff = parts.signOff?.text ?? '';

  if (greeting && habits.neverGreets) {
    greeting = '';
    changes.push('greeting dropped: you rarely greet here');
  } else if (!greeting && habits.greets) {
    const word = options.greeting ?? 'hi';
    greeting = `${word}${options.name ? ` ${options.name}` : ''}, `;
    // After "Hi Sam, " the sentence carries on: "Merged it." becomes "merged it." (not "I", not an acronym).
    if (/^\p{Lu}\p{Ll}/u.test(body)) body = body[0].toLowerCase() + body.slice(1);
    changes.push(`greeting "${word}" added: you usually greet here`);
  }
  if (signOff && habits.neverSignsOff) {
    signOff = '';
    changes.push('sign-off dropped: you do not sign off here');
  }
  if (habits.words > 0 && wordCount(body) > habits.words * 2.5) {
    const shortened = firstSentences(body, Math.ceil(habits.words * 1.5));
    if (shortened !== body) {
      body = shortened;
      changes.push(`shortened to its first sentences: you write about ${habits.words} words here`);
    }
  }
  let text = `${greeting}${body}${signOff ? `${parts.signOff?.separator || '\n'}${signOff}` : ''}`.trim();
  if (habits.noEmoji && EMOJI.test(text)) {
    text = text.replace(EMOJI_GLOBAL, '').replace(/[ \t]{2,}/g, ' ').replace(/\s+([,.!?])/g, '$1').trim();
    changes.push('emoji dropped: you do not use them here');
  }
  if (habits.lowercase && /^\p{Lu}\p{Ll}/u.test(text)) {
    text = text[0].toLowerCase() + text.slice(1);
    changes.push('starts in lowercase, as you do here');
  } else if (habits.capitalised && /^\p{Ll}/u.test(text)) {
    text = text[0].toUpperCase() + text.slice(1);
    changes.push('starts with a capital letter, as you do here');
  }
  return { text, changes };
}

interface Habits {
  words: number;
  greets: boolean;
  neverGreets: boolean;
  signsOff: boolean;
  neverSignsOff: boolean;
  lowercase: boolean;
  capitalised: boolean;
  emoji: boolean;
  noEmoji: boolean;
}

/** Shares as decisions: a habit in at least half the messages is followed, one in under a fifth is avoided. */
function habitsOf(stats: VoiceStats): Habits {
  const share = (n: number) => (stats.messages ? n / stats.messages : 0);
  return {
    words: stats.messages ? Math.round(stats.words / stats.messages) : 0,
    greets: share(stats.greetings) >= 0.5,
    neverGreets: share(stats.greetings) < 0.2,
    signsOff: share(stats.signOffs) >= 0.5,
    neverSignsOff: share(stats.signOffs) < 0.2,
    lowercase: share(stats.lowercaseStarts) >= 0.5,
    capitalised: share(stats.lowercaseStarts) < 0.2,
    emoji: share(stats.emoji) >= 0.3,
    noEmoji: share(stats.emoji) < 0.1,
  };
}

const EMOJI = /\p{Extended_Pictographic}|:[a-z0-9_+-]+:/u;
const EMOJI_GLOBAL = /\p{Extended_Pictographic}\uFE0F?|:[a-z0-9_+-]+:/gu;

function findScoped(scoped: Record<string, VoiceStats & { name?: string }>, wanted: string | undefined): { id: string; stats: VoiceStats & { name?: string } } | undefined {
  const key = wanted?.trim().replace(/^[#@]/, '');
  if (!key) return undefined;
  const lower = key.toLowerCase();
  const id = scoped[key] ? key : Object.keys(scoped).find((candidate) => scoped[candidate].name?.toLowerCase() === lower);
  if (!id || scoped[id].messages < MIN_SCOPED_MESSAGES) return undefined;
  return { id, stats: scoped[id] };
}

function label(id: string, name: string | undefined, channel = false): string {
  if (!name) return id;
  return `${channel && !id.startsWith('D') ? '#' : ''}${name} (${id})`;
}

function withoutGreeting(text: string): string {
  const parts = splitReply(text);
  const trimmed = text.trim();
  // The body (and sign-off) follow the greeting: find where the body starts in the original text.
  const at = trimmed.indexOf(parts.body);
  return at >= 0 ? trimmed.slice(at) : trimmed;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Whole sentences from the start until at least `words` words. */
function firstSentences(text: string, words: number): string {
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)/g) ?? [text];
  let kept = '';
  for (const sentence of sentences) {
    kept += sentence;
    if (wordCount(kept) >= words) break;
  }
  return kept.trim();
}
