/**
 * The Slack app inside the sidecar, started, restarted and stopped as its settings and tokens change.
 * Settings: `slack` in TWIN_HOME/config.json, with the VS Code `twin.slack.*` settings the user set on top
 * (sent by the extension, `twin/configureSlack`, held in memory). Tokens: those the extension sends from
 * its secret storage (memory only, never written or logged), else SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN,
 * SLACK_USER_TOKEN and SLACK_APP_TOKEN (socket mode) from the environment. Every change is applied at once,
 * without restarting the sidecar; an unchanged configuration leaves the running app alone.
 *
 * The app recalls from the sidecar's own twin and reads the sidecar's pause switch on every message, so
 * pausing Twin (status bar, `twin/setPaused`) stops it answering at once. A misconfiguration never stops
 * the sidecar: it is logged with what to fix, reported by `twin/slackStatus`, and the rest of Twin runs on.
 */
import { createHash } from 'node:crypto';
import type { MemoryRecaller } from '../core/drafting';
import { createModelRouter } from '../core/models';
import type { SlackStatus } from '../core/protocol/dashboard';
import { normaliseApiUrl, readSlackSettings, slackSecretsFromEnv, SlackConfigError, type SlackSecrets, type SlackSettings, type SlackSettingsOverride } from '../core/slack/slack-config';
// Type only: Bolt and its web client are loaded when Slack is first configured, not at every sidecar start.
import type { SlackTwin } from '../core/slack/slack-twin';
import type { Logger } from './logger';

export interface SlackServiceOptions {
  home: string;
  recaller: MemoryRecaller;
  isPaused: () => boolean;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

/** The tokens the extension sends from VS Code's secret storage. */
export interface SlackTokens {
  signingSecret?: string;
  botToken?: string;
  userToken?: string;
  appToken?: string;
}

export interface SlackConfiguration {
  /** The VS Code settings the user set; `{}` drops them (config.json alone applies). Absent: unchanged. */
  settings?: SlackSettingsOverride;
  /** The Web API base URL (the twin.slack.apiUrl setting); empty: SLACK_API_URL, else Slack's. Absent: unchanged. */
  apiUrl?: string;
  /** Tokens from VS Code; null forgets them (the environment's apply again). Absent: unchanged. */
  tokens?: SlackTokens | null;
}

interface Running {
  app: SlackTwin;
  /** What it was started with: an unchanged configuration keeps it running. */
  fingerprint: string;
  mode: 'http' | 'socket';
  host?: string;
  port?: number;
  url?: string;
}

export class SlackService {
  private readonly env: NodeJS.ProcessEnv;
  private override: SlackSettingsOverride | undefined;
  private apiUrl = '';
  private tokens: SlackTokens | undefined;
  private running: Running | undefined;
  private enabled = false;
  private problem: { at: number; message: string } | undefined;
  private applying: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SlackServiceOptions) {
    this.env = options.env ?? process.env;
  }

  /** Starts the app if config.json (or the environment) says so. Never rejects. */
  start(): Promise<void> {
    return this.apply();
  }

  /** Takes new settings and/or tokens and applies them; resolves with the resulting status. */
  async configure(change: SlackConfiguration): Promise<SlackStatus> {
    if (change.settings !== undefined) this.override = Object.keys(change.settings).length ? change.settings : undefined;
    if (change.apiUrl !== undefined) this.apiUrl = change.apiUrl.trim();
    if (change.tokens !== undefined) this.tokens = change.tokens && Object.values(change.tokens).some((value) => value?.trim()) ? trimmed(change.tokens) : undefined;
    await this.apply();
    return this.status();
  }

  status(): SlackStatus {
    const running = this.running;
    const appError = running?.app.lastError;
    const lastError = appError && (!this.problem || appError.at >= this.problem.at) ? appError : this.problem;
    const identity = running?.app.identity;
    return {
      enabled: this.enabled,
      running: running !== undefined,
      ...(running ? { mode: running.mode } : {}),
      ...(running?.host ? { host: running.host } : {}),
      ...(running?.port !== undefined ? { port: running.port } : {}),
      ...(running?.url ? { url: running.url } : {}),
      ...(identity ? { user: { id: identity.userId, ...(identity.userName ? { name: identity.userName } : {}) } } : {}),
      ...(identity?.teamId || identity?.teamName ? { team: { ...(identity.teamId ? { id: identity.teamId } : {}), ...(identity.teamName ? { name: identity.teamName } : {}) } } : {}),
      tokensFrom: this.tokens ? 'vscode' : this.env.SLACK_BOT_TOKEN?.trim() || this.env.SLACK_USER_TOKEN?.trim() ? 'environment' : 'none',
      ...(running?.app.lastEventAt !== undefined ? { lastEventAt: running.app.lastEventAt } : {}),
      ...(lastError ? { lastError: lastError.message, lastErrorAt: lastError.at } : {}),
    };
  }

  /** Stops the app for good (the sidecar is stopping). */
  async stop(): Promise<void> {
    this.closed = true;
    const run = this.applying.then(() => this.stopRunning());
    this.applying = run;
    await run;
  }

