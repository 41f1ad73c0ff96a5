import assert from 'node:assert/strict';
import { SECRET_KINDS, SecretKind, containsSecret, findSecrets, isSecretKeyName, redact, redactField, redactionMarker } from './redact';

/**
 * Fake credentials of the right shapes. Prefix and body are separate literals so this file does not
 * itself look like it leaks tokens to secret scanners (or to Twin, should it observe its own repo).
 */
const tok = (prefix: string, body: string) => prefix + body;

const AWS_KEY_ID = tok('AKIA', 'J4GMKIRW2DZXXJDS');
const AWS_TEMP_KEY_ID = tok('ASIA', 'QRS6BF5RYMRKX3XF');
const AWS_SECRET = tok('tEv+1VU6Cytt4qqdih/', 'VViKM0tb6Wux9r1mbCD/5');
const GITHUB = {
  ghp: tok('ghp_', 'ua7aJK2mq8K8M38YxWJyBYHl9GKmw5TeTO3e'),
  gho: tok('gho_', 'YTY1xyRoZGsO1PhSTcx4CO2qRnxgOUVTWQEe'),
  ghu: tok('ghu_', 'TUcYGMh0TO4bmKCOz8FGEEq6FxmIl2CWTPyj'),
  ghs: tok('ghs_', 'vXQchEEGNdUa7gJmFO7qkjf7mom4asczP9gQ'),
  ghr: tok('ghr_', 'DbT6O6X7pdaQmWSxhlTkpxYE6SeHvmkjc8Ya'),
  pat: tok('github_pat_', 'o1Hwv0QaSyJS2pxo7JLWv9_8r25ireLlyULucrG7rHHrSlhMheOBzWM9Fg0MC9gqJ8fpCgHyEcC0721QcK'),
};
const GITLAB = tok('glpat-', 'RNF3vjJAZD_4Y1TJIgJ5');
const SLACK_BOT = tok('xoxb-', '117042492247-1229869983020-w4QAL7E9JR2ZRFIIuLvV1C8T');
const SLACK_USER = tok('xoxp-', '403516177467-719714410090-0371068180601-809506ba1fe68915df4c6061f1db173c');
const SLACK_APP = tok('xapp-', '1-EFY25S4QSLR-0748868113763-3e537fe430fbbecec9f5f81d06cb50485012b928646434d1c2072ad5685b1af9');
const SLACK_WEBHOOK = tok('https://hooks.slack.com/services/', 'T142U3CJI/BRT2C0GBL99/FonFGLTN2nLebnbTsU8opzSt');
const OPENAI = tok('sk-', '2MlF9GXfr9BcL0WnVo8F4G2AbUrz7YntURwRFMh68oNqhjI9');
const OPENAI_PROJECT = tok('sk-proj-', 'mUq-SmLIDd0e70akwVH8TmhAbxcFwYTpesMdK_7hAna1gujaq9MFUh_FAcLWp-kBrWWwzWTjNo6h1aDf');
const ANTHROPIC = tok('sk-ant-', 'api03-fLdlfbHIEzPfI1us4Sr6KAAS9W-fL_9NmgGK1BnuX4u5WHiVoCi20iTVAnoEAQU_S9IcCOzEHyBVnw4tbnGXFv-8hNK6-AA');
const GOOGLE = tok('AIza', 'vRduDX4fMe87k15ZbquteTE4nZ-E8JF4uAT');
const STRIPE_LIVE = tok('sk_live_', 'DtYvMVBw1PIDTgyWvm4d0cb3');
const STRIPE_RESTRICTED = tok('rk_live_', 'pld8qNtTUcmS3RVjX0MnNJTu');
const STRIPE_TEST = tok('sk_test_', '3dc4Rvjut5VVi8rZfNOf7357');
const NPM = tok('npm_', 'WWn0DLPFQ9RnIPvPGqOSydPleYNQaRvKHyTM');
const SENDGRID = tok('SG.', 'AOqs9mirE5krFl5V96uBF7.YXCxcEYJZoaltCCMKAX5D7VXaQpQi7BNTZM7DFTUXZv');
const TWILIO = tok('SK', '59962e60bd8fb24b22af25df93474f2b');
const JWT = tok(
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
);
const OPAQUE_TOKEN = 'LxdO7JEurYyqO3nNmYWOPS6_mcM9N0SiQEz3QaJNY5m';
const RANDOM_32 = 'knxA1WPOLygGzXI4otm2SuuCsfDrj2wH';
const BASE64_SECRET = 'pjcp0AWNS/1NtGPizE02J1mi3WUOlQdbr8qcSV1iDQi=';
const HEX_40 = '572f638bf2985df210a70b00b36df5c20a5848dc';

