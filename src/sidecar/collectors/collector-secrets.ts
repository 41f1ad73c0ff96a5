/**
 * Secrets collectors need (the IMAP password or OAuth2 token), held in the sidecar's memory only. The
 * extension sends them from VS Code's SecretStorage when the sidecar starts (`twin/setSecret`); a headless
 * sidecar reads `TWIN_IMAP_PASSWORD` / `TWIN_IMAP_TOKEN`. They are never written to disk or logged.
 */
import { credentialsFromEnv } from '../../core/collectors/mail-collector';
import type { ImapCredentials } from '../../core/mail/imap-connection';

export interface MailCredentials {
  password?: string;
  accessToken?: string;
}

export class CollectorSecrets {
  private mail: MailCredentials = {};

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Replaces the mail credentials; an empty value clears that one. */
  setMail(credentials: MailCredentials): void {
    this.mail = {
      ...(credentials.password ? { password: credentials.password } : {}),
      ...(credentials.accessToken ? { accessToken: credentials.accessToken } : {}),
    };
  }

  /**
   * What the mail collector signs in with: what the extension sent (a token first), else the environment;
   * each says where it came from, so a refused login names the VS Code command or the variable to fix.
   */
  mailCredentials(): ImapCredentials | undefined {
    if (this.mail.accessToken) return { accessToken: this.mail.accessToken, origin: 'vscode' };
    if (this.mail.password) return { password: this.mail.password, origin: 'vscode' };
    const fromEnv = credentialsFromEnv(this.env);
    return fromEnv ? { ...fromEnv, origin: 'environment' } : undefined;
  }
}
