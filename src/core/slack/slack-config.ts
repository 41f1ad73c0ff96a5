/**
 * How the Slack app is configured: secrets from the environment (never from a file Twin might export),
 * choices from `TWIN_HOME/config.json` → `slack`:
 *
 *   {"slack": {
 *     "enabled": true,                       // the sidecar starts the app (the CLI's `twin slack` does not need it)
 *     "host": "127.0.0.1", "port": 3000,     // where the Events API receiver listens (sidecar)
 *     "socketMode": false,                   // true: dial out over Socket Mode with SLACK_APP_TOKEN instead
 *     "autoReply": {
 *       "conversations": ["D024BE91L", "#team-billing"],  // conversation ids (safest), or #channel names
 *       "people": ["U023BECGF", "priya"],                 // user ids (safest), or handles — never display names
 *       "minConfidence": 0.8
 *     },
 *     "rateLimit": {"perConversationPerMinute": 2, "globalPerMinute": 10}
 *   }}
 *
 * Auto-reply is off unless a conversation or a person is listed: the twin drafts, the user sends.
 */
import * as path from 'node:path';
import { readConfigFile } from '../config/embedder-config';

export interface SlackSecrets {
  /** Events API over HTTP only (Socket Mode needs none: nothing reaches the app unless it dialled out). */
  signingSecret?: string;
  botToken: string;
  userToken: string;
  /** Socket Mode only. */
  appToken?: string;
  /** The Web API base URL, ending in `/api/` (Slack's by default). */
  apiUrl?: string;
}

export interface AutoReplyPolicy {
  conversations: string[];
  people: string[];
  minConfidence: number;
}

export interface RateLimitConfig {
  perConversationPerMinute: number;
  globalPerMinute: number;
}

export interface SlackSettings {
  enabled: boolean;
  socketMode: boolean;
  host: string;
  port: number;
  autoReply: AutoReplyPolicy;
  rateLimit: RateLimitConfig;
}

export const DEFAULT_MIN_CONFIDENCE = 0.8;
export const DEFAULT_SLACK_PORT = 3000;
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { perConversationPerMinute: 2, globalPerMinute: 10 };

export class SlackConfigError extends Error {}

/** The secrets the app needs, or an error naming every variable that is missing. */
export function slackSecretsFromEnv(env: NodeJS.ProcessEnv, options: { socketMode?: boolean } = {}): SlackSecrets {
  const required = options.socketMode ? ['SLACK_BOT_TOKEN', 'SLACK_USER_TOKEN', 'SLACK_APP_TOKEN'] : ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_USER_TOKEN'];
  const missing = required.filter((name) => !env[name]?.trim());
  if (missing.length) {
    throw new SlackConfigError(
      `The Slack app needs ${missing.join(', ')} in the environment: the signing secret and tokens from your Slack app's settings ` +
        `(${options.socketMode ? 'OAuth & Permissions → Bot and User OAuth Tokens; Basic Information → App-Level Token with connections:write' : 'Basic Information → Signing Secret; OAuth & Permissions → Bot and User OAuth Tokens'}).`,
    );
  }
  return {
    ...(env.SLACK_SIGNING_SECRET?.trim() ? { signingSecret: env.SLACK_SIGNING_SECRET.trim() } : {}),
    botToken: env.SLACK_BOT_TOKEN!.trim(),
    userToken: env.SLACK_USER_TOKEN!.trim(),
    ...(env.SLACK_APP_TOKEN?.trim() ? { appToken: env.SLACK_APP_TOKEN.trim() } : {}),
    ...(env.SLACK_API_URL?.trim() ? { apiUrl: normaliseApiUrl(env.SLACK_API_URL.trim()) } : {}),
  };
}

/** The user token alone (voice learning needs nothing else). */
export function slackUserTokenFromEnv(env: NodeJS.ProcessEnv): { userToken: string; apiUrl?: string } {
  const userToken = env.SLACK_USER_TOKEN?.trim();
  if (!userToken) {
    throw new SlackConfigError('Learning your Slack voice needs SLACK_USER_TOKEN (a user token with channels:history, groups:history, im:history, mpim:history, channels:read, groups:read, im:read, mpim:read, users:read).');
  }
  return { userToken, ...(env.SLACK_API_URL?.trim() ? { apiUrl: normaliseApiUrl(env.SLACK_API_URL.trim()) } : {}) };
}