const PEM_RSA = [
  tok('-----BEGIN RSA ', 'PRIVATE KEY-----'),
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  'LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo',
  tok('-----END RSA ', 'PRIVATE KEY-----'),
].join('\n');
const PEM_OPENSSH = [
  tok('-----BEGIN OPENSSH ', 'PRIVATE KEY-----'),
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDq9yMV0YLOWmxOCjxYEAcoQkNmPUBSNxEi0jY4RMVYkQAAAJi2kL8stpC/',
  tok('-----END OPENSSH ', 'PRIVATE KEY-----'),
].join('\n');
const PEM_PKCS8 = [
  tok('-----BEGIN ', 'PRIVATE KEY-----'),
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2',
  'OF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r',
  tok('-----END ', 'PRIVATE KEY-----'),
].join('\n');

interface Positive {
  what: string;
  text: string;
  kind: SecretKind;
  /** The exact text that must be replaced. */
  secret: string;
  /** Text around the secret that must survive (key names, user names, hosts, schemes). */
  keeps?: string[];
}

const POSITIVES: Positive[] = [
  // provider tokens
  { what: 'AWS access key id', text: `aws_access_key_id = ${AWS_KEY_ID}`, kind: 'aws-access-key-id', secret: AWS_KEY_ID, keeps: ['aws_access_key_id = '] },
  { what: 'AWS temporary key id in prose', text: `the session used ${AWS_TEMP_KEY_ID} until it expired`, kind: 'aws-access-key-id', secret: AWS_TEMP_KEY_ID },
  { what: 'AWS secret key, credentials file', text: `[default]\naws_secret_access_key = ${AWS_SECRET}\n`, kind: 'aws-secret-access-key', secret: AWS_SECRET, keeps: ['aws_secret_access_key = '] },
  { what: 'AWS secret key, env', text: `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`, kind: 'aws-secret-access-key', secret: AWS_SECRET },
  { what: 'AWS secret key, JSON', text: `{"Version": 1, "SecretAccessKey": "${AWS_SECRET}"}`, kind: 'aws-secret-access-key', secret: AWS_SECRET },
  { what: 'GitHub classic token', text: `GITHUB_TOKEN=${GITHUB.ghp}`, kind: 'github-token', secret: GITHUB.ghp, keeps: ['GITHUB_TOKEN='] },
  { what: 'GitHub OAuth token', text: `token ${GITHUB.gho} was revoked`, kind: 'github-token', secret: GITHUB.gho },
  { what: 'GitHub user-to-server token', text: `using ${GITHUB.ghu}`, kind: 'github-token', secret: GITHUB.ghu },
  { what: 'GitHub server-to-server token', text: `(${GITHUB.ghs})`, kind: 'github-token', secret: GITHUB.ghs },
  { what: 'GitHub refresh token', text: `refresh with ${GITHUB.ghr}.`, kind: 'github-token', secret: GITHUB.ghr },
  { what: 'GitHub fine-grained token', text: `gh auth login --with-token <<< ${GITHUB.pat}`, kind: 'github-token', secret: GITHUB.pat },
  { what: 'GitHub token as the user of a git remote', text: `git remote set-url origin https://${GITHUB.ghp}@github.com/acme/twin.git`, kind: 'github-token', secret: GITHUB.ghp, keeps: ['@github.com/acme/twin.git'] },
  { what: 'GitLab personal access token', text: `curl --header "PRIVATE-TOKEN: ${GITLAB}" https://gitlab.example.com/api/v4/projects`, kind: 'gitlab-token', secret: GITLAB },
  { what: 'Slack bot token', text: `SLACK_BOT_TOKEN=${SLACK_BOT}`, kind: 'slack-token', secret: SLACK_BOT },
  { what: 'Slack user token', text: `client = WebClient(token="${SLACK_USER}")`, kind: 'slack-token', secret: SLACK_USER },
  { what: 'Slack app-level token', text: `app token: ${SLACK_APP}`, kind: 'slack-token', secret: SLACK_APP },
  { what: 'Slack webhook URL', text: `curl -X POST -d '{"text":"hi"}' ${SLACK_WEBHOOK}`, kind: 'slack-webhook', secret: SLACK_WEBHOOK },
  { what: 'OpenAI key', text: `OPENAI_API_KEY="${OPENAI}"`, kind: 'openai-api-key', secret: OPENAI, keeps: ['OPENAI_API_KEY="'] },
  { what: 'OpenAI project key', text: `openai.api_key = '${OPENAI_PROJECT}'`, kind: 'openai-api-key', secret: OPENAI_PROJECT },
  { what: 'Anthropic key', text: `new Anthropic({ apiKey: '${ANTHROPIC}' })`, kind: 'anthropic-api-key', secret: ANTHROPIC },
  { what: 'Google API key', text: `https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=${GOOGLE}`, kind: 'google-api-key', secret: GOOGLE, keeps: ['address=Berlin&key='] },
  { what: 'Stripe live secret key', text: `Stripe::API.key = ${STRIPE_LIVE}`, kind: 'stripe-key', secret: STRIPE_LIVE },
  { what: 'Stripe restricted key', text: `use ${STRIPE_RESTRICTED} for the reporting job`, kind: 'stripe-key', secret: STRIPE_RESTRICTED },
  { what: 'Stripe test key', text: `stripe.api_key = "${STRIPE_TEST}"`, kind: 'stripe-key', secret: STRIPE_TEST },
  { what: 'npm token in .npmrc', text: `//registry.npmjs.org/:_authToken=${NPM}`, kind: 'npm-token', secret: NPM, keeps: ['//registry.npmjs.org/:_authToken='] },
  { what: 'SendGrid key', text: `SENDGRID_API_KEY=${SENDGRID}`, kind: 'sendgrid-api-key', secret: SENDGRID },
  { what: 'Twilio API key', text: `twilio api key ${TWILIO} for sms`, kind: 'twilio-api-key', secret: TWILIO },
  { what: 'JWT', text: `decoded ${JWT} and found the claims`, kind: 'jwt', secret: JWT },
  { what: 'JWT as a bearer token', text: `Authorization: Bearer ${JWT}`, kind: 'jwt', secret: JWT, keeps: ['Authorization: Bearer '] },
  // private keys
  { what: 'RSA private key block', text: `key.pem:\n${PEM_RSA}\nthanks`, kind: 'private-key', secret: PEM_RSA, keeps: ['key.pem:\n', '\nthanks'] },
  { what: 'OpenSSH private key block', text: `${PEM_OPENSSH}\n`, kind: 'private-key', secret: PEM_OPENSSH },
  { what: 'PKCS#8 private key block', text: `-> ${PEM_PKCS8} <-`, kind: 'private-key', secret: PEM_PKCS8 },
  { what: 'private key with escaped newlines inside JSON', text: `{"private_key": "${PEM_PKCS8.replace(/\n/g, '\\n')}\\n", "client_email": "bot@example.iam.gserviceaccount.com"}`, kind: 'private-key', secret: PEM_PKCS8.replace(/\n/g, '\\n'), keeps: ['"private_key": "', 'client_email'] },
  // passwords in URLs
  { what: 'password in a database URL', text: 'DATABASE_URL=postgres://twin:s3cr3t-P4ss@db.internal:5432/twin', kind: 'url-password', secret: 's3cr3t-P4ss', keeps: ['postgres://twin:', '@db.internal:5432/twin'] },
  { what: 'password-only URL', text: 'connect to redis://:hunter2@localhost:6379/0 first', kind: 'url-password', secret: 'hunter2', keeps: ['redis://:', '@localhost:6379/0'] },
  { what: 'password with an @ in it', text: 'mongodb+srv://admin:p@ss@cluster0.example.net/test', kind: 'url-password', secret: 'p@ss', keeps: ['mongodb+srv://admin:', '@cluster0.example.net/test'] },
  { what: 'percent-encoded password', text: 'https://alice:c0rrect%40horse@example.com/private', kind: 'url-password', secret: 'c0rrect%40horse', keeps: ['https://alice:'] },
  // authorization headers
  { what: 'bearer header with an opaque token', text: `Authorization: Bearer ${OPAQUE_TOKEN}`, kind: 'authorization', secret: OPAQUE_TOKEN, keeps: ['Authorization: Bearer '] },
  { what: 'basic header', text: 'Authorization: Basic dXNlcjpwYXNzd29yZA==', kind: 'authorization', secret: 'dXNlcjpwYXNzd29yZA==', keeps: ['Authorization: Basic '] },
  { what: 'proxy basic header', text: 'Proxy-Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l', kind: 'authorization', secret: 'YWxhZGRpbjpvcGVuc2VzYW1l' },
  { what: 'header in a curl command', text: `curl -H "Authorization: Bearer ${OPAQUE_TOKEN}" https://api.example.com/v1/me`, kind: 'authorization', secret: OPAQUE_TOKEN, keeps: ['https://api.example.com/v1/me'] },
  { what: 'header in a JSON object', text: `{"headers": {"authorization": "Token ${RANDOM_32}"}}`, kind: 'authorization', secret: RANDOM_32 },
  { what: 'digest header parameters', text: 'Authorization: Digest username="alice", realm="api", nonce="dcd98b7102dd2f0e", response="6629fae49393a05397450978507c4ef1"', kind: 'authorization', secret: 'username="alice", realm="api", nonce="dcd98b7102dd2f0e", response="6629fae49393a05397450978507c4ef1"' },
  { what: 'bearer token without a header name', text: `send it with Bearer ${OPAQUE_TOKEN} please`, kind: 'authorization', secret: OPAQUE_TOKEN },
  // passwords by key
  { what: 'env-file password', text: 'DB_HOST=localhost\nDB_PASSWORD=hunter2\nDB_PORT=5432', kind: 'password', secret: 'hunter2', keeps: ['DB_PASSWORD=', 'DB_PORT=5432'] },
  { what: 'YAML password', text: 'database:\n  user: twin\n  password: correct-horse-battery\n', kind: 'password', secret: 'correct-horse-battery', keeps: ['  password: '] },
  { what: 'JSON password', text: '{"user": "alice", "password": "Tr0ub4dor&3"}', kind: 'password', secret: 'Tr0ub4dor&3', keeps: ['"password": "'] },
  { what: 'shell export of a password', text: "export PGPASSWORD='p@ssw0rd!'", kind: 'password', secret: 'p@ssw0rd!' },
  { what: 'password assigned in code', text: 'const password = "letmein123";', kind: 'password', secret: 'letmein123' },
  { what: 'Python pass variable', text: "db_pass = 'swordfish'", kind: 'password', secret: 'swordfish' },
  { what: 'YAML passwd', text: 'passwd: s3cret!', kind: 'password', secret: 's3cret!' },
  { what: 'pwd in a connection string', text: 'Server=db;Database=twin;Uid=app;Pwd=Winter2024!;Encrypt=true', kind: 'password', secret: 'Winter2024!', keeps: [';Encrypt=true'] },
  { what: 'password flag', text: 'mysql --user root --password hunter22 twin', kind: 'password', secret: 'hunter22', keeps: [' twin'] },
  { what: 'password flag with =', text: 'psql --password=Sup3rS3cret', kind: 'password', secret: 'Sup3rS3cret' },
  { what: 'XML password element', text: '<user>alice</user><password>hunter2</password>', kind: 'password', secret: 'hunter2' },
  { what: 'Go struct field', text: 'cfg := Config{User: "alice", Password: "gopher123",}', kind: 'password', secret: 'gopher123' },
  { what: 'password in a query string', text: 'https://example.com/login?user=alice&password=Sup3rS3cret&next=/home', kind: 'password', secret: 'Sup3rS3cret', keeps: ['&next=/home'] },
  { what: 'INI password with spaces around =', text: '[db]\npassword = hunter2\n', kind: 'password', secret: 'hunter2' },
  { what: 'typed TypeScript password', text: 'const adminPassword: string = "Adm1n!2024";', kind: 'password', secret: 'Adm1n!2024' },
  { what: 'Python dict password', text: "conn = connect(**{'password': 'p4ss'})", kind: 'password', secret: 'p4ss' },
  { what: 'Ruby hash rocket', text: ':password => "rubyrocks1"', kind: 'password', secret: 'rubyrocks1' },
  // other secrets by key
  { what: 'YAML secret', text: 'jwt:\n  secret: 9f8e7d6c5b4a3f2e\n', kind: 'secret', secret: '9f8e7d6c5b4a3f2e' },
  { what: 'api_key assignment', text: 'api_key=0123abcd4567ef89', kind: 'secret', secret: '0123abcd4567ef89' },
  { what: 'token pair', text: 'token: 4b9c1e7f2a8d', kind: 'secret', secret: '4b9c1e7f2a8d' },
  { what: 'client_secret', text: 'client_secret: "aB3dE5fG7hI9jK1lM3nO"', kind: 'secret', secret: 'aB3dE5fG7hI9jK1lM3nO' },
  { what: 'JSON apiKey', text: '{"apiKey": "AbC123xyz789"}', kind: 'secret', secret: 'AbC123xyz789' },
  { what: 'env signing secret', text: 'export SLACK_SIGNING_SECRET=8f14e45fceea167a5a36dedd4bea2543', kind: 'secret', secret: '8f14e45fceea167a5a36dedd4bea2543' },
  { what: 'env secret that is a plain word', text: 'SESSION_SECRET=keyboardcat', kind: 'secret', secret: 'keyboardcat' },
  { what: 'inline env var in a docker command', text: 'docker run -e POSTGRES_PASSWORD=letmein -d postgres:16', kind: 'password', secret: 'letmein', keeps: [' -d postgres:16'] },
  { what: 'creds key', text: 'creds: "u53r:Pa55w0rd"', kind: 'secret', secret: 'u53r:Pa55w0rd' },
  { what: 'attribute assignment', text: 'self.api_key = "live-1234-abcd"', kind: 'secret', secret: 'live-1234-abcd' },
  { what: 'docker config auth', text: '{"auths": {"ghcr.io": {"auth": "YWxpY2U6czNjcjN0LXRva2Vu"}}}', kind: 'secret', secret: 'YWxpY2U6czNjcjN0LXRva2Vu' },
  { what: 'credentials key', text: 'credentials: Zx8vQ2pL9mN4', kind: 'secret', secret: 'Zx8vQ2pL9mN4' },
  { what: 'access token in a query string', text: 'GET /v1/me?access_token=a1b2c3d4e5f6a7b8&fields=name', kind: 'secret', secret: 'a1b2c3d4e5f6a7b8', keeps: ['&fields=name'] },
  // high-entropy strings near a telling word
  { what: 'random string after "key"', text: `the deploy key is ${RANDOM_32} for staging`, kind: 'high-entropy', secret: RANDOM_32, keeps: [' for staging'] },
  { what: 'random string after "credential"', text: `credential ${OPAQUE_TOKEN}`, kind: 'high-entropy', secret: OPAQUE_TOKEN },
  { what: 'base64 string near "auth"', text: `auth header value was ${BASE64_SECRET} yesterday`, kind: 'high-entropy', secret: BASE64_SECRET },
  { what: 'hex string near "signing key", no commit in sight', text: `signing key ${HEX_40}`, kind: 'high-entropy', secret: HEX_40 },
  { what: 'random string before "token"', text: `${RANDOM_32} is the new token`, kind: 'high-entropy', secret: RANDOM_32 },
  { what: 'random path segment of a URL near "reset password"', text: `reset password: https://app.example.com/reset/${RANDOM_32}`, kind: 'high-entropy', secret: RANDOM_32, keeps: ['https://app.example.com/reset/'] },
];

