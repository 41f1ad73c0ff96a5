/**
 * The extension's side of the Slack app: "Twin: Connect Slack" asks for the signing secret and tokens and
 * keeps them in VS Code's SecretStorage; "Twin: Disconnect Slack" deletes them. The tokens and the
 * `twin.slack.*` settings are pushed to the sidecar (`twin/configureSlack`, held in its memory only)
 * whenever it (re)starts and whenever they change; the sidecar starts, restarts or stops the app at once.
 * The app itself runs in the sidecar; here there are only a few small requests. The settings are read from
 * the user's settings only (they are `application`-scoped): an opened folder's settings never steer them.
 */
import * as vscode from 'vscode';
import type { SlackStatus } from '../../core/protocol/dashboard';
import type { SidecarClient } from '../sidecar/sidecar-client';
import { userValue } from '../user-scope-settings';
import { SLACK_SECRET_KEYS, SLACK_SETTING_KEYS, slackSettingsChange, slackTokenProblem, type SlackTokenName, type SlackTokenSet } from './slack-settings-map';

export const CONNECT_SLACK_COMMAND = 'twin.connectSlack';
export const DISCONNECT_SLACK_COMMAND = 'twin.disconnectSlack';

const TOKEN_NAMES = Object.keys(SLACK_SECRET_KEYS) as SlackTokenName[];