/** `https://slack.com/api` and `…/api/` both work; the Web API client wants the trailing slash. */
export function normaliseApiUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SlackConfigError(`SLACK_API_URL "${url}" is not a URL: give the Web API base, e.g. https://slack.com/api/.`);
  }
  return parsed.toString().endsWith('/') ? parsed.toString() : `${parsed.toString()}/`;
}

/**
 * Settings that win over config.json's `slack`, held by the sidecar in memory (the VS Code `twin.slack.*`
 * settings the user set). Same shape as config.json's block; `autoReply` is merged key by key.
 */
export interface SlackSettingsOverride {
  enabled?: boolean;
  socketMode?: boolean;
  host?: string;
  port?: number;
  autoReply?: Partial<AutoReplyPolicy>;
}

/** `slack` in config.json, with `override` on top, validated, with defaults. */
export function readSlackSettings(home: string, override?: SlackSettingsOverride): SlackSettings {
  const file = path.join(home, 'config.json') + (override ? ' (or the twin.slack.* VS Code settings)' : '');
  const fromFile = readConfigFile(home).slack;
  if (fromFile !== undefined && !isObject(fromFile)) throw new SlackConfigError(`"slack" in ${file} must be an object (see the README's Slack section).`);
  if (override !== undefined && !isObject(override)) throw new SlackConfigError('The Slack settings sent must be an object like config.json\'s "slack".');
  const raw = mergeOverride(fromFile, override);
  if (raw === undefined) return defaults();
  const auto = raw.autoReply ?? {};
  if (!isObject(auto)) throw new SlackConfigError(`"slack.autoReply" in ${file} must be an object with "conversations", "people" and "minConfidence".`);
  const minConfidence = auto.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    throw new SlackConfigError(`"slack.autoReply.minConfidence" in ${file} must be a number from 0 to 1 (got ${JSON.stringify(minConfidence)}).`);
  }
  const rate = raw.rateLimit ?? {};
  if (!isObject(rate)) throw new SlackConfigError(`"slack.rateLimit" in ${file} must be an object.`);
  const port = raw.port ?? DEFAULT_SLACK_PORT;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SlackConfigError(`"slack.port" in ${file} must be a port number (got ${JSON.stringify(port)}).`);
  }
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') throw new SlackConfigError(`"slack.enabled" in ${file} must be true or false.`);
  if (raw.socketMode !== undefined && typeof raw.socketMode !== 'boolean') throw new SlackConfigError(`"slack.socketMode" in ${file} must be true or false.`);
  if (raw.host !== undefined && typeof raw.host !== 'string') throw new SlackConfigError(`"slack.host" in ${file} must be a host name or address.`);
  return {
    enabled: raw.enabled === true,
    socketMode: raw.socketMode === true,
    host: (raw.host as string | undefined) ?? '127.0.0.1',
    port,
    autoReply: {
      conversations: stringList(auto.conversations, `slack.autoReply.conversations in ${file}`),
      people: stringList(auto.people, `slack.autoReply.people in ${file}`),
      minConfidence,
    },
    rateLimit: {
      perConversationPerMinute: positive(rate.perConversationPerMinute, DEFAULT_RATE_LIMIT.perConversationPerMinute, `slack.rateLimit.perConversationPerMinute in ${file}`),
      globalPerMinute: positive(rate.globalPerMinute, DEFAULT_RATE_LIMIT.globalPerMinute, `slack.rateLimit.globalPerMinute in ${file}`),
    },
  };
}

function mergeOverride(fromFile: Record<string, unknown> | undefined, override: SlackSettingsOverride | undefined): Record<string, unknown> | undefined {
  if (!override) return fromFile;
  const merged: Record<string, unknown> = { ...(fromFile ?? {}), ...override };
  const fileAuto = fromFile?.autoReply;
  if (override.autoReply !== undefined && isObject(fileAuto) && isObject(override.autoReply)) merged.autoReply = { ...fileAuto, ...override.autoReply };
  return merged;
}

function defaults(): SlackSettings {
  return {
    enabled: false,
    socketMode: false,
    host: '127.0.0.1',
    port: DEFAULT_SLACK_PORT,
    autoReply: { conversations: [], people: [], minConfidence: DEFAULT_MIN_CONFIDENCE },
    rateLimit: { ...DEFAULT_RATE_LIMIT },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new SlackConfigError(`${where} must be a list of strings.`);
  return (value as string[]).map((item) => item.trim()).filter(Boolean);
}

function positive(value: unknown, fallback: number, where: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new SlackConfigError(`${where} must be a positive number.`);
  return value;
}
