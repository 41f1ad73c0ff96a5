/**
 * Turns the auto-reply allowlist into Slack ids, once, when the app starts. Only an id is proof of who
 * wrote a message or where: display names and real names are chosen by each member, so anyone could call
 * themselves "priya" and be answered automatically. A handle (`priya`, `@priya`) is looked up in users.list
 * by the account's unique `name` alone, a `#channel` in conversations.list by its name; an entry that
 * matches nothing, or more than one, is ignored and reported, so it can never widen the allowlist.
 */
import type { webApi } from '@slack/bolt';
import type { AutoReplyPolicy } from './slack-config';
import { slackError } from './slack-voice-learner';

/** The ids the allowlist's handles and channel names stand for, and what could not be resolved. */
export interface ResolvedAllowlist {
  /** Handle (lowercase, without '@') → user id. */
  people: ReadonlyMap<string, string>;
  /** Channel name (lowercase, without '#') → conversation id. */
  conversations: ReadonlyMap<string, string>;
  /** One sentence per entry that is ignored, saying what to do instead. */
  problems: string[];
}

export const EMPTY_ALLOWLIST: ResolvedAllowlist = { people: new Map(), conversations: new Map(), problems: [] };

/** Slack user ids: U… (W… on Enterprise Grid), upper case — handles are always lower case. */
export function isUserId(entry: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(entry);
}

/** Conversation ids: C… (channels), G… (older private channels and group DMs), D… (DMs). */
export function isConversationId(entry: string): boolean {
  return /^[CGD][A-Z0-9]{2,}$/.test(entry);
}

/** `@Priya` → `priya`; undefined for an id. */
export function handleOf(entry: string): string | undefined {
  const bare = entry.trim().replace(/^@/, '');
  return isUserId(bare) ? undefined : bare.toLowerCase();
}

/** `#Team-Billing` (or `team-billing`) → `team-billing`; undefined for an id. */
export function channelNameOf(entry: string): string | undefined {
  const bare = entry.trim();
  return isConversationId(bare) ? undefined : bare.replace(/^#/, '').toLowerCase();
}

export interface ResolveOptions {
  /** Results per users.list / conversations.list page (Slack allows up to 1000; 200 is its advice). */
  pageSize?: number;
}

interface ListedUser {
  id?: string;
  name?: string;
  deleted?: boolean;
}

interface ListedChannel {
  id?: string;
  name?: string;
}

/** Looks up every handle and channel name in `policy` (one paginated listing each, only when needed). */
export async function resolveAllowlist(policy: AutoReplyPolicy, client: webApi.WebClient, options: ResolveOptions = {}): Promise<ResolvedAllowlist> {
  const limit = options.pageSize ?? 200;
  const problems: string[] = [];
  const handles = unique(policy.people.map(handleOf));
  const channelNames = unique(policy.conversations.map(channelNameOf));

  const people = new Map<string, string>();
  if (handles.length) {
    try {
      const byName = new Map<string, string[]>();
      for await (const page of client.paginate('users.list', { limit })) {
        for (const member of ((page as { members?: ListedUser[] }).members ?? [])) {
          // A deactivated account cannot write to the user; counting it would only make a handle look ambiguous.
          if (!member.id || !member.name || member.deleted) continue;
          const name = member.name.toLowerCase();
          byName.set(name, [...(byName.get(name) ?? []), member.id]);
        }
      }
      for (const handle of handles) {
        const ids = byName.get(handle) ?? [];
        if (ids.length === 1) people.set(handle, ids[0]);
        else if (ids.length === 0) problems.push(`auto-reply allowlist: no Slack member has the handle "${handle}", so it is ignored; list their user id (U…) instead.`);
        else problems.push(`auto-reply allowlist: ${ids.length} Slack members have the handle "${handle}" (${ids.join(', ')}), so it is ignored; list the user id you mean.`);
      }
    } catch (error) {
      problems.push(`auto-reply allowlist: could not list Slack members to look up ${quoted(handles)} (${slackError(error)}), so they are ignored; list user ids (U…) instead, or give the user token users:read.`);
    }
  }

  const conversations = new Map<string, string>();
  if (channelNames.length) {
    try {
      const byName = new Map<string, string[]>();
      for await (const page of client.paginate('conversations.list', { limit, types: 'public_channel,private_channel', exclude_archived: true })) {
        for (const channel of ((page as { channels?: ListedChannel[] }).channels ?? [])) {
          if (!channel.id || !channel.name) continue;
          const name = channel.name.toLowerCase();
          byName.set(name, [...(byName.get(name) ?? []), channel.id]);
        }
      }
      for (const name of channelNames) {
        const ids = byName.get(name) ?? [];
        if (ids.length === 1) conversations.set(name, ids[0]);
        else if (ids.length === 0) problems.push(`auto-reply allowlist: no channel you can see is named "#${name}", so it is ignored; list its conversation id (C…) instead.`);
        else problems.push(`auto-reply allowlist: ${ids.length} channels are named "#${name}" (${ids.join(', ')}), so it is ignored; list the conversation id you mean.`);
      }
    } catch (error) {
      problems.push(`auto-reply allowlist: could not list channels to look up ${quoted(channelNames.map((name) => `#${name}`))} (${slackError(error)}), so they are ignored; list conversation ids (C…) instead, or give the user token channels:read and groups:read.`);
    }
  }
  return { people, conversations, problems };
}

function unique(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}

function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}
