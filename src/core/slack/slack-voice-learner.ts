/**
 * Learns the user's Slack voice from their own messages: with the user token, every conversation they
 * are in (channels, private channels, group DMs, DMs), their top-level messages and their replies in
 * threads. Each becomes a memory (source `slack`, author = their user id, recipients = the DM partner or
 * the thread starter, deterministic id `slack:<channel>:<ts>`) — the exemplars `draftReply` reuses — and
 * counts towards the voice profile per channel and per person.
 *
 * Incremental: a cursor per conversation (`TWIN_HOME/slack/cursors.json`, the newest ts read) is saved
 * only after that conversation's memories were stored, so an interrupted run repeats work rather than
 * losing it, and deterministic ids make the repeat harmless. Replies added later to a thread whose first
 * message is older than the cursor are not seen by later runs (Slack's history lists threads by their
 * first message).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { webApi } from '@slack/bolt';
import { ensurePrivateFolder, writePrivateFileAtomic } from '../config/twin-home';
import type { ProgressListener } from '../twin';
import type { MemoryInput } from '../types';
import { AutoSentLedger } from './auto-sent-ledger';
import { addToVoiceProfile, emptyVoiceProfile, readSlackVoice, writeSlackVoice, type SlackVoiceProfile, type VoiceSample } from './slack-voice-profile';

export interface MemorySink {
  remember(memories: MemoryInput[]): Promise<unknown>;
}

export interface LearnSlackVoiceOptions {
  /** A Web API client with the user's token. */
  userClient: webApi.WebClient;
  memory: MemorySink;
  home: string;
  onProgress?: ProgressListener;
}

export interface SlackLearnReport {
  userId: string;
  conversations: number;
  /** Messages of the user stored as memories in this run. */
  messages: number;
  /** Messages of others, bots and the twin's own automatic replies, read and left out. */
  skipped: number;
  /** Conversations that could not be read (no access), with Slack's error. */
  failed: Array<{ conversation: string; error: string }>;
  seconds: number;
  profilePath: string;
}

interface SlackMessage {
  ts?: string;
  user?: string;
  text?: string;
  subtype?: string;
  bot_id?: string;
  thread_ts?: string;
  reply_users?: string[];
  reply_count?: number;
}

interface SlackConversation {
  id?: string;
  name?: string;
  is_im?: boolean;
  is_mpim?: boolean;
  user?: string;
}

const PAGE = 200;
const WRITE_BATCH = 200;
/** Subtypes that are still the user writing (others are joins, edits, bot posts, …). */
const USER_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message']);

export function slackCursorsPath(home: string): string {
  return path.join(home, 'slack', 'cursors.json');
}

export async function learnSlackVoice(options: LearnSlackVoiceOptions): Promise<SlackLearnReport> {
  const started = Date.now();
  const { userClient, home } = options;
  let userId: string | undefined;
  try {
    userId = (await userClient.auth.test()).user_id;
  } catch (error) {
    throw new Error(`Slack refused SLACK_USER_TOKEN (${slackError(error)}): copy the User OAuth Token (xoxp-…) again from your Slack app's OAuth & Permissions page.`);
  }
  if (!userId) throw new Error('Slack did not say whose token SLACK_USER_TOKEN is (auth.test returned no user_id): use a user token (xoxp-…), not a bot token.');

  const conversations = await listConversations(userClient);
  const cursors = readCursors(home);
  const autoSent = new AutoSentLedger(home).all();
  const names = new NameCache(userClient);
  const profile: SlackVoiceProfile = readSlackVoice(home) ?? emptyVoiceProfile(userId);
  const report: SlackLearnReport = { userId, conversations: conversations.length, messages: 0, skipped: 0, failed: [], seconds: 0, profilePath: '' };

  for (const [index, conversation] of conversations.entries()) {
    const channelId = conversation.id!;
    options.onProgress?.({ phase: 'slack', done: index, total: conversations.length, message: `${report.messages} of your messages so far` });
    let read: { mine: Array<SlackMessage & { parentUser?: string }>; others: number; newest?: string };
    try {
      read = await readOwnMessages(userClient, channelId, userId, cursors[channelId]);
    } catch (error) {
      report.failed.push({ conversation: channelId, error: slackError(error) });
      continue;
    }
    const partnerId = conversation.is_im ? conversation.user : undefined;
    const partnerName = partnerId ? await names.nameOf(partnerId) : undefined;
    const channelName = conversation.is_im ? partnerName : conversation.name;
    const memories: MemoryInput[] = [];
    const samples: VoiceSample[] = [];
    for (const message of read.mine) {
      if (autoSent.has(`${channelId}:${message.ts}`)) {
        report.skipped++;
        continue;
      }
      const personId = partnerId ?? (message.parentUser && message.parentUser !== userId ? message.parentUser : undefined);
      const personName = personId ? await names.nameOf(personId) : undefined;
      const memoryId = `slack:${channelId}:${message.ts}`;
      const timestamp = Math.round(Number(message.ts) * 1000);
      memories.push({
        id: memoryId,
        text: message.text!,
        source: 'slack',
        kind: 'episodic',
        timestamp,
        author: userId,
        recipients: personId ? [personName ?? personId, personId].filter((who, at, all) => all.indexOf(who) === at) : [],
        channel: conversation.is_im ? channelId : conversation.name ? `#${conversation.name}` : channelId,
        ...(message.thread_ts && message.thread_ts !== message.ts ? { thread: message.thread_ts } : {}),
        meta: { slackConversation: channelId, slackTs: message.ts, conversationType: conversation.is_im ? 'im' : conversation.is_mpim ? 'mpim' : 'channel' },
      });
      samples.push({ memoryId, text: message.text!, timestamp, channelId, ...(channelName ? { channelName } : {}), ...(personId ? { personId, ...(personName ? { personName } : {}) } : {}) });
    }
    report.skipped += read.others;
    for (let start = 0; start < memories.length; start += WRITE_BATCH) await options.memory.remember(memories.slice(start, start + WRITE_BATCH));
    addToVoiceProfile(profile, samples.sort((a, b) => a.timestamp - b.timestamp));
    report.messages += memories.length;
    if (read.newest) {
      cursors[channelId] = read.newest;
      // The profile first: a cursor must never move past messages the profile has not counted.
      writeSlackVoice(home, profile);
      writeCursors(home, cursors);
    }
  }
  profile.userId = userId;
  writeSlackVoice(home, profile);
  options.onProgress?.({ phase: 'slack', done: conversations.length, total: conversations.length, message: `${report.messages} of your messages` });
  return { ...report, seconds: (Date.now() - started) / 1000, profilePath: path.join(home, 'style', 'slack-voice.json') };
}

