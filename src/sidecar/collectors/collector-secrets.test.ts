import * as assert from 'node:assert/strict';
import { loginFailedMessage } from '../../core/mail/imap-connection';
import { CollectorSecrets } from './collector-secrets';

const account = { host: 'imap.example.com', port: 993, user: 'sam@example.com', tls: true };

describe('Collector secrets', () => {
  it('says a secret sent from VS Code came from VS Code, so a refused login names the command that sets it', () => {
    const secrets = new CollectorSecrets({ TWIN_IMAP_PASSWORD: 'from-env' });
    secrets.setMail({ password: 'from-vscode' });
    const fromVsCode = secrets.mailCredentials()!;
    assert.deepEqual(fromVsCode, { password: 'from-vscode', origin: 'vscode' });
    assert.match(loginFailedMessage(account, fromVsCode), /"Twin: Set IMAP Password"/);

    secrets.setMail({ accessToken: 'token-from-vscode' });
    assert.match(loginFailedMessage(account, secrets.mailCredentials()!), /"Twin: Set IMAP OAuth2 Access Token"/);
  });

  it('says a secret from the environment came from there, so the message names the variable', () => {
    const password = new CollectorSecrets({ TWIN_IMAP_PASSWORD: 'from-env' }).mailCredentials()!;
    assert.deepEqual(password, { password: 'from-env', origin: 'environment' });
    assert.match(loginFailedMessage(account, password), /in TWIN_IMAP_PASSWORD/);
    const token = new CollectorSecrets({ TWIN_IMAP_TOKEN: 'env-token' }).mailCredentials()!;
    assert.match(loginFailedMessage(account, token), /in TWIN_IMAP_TOKEN/);
    assert.equal(new CollectorSecrets({}).mailCredentials(), undefined);
  });
});