const NEGATIVES: string[] = [
  // prose
  'Remember to rotate the API keys every quarter and never share your password with anyone.',
  'The token count for this prompt was 1532, well under the limit.',
  'Password: must be at least 12 characters long.',
  'Token: expires in 15 minutes unless refreshed.',
  '**Password**: see 1Password vault',
  'Authorization: the process of deciding who may do what.',
  'Secret: the ingredient is love.',
  'keyboard shortcuts: Ctrl+Shift+P opens the command palette',
  'Mail alice@example.com about the password reset flow.',
  'We discussed auth, tokens and secrets management at length in the design review.',
  'The key insight is that supercalifragilisticexpialidocious words are not secrets.',
  'Use AbstractSingletonProxyFactoryBean for the auth module configuration.',
  'rename the i18nLocalizationKey42 key to something shorter',
  // code
  'const apiKey = getApiKeyFromVault(config.vaultPath);',
  'if (password.length < 12) throw new WeakPasswordError();',
  'function validateToken(token: string): boolean {',
  'function login(user: string, password: string): Promise<Session> {',
  'def login(username, password=None):',
  'token = os.environ["GITHUB_TOKEN"]',
  'password = getpass.getpass()',
  'const { password } = req.body;',
  'api_key = settings.OPENAI_API_KEY',
  'secret = process.env.JWT_SECRET',
  'user.password = hashedPassword',
  'login(password=password)',
  'headers: { Authorization: `Bearer ${token}` },',
  "headers['Authorization'] = 'Bearer ' + accessToken",
  'max_tokens: 2048',
  'tokenizer: "cl100k_base"',
  '"passwordMinLength": 12,',
  'secretName: my-app-secret',
  'const tokenType = "bearer";',
  '{"token_type": "Bearer", "expires_in": 3600}',
  'private readonly keyFor = (id: string) => `memory:${id}`;',
  'for key, value in sorted(items.items()):',
  'if token == expected_token:',
  'password: str = Field(..., min_length=12)',
  'sk-spinner-double-bounce-animation { color: red; }',
  'auth: required',
  // code seen in real libraries (each once a false positive)
  "def unix_getpass(prompt='Password: ', stream=None):",
  "userid = passwd = acct = ''",
  'self.user, self.password = user, password',
  'username, password = split',
  "SERVER_AUTH = '1.3.6.1.5.5.7.3.1'",
  'authorization = self.headers.get("authorization")',
  "credentials = '{0}:{1}'.format(user, pw)",
  'password = index_info',
  '        password: BinaryLike,',
  'constructor({password:t,rawPassword:e}){',
  'ClientCredentials = "client_credentials",',
  'await fetch(url, {credentials: "same-origin"});',
  "headers: { Authorization: 'Bearer 123' },",
  tok('_SK_START = b"-----BEGIN OPENSSH ', 'PRIVATE KEY-----"'),
  'Token.String: "#AB0909",',
  "jsonnet_token = r'[^\\W\\d]\\w*'",
  'const AUDIO_TOKEN = "[AUDIO]";',
  '"Unexpected_token_1012": "予期しないトークンです。",',
  '_lib.SSL_CTX_set_tmp_ecdh(self._context, key)',
  ':type passphrase: :py:data:`bytes`',
  'Pass :meth:`peek` a default value',
  'provided via the --username and --password options',
  '"/Users/neil/dev/wink/.nyc_output/ff822192-6358-44a1-af8b-7ff7388fe02f.json" key',
  '   *   Public key pin-sha256: RRM1dGqnDFsCJXBTHky16vi1obOlCgFFn/yOhI/y+ho=',
  'echo "$(git rev-parse HEAD) is the commit the auth fix landed in" # 9fceb02d0ae598e95dc970b74767f19372d61af8',
  // placeholders and references
  'password: ${DB_PASSWORD}',
  'api_key: <your-api-key>',
  'token: "{{ secrets.GITHUB_TOKEN }}"',
  'PASSWORD=',
  'password: "********"',
  'export API_KEY=$API_KEY',
  'Authorization: Bearer <token>',
  'Authorization: Bearer ${TOKEN}',
  'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
  'postgres://twin:${DB_PASSWORD}@db.internal:5432/twin',
  'password: !vault |',
  // environment dumps and paths
  'PWD=/home/alice/projects/twin',
  'private_key_path: ~/.ssh/id_ed25519',
  'ssh_key: ~/.ssh/id_rsa.pub',
  'Edited src/core/privacy/redact.ts and src/core/auth/TokenRefreshService.ts',
  '/Users/alice/projects/secret-santa/src/index.ts',
  'opened C:\\Users\\alice\\AppData\\Local\\Twin\\tokens.json',
  // git
  `commit ${HEX_40} fixed the API key rotation`,
  'Merge 3f786850e387550fdab836ed7e6dc881de23001b: rotate secret handling',
  'git cherry-pick 9fceb02d0ae598e95dc970b74767f19372d61af8 # auth fix',
  'sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (the token cache)',
  '"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR6XykJdzEeXTJp9Q==", "key": 1',
  'git@github.com:acme/twin.git',
  // identifiers that look a bit random
  'session token id 550e8400-e29b-41d4-a716-446655440000',
  'request id for the auth call: 7c9e6679-7425-40de-944b-e07fc1f90ae7',
  // URLs without credentials
  'https://github.com/acme/twin/pull/42',
  'https://docs.example.com/api/auth/oauth2-token-exchange',
  'See https://example.com/callback?token_type=bearer&expires_in=3600 for details',
  'https://user@example.com/path',
  'ssh://git@github.com:22/acme/twin.git',
  // versions and numbers
  'Upgraded typescript from 5.8.3 to 5.9.2; token limits unchanged.',
  'node v20.19.9 with api version 2024-11-22',
  'key 42 of 100, token 7',
  // public material
  tok('-----BEGIN PUBLIC ', 'KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9\n-----END PUBLIC KEY-----'),
  tok('-----BEGIN ', 'CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUCTb0Jwq7\n-----END CERTIFICATE-----'),
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop',
  // existing markers
  'password: [REDACTED:password]',
  'token [REDACTED:github-token] and [REDACTED:aws-secret-access-key]',
];

