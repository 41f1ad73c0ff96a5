/**
 * The sidecar's requests about its Slack app: `twin/configureSlack` (the VS Code settings and the tokens
 * from its secret storage, applied at once) and `twin/slackStatus`. Checked here, done by SlackService;
 * every refusal says what was wrong. Tokens are never echoed back nor logged.
 */
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import type { SidecarHandlers } from './sidecar-handlers';
import type { SlackConfiguration, SlackService } from './slack-service';

export type SlackMethod = 'twin/configureSlack' | 'twin/slackStatus';

const TOKEN_KEYS = ['signingSecret', 'botToken', 'userToken', 'appToken'] as const;

export function createSlackHandlers(slack: SlackService): Pick<SidecarHandlers, SlackMethod> {
  return {
    'twin/configureSlack': async (params) => slack.configure(configurationOf(params)),
    'twin/slackStatus': async () => slack.status(),
  };
}

function configurationOf(params: unknown): SlackConfiguration {
  if (!isObject(params)) throw invalidParams('twin/configureSlack needs { settings?, apiUrl?, tokens? }.');
  const change: SlackConfiguration = {};
  if (params.settings !== undefined) {
    const settings = params.settings;
    if (!isObject(settings)) throw invalidParams('"settings" must be an object like config.json\'s "slack" ({ enabled, port, host, socketMode, autoReply }).');
    for (const key of ['enabled', 'socketMode'] as const) {
      if (settings[key] !== undefined && typeof settings[key] !== 'boolean') throw invalidParams(`"settings.${key}" must be true or false.`);
    }
    if (settings.host !== undefined && (typeof settings.host !== 'string' || settings.host.trim() === '')) throw invalidParams('"settings.host" must be a host name or address.');
    if (settings.port !== undefined && !(Number.isInteger(settings.port) && (settings.port as number) >= 0 && (settings.port as number) <= 65535)) {
      throw invalidParams('"settings.port" must be a port number (0–65535).');
    }
    if (settings.autoReply !== undefined && !isObject(settings.autoReply)) throw invalidParams('"settings.autoReply" must be an object with conversations, people and minConfidence.');
    change.settings = settings as SlackConfiguration['settings'];
  }
  if (params.apiUrl !== undefined) {
    if (typeof params.apiUrl !== 'string') throw invalidParams('"apiUrl" must be the Web API base URL, e.g. https://slack.com/api/, or empty.');
    change.apiUrl = params.apiUrl;
  }
  if (params.tokens !== undefined) {
    if (params.tokens === null) change.tokens = null;
    else {
      const tokens = params.tokens;
      if (!isObject(tokens)) throw invalidParams('"tokens" must be { signingSecret, botToken, userToken, appToken? }, or null to forget them.');
      for (const key of Object.keys(tokens)) {
        if (!(TOKEN_KEYS as readonly string[]).includes(key)) throw invalidParams(`"tokens.${key}" is not a Slack token Twin uses (${TOKEN_KEYS.join(', ')}).`);
        if (tokens[key] !== undefined && typeof tokens[key] !== 'string') throw invalidParams(`"tokens.${key}" must be text.`);
      }
      change.tokens = tokens as SlackConfiguration['tokens'];
    }
  }
  return change;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