export class SlackController implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private pushing: Promise<unknown> = Promise.resolve();
  /** While Connect/Disconnect writes several secrets, their change events are not pushed one by one. */
  private writingSecrets = false;

  constructor(
    private readonly sidecar: SidecarClient,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: (message: string) => void,
    private readonly onChanged: () => void = () => undefined,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (SLACK_SETTING_KEYS.some((key) => event.affectsConfiguration(`twin.${key}`))) void this.push({ settings: true });
      }),
      secrets.onDidChange((event) => {
        if (!this.writingSecrets && (Object.values(SLACK_SECRET_KEYS) as string[]).includes(event.key)) void this.push({ tokens: true });
      }),
      vscode.commands.registerCommand(CONNECT_SLACK_COMMAND, () => this.connect()),
      vscode.commands.registerCommand(DISCONNECT_SLACK_COMMAND, () => this.disconnect()),
    );
  }

  /** Called when the sidecar (re)started: it knows neither the tokens nor the VS Code settings. */
  sidecarStarted(): Promise<SlackStatus | undefined> {
    return this.push({ settings: true, tokens: true });
  }

  /** The Slack app as the sidecar reports it. */
  status(): Promise<SlackStatus> {
    return this.sidecar.request('twin/slackStatus', {});
  }

  /**
   * Stores the tokens in SecretStorage (an empty or absent one is deleted) and hands them to the sidecar.
   * What Connect Slack runs after asking; integration tests call it directly.
   */
  async storeTokens(tokens: SlackTokenSet): Promise<SlackStatus | undefined> {
    this.writingSecrets = true;
    try {
      for (const name of TOKEN_NAMES) {
        const value = tokens[name]?.trim();
        if (value) await this.secrets.store(SLACK_SECRET_KEYS[name], value);
        else await this.secrets.delete(SLACK_SECRET_KEYS[name]);
      }
    } finally {
      this.writingSecrets = false;
    }
    return this.push({ tokens: true });
  }

  /** Deletes the tokens from SecretStorage and from the sidecar's memory, which stops the app. */
  async clearTokens(): Promise<SlackStatus | undefined> {
    return this.storeTokens({});
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async connect(): Promise<void> {
    const config = vscode.workspace.getConfiguration('twin');
    const socketMode = userValue((name) => config.inspect(name), 'slack.socketMode') === true;
    const ask = async (name: SlackTokenName, title: string, prompt: string, optional = false) =>
      vscode.window.showInputBox({
        title: `Twin: Connect Slack — ${title}`,
        prompt,
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => slackTokenProblem(name, value, { optional }),
      });
    const signingSecret = await ask(
      'signingSecret',
      'signing secret',
      socketMode ? 'Basic Information → App Credentials → Signing Secret (optional in Socket Mode).' : 'Basic Information → App Credentials → Signing Secret: Twin checks every request from Slack with it.',
      socketMode,
    );
    if (signingSecret === undefined) return;
    const botToken = await ask('botToken', 'bot token', 'OAuth & Permissions → Bot User OAuth Token (xoxb-…): the app sends you approvals with it.');
    if (botToken === undefined) return;
    const userToken = await ask('userToken', 'user token', 'OAuth & Permissions → User OAuth Token (xoxp-…): Twin learns your voice and replies as you with it.');
    if (userToken === undefined) return;
    const appToken = await ask(
      'appToken',
      'app-level token',
      socketMode ? 'Basic Information → App-Level Tokens (xapp-…, connections:write): needed for Socket Mode.' : 'Optional: an App-Level Token (xapp-…) for Socket Mode (twin.slack.socketMode). Leave empty for the Events API over HTTP.',
      !socketMode,
    );
    if (appToken === undefined) return;

    const status = await this.storeTokens({ signingSecret, botToken, userToken, appToken });
    if (userValue((name) => config.inspect(name), 'slack.enabled') !== true && !status?.enabled) {
      const turnOn: vscode.MessageItem = { title: 'Turn on' };
      const answer = await vscode.window.showInformationMessage('Twin: Slack tokens saved in secret storage. Turn the Slack app on (twin.slack.enabled)?', turnOn);
      if (answer === turnOn) await vscode.workspace.getConfiguration('twin').update('slack.enabled', true, vscode.ConfigurationTarget.Global);
      return;
    }
    if (status?.running) {
      const who = status.user?.name ?? status.user?.id ?? 'you';
      void vscode.window.showInformationMessage(
        `Twin: Slack connected as ${who}${status.team?.name ? ` in ${status.team.name}` : ''}${status.url ? ` — Events API request URL ${status.url}` : ' over Socket Mode'}.`,
      );
    } else if (status) {
      void vscode.window.showWarningMessage(`Twin: the Slack tokens were saved, but the app did not start: ${status.lastError ?? 'see Twin: Show Log'}`);
    }
  }

  private async disconnect(): Promise<void> {
    await this.clearTokens();
    void vscode.window.showInformationMessage('Twin: Slack disconnected; the tokens were removed from secret storage and the app stopped.');
  }

  /** Sends the settings and/or tokens; serialized, so the sidecar sees them in order. */
  private push(what: { settings?: boolean; tokens?: boolean }): Promise<SlackStatus | undefined> {
    const run = this.pushing.then(() => this.pushNow(what));
    this.pushing = run.catch(() => undefined);
    return run;
  }

  private async pushNow(what: { settings?: boolean; tokens?: boolean }): Promise<SlackStatus | undefined> {
    if (!this.sidecar.isRunning) return undefined;
    const params: { settings?: ReturnType<typeof slackSettingsChange>['settings']; apiUrl?: string; tokens?: SlackTokenSet | null } = {};
    if (what.settings) {
      const config = vscode.workspace.getConfiguration('twin');
      // The user's settings only: a cloned folder must not point the tokens at another server or turn auto-replies on.
      Object.assign(
        params,
        slackSettingsChange((key) => userValue((name) => config.inspect(name), key)),
      );
    }
    try {
      if (what.tokens) {
        const tokens: SlackTokenSet = {};
        for (const name of TOKEN_NAMES) {
          const value = await this.secrets.get(SLACK_SECRET_KEYS[name]);
          if (value) tokens[name] = value;
        }
        params.tokens = Object.keys(tokens).length ? tokens : null;
      }
      const status = await this.sidecar.request('twin/configureSlack', params);
      this.log(status.running ? `Slack app running (${status.mode === 'socket' ? 'Socket Mode' : status.url}).` : status.enabled ? `Slack app not running: ${status.lastError ?? 'unknown reason'}` : 'Slack app off.');
      this.onChanged();
      return status;
    } catch (error) {
      this.log(`Could not hand the Slack settings to the sidecar: ${(error as Error).message}`);
      return undefined;
    }
  }
}
