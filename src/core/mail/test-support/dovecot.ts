/**
 * A real Dovecot IMAP server for tests and benchmarks: its whole configuration, state and mail live in a
 * temp folder, it listens on 127.0.0.1 on a free port, and it is stopped by the PID this process started
 * (Dovecot runs in the foreground as our child, so nothing outlives the test).
 *
 * Messages are seeded by writing Maildir files straight into the user's folders (fast enough to put
 * thousands in place for a benchmark); Dovecot assigns them UIDs when the mailbox is next opened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DovecotOptions {
  user?: string;
  password?: string;
}

export interface RunningDovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The folder holding config, logs and mail. */
  root: string;
  /** Writes messages (RFC 822 text) into a mailbox ("INBOX", "Sent", "Drafts") as Maildir files. */
  seed(mailbox: string, messages: Array<string | Buffer>, flags?: string): void;
  /** A port on 127.0.0.1 where nothing listens (for connection-refused tests). */
  closedPort(): Promise<number>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';
/** Dovecot never runs mail processes as root; when tests run as root, the mail belongs to nobody. */
const NOBODY = 65534;

export async function startDovecot(options: DovecotOptions = {}): Promise<RunningDovecot> {
  if (!fs.existsSync(DOVECOT)) throw new Error(`Dovecot is not installed at ${DOVECOT}: apt-get install dovecot-imapd.`);
  const user = options.user ?? 'sam@example.com';
  const password = options.password ?? 'correct horse battery';
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'twin-dovecot-')));
  // Login and mail processes run as other users, who must be able to walk into the folder.
  fs.chmodSync(root, 0o755);
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? NOBODY : process.getuid!();
  const gid = asRoot ? NOBODY : process.getgid!();
  const mailRoot = path.join(root, 'mail');
  for (const folder of ['run', 'state', mailRoot]) fs.mkdirSync(path.resolve(root, folder), { recursive: true });
  if (asRoot) fs.chownSync(mailRoot, uid, gid);
  const usersFile = path.join(root, 'users');
  fs.writeFileSync(usersFile, `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const port = await freePort();
  const me = os.userInfo().username;
  const config = [
    `base_dir = ${root}/run`,
    `state_dir = ${root}/state`,
    `log_path = ${root}/dovecot.log`,
    'listen = 127.0.0.1',
    'protocols = imap',
    'ssl = no',
    'disable_plaintext_auth = no',
    // Dovecot 2.3 checks an OAuth2 bearer token like a password against the passdb: the token is the password here.
    'auth_mechanisms = plain login xoauth2 oauthbearer',
    'auth_failure_delay = 0',
    `default_internal_user = ${asRoot ? 'dovecot' : me}`,
    `default_login_user = ${asRoot ? 'dovenull' : me}`,
    'first_valid_uid = 1',
    `mail_location = maildir:${mailRoot}/%u`,
    'passdb {', '  driver = passwd-file', `  args = scheme=PLAIN username_format=%u ${usersFile}`, '}',
    'userdb {', '  driver = static', `  args = uid=${uid} gid=${gid} home=${mailRoot}/%u`, '}',
    'service imap-login {', '  inet_listener imap {', '    address = 127.0.0.1', `    port = ${port}`, '  }', '  inet_listener imaps {', '    port = 0', '  }', '}',
    'service pop3-login {', '  inet_listener pop3 {', '    port = 0', '  }', '}',
    'service submission-login {', '  inet_listener submission {', '    port = 0', '  }', '}',
    'namespace inbox {', '  inbox = yes', '  separator = /',
    '  mailbox Sent {', '    special_use = \\Sent', '    auto = subscribe', '  }',
    '  mailbox Drafts {', '    special_use = \\Drafts', '    auto = subscribe', '  }',
    '}',
  ].join('\n');
  const configFile = path.join(root, 'dovecot.conf');
  fs.writeFileSync(configFile, config + '\n');

  const child = spawn(DOVECOT, ['-F', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, () => stderr, root);
  } catch (error) {
    await stopChild(child);
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }

  let sequence = 0;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    root,
    seed(mailbox, messages, flags = 'S') {
      const folder = mailbox.toUpperCase() === 'INBOX' ? path.join(mailRoot, user) : path.join(mailRoot, user, `.${mailbox.replace(/\//g, '.')}`);
      for (const sub of ['', 'cur', 'new', 'tmp']) {
        fs.mkdirSync(path.join(folder, sub), { recursive: true });
        if (asRoot) fs.chownSync(path.join(folder, sub), uid, gid);
      }
      if (asRoot) fs.chownSync(path.join(mailRoot, user), uid, gid);
      const now = Math.floor(Date.now() / 1000);
      for (const message of messages) {
        const bytes = Buffer.isBuffer(message) ? message : Buffer.from(message.replace(/\r?\n/g, '\r\n'));
        const name = `${now}.M${++sequence}P${process.pid}.twin-test,S=${bytes.length}:2,${flags}`;
        const file = path.join(folder, 'cur', name);
        fs.writeFileSync(file, bytes);
        if (asRoot) fs.chownSync(file, uid, gid);
      }
    },
    closedPort: freePort,
    stop: async () => {
      await stopChild(child);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string, root: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(path.join(root, 'dovecot.log')) ? fs.readFileSync(path.join(root, 'dovecot.log'), 'utf8') : '';
      throw new Error(`Dovecot exited with code ${child.exitCode}: ${stderr().trim() || log.trim()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`Dovecot did not listen on 127.0.0.1:${port} within 10 s.`);
}