describe('redact', () => {
  describe('finds each kind of secret', () => {
    for (const { what, text, kind, secret, keeps } of POSITIVES) {
      it(`${what} → [REDACTED:${kind}]`, () => {
        const at = text.indexOf(secret);
        assert.ok(at >= 0, 'the example contains its secret');
        const result = redact(text);
        assert.deepEqual(result.redactions, [{ kind, start: at, end: at + secret.length }]);
        assert.equal(result.text, text.slice(0, at) + redactionMarker(kind) + text.slice(at + secret.length));
        for (const keep of keeps ?? []) assert.ok(result.text.includes(keep), `keeps ${JSON.stringify(keep)}`);
        assert.equal(containsSecret(text), true);
      });
    }

    it('has an example for every kind it can report', () => {
      const covered = new Set(POSITIVES.map((p) => p.kind));
      assert.deepEqual(SECRET_KINDS.filter((kind) => !covered.has(kind)), []);
    });
  });

  describe('leaves ordinary text alone', () => {
    for (const text of NEGATIVES) {
      it(`keeps ${JSON.stringify(text.length > 70 ? `${text.slice(0, 67)}...` : text)}`, () => {
        assert.deepEqual(findSecrets(text), []);
        assert.equal(redact(text).text, text);
        assert.equal(containsSecret(text), false);
      });
    }

    it('returns the very same string when there is nothing to redact', () => {
      const text = 'Refactored the recall ranking to weigh recency.';
      assert.equal(redact(text).text, text);
      assert.deepEqual(redact('').redactions, []);
    });
  });

  describe('offsets and merging', () => {
    it('reports offsets in the original text, in order, for several secrets', () => {
      const text = `first ${GITHUB.ghp} then password=hunter2 and ${AWS_KEY_ID}`;
      const { redactions, text: out } = redact(text);
      assert.deepEqual(
        redactions.map((r) => [r.kind, text.slice(r.start, r.end)]),
        [
          ['github-token', GITHUB.ghp],
          ['password', 'hunter2'],
          ['aws-access-key-id', AWS_KEY_ID],
        ],
      );
      assert.equal(out, 'first [REDACTED:github-token] then password=[REDACTED:password] and [REDACTED:aws-access-key-id]');
    });

    it('merges overlapping detections into one span named by the most specific kind', () => {
      // the key/value detector and the token detector both see the same value
      const text = `api_key: "${OPENAI}"`;
      const { redactions } = redact(text);
      assert.equal(redactions.length, 1);
      assert.equal(redactions[0].kind, 'openai-api-key');
      // a header whose credential is a JWT: one span, called a JWT
      assert.deepEqual(
        redact(`Authorization: Bearer ${JWT}`).redactions.map((r) => r.kind),
        ['jwt'],
      );
    });

    it('redacts secrets on many lines of a config file and keeps every other line', () => {
      const env = [
        '# production',
        'NODE_ENV=production',
        `GITHUB_TOKEN=${GITHUB.ghp}`,
        'DB_PASSWORD="pa55 word"',
        `STRIPE_KEY=${STRIPE_LIVE}`,
        'LOG_LEVEL=info',
      ].join('\n');
      assert.equal(
        redact(env).text,
        [
          '# production',
          'NODE_ENV=production',
          'GITHUB_TOKEN=[REDACTED:github-token]',
          'DB_PASSWORD="[REDACTED:password]"',
          'STRIPE_KEY=[REDACTED:stripe-key]',
          'LOG_LEVEL=info',
        ].join('\n'),
      );
    });
  });

  describe('private keys', () => {
    it('removes a whole multi-line PEM block and nothing around it', () => {
      const text = `Here is the deploy key, keep it safe:\n\n${PEM_RSA}\n\nand the public half is in the repo.`;
      const { text: out, redactions } = redact(text);
      assert.equal(out, 'Here is the deploy key, keep it safe:\n\n[REDACTED:private-key]\n\nand the public half is in the repo.');
      assert.equal(redactions.length, 1);
      assert.ok(!out.includes('MIIE'));
    });

    it('removes a truncated key whose END line is missing, up to where the base64 stops', () => {
      const truncated = PEM_OPENSSH.split('\n').slice(0, 3).join('\n');
      const text = `${truncated}\nsorry, pasted too early`;
      assert.equal(redact(text).text, '[REDACTED:private-key]\nsorry, pasted too early');
    });

    it('removes two keys in one text separately', () => {
      const text = `${PEM_RSA}\nsecond:\n${PEM_PKCS8}`;
      assert.equal(redact(text).text, '[REDACTED:private-key]\nsecond:\n[REDACTED:private-key]');
    });
  });

  describe('idempotence', () => {
    const samples = [
      ...POSITIVES.map((p) => p.text),
      ...NEGATIVES,
      POSITIVES.map((p) => p.text).join('\n'),
      POSITIVES.map((p) => p.text).join(' '),
    ];
    it('changes nothing more when a redacted text is redacted again', () => {
      for (const text of samples) {
        const once = redact(text).text;
        const twice = redact(once);
        assert.equal(twice.text, once, `second pass changed ${JSON.stringify(once)}`);
        assert.deepEqual(twice.redactions, []);
      }
    });

    it('does not treat the words inside markers as context for a random string', () => {
      const text = `${GITHUB.ghp} ${RANDOM_32.toLowerCase()}-build-cache`;
      const once = redact(text).text;
      assert.equal(redact(once).text, once);
    });
  });

  describe('combinations', () => {
    it('finds every secret and stays idempotent when examples are mixed on lines and in paragraphs', () => {
      let state = 12345;
      const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
      const separators = ['\n', '\r\n', '\n\n', ' ', '; ', ', ', '\t'];
      // a bare hex string is kept on purpose when a commit or merge is mentioned next to it
      const positives = POSITIVES.filter((p) => p.secret !== HEX_40);
      for (let round = 0; round < 1500; round++) {
        const parts: string[] = [];
        const secrets: string[] = [];
        const count = 1 + Math.floor(random() * 4);
        for (let k = 0; k < count; k++) {
          if (random() < 0.6) {
            const positive = positives[Math.floor(random() * positives.length)];
            parts.push(positive.text);
            secrets.push(positive.secret);
          } else {
            parts.push(NEGATIVES[Math.floor(random() * NEGATIVES.length)]);
          }
        }
        const text = parts.join(separators[Math.floor(random() * separators.length)]);
        const once = redact(text).text;
        for (const secret of secrets) assert.ok(!once.includes(secret), `${JSON.stringify(secret)} survived in ${JSON.stringify(text)}`);
        assert.equal(redact(once).text, once, `not idempotent on ${JSON.stringify(text)}`);
      }
    });
  });

  describe('redactField', () => {
    it('replaces the whole value of a field whose name says it is secret', () => {
      assert.deepEqual(redactField('password', 'hunter2'), { text: '[REDACTED:password]', redactions: [{ kind: 'password', start: 0, end: 7 }] });
      assert.equal(redactField('apiKey', 'anything at all').text, '[REDACTED:secret]');
      assert.equal(redactField('GITHUB_TOKEN', GITHUB.ghp).text, '[REDACTED:github-token]');
    });

    it('redacts other fields like free text and leaves placeholders alone', () => {
      assert.equal(redactField('title', `deploy with ${NPM}`).text, 'deploy with [REDACTED:npm-token]');
      assert.equal(redactField('title', 'Fix login page').text, 'Fix login page');
      assert.equal(redactField('password', '${DB_PASSWORD}').text, '${DB_PASSWORD}');
      assert.equal(redactField('token', '').text, '');
    });

    it('tells secret key names from their look-alikes', () => {
      for (const name of ['password', 'DB_PASSWORD', 'dbPassword', 'passwd', 'pwd', 'client_secret', 'apiKey', 'API_KEY', 'x-api-key', 'accessToken', 'refresh_token', 'AWS_SECRET_ACCESS_KEY', 'private_key', 'SECRET_KEY_BASE', 'credentials', 'auth']) {
        assert.equal(isSecretKeyName(name), true, name);
      }
      for (const name of ['passwordMinLength', 'token_count', 'max_tokens', 'tokenizer', 'secretName', 'token_type', 'author', 'keyboard', 'monkey', 'key', 'primaryKey', 'password_hash', 'aws_access_key_id', 'oauth']) {
        assert.equal(isSecretKeyName(name), false, name);
      }
    });
  });

  describe('speed', () => {
    function realisticText(size: number): string {
      const lines = [
        'Edited function parseConfig in src/core/config/twin-home.ts for 3 minutes',
        'const memories = await store.search({ text: query, limit: 10, where: "kind = \'semantic\'" });',
        'Alice asked in #dev whether the recall ranking should weigh recency more than importance.',
        'https://github.com/acme/twin/pull/42#discussion_r1234567 — review comments on the token budget',
        'commit 9fceb02d0ae598e95dc970b74767f19372d61af8: store the api key in SecretStorage, not settings',
        'export function keyFor(id: string): string { return `memory:${id}`; }',
        '{"id": "550e8400-e29b-41d4-a716-446655440000", "source": "editor", "importance": 0.4}',
      ];
      let text = '';
      for (let i = 0; text.length < size; i++) text += `${lines[i % lines.length]}\n`;
      return text.slice(0, size);
    }

    it('redacts 10 kB of ordinary developer text in a few milliseconds at most', () => {
      const text = realisticText(10_000);
      for (let i = 0; i < 20; i++) redact(text); // warm up
      const runs = 200;
      const started = process.hrtime.bigint();
      for (let i = 0; i < runs; i++) redact(text);
      const perRun = Number(process.hrtime.bigint() - started) / 1e6 / runs;
      // typically well under 1 ms; the bound is loose so a busy machine does not fail the test
      assert.ok(perRun < 5, `${perRun.toFixed(3)} ms per 10 kB`);
    });

    const pathological: Array<[string, string]> = [
      ['one long letter run', 'a'.repeat(100_000)],
      ['one long base64 run', 'Ab1+'.repeat(25_000)],
      ['repeated "password="', 'password='.repeat(11_000)],
      ['repeated "password=\\""', 'password="'.repeat(10_000)],
      ['repeated "key " (context words everywhere)', 'key '.repeat(25_000)],
      ['context words with random strings', `key ${RANDOM_32} `.repeat(2_700)],
      ['one identifier full of key words', 'passwordtokensecret'.repeat(5_000)],
      ['repeated PEM BEGIN lines without END', `${tok('-----BEGIN RSA ', 'PRIVATE KEY-----')}\n`.repeat(3_000)],
      ['repeated JWT starts', 'eyJ'.repeat(33_000)],
      ['JWT-like dots', 'eyJhbGciOi.'.repeat(9_000)],
      ['repeated scheme separators', 'a://'.repeat(25_000)],
      ['user:password without @', 'http://a:'.repeat(11_000)],
      ['repeated Slack prefixes', 'xoxb-1'.repeat(16_000)],
      ['repeated sk- prefixes', 'sk-'.repeat(33_000)],
      ['repeated Authorization headers', 'Authorization: '.repeat(6_500)],
      ['repeated Bearer', 'Bearer '.repeat(14_000)],
      ['repeated quotes', '"'.repeat(100_000)],
      ['repeated marker starts', '[REDACTED:'.repeat(10_000)],
      ['escaped newlines', '\\n'.repeat(50_000)],
      ['long lines of = and :', '=:'.repeat(50_000)],
      ['5,000 real secrets', 'token: abc123def456 '.repeat(5_000)],
      ['2,800 secrets next to existing markers', '[REDACTED:password] password=hunter2 '.repeat(2_800)],
    ];
    for (const [what, text] of pathological) {
      it(`finishes quickly on a pathological 100 kB input: ${what}`, () => {
        const started = process.hrtime.bigint();
        redact(text);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // linear inputs take 1–60 ms here; a quadratic one would take seconds
        assert.ok(ms < 500, `${ms.toFixed(1)} ms`);
      });
    }
  });
});