  /** Serialized: one start or stop at a time, each on the latest configuration. */
  private apply(): Promise<void> {
    const run = this.applying.then(() => this.applyNow());
    this.applying = run.catch(() => undefined);
    return run;
  }

  private async applyNow(): Promise<void> {
    if (this.closed) return;
    let settings: SlackSettings;
    try {
      settings = readSlackSettings(this.options.home, this.override);
    } catch (error) {
      await this.stopRunning();
      this.fail(error as Error);
      return;
    }
    this.enabled = settings.enabled;
    if (!settings.enabled) {
      await this.stopRunning();
      this.problem = undefined;
      return;
    }
    let secrets: SlackSecrets;
    try {
      secrets = this.secrets(settings.socketMode);
    } catch (error) {
      await this.stopRunning();
      this.fail(error as Error);
      return;
    }
    // A digest, so no second copy of the tokens is kept around.
    const fingerprint = createHash('sha256').update(JSON.stringify({ settings, secrets })).digest('hex');
    if (this.running?.fingerprint === fingerprint) return;
    await this.stopRunning();

    const { home, log } = this.options;
    let app: SlackTwin | undefined;
    try {
      const provider = createModelRouter({ home, env: this.env });
      const { SlackTwin } = await import('../core/slack/slack-twin');
      app = await SlackTwin.create({ home, secrets, settings, recaller: this.options.recaller, ...(provider ? { provider } : {}), isPaused: this.options.isPaused, log, socketMode: settings.socketMode });
      if (settings.socketMode) {
        await app.connect();
        this.running = { app, fingerprint, mode: 'socket' };
      } else {
        const { url, port } = await app.listen({ host: settings.host, port: settings.port }).catch((error: Error) => {
          throw receiverListenError(error, settings);
        });
        this.running = { app, fingerprint, mode: 'http', host: settings.host, port, url };
      }
      this.problem = undefined;
    } catch (error) {
      await app?.stop().catch(() => undefined);
      this.fail(error as Error);
    }
  }

  private secrets(socketMode: boolean): SlackSecrets {
    const apiUrl = this.apiUrl ? { apiUrl: normaliseApiUrl(this.apiUrl) } : {};
    if (!this.tokens) {
      try {
        return { ...slackSecretsFromEnv(this.env, { socketMode }), ...apiUrl };
      } catch (error) {
        throw new SlackConfigError(`${(error as Error).message} In VS Code: run "Twin: Connect Slack".`);
      }
    }
    const tokens = this.tokens;
    const required: Array<[keyof SlackTokens, string]> = socketMode
      ? [['botToken', 'bot token'], ['userToken', 'user token'], ['appToken', 'app-level token']]
      : [['signingSecret', 'signing secret'], ['botToken', 'bot token'], ['userToken', 'user token']];
    const missing = required.filter(([key]) => !tokens[key]).map(([, name]) => name);
    if (missing.length) {
      throw new SlackConfigError(`The Slack app needs the ${missing.join(', ')}${socketMode ? ' (twin.slack.socketMode is on)' : ''}: run "Twin: Connect Slack" and paste them from your Slack app's settings.`);
    }
    const envApiUrl = this.env.SLACK_API_URL?.trim() ? { apiUrl: normaliseApiUrl(this.env.SLACK_API_URL.trim()) } : {};
    return {
      ...(tokens.signingSecret ? { signingSecret: tokens.signingSecret } : {}),
      botToken: tokens.botToken!,
      userToken: tokens.userToken!,
      ...(tokens.appToken ? { appToken: tokens.appToken } : {}),
      ...envApiUrl,
      ...apiUrl,
    };
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await running.app.stop();
    this.options.log.info(`slack: stopped${running.url ? ` (${running.url})` : ' (socket mode)'}`);
  }

  private fail(error: Error): void {
    this.problem = { at: Date.now(), message: error.message };
    this.options.log.warn(`slack: not started: ${error.message}`);
  }
}

/** The receiver could not bind its port: say which, and what to change, rather than the socket's error. */
export function receiverListenError(error: Error, settings: Pick<SlackSettings, 'host' | 'port'>): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `Port ${settings.port} on ${settings.host}`;
  const fix = 'set twin.slack.port (or slack.port in config.json) to a free port, or turn on twin.slack.socketMode.';
  if (code === 'EADDRINUSE') return new Error(`${where} is taken: ${fix}`);
  if (code === 'EACCES') return new Error(`${where} cannot be opened by this user (EACCES): ${fix}`);
  if (code === 'EADDRNOTAVAIL') return new Error(`${settings.host} is not an address of this machine (EADDRNOTAVAIL): set twin.slack.host (or slack.host in config.json) to one, such as 127.0.0.1.`);
  return error;
}

function trimmed(tokens: SlackTokens): SlackTokens {
  const out: SlackTokens = {};
  for (const key of ['signingSecret', 'botToken', 'userToken', 'appToken'] as const) {
    const value = tokens[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}
