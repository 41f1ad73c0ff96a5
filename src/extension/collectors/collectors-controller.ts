/**
 * The extension's side of the collectors: it pushes the `twin.collectors.*` settings and the IMAP secret
 * (from SecretStorage) to the sidecar whenever it (re)starts and whenever they change, and asks the user —
 * in a modal, with the collector's own description — before a turned-on collector's first run. The
 * collectors themselves run in the sidecar; here there is only a few small requests, never work.
 */
import * as vscode from 'vscode';
import type { CollectorIdName, CollectorView } from '../../core/protocol/dashboard';
import type { SidecarClient } from '../sidecar/sidecar-client';
import { userValue } from '../user-scope-settings';
import { collectorChanges, COLLECTOR_SETTING_KEYS, enabledSettingKey } from './collector-settings-map';

export const SET_IMAP_PASSWORD_COMMAND = 'twin.setImapPassword';
export const SET_IMAP_TOKEN_COMMAND = 'twin.setImapAccessToken';
const IMAP_SECRET_KEY = 'twin.imap.password';
/** An OAuth2 access token (Gmail, Microsoft 365) instead of a password; the sidecar prefers it when both are set. */
const IMAP_TOKEN_SECRET_KEY = 'twin.imap.accessToken';

/** Asks the user to allow a collector; resolves true for "Allow". Tests replace it. */
export type ConsentPrompter = (view: CollectorView) => Promise<boolean>;

export const modalConsentPrompter: ConsentPrompter = async (view) => {
  const allow: vscode.MessageItem = { title: 'Allow' };
  const notNow: vscode.MessageItem = { title: 'Not now', isCloseAffordance: true };
  const heading = view.consent.changed
    ? `Twin's ${view.title} collector now describes what it captures differently. Allow it to keep running?`
    : `Allow Twin's ${view.title} collector to run?`;
  const answer = await vscode.window.showWarningMessage(heading, { modal: true, detail: view.captures }, allow, notNow);
  return answer === allow;
};

