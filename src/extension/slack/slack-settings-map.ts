/**
 * How the VS Code settings `twin.slack.*` map onto the sidecar's Slack settings (config.json's `slack`
 * block, see core/slack/slack-config.ts). Only settings the user set explicitly are sent: one never touched
 * in VS Code leaves what config.json says alone, instead of overwriting it with VS Code's default.
 *
 * No `vscode` import: the extension passes a reader over `WorkspaceConfiguration.inspect`, tests a map.
 */
import type { SlackSettingsOverride } from '../../core/slack/slack-config';
import type { ExplicitSetting } from '../collectors/collector-settings-map';

/** Every `twin.slack.*` setting the extension contributes (without the `twin.` prefix). */
export const SLACK_SETTING_KEYS = [
  'slack.enabled',
  'slack.host',
  'slack.port',
  'slack.socketMode',
  'slack.apiUrl',
  'slack.autoReply.conversations',
  'slack.autoReply.people',
  'slack.autoReply.minConfidence',
] as const;

/** What `twin/configureSlack` gets from the settings: the override (possibly `{}`) and the Web API URL. */
export interface SlackSettingsChange {
  settings: SlackSettingsOverride;
  /** Always sent, so clearing the setting also clears it in the sidecar ('' = SLACK_API_URL, else Slack's). */
  apiUrl: string;
}

export function slackSettingsChange(explicit: ExplicitSetting): SlackSettingsChange {
  const settings: SlackSettingsOverride = {};
  const enabled = explicit('slack.enabled');
  if (typeof enabled === 'boolean') settings.enabled = enabled;
  const socketMode = explicit('slack.socketMode');
  if (typeof socketMode === 'boolean') settings.socketMode = socketMode;
  const host = explicit('slack.host');
  if (typeof host === 'string' && host.trim()) settings.host = host.trim();
  const port = explicit('slack.port');
  if (typeof port === 'number') settings.port = port;

  const autoReply: NonNullable<SlackSettingsOverride['autoReply']> = {};
  const conversations = stringList(explicit('slack.autoReply.conversations'));
  if (conversations) autoReply.conversations = conversations;
  const people = stringList(explicit('slack.autoReply.people'));
  if (people) autoReply.people = people;
  const minConfidence = explicit('slack.autoReply.minConfidence');
  if (typeof minConfidence === 'number') autoReply.minConfidence = minConfidence;
  if (Object.keys(autoReply).length) settings.autoReply = autoReply;

  const apiUrl = explicit('slack.apiUrl');
  return { settings, apiUrl: typeof apiUrl === 'string' ? apiUrl.trim() : '' };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter(Boolean);
}

/** Where each token lives in VS Code's SecretStorage. */
export const SLACK_SECRET_KEYS = {
  signingSecret: 'twin.slack.signingSecret',
  botToken: 'twin.slack.botToken',
  userToken: 'twin.slack.userToken',
  appToken: 'twin.slack.appToken',
} as const;

export type SlackTokenName = keyof typeof SLACK_SECRET_KEYS;
export type SlackTokenSet = Partial<Record<SlackTokenName, string>>;

/**
 * Checks a pasted token's shape, so a token pasted in the wrong box is caught before Slack refuses it.
 * Returns what is wrong, or undefined.
 */
export function slackTokenProblem(name: SlackTokenName, value: string, options: { optional?: boolean } = {}): string | undefined {
  const token = value.trim();
  if (!token) return options.optional ? undefined : 'Paste it here (it is kept in VS Code’s secret storage).';
  if (/\s/.test(token)) return 'A Slack token has no spaces: copy it again.';
  const prefix = { botToken: 'xoxb-', userToken: 'xoxp-', appToken: 'xapp-' }[name as Exclude<SlackTokenName, 'signingSecret'>];
  if (prefix && !token.startsWith(prefix)) {
    const where = { botToken: 'Bot User OAuth Token (OAuth & Permissions)', userToken: 'User OAuth Token (OAuth & Permissions)', appToken: 'App-Level Token with connections:write (Basic Information)' }[name as Exclude<SlackTokenName, 'signingSecret'>];
    return `This should start with ${prefix}: the ${where}.`;
  }
  if (name === 'signingSecret' && /^xox|^xapp-/.test(token)) return 'That is a token, not the signing secret (Basic Information → App Credentials → Signing Secret).';
  return undefined;
}
