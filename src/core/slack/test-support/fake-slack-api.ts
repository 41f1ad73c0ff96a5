/**
 * A small Slack Web API on 127.0.0.1 for tests: Slack itself cannot run here. It speaks the real wire
 * protocol the `@slack/web-api` client uses — `POST /api/<method>` with a form-encoded (or JSON) body, the
 * token as `Authorization: Bearer …`, answers `{ok: true, …}` or `{ok: false, error}` with HTTP 200 — and
 * implements the methods Twin calls with Slack's response shapes: auth.test, users.info, users.list,
 * users.conversations, conversations.list/info/history/replies/open, chat.postMessage/update, views.open,
 * and apps.connections.open (with an app-level token) for Socket Mode.
 * Messages posted land in the conversation, so history sees them. Every call is recorded (method, token,
 * parameters) for tests to check what reached Slack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  displayName?: string;
  isBot?: boolean;
  /** A deactivated account: still listed by users.list, as Slack does. */
  deleted?: boolean;
}

export interface FakeMessage {
  ts: string;
  user?: string;
  text: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  blocks?: unknown[];
  reply_count?: number;
  reply_users?: string[];
}

export interface FakeConversation {
  id: string;
  /** Channels have names; IMs have `user` (the other person) instead. */
  name?: string;
  isIm?: boolean;
  isPrivate?: boolean;
  /** For an IM: the other member. */
  user?: string;
  members: string[];
  /** Top-level messages and thread replies, in any order. */
  messages: FakeMessage[];
}

export interface FakeToken {
  /** The user the token acts as (for a bot token: the bot's user). */
  userId: string;
  botId?: string;
  /** An app-level token (xapp-…): only `apps.connections.open` accepts it, and only it. */
  app?: boolean;
}

export interface RecordedSlackCall {
  method: string;
  token: string | undefined;
  params: Record<string, unknown>;
}

export interface FakeSlackApi {
  /** Base URL for `slackApiUrl`, ending in `/api/`. */
  apiUrl: string;
  calls: RecordedSlackCall[];
  callsTo(method: string): RecordedSlackCall[];
  conversations: Map<string, FakeConversation>;
  users: Map<string, FakeUser>;
  addConversation(conversation: FakeConversation): void;
  /** The next call to `method` answers `{ok: false, error}`. */
  failNext(method: string, error: string): void;
  close(): Promise<void>;
}

export interface FakeSlackApiOptions {
  tokens: Record<string, FakeToken>;
  users?: FakeUser[];
  conversations?: FakeConversation[];
  teamId?: string;
  /** What `apps.connections.open` answers with: the Socket Mode server's URL. */
  socketModeUrl?: () => string;
}

type Handler = (params: Record<string, unknown>, caller: FakeToken) => Record<string, unknown>;

class SlackError extends Error {}