export class CollectorsController implements vscode.Disposable {
  private prompter: ConsentPrompter = modalConsentPrompter;
  /** Collectors the user said "Not now" to in this session: not asked again until turned on again. */
  private readonly declined = new Set<CollectorIdName>();
  private readonly asking = new Set<CollectorIdName>();
  private readonly disposables: vscode.Disposable[] = [];
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly sidecar: SidecarClient,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: (message: string) => void,
    private readonly onChanged: () => void = () => undefined,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        const changed = COLLECTOR_SETTING_KEYS.filter((key) => event.affectsConfiguration(`twin.${key}`));
        if (changed.length === 0) return;
        // Turning a collector on again asks again, even after "Not now".
        for (const id of ['screen', 'browser', 'mail'] as const) if (changed.includes(enabledSettingKey(id) as never)) this.declined.delete(id);
        void this.sync();
      }),
      secrets.onDidChange((event) => {
        if (event.key === IMAP_SECRET_KEY || event.key === IMAP_TOKEN_SECRET_KEY) void this.pushSecret();
      }),
      vscode.commands.registerCommand(SET_IMAP_PASSWORD_COMMAND, () => this.setImapSecret('password')),
      vscode.commands.registerCommand(SET_IMAP_TOKEN_COMMAND, () => this.setImapSecret('accessToken')),
    );
  }

  /** Test hook: what asks for consent (the modal by default). */
  setConsentPrompter(prompter: ConsentPrompter | undefined): void {
    this.prompter = prompter ?? modalConsentPrompter;
  }

  /** Called when the sidecar (re)started: it knows nothing of the secret, and settings may have changed meanwhile. */
  sidecarStarted(): Promise<void> {
    void this.pushSecret();
    return this.sync();
  }

  /** Sends the explicit settings, then asks about any turned-on collector still waiting for consent. Serialized. */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.syncNow());
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /** The collectors as the sidecar reports them. */
  list(): Promise<CollectorView[]> {
    return this.sidecar.request('twin/collectors', {});
  }

  /**
   * The dashboard's toggle: writes the VS Code setting, which is pushed (and asks for consent) like any
   * change; the state change is applied here at once so the answer shows it, the modal comes after.
   */
  async setEnabled(id: CollectorIdName, enabled: boolean): Promise<CollectorView> {
    if (enabled) this.declined.delete(id);
    await vscode.workspace.getConfiguration('twin').update(enabledSettingKey(id), enabled, vscode.ConfigurationTarget.Global);
    return this.sidecar.request('twin/configureCollector', { id, enabled });
  }

  /** The dashboard's Allow / Withdraw, naming the text it showed. */
  async consent(id: CollectorIdName, accepted: boolean, capturesHash?: string): Promise<CollectorView> {
    const view = await this.sidecar.request('twin/consentCollector', { id, accepted, capturesHash });
    this.onChanged();
    return view;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async syncNow(): Promise<void> {
    if (!this.sidecar.isRunning) return;
    const config = vscode.workspace.getConfiguration('twin');
    // The user's settings only: a cloned folder must not turn a collector on, loosen its exclusions or
    // point the IMAP password at another server (they would also be written into TWIN_HOME/config.json).
    const changes = collectorChanges((key) => userValue((name) => config.inspect(name), key));
    for (const change of changes) {
      try {
        await this.sidecar.request('twin/configureCollector', change);
      } catch (error) {
        this.log(`Could not apply the ${change.id} collector's settings: ${(error as Error).message}`);
      }
    }
    let views: CollectorView[];
    try {
      views = await this.list();
    } catch (error) {
      this.log(`Could not read the collectors' state: ${(error as Error).message}`);
      return;
    }
    this.onChanged();
    for (const view of views) {
      if (view.state !== 'needs-consent' || this.declined.has(view.id) || this.asking.has(view.id)) continue;
      this.asking.add(view.id);
      try {
        const allowed = await this.prompter(view);
        if (!allowed) {
          this.declined.add(view.id);
          this.log(`The ${view.id} collector stays off until you allow it (Twin dashboard → Collectors).`);
          continue;
        }
        await this.sidecar.request('twin/consentCollector', { id: view.id, accepted: true, capturesHash: view.capturesHash });
        this.log(`The ${view.id} collector is allowed.`);
        this.onChanged();
      } catch (error) {
        this.log(`Could not record consent to the ${view.id} collector: ${(error as Error).message}`);
      } finally {
        this.asking.delete(view.id);
      }
    }
  }

  private async pushSecret(): Promise<void> {
    if (!this.sidecar.isRunning) return;
    try {
      const [password, accessToken] = await Promise.all([this.secrets.get(IMAP_SECRET_KEY), this.secrets.get(IMAP_TOKEN_SECRET_KEY)]);
      if (password === undefined && accessToken === undefined) return;
      await this.sidecar.request('twin/setSecret', { collector: 'mail', ...(password !== undefined ? { password } : {}), ...(accessToken !== undefined ? { accessToken } : {}) });
    } catch (error) {
      this.log(`Could not hand the IMAP secret to the sidecar: ${(error as Error).message}`);
    }
  }

  private async setImapSecret(kind: 'password' | 'accessToken'): Promise<void> {
    const isToken = kind === 'accessToken';
    const key = isToken ? IMAP_TOKEN_SECRET_KEY : IMAP_SECRET_KEY;
    const what = isToken ? 'IMAP OAuth2 access token' : 'IMAP password';
    const value = await vscode.window.showInputBox({
      title: `Twin: ${what}`,
      prompt: isToken
        ? 'An OAuth2 access token for the mailbox in twin.collectors.mail.user (XOAUTH2). Kept in VS Code’s secret storage; empty clears it.'
        : 'The password (or app password) of the mailbox in twin.collectors.mail.user. Kept in VS Code’s secret storage; empty clears it.',
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    if (value === '') {
      await this.secrets.delete(key);
      if (this.sidecar.isRunning) await this.sidecar.request('twin/setSecret', { collector: 'mail', [kind]: '' }).catch(() => undefined);
      void vscode.window.showInformationMessage(`Twin: the ${what} was removed.`);
      return;
    }
    // onDidChange pushes it to the sidecar.
    await this.secrets.store(key, value);
    void vscode.window.showInformationMessage(`Twin: ${what} saved in secret storage.`);
  }
}