async function listConversations(client: webApi.WebClient): Promise<SlackConversation[]> {
  const found: SlackConversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.users.conversations({ types: 'public_channel,private_channel,mpim,im', exclude_archived: true, limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const channel of (page.channels ?? []) as SlackConversation[]) if (channel.id) found.push(channel);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return found;
}

/** The user's messages newer than `oldest` (top level and in threads), and the newest ts seen. */
async function readOwnMessages(client: webApi.WebClient, channel: string, userId: string, oldest: string | undefined) {
  const mine: Array<SlackMessage & { parentUser?: string }> = [];
  let others = 0;
  let newest: string | undefined;
  const isMine = (message: SlackMessage) => message.user === userId && !message.bot_id && USER_SUBTYPES.has(message.subtype) && !!message.text?.trim() && !!message.ts;
  const later = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : Number(b) > Number(a) ? b : a);

  let cursor: string | undefined;
  do {
    const page = await client.conversations.history({ channel, limit: PAGE, ...(oldest ? { oldest } : {}), ...(cursor ? { cursor } : {}) });
    for (const message of (page.messages ?? []) as SlackMessage[]) {
      newest = later(newest, message.ts);
      if (isMine(message)) mine.push(message);
      else others++;
      if (message.reply_users?.includes(userId) && message.ts) {
        for (const reply of await threadReplies(client, channel, message.ts)) {
          if (reply.ts === message.ts || (oldest && Number(reply.ts) <= Number(oldest))) continue;
          if (isMine(reply)) mine.push({ ...reply, parentUser: message.user });
          else others++;
        }
      }
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return { mine, others, newest };
}

async function threadReplies(client: webApi.WebClient, channel: string, ts: string): Promise<SlackMessage[]> {
  const replies: SlackMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.conversations.replies({ channel, ts, limit: PAGE, ...(cursor ? { cursor } : {}) });
    replies.push(...((page.messages ?? []) as SlackMessage[]));
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return replies;
}

/** A person's handle for greetings and recipients, looked up once per run. */
class NameCache {
  private readonly names = new Map<string, string | undefined>();
  constructor(private readonly client: webApi.WebClient) {}

  async nameOf(userId: string): Promise<string | undefined> {
    if (this.names.has(userId)) return this.names.get(userId);
    let name: string | undefined;
    try {
      const info = await this.client.users.info({ user: userId });
      name = info.user?.profile?.display_name || info.user?.name || undefined;
    } catch {
      name = undefined;
    }
    this.names.set(userId, name);
    return name;
  }
}

function readCursors(home: string): Record<string, string> {
  try {
    const parsed = JSON.parse(fs.readFileSync(slackCursorsPath(home), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeCursors(home: string, cursors: Record<string, string>): void {
  const file = slackCursorsPath(home);
  ensurePrivateFolder(path.dirname(file));
  writePrivateFileAtomic(file, JSON.stringify(cursors, null, 2) + '\n');
}

export function slackError(error: unknown): string {
  const data = (error as { data?: { error?: string } }).data;
  return data?.error ?? (error as Error).message ?? String(error);
}
