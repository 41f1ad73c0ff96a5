/**
 * Which Slack events are someone talking to the user: a direct message to them, a message that mentions
 * them, or a mention of the app. Everything else is ignored before any work is done: edits and deletions
 * and other system subtypes, bots (including this app), and the user's own messages — the twin never
 * answers the user, or itself. Slack's retries are triaged like first deliveries (the first may never
 * have arrived); `SeenEvents` keeps one delivery from being answered twice.
 */

export interface SlackMessageEvent {
  type?: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  bot_profile?: unknown;
  text?: string;
  ts?: string;
  thread_ts?: string;
}

export interface EventAuthorization {
  user_id?: string;
  is_bot?: boolean;
}

export interface TriageContext {
  userId: string;
  botUserId?: string;
  /** `authorizations` from the event envelope: on whose behalf Slack delivered it. */
  authorizations?: EventAuthorization[];
}

export type Triage =
  | { addressed: true; via: 'dm' | 'mention' | 'app-mention'; conversation: string; ts: string; threadTs?: string; sender: string; text: string }
  | { addressed: false; why: string };

/** Subtypes that are still a person writing. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

export function triageMessage(event: SlackMessageEvent, context: TriageContext): Triage {
  if (event.subtype && !PERSON_SUBTYPES.has(event.subtype)) return { addressed: false, why: `subtype ${event.subtype} (edits, deletions, joins and bot posts are not messages to answer)` };
  if (event.bot_id || event.bot_profile) return { addressed: false, why: 'written by a bot' };
  if (!event.user || !event.channel || !event.ts) return { addressed: false, why: 'no sender, conversation or timestamp' };
  if (event.user === context.userId) return { addressed: false, why: 'the user’s own message' };
  if (context.botUserId && event.user === context.botUserId) return { addressed: false, why: 'the app’s own message' };
  const text = event.text?.trim() ?? '';
  if (!text) return { addressed: false, why: 'no text' };

  const base = { conversation: event.channel, ts: event.ts, sender: event.user, text };
  if (event.type === 'app_mention') return { addressed: true, via: 'app-mention', ...base, threadTs: event.thread_ts ?? event.ts };
  if (mentions(text, context.userId)) return { addressed: true, via: 'mention', ...base, threadTs: event.thread_ts ?? event.ts };
  if (event.channel_type === 'im' && deliveredForUser(context)) {
    return { addressed: true, via: 'dm', ...base, ...(event.thread_ts ? { threadTs: event.thread_ts } : {}) };
  }
  return { addressed: false, why: event.channel_type === 'im' ? 'a direct message to the app, not to the user' : 'not addressed to the user' };
}

function mentions(text: string, userId: string): boolean {
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`);
}

/** A DM counts when Slack delivered it on the user's behalf (their user-token subscription), not the bot's. */
function deliveredForUser(context: TriageContext): boolean {
  return (context.authorizations ?? []).some((authorization) => authorization.user_id === context.userId && authorization.is_bot !== true);
}
