/**
 * Opening an IMAP session with imapflow, with errors that say what to do: a wrong password, a refused
 * connection, a host that does not answer. imapflow keeps its socket (and node) alive after a failed
 * `connect()` unless `close()` is called, so every failure path closes it.
 */
// Type only: imapflow is loaded on the first connection, so a sidecar without mail never pays for it.
import type { ImapFlow } from 'imapflow';

/**
 * Where a secret came from, so a refused login names the place to fix it: the environment
 * (`TWIN_IMAP_PASSWORD` / `TWIN_IMAP_TOKEN`, the default) or VS Code's SecretStorage (the commands
 * "Twin: Set IMAP Password" and "Twin: Set IMAP OAuth2 Access Token").
 */
export type CredentialOrigin = 'environment' | 'vscode';

export type ImapCredentials = ({ password: string } | { accessToken: string }) & { origin?: CredentialOrigin };

export interface ImapAccount {
  host: string;
  port: number;
  user: string;
  /** TLS from the first byte (port 993); false: plain, upgraded with STARTTLS when the server offers it. */
  tls: boolean;
  /** Accept a self-signed certificate (a local bridge such as Proton's); default false. */
  allowSelfSigned?: boolean;
}

export class ImapConnectError extends Error {}

const CONNECT_TIMEOUT_MS = 15_000;

export function accountLabel(account: ImapAccount): string {
  return `${account.user} at ${account.host}:${account.port}`;
}

export async function openImap(account: ImapAccount, credentials: ImapCredentials): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls,
    // Without TLS a loopback server may skip STARTTLS; anything remote must offer it.
    doSTARTTLS: account.tls ? undefined : isLoopback(account.host) ? false : true,
    auth: 'password' in credentials ? { user: account.user, pass: credentials.password } : { user: account.user, accessToken: credentials.accessToken },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 5 * 60_000,
    ...(account.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
  });
  // A dropped connection emits 'error'; unhandled, it would crash the process instead of failing the call.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw connectError(account, credentials, error as Error & { authenticationFailed?: boolean; code?: string; responseText?: string });
  }
}

function connectError(account: ImapAccount, credentials: ImapCredentials, error: Error & { authenticationFailed?: boolean; code?: string; responseText?: string }): ImapConnectError {
  const where = accountLabel(account);
  if (error.authenticationFailed || /AUTHENTICATIONFAILED|authentication failed|LOGIN failed/i.test(`${error.message} ${error.responseText ?? ''}`)) {
    return new ImapConnectError(loginFailedMessage(account, credentials));
  }
  if (error.code === 'ECONNREFUSED') return new ImapConnectError(`Cannot connect to the IMAP server at ${account.host}:${account.port}: connection refused. Is the server running, and are host and port right?`);
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new ImapConnectError(`Cannot find the IMAP server ${account.host}: check the host name.`);
  if (error.code === 'CONNECT_TIMEOUT' || error.code === 'GREETING_TIMEOUT' || error.code === 'ETIMEDOUT') {
    return new ImapConnectError(`The IMAP server at ${account.host}:${account.port} did not answer in time: check host, port and --tls/--no-tls.`);
  }
  if (/certificate|self[- ]signed|SSL|TLS|wrong version number/i.test(error.message)) {
    // OpenSSL's messages carry codes and source paths; the reason alone is what the user can act on.
    const reason = /wrong version number|self[- ]signed certificate[^:\n]*|unable to verify[^:\n]*|certificate has expired|hostname\/IP does not match[^:\n]*/i.exec(error.message)?.[0] ?? error.message.split('\n')[0].trim();
    return new ImapConnectError(`TLS with ${account.host}:${account.port} failed (${reason}): check --tls/--no-tls and the port (993 for TLS, 143 for plain/STARTTLS).`);
  }
  return new ImapConnectError(`Cannot open an IMAP session for ${where}: ${error.message}${error.responseText ? ` (${error.responseText})` : ''}.`);
}

/** A refused login, naming where the secret came from: the VS Code command that sets it, or the variable. */
export function loginFailedMessage(account: ImapAccount, credentials: ImapCredentials): string {
  const where = accountLabel(account);
  const fromVsCode = credentials.origin === 'vscode';
  return 'password' in credentials
    ? `IMAP login failed for ${where}: check the password ${fromVsCode ? 'set with the command "Twin: Set IMAP Password"' : 'in TWIN_IMAP_PASSWORD'} (an app password if the account uses two-factor sign-in).`
    : `IMAP login failed for ${where}: the OAuth2 access token ${fromVsCode ? 'set with the command "Twin: Set IMAP OAuth2 Access Token"' : 'in TWIN_IMAP_TOKEN'} was refused; get a fresh token${fromVsCode ? ' and set it again' : ''}.`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Logs out politely, and closes the socket whatever happens. */
export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
  } catch {
    // The server may already have gone; closing below is what matters.
  } finally {
    client.close();
  }
}
