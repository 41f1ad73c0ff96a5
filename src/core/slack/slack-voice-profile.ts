/**
 * The user's Slack voice, measured from their own messages: overall, per channel and per person they
 * write to (length, greeting, sign-off, emoji, lowercase starts, questions), each with the ids of the
 * messages it came from (provenance). Kept as running counts so incremental learning adds to it without
 * re-reading history; stored at `TWIN_HOME/style/slack-voice.json`, private, written atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';

export const SLACK_VOICE_VERSION = 1;
const EXEMPLARS_KEPT = 5;

export interface VoiceStats {
  messages: number;
  words: number;
  greetings: number;
  signOffs: number;
  emoji: number;
  lowercaseStarts: number;
  questions: number;
  /** The newest messages' memory ids (`slack:<channel>:<ts>`), newest first. */
  exemplarIds: string[];
  /** Epoch ms of the newest message counted. */
  lastAt: number;
}

export interface SlackVoiceProfile {
  version: number;
  userId: string;
  updatedAt: string;
  overall: VoiceStats;
  /** Keyed by conversation id; `name` is the channel's name or the DM partner's. */
  channels: Record<string, VoiceStats & { name?: string }>;
  /** Keyed by user id: what the user wrote in DMs with them and in threads they started. */
  people: Record<string, VoiceStats & { name?: string }>;
}

export interface VoiceSample {
  memoryId: string;
  text: string;
  timestamp: number;
  channelId: string;
  channelName?: string;
  /** Whom the message answered, when known (DM partner, thread starter). */
  personId?: string;
  personName?: string;
}

export function slackVoicePath(home: string): string {
  return path.join(home, 'style', 'slack-voice.json');
}

export function emptyVoiceProfile(userId: string): SlackVoiceProfile {
  return { version: SLACK_VOICE_VERSION, userId, updatedAt: new Date(0).toISOString(), overall: emptyStats(), channels: {}, people: {} };
}

export function readSlackVoice(home: string): SlackVoiceProfile | undefined {
  const file = slackVoicePath(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read the Slack voice at ${file}: ${(error as Error).message}.`);
  }
  try {
    const profile = JSON.parse(text) as SlackVoiceProfile;
    if (profile.version !== SLACK_VOICE_VERSION) throw new Error(`version ${String(profile.version)} is not ${SLACK_VOICE_VERSION}`);
    return profile;
  } catch (error) {
    throw new Error(`The Slack voice at ${file} is not usable (${(error as Error).message}); delete it and TWIN_HOME/slack/cursors.json, then run \`twin slack learn\` again.`);
  }
}

export function writeSlackVoice(home: string, profile: SlackVoiceProfile): void {
  const file = slackVoicePath(home);
  ensurePrivateFolder(path.dirname(file));
  writePrivateFileAtomic(file, JSON.stringify(profile, null, 2) + '\n');
}

/** Adds messages to the profile (in place) and returns it. */
export function addToVoiceProfile(profile: SlackVoiceProfile, samples: VoiceSample[], now = Date.now()): SlackVoiceProfile {
  for (const sample of samples) {
    count(profile.overall, sample);
    const channel = (profile.channels[sample.channelId] ??= { ...emptyStats(), ...(sample.channelName ? { name: sample.channelName } : {}) });
    count(channel, sample);
    if (sample.personId) {
      const person = (profile.people[sample.personId] ??= { ...emptyStats(), ...(sample.personName ? { name: sample.personName } : {}) });
      count(person, sample);
    }
  }
  profile.updatedAt = new Date(now).toISOString();
  return profile;
}

/** Plain notes for people and prompts: "about 9 words", "opens with a greeting in 70%", … */
export function describeVoice(stats: VoiceStats): string[] {
  if (stats.messages === 0) return [];
  const share = (n: number) => `${Math.round((100 * n) / stats.messages)}%`;
  const notes = [`${stats.messages} message${stats.messages === 1 ? '' : 's'}, about ${Math.round(stats.words / stats.messages)} words each`];
  notes.push(stats.greetings * 2 >= stats.messages ? `opens with a greeting (${share(stats.greetings)})` : `rarely greets (${share(stats.greetings)})`);
  if (stats.signOffs > 0) notes.push(`signs off in ${share(stats.signOffs)}`);
  if (stats.lowercaseStarts * 2 >= stats.messages) notes.push(`starts in lowercase (${share(stats.lowercaseStarts)})`);
  if (stats.emoji * 10 >= stats.messages * 3) notes.push(`uses emoji (${share(stats.emoji)})`);
  if (stats.questions * 10 >= stats.messages * 3) notes.push(`asks questions (${share(stats.questions)})`);
  return notes;
}

function emptyStats(): VoiceStats {
  return { messages: 0, words: 0, greetings: 0, signOffs: 0, emoji: 0, lowercaseStarts: 0, questions: 0, exemplarIds: [], lastAt: 0 };
}

function count(stats: VoiceStats, sample: VoiceSample): void {
  const text = sample.text.trim();
  stats.messages++;
  stats.words += text.split(/\s+/).filter(Boolean).length;
  if (/^(hi|hey|hello|heya|hiya|morning|good (morning|afternoon|evening)|yo)\b/i.test(text)) stats.greetings++;
  if (/(?:\n|[.!]\s+)(thanks|thank you|thx|ty|cheers|best|talk soon|ta)\b[^\n]*$/i.test(text)) stats.signOffs++;
  if (/\p{Extended_Pictographic}|:[a-z0-9_+-]+:/u.test(text)) stats.emoji++;
  if (/^[a-z]/.test(text)) stats.lowercaseStarts++;
  if (/\?\s*$/.test(text)) stats.questions++;
  if (!stats.exemplarIds.includes(sample.memoryId)) {
    stats.exemplarIds = [sample.memoryId, ...stats.exemplarIds].slice(0, EXEMPLARS_KEPT);
  }
  stats.lastAt = Math.max(stats.lastAt, sample.timestamp);
}