export async function startFakeSlackApi(options: FakeSlackApiOptions): Promise<FakeSlackApi> {
  const teamId = options.teamId ?? 'T0TWIN';
  const users = new Map((options.users ?? []).map((user) => [user.id, user]));
  const conversations = new Map((options.conversations ?? []).map((conversation) => [conversation.id, conversation]));
  const calls: RecordedSlackCall[] = [];
  const failures = new Map<string, string[]>();
  let clock = Math.floor(Date.now() / 1000);
  let sequence = 0;
  const nextTs = () => `${clock}.${String(++sequence).padStart(6, '0')}`;

  const conversationOf = (params: Record<string, unknown>) => {
    const conversation = conversations.get(String(params.channel ?? ''));
    if (!conversation) throw new SlackError('channel_not_found');
    return conversation;
  };
  const requireMember = (conversation: FakeConversation, caller: FakeToken) => {
    if (!conversation.members.includes(caller.userId)) throw new SlackError('not_in_channel');
  };
  const channelJson = (conversation: FakeConversation) => ({
    id: conversation.id,
    ...(conversation.name ? { name: conversation.name, is_channel: !conversation.isPrivate, is_private: !!conversation.isPrivate } : {}),
    is_im: !!conversation.isIm,
    ...(conversation.isIm ? { user: conversation.user } : {}),
    is_member: true,
  });
  const page = <T>(items: T[], params: Record<string, unknown>, key: string) => {
    const limit = Math.max(1, Number(params.limit ?? 100));
    const start = Number(params.cursor ? Buffer.from(String(params.cursor), 'base64').toString('utf8').replace('offset:', '') : 0);
    const slice = items.slice(start, start + limit);
    const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
    return { [key]: slice, has_more: next !== '', response_metadata: { next_cursor: next } };
  };
  const userJson = (user: FakeUser) => ({
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: !!user.deleted,
    real_name: user.realName ?? user.name,
    is_bot: !!user.isBot,
    profile: { display_name: user.displayName ?? '', real_name: user.realName ?? user.name },
  });
  const byTsDescending = (a: FakeMessage, b: FakeMessage) => Number(b.ts) - Number(a.ts);

  const handlers: Record<string, Handler> = {
    'auth.test': (_params, caller) => ({
      url: 'https://twin-test.slack.com/',
      team: 'Twin Test',
      team_id: teamId,
      user: users.get(caller.userId)?.name ?? caller.userId,
      user_id: caller.userId,
      ...(caller.botId ? { bot_id: caller.botId } : {}),
    }),
    'users.info': (params) => {
      const user = users.get(String(params.user ?? ''));
      if (!user) throw new SlackError('user_not_found');
      return { user: userJson(user) };
    },
    'users.list': (params) => page([...users.values()].map(userJson), params, 'members'),
    'users.conversations': (params, caller) => {
      const types = String(params.types ?? 'public_channel').split(',');
      const wanted = [...conversations.values()].filter((conversation) => {
        if (!conversation.members.includes(caller.userId)) return false;
        const type = conversation.isIm ? 'im' : conversation.isPrivate ? 'private_channel' : 'public_channel';
        return types.includes(type);
      });
      return page(wanted.map(channelJson), params, 'channels');
    },
    'conversations.list': (params, caller) => handlers['users.conversations'](params, caller),
    'conversations.info': (params, caller) => {
      const conversation = conversationOf(params);
      if (conversation.isIm || conversation.isPrivate) requireMember(conversation, caller);
      return { channel: channelJson(conversation) };
    },
    'conversations.history': (params, caller) => {
      const conversation = conversationOf(params);
      requireMember(conversation, caller);
      const oldest = params.oldest !== undefined ? Number(params.oldest) : -Infinity;
      const latest = params.latest !== undefined ? Number(params.latest) : Infinity;
      const topLevel = conversation.messages
        .filter((message) => !message.thread_ts || message.thread_ts === message.ts)
        .filter((message) => Number(message.ts) > oldest && Number(message.ts) < latest)
        .sort(byTsDescending)
        .map((message) => withThreadSummary(conversation, message));
      const result = page(topLevel, params, 'messages');
      return result;
    },
    'conversations.replies': (params, caller) => {
      const conversation = conversationOf(params);
      requireMember(conversation, caller);
      const thread = String(params.ts ?? '');
      const inThread = conversation.messages
        .filter((message) => message.ts === thread || message.thread_ts === thread)
        .sort((a, b) => Number(a.ts) - Number(b.ts));
      if (inThread.length === 0) throw new SlackError('thread_not_found');
      return page(inThread, params, 'messages');
    },
    'conversations.open': (params, caller) => {
      const other = String(params.users ?? '').split(',')[0];
      if (!users.has(other)) throw new SlackError('user_not_found');
      let conversation = [...conversations.values()].find((c) => c.isIm && c.members.includes(caller.userId) && c.members.includes(other));
      if (!conversation) {
        conversation = { id: `D${caller.userId.slice(1, 5)}${other.slice(1, 5)}`.toUpperCase(), isIm: true, user: other, members: [caller.userId, other], messages: [] };
        conversations.set(conversation.id, conversation);
      }
      return { channel: { id: conversation.id } };
    },
    'chat.postMessage': (params, caller) => {
      const conversation = conversationOf(params);
      requireMember(conversation, caller);
      if (!params.text && !params.blocks) throw new SlackError('no_text');
      const message: FakeMessage = {
        ts: nextTs(),
        text: String(params.text ?? ''),
        ...(caller.botId ? { bot_id: caller.botId, user: caller.userId } : { user: caller.userId }),
        ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
        ...(params.blocks ? { blocks: params.blocks as unknown[] } : {}),
      };
      conversation.messages.push(message);
      return { channel: conversation.id, ts: message.ts, message };
    },
    'chat.update': (params, caller) => {
      const conversation = conversationOf(params);
      const message = conversation.messages.find((candidate) => candidate.ts === String(params.ts));
      if (!message) throw new SlackError('message_not_found');
      if (message.user !== caller.userId) throw new SlackError('cant_update_message');
      message.text = String(params.text ?? message.text);
      if (params.blocks) message.blocks = params.blocks as unknown[];
      return { channel: conversation.id, ts: message.ts, text: message.text };
    },
    'apps.connections.open': () => {
      if (!options.socketModeUrl) throw new SlackError('socket_mode_not_enabled');
      return { url: options.socketModeUrl() };
    },
    'views.open': (params) => {
      if (!params.trigger_id) throw new SlackError('invalid_arguments');
      const view = params.view as Record<string, unknown> | undefined;
      if (!view || view.type !== 'modal') throw new SlackError('invalid_arguments');
      return { view: { id: `V${++sequence}`, ...view } };
    },
  };

  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/api\/([\w.]+)$/.exec(new URL(request.url ?? '/', 'http://x').pathname);
    const raw = await readBody(request);
    const params = parseParams(raw, String(request.headers['content-type'] ?? ''));
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const token = bearer ?? (typeof params.token === 'string' ? params.token : undefined);
    delete params.token;
    const method = match?.[1] ?? '';
    calls.push({ method, token, params });
    const answer = (body: Record<string, unknown>) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (!match || !handlers[method]) return answer({ ok: false, error: 'unknown_method' });
    if (!token) return answer({ ok: false, error: 'not_authed' });
    const caller = options.tokens[token];
    if (!caller) return answer({ ok: false, error: 'invalid_auth' });
    if (!!caller.app !== (method === 'apps.connections.open')) return answer({ ok: false, error: 'not_allowed_token_type' });
    const scripted = failures.get(method)?.shift();
    if (scripted) return answer({ ok: false, error: scripted });
    try {
      clock = Math.max(clock, Math.floor(Date.now() / 1000));
      answer({ ok: true, ...handlers[method](params, caller) });
    } catch (error) {
      if (error instanceof SlackError) return answer({ ok: false, error: error.message });
      response.writeHead(500);
      response.end(String(error));
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    conversations,
    users,
    addConversation: (conversation) => conversations.set(conversation.id, conversation),
    failNext: (method, error) => failures.set(method, [...(failures.get(method) ?? []), error]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function withThreadSummary(conversation: FakeConversation, message: FakeMessage): FakeMessage {
  const replies = conversation.messages.filter((reply) => reply.thread_ts === message.ts && reply.ts !== message.ts);
  if (replies.length === 0) return message;
  return { ...message, thread_ts: message.ts, reply_count: replies.length, reply_users: [...new Set(replies.map((reply) => reply.user ?? ''))].filter(Boolean) };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form fields (objects arrive JSON-encoded, as the Web API client sends them) or a JSON body. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
