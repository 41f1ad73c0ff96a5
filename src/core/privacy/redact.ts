/**
 * Secrets never reach Twin's store: every text is passed through {@link redact} before it is written or
 * embedded. Each secret is replaced by `[REDACTED:<kind>]`; the kinds are listed in {@link SECRET_KINDS}.
 *
 * Three families of detectors:
 * - Shapes that are secrets wherever they appear: provider tokens with a recognisable prefix (AWS key
 *   ids, GitHub, GitLab, Slack, OpenAI, Anthropic, Google, Stripe, npm, SendGrid, Twilio), JWTs, PEM
 *   private-key blocks and Slack webhook URLs.
 * - Secrets recognised by their surroundings: the password in `scheme://user:password@host`, the
 *   credential of an `Authorization:` header, and the value of a key that names a secret (`password`,
 *   `api_key`, `client_secret`, `token`, …) in env files, YAML, JSON, shell, command-line flags, XML and
 *   code. Key and user names stay, only values go.
 * - Anything random-looking (Shannon entropy, mixed character classes, not word-like) of 20+ characters
 *   on the same line as, and within a short distance of, a word such as key, token, secret, password,
 *   credential or auth. A hex string next to commit/sha/hash/merge words is a revision, not a secret.
 *
 * The detectors err on the side of redacting: a variable name wrongly hidden costs little, a leaked
 * password a lot. Redaction is idempotent: markers are never matched again, the words inside them
 * never count as context, and the result is scanned again until nothing changes. Every regular
 * expression is linear in the input (no nested unbounded quantifiers; unbounded runs are anchored by a
 * lookbehind so a long run is scanned once), and every look-around for context is bounded.
 */

/** Every kind of secret, most specific first; when detections overlap, the more specific kind names the merged span. */
export const SECRET_KINDS = [
  'private-key',
  'aws-access-key-id',
  'aws-secret-access-key',
  'github-token',
  'gitlab-token',
  'slack-webhook',
  'slack-token',
  'anthropic-api-key',
  'openai-api-key',
  'google-api-key',
  'stripe-key',
  'npm-token',
  'sendgrid-api-key',
  'twilio-api-key',
  'jwt',
  'url-password',
  'authorization',
  'password',
  'secret',
  'high-entropy',
] as const;

export type SecretKind = (typeof SECRET_KINDS)[number];

/** One replaced secret; offsets are UTF-16 positions in the ORIGINAL text, `end` exclusive. */
export interface Redaction {
  kind: SecretKind;
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  redactions: Redaction[];
}

/** The placeholder a secret of this kind becomes. */
export function redactionMarker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

/** Replaces every secret in `text` by `[REDACTED:<kind>]`; overlapping detections become one. */
export function redact(text: string): RedactionResult {
  const redactions = findSecrets(text);
  if (redactions.length === 0) return { text, redactions };
  return { text: replaceSpans(text, redactions).text, redactions };
}

/** Whether {@link redact} would change anything. */
export function containsSecret(text: string): boolean {
  return typeof text === 'string' && text.length > 0 && scanOnce(text).length > 0;
}

/** The secrets in `text`, merged and sorted by position, without replacing them. Offsets are in `text`. */
export function findSecrets(text: string): Redaction[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  let found = scanOnce(text);
  if (found.length === 0) return found;
  // Replacing a secret by a (usually shorter) marker can bring a random string within reach of a
  // context word, so scan the redacted text again until nothing changes: what redact returns is a
  // fixed point, which is what makes redacting twice the same as once. Later passes never touch
  // markers, so their spans map back to the original text exactly. Almost always one extra pass.
  let all = found;
  let current = replaceSpans(text, found);
  for (let pass = 0; pass < 8; pass++) {
    found = scanOnce(current.text);
    if (found.length === 0) break;
    all = [...all, ...found.map((r) => ({ ...r, start: current.toOriginal(r.start), end: current.toOriginal(r.end) }))].sort(
      (a, b) => a.start - b.start,
    );
    current = replaceSpans(text, all);
  }
  return all;
}

function scanOnce(text: string): Redaction[] {
  const scan = new Scan(text);
  detectProviderTokens(scan);
  detectPrivateKeys(scan);
  detectUrlPasswords(scan);
  detectAuthorizationHeaders(scan);
  detectKeyValues(scan);
  detectHighEntropy(scan);
  return scan.merged();
}

/** The text with every span replaced by its marker, and a map from positions outside markers back to `text`. */
function replaceSpans(text: string, spans: Redaction[]): { text: string; toOriginal: (position: number) => number } {
  let out = '';
  let at = 0;
  const outStarts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  for (const r of spans) {
    out += text.slice(at, r.start);
    const marker = redactionMarker(r.kind);
    out += marker;
    shift += r.end - r.start - marker.length;
    outStarts.push(out.length);
    shifts.push(shift);
    at = r.end;
  }
  out += text.slice(at);
  const toOriginal = (position: number): number => {
    // the shift of the last marker that ends at or before `position`
    let lo = 0;
    let hi = outStarts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (outStarts[mid] <= position) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return position + (found === -1 ? 0 : shifts[found]);
  };
  return { text: out, toOriginal };
}

/**
 * Redacts the value of a named field, such as a metadata entry: a field whose name says it holds a
 * secret (`password`, `apiKey`, `client_secret`, …) is replaced whole; any other value is redacted like
 * free text. Values alone lose the context their key gave them, so callers with key/value pairs should
 * use this rather than {@link redact}.
 */
export function redactField(name: string, value: string): RedactionResult {
  const kind = classifyKey(name);
  const trimmed = value.trim();
  if (kind && !isPlaceholder(trimmed) && !RESERVED_VALUES.has(trimmed.toLowerCase())) {
    const inner = findSecrets(value);
    const chosen = inner.length === 1 && inner[0].start === 0 && inner[0].end === value.length ? inner[0].kind : kind;
    return { text: redactionMarker(chosen), redactions: [{ kind: chosen, start: 0, end: value.length }] };
  }
  return redact(value);
}

/** Whether a key or field name says its value is a secret (`DB_PASSWORD`, `apiKey`, `client_secret`, …). */
export function isSecretKeyName(name: string): boolean {
  return classifyKey(name) !== undefined;
}

// ---------------------------------------------------------------------------------------------------
// Collection and merging

const KIND_RANK = new Map<SecretKind, number>(SECRET_KINDS.map((kind, rank) => [kind, rank]));
const MARKER = /\[REDACTED:[a-z0-9-]{1,40}\]/g;
const MARKER_ONLY = /^\[REDACTED:[a-z0-9-]{1,40}\]$/;

class Scan {
  readonly found: Redaction[] = [];
  /** [start, end) of the markers already in the text, sorted. */
  readonly markers: number[] = [];

  constructor(readonly text: string) {
    if (text.includes('[REDACTED:')) {
      MARKER.lastIndex = 0;
      for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) this.markers.push(m.index, m.index + m[0].length);
    }
  }

  add(kind: SecretKind, start: number, end: number): void {
    if (end <= start || this.inMarker(start, end)) return;
    this.found.push({ kind, start, end });
  }

  /** Whether [start, end) overlaps a marker already in the text. */
  inMarker(start: number, end: number): boolean {
    const m = this.markers;
    if (m.length === 0) return false;
    // the last marker starting before `end` is the only one that can overlap (markers do not overlap)
    let lo = 0;
    let hi = m.length / 2 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (m[2 * mid] < end) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found >= 0 && m[2 * found + 1] > start;
  }

  merged(): Redaction[] {
    if (this.found.length === 0) return [];
    const spans = this.found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Redaction[] = [];
    let current = { ...spans[0] };
    for (let i = 1; i < spans.length; i++) {
      const next = spans[i];
      if (next.start <= current.end) {
        if (next.end > current.end) current.end = next.end;
        if (rank(next.kind) < rank(current.kind)) current.kind = next.kind;
      } else {
        out.push(current);
        current = { ...next };
      }
    }
    out.push(current);
    return out;
  }
}

function rank(kind: SecretKind): number {
  return KIND_RANK.get(kind) ?? SECRET_KINDS.length;
}

// ---------------------------------------------------------------------------------------------------
// Provider tokens: recognisable by shape alone

/** Not preceded / followed by a token character, so a match is a whole token and a long run is tried once. */
const B = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_-])';

interface TokenPattern {
  kind: SecretKind;
  /** Cheap substring test before running the expression. */
  hint: string | string[];
  pattern: RegExp;
  valid?: (token: string) => boolean;
}

const hasDigit = (s: string) => /[0-9]/.test(s);
const hasDigitAndLetter = (s: string) => /[0-9]/.test(s) && /[A-Za-z]/.test(s);
const hasMixedCase = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s);

const TOKEN_PATTERNS: TokenPattern[] = [
  {
    kind: 'aws-access-key-id',
    hint: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`, 'g'),
    // AWS's documentation key, AKIAIOSFODNN7EXAMPLE, is everywhere in docs and scanners' allow-lists
    valid: (t) => !t.endsWith('EXAMPLE'),
  },
  {
    kind: 'github-token',
    hint: ['gh', 'github_pat_'],
    pattern: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})${E}`, 'g'),
    valid: hasDigit,
  },
  {
    kind: 'gitlab-token',
    hint: 'gl',
    pattern: new RegExp(`${B}gl(?:pat|dt|rt|ptt|ft|soat|cbt|oas)-[A-Za-z0-9_-]{20,}${E}`, 'g'),
  },
  {
    kind: 'slack-webhook',
    hint: 'hooks.slack.com',
    pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/g,
  },
  {
    kind: 'slack-token',
    hint: ['xox', 'xapp-'],
    pattern: new RegExp(`${B}(?:xox[abeoprs]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})${E}`, 'g'),
    valid: hasDigit,
  },
  {
    kind: 'anthropic-api-key',
    hint: 'sk-ant-',
    pattern: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{20,}${E}`, 'g'),
    valid: hasDigitAndLetter,
  },
  {
    kind: 'openai-api-key',
    hint: 'sk-',
    pattern: new RegExp(`${B}sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}${E}`, 'g'),
    // random base62: digits and both cases; keeps `sk-some-long-css-class-name` out
    valid: (t) => hasDigit(t) && hasMixedCase(t),
  },
  {
    kind: 'google-api-key',
    hint: 'AIza',
    pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}${E}`, 'g'),
  },
  {
    kind: 'stripe-key',
    hint: ['_live_', '_test_', 'whsec_'],
    pattern: new RegExp(`${B}(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}|whsec_[A-Za-z0-9+/=]{20,})${E}`, 'g'),
    // not sk_test_someHelperName
    valid: (t) => hasDigit(t) || !isWordLike(t.slice(8)),
  },
  {
    kind: 'npm-token',
    hint: 'npm_',
    pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`, 'g'),
    valid: hasDigit,
  },
  {
    kind: 'sendgrid-api-key',
    hint: 'SG.',
    pattern: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}${E}`, 'g'),
  },
  {
    kind: 'twilio-api-key',
    hint: 'SK',
    pattern: new RegExp(`${B}SK[0-9a-fA-F]{32}${E}`, 'g'),
    valid: (t) => hasDigit(t.slice(2)) && /[a-fA-F]/.test(t.slice(2)),
  },
  {
    kind: 'jwt',
    hint: 'eyJ',
    pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{6,}\\.eyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]*${E}`, 'g'),
  },
];

function detectProviderTokens(scan: Scan): void {
  const { text } = scan;
  for (const { kind, hint, pattern, valid } of TOKEN_PATTERNS) {
    if (typeof hint === 'string' ? !text.includes(hint) : !hint.some((h) => text.includes(h))) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (!valid || valid(m[0])) scan.add(kind, m.index, m.index + m[0].length);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// PEM private keys (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), also with `\n` escapes inside JSON

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END [A-Z0-9 ]{0,60}-----/y;
/** When the END line is missing (a truncated paste): header lines and base64 lines after BEGIN. */
const PEM_BODY = /(?:(?:\s|\\[rn])+(?:[A-Za-z0-9+/=]{16,}|[A-Z][A-Za-z-]{1,30}: [^\r\n\\]{1,200}))*/y;
const PEM_MAX = 64 * 1024;
const PEM_KEY_MATERIAL = /[A-Za-z0-9+/=]{32,}/g;

function detectPrivateKeys(scan: Scan): void {
  const { text } = scan;
  if (!text.includes('PRIVATE KEY')) return;
  PEM_BEGIN.lastIndex = 0;
  // next '-----END' at or after a position, cached so many BEGINs without END stay linear
  let endSearchedFrom = -1;
  let endAt = -1;
  // likewise the next run of base64 key material
  let materialSearchedFrom = -1;
  let materialAt = -1;
  let materialEnd = -1;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const start = m.index;
    const afterBegin = start + m[0].length;
    if (endSearchedFrom < 0 || (endAt !== -1 && endAt < afterBegin)) {
      endSearchedFrom = afterBegin;
      endAt = text.indexOf('-----END ', afterBegin);
    }
    let end = -1;
    let bodyEnd = -1;
    if (endAt !== -1 && endAt - afterBegin <= PEM_MAX) {
      PEM_END.lastIndex = endAt;
      end = PEM_END.test(text) ? PEM_END.lastIndex : endAt + '-----END '.length;
      bodyEnd = endAt;
    } else {
      PEM_BODY.lastIndex = afterBegin;
      PEM_BODY.test(text);
      end = bodyEnd = PEM_BODY.lastIndex;
    }
    // code and docs that only name the armour lines (`SK_START = b"-----BEGIN …"`) hold no key
    if (materialSearchedFrom < 0 || (materialAt !== -1 && materialAt < afterBegin)) {
      materialSearchedFrom = afterBegin;
      PEM_KEY_MATERIAL.lastIndex = afterBegin;
      const material = PEM_KEY_MATERIAL.exec(text);
      materialAt = material ? material.index : -1;
      materialEnd = material ? material.index + material[0].length : -1;
    }
    if (materialAt === -1 || materialEnd > bodyEnd) continue;
    scan.add('private-key', start, end);
    PEM_BEGIN.lastIndex = Math.max(PEM_BEGIN.lastIndex, end);
  }
}

// ---------------------------------------------------------------------------------------------------
// scheme://user:password@host — the password goes, user and host stay

const URL_SCHEME = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\//g;
const AUTHORITY_STOP = /[\s/?#"'`<>\\]/;

function detectUrlPasswords(scan: Scan): void {
  const { text } = scan;
  if (!text.includes('://')) return;
  URL_SCHEME.lastIndex = 0;
  for (let m = URL_SCHEME.exec(text); m; m = URL_SCHEME.exec(text)) {
    const from = m.index + m[0].length;
    // user:password@host ends at the LAST @ of the authority (passwords are not always percent-encoded)
    let to = from;
    let at = -1;
    let colon = -1;
    for (; to < text.length && to - from < 1024 && !AUTHORITY_STOP.test(text[to]); to++) {
      if (text[to] === '@') at = to;
      else if (text[to] === ':' && colon === -1) colon = to;
    }
    if (at === -1 || colon === -1 || colon >= at) continue;
    const host = text.charAt(at + 1);
    if (!/[A-Za-z0-9[$%{]/.test(host)) continue;
    const password = text.slice(colon + 1, at);
    if (password === '' || isPlaceholder(password)) continue;
    scan.add('url-password', colon + 1, at);
    URL_SCHEME.lastIndex = Math.max(URL_SCHEME.lastIndex, at);
  }
}

// ---------------------------------------------------------------------------------------------------
// Authorization headers, and bearer tokens on their own

const AUTH_HEADER = /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["'`]?/gi;
const AUTH_SCHEME = /([A-Za-z][A-Za-z0-9-]{1,30})[ \t]+/y;
/** Schemes whose credential is a list of parameters: redact the rest of the line. */
const MULTI_PARAMETER_SCHEMES = new Set(['digest', 'hawk', 'oauth', 'aws4-hmac-sha256', 'signature']);
const SINGLE_TOKEN_SCHEMES = new Set(['bearer', 'basic', 'token', 'bot', 'apikey', 'api-key', 'key', 'sso-key', 'ssws', 'negotiate', 'ntlm', 'jwt', 'splunk', 'dpop', 'pat', 'gitlab-token']);
const CREDENTIAL = /[^\s"'`,;<>\\)]+/y;
const BARE_BEARER = /(?<![A-Za-z0-9_-])[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)(?![A-Za-z0-9._~+/=-])/g;

function detectAuthorizationHeaders(scan: Scan): void {
  const { text } = scan;
  const lower = /uthorization/i.test(text);
  if (lower) {
    AUTH_HEADER.lastIndex = 0;
    for (let m = AUTH_HEADER.exec(text); m; m = AUTH_HEADER.exec(text)) {
      let at = m.index + m[0].length;
      const quote = m[0].slice(-1);
      AUTH_SCHEME.lastIndex = at;
      const scheme = AUTH_SCHEME.exec(text);
      const schemeName = scheme?.[1].toLowerCase();
      if (scheme && schemeName && MULTI_PARAMETER_SCHEMES.has(schemeName)) {
        at = AUTH_SCHEME.lastIndex;
        let end = at;
        while (end < text.length && text[end] !== '\n' && text[end] !== '\r' && !(`"'\``.includes(quote) && text[end] === quote)) end++;
        while (end > at && /[\s,;]/.test(text[end - 1])) end--;
        if (end > at) scan.add('authorization', at, end);
        continue;
      }
      const known = !!scheme && !!schemeName && SINGLE_TOKEN_SCHEMES.has(schemeName);
      if (known) at = AUTH_SCHEME.lastIndex;
      CREDENTIAL.lastIndex = at;
      const credential = CREDENTIAL.exec(text);
      if (!credential) continue;
      const value = credential[0];
      if (isPlaceholder(value) || value.length < 8 || value.endsWith(':')) continue;
      // without a known scheme the header may be prose ("Authorization: the process of…")
      if (!known && (value.length < 16 || !looksLikeSecretValue(value) || /[()[\]{}]/.test(value) || CODE_REFERENCE.test(value))) continue;
      scan.add('authorization', at, at + value.length);
    }
  }
  if (text.includes('earer')) {
    BARE_BEARER.lastIndex = 0;
    for (let m = BARE_BEARER.exec(text); m; m = BARE_BEARER.exec(text)) {
      const value = m[1];
      // not a challenge parameter: `Bearer authorization_uri="…"`
      if (!looksLikeSecretValue(value) || isPlaceholder(value) || isWordLike(value.replace(/=+$/, ''))) continue;
      const start = m.index + m[0].length - value.length;
      scan.add('authorization', start, start + value.length);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// key = value, key: value, "key": "value", export KEY=value, --key value, <key>value</key>

const KEY_WORD = /pass|pwd|secret|token|key|cred|auth/gi;
const IDENT = /[A-Za-z0-9_.-]/;
const MAX_KEY = 64;
const MAX_QUOTED = 1000;
const MAX_UNQUOTED = 256;

type KeyKind = 'password' | 'secret';

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'passcode', 'pswd']);
const SECRET_WORDS = new Set([
  'secret', 'token', 'credential', 'credentials', 'creds', 'apikey', 'secretkey', 'accesskey',
  'privatekey', 'authtoken', 'accesstoken', 'refreshtoken', 'clientsecret', 'authkey', 'sessionkey', 'masterkey',
  'signingkey', 'encryptionkey', 'appkey', 'apisecret', 'apitoken',
]);
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'encryption', 'signing', 'master', 'client', 'app', 'auth',
  'session', 'service', 'license', 'webhook', 'account', 'consumer', 'deploy', 'storage', 'subscription',
  'shared', 'hmac', 'jwt', 'crypto', 'cipher',
]);
const AUTH_QUALIFIERS = new Set(['basic', 'http', 'proxy', 'registry', 'npm', 'docker']);
/** A name that contains a secret word and ends with one of these still holds the secret itself. */
const VALUE_SUFFIXES = new Set(['value', 'key', 'base', 'string', 'str', 'data', 'plain', 'plaintext', 'raw']);

function keySegments(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((s) => s.replace(/[0-9]+$/, ''))
    .filter((s) => s !== '');
}

/** Key names repeat (every line of an env dump, every object of a JSON array): remember the verdicts. */
const keyKindCache = new Map<string, KeyKind | null>();

function classifyKey(name: string): KeyKind | undefined {
  let kind = keyKindCache.get(name);
  if (kind === undefined) {
    kind = classifyKeyUncached(name) ?? null;
    if (keyKindCache.size >= 4096) keyKindCache.clear();
    keyKindCache.set(name, kind);
  }
  return kind ?? undefined;
}

function classifyKeyUncached(name: string): KeyKind | undefined {
  const segments = keySegments(name);
  if (segments.length === 0) return undefined;
  const last = segments[segments.length - 1];
  const isPasswordWord = (s: string) => PASSWORD_WORDS.has(s) || s.endsWith('password') || s.endsWith('passwd');
  const isSecretWord = (s: string) => SECRET_WORDS.has(s) || s.endsWith('secret') || s.endsWith('token');
  if (isPasswordWord(last)) return 'password';
  if (isSecretWord(last)) return 'secret';
  // `auth` alone (docker's config.json) or basic_auth, not SERVER_AUTH or USE_AUTH flags
  if (last === 'auth' && (segments.length === 1 || AUTH_QUALIFIERS.has(segments[segments.length - 2]))) return 'secret';
  if (last === 'key' && segments.length > 1 && KEY_QUALIFIERS.has(segments[segments.length - 2])) return 'secret';
  if (VALUE_SUFFIXES.has(last) && segments.length > 1) {
    const before = segments.slice(0, -1);
    if (before.some(isPasswordWord)) return 'password';
    if (before.some((s) => s === 'secret' || s === 'token' || s.endsWith('secret'))) return 'secret';
  }
  return undefined;
}

const RESERVED_VALUES = new Set([
  'true', 'false', 'null', 'nil', 'none', 'undefined', 'yes', 'no', 'on', 'off', 'required', 'optional',
  'string', 'str', 'number', 'int', 'integer', 'bool', 'boolean', 'any', 'object', 'bytes', 'char', 'text',
  'redacted', 'hidden', 'masked', 'env', 'auto', 'default', 'empty', 'unset',
  'basic', 'bearer', 'oauth', 'oauth2', 'jwt', 'session', 'cookie', 'header', 'query', 'disabled', 'enabled',
  'void', 'self', 'this', 'new', 'return', 'function', 'fn', 'func', 'let', 'const', 'var', 'await', 'async',
  'secretstr', 'secretstring', 'optional[str]',
]);

/** Values that stand for a secret rather than being one: `${TOKEN}`, `<password>`, `{{ vault_pw }}`, `****`. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (MARKER_ONLY.test(v)) return true;
  // interpolation: the value is computed (`${token}`, `#{secret}`, `{{ vault_pw }}`), even if cut short
  if (/^(?:\$\{|#\{|\{\{)/.test(v)) return true;
  if (/^\$\{\{?[^}]*\}?\}$|^\$\(.*\)$|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$|^%\(?[a-z_]*\)?s$|^\{\{.*\}\}$|^\{[A-Za-z_][\w.]*\}$|^<[^<>]{1,60}>$/.test(v)) {
    return true;
  }
  if (/^(?:[*xX•.]{3,}|\?{3,}|-{3,}|_{3,})$/.test(v) || /^[^A-Za-z0-9]*\*{3,}[^A-Za-z0-9]*$/.test(v)) return true;
  // special tokens of a tokenizer or template: [AUDIO], <|endoftext|>
  if (/^\[[A-Za-z_ |-]{1,40}\]$|^<\|[^|]{1,40}\|>$/.test(v)) return true;
  // format strings: '%s:%s', '{0}:{1}', '{}'
  if (/^(?:%[-+ #0]*[0-9]*(?:\.[0-9]+)?[sdifrx]|\{[0-9a-z_]*\}|[:@/ ,;.-])+$/.test(v)) return true;
  if (/^(?:your|my|the|some|a)[-_ ]?[a-z_-]*(?:token|key|secret|password|passwd|pwd|credentials?)(?:[-_ ]?here)?$/i.test(v)) return true;
  if (/^(?:changeme|placeholder|example|dummy|todo|tbd|xxx+|\.\.\.|…)$/i.test(v)) return true;
  // an environment variable name: API_KEY, GITHUB_TOKEN
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(v) && /(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|PASS|CREDENTIALS?)$/.test(v)) return true;
  if (/^ENC\[.*\]$|^!vault\b/.test(v)) return true;
  return false;
}

/**
 * A value that is probably a secret rather than a word: one unbroken string that is long, or has digits
 * or symbols, or mixes case in a way identifiers don't.
 */
function looksLikeSecretValue(value: string): boolean {
  if (/\s/.test(value) || /[^\x00-\x7f]/.test(value)) return false; // sentences, and text in other scripts
  if (value.length >= 20) return !isWordLike(value); // not a name like "msal.cache.encryption"
  if (value.length < 6) return false;
  return /[0-9]/.test(value) || /[!-,/:-@[-^`{-~]/.test(value) || (hasMixedCase(value) && !isWordLike(value));
}

const STRING_PREFIX = /[bBrRuUfF]{0,2}(?=["'`])/y;
/** What may stand between the start of a line and an env-file key. */
const ENV_LINE_START = /\n(?:[ \t]*(?:export|setx?)[ \t]+)?$/;
const TYPE_ANNOTATION = /[A-Za-z_][\w.]*(?:<[^<>\n]{0,40}>)?(?:\[\])?\??[ \t]*=(?![=>])[ \t]*/y;
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/;
const KEY_STEM_IN_IDENTIFIER = /pass|pwd|secret|token|key|cred|auth/i;
const PROSE_CONTINUES = /^[ \t]+[A-Za-z0-9]/;

function detectKeyValues(scan: Scan): void {
  const { text } = scan;
  KEY_WORD.lastIndex = 0;
  for (let m = KEY_WORD.exec(text); m; m = KEY_WORD.exec(text)) {
    let keyStart = m.index;
    while (keyStart > 0 && m.index - keyStart <= MAX_KEY && IDENT.test(text[keyStart - 1])) keyStart--;
    let keyEnd = m.index + m[0].length;
    while (keyEnd < text.length && IDENT.test(text[keyEnd])) keyEnd++;
    KEY_WORD.lastIndex = keyEnd;
    if (m.index - keyStart > MAX_KEY || keyEnd - keyStart > MAX_KEY * 2) continue;
    let name = text.slice(keyStart, keyEnd);
    const flag = /^--?[A-Za-z]/.test(name);
    name = name.replace(/^[-.]+/, '');
    // "… the token." ends a sentence, not a key
    while (/[.-]$/.test(name) && keyEnd > keyStart) {
      name = name.slice(0, -1);
      keyEnd--;
    }
    const keyKind = classifyKey(name);
    if (!keyKind) continue;
    const value = parseAssignedValue(text, keyStart, keyEnd, flag);
    if (!value) continue;
    const { start, end } = value;
    const v = text.slice(start, end);
    if (!acceptValue(text, value, v, keyKind)) continue;
    const kind: SecretKind =
      keyKind === 'secret' && /^[A-Za-z0-9/+]{40}$/.test(v) && /secret.?access.?key|aws.*secret/i.test(name)
        ? 'aws-secret-access-key'
        : keyKind;
    scan.add(kind, start, end);
    // a key-like word inside an accepted value is part of the secret
    KEY_WORD.lastIndex = Math.max(KEY_WORD.lastIndex, end);
  }
}

interface AssignedValue {
  start: number;
  end: number;
  quoted: boolean;
  /** `KEY=value` at the start of a line (env file, shell export): the value is literal whatever it looks like. */
  envStyle: boolean;
  /** '=', ':', ':=', '=>', or '' for `--flag value` and XML elements. */
  separator: string;
  /** Blanks around the separator (`a = b` reads as code, `a=b` as configuration). */
  spaced?: boolean;
  spacedBefore?: boolean;
  /** The key sits inside a string literal it does not close: `"passwd:shell"`. */
  keyInsideString?: boolean;
  /** The key follows a comma on its line: `user, password = pair` unpacks a tuple. */
  tupleTarget?: boolean;
}

function parseAssignedValue(text: string, keyStart: number, keyEnd: number, flag: boolean): AssignedValue | undefined {
  let at = keyEnd;
  // XML element: <password>value</password>
  if (text[keyStart - 1] === '<' && text[at] === '>') {
    const content = text.slice(at + 1, at + 1 + MAX_QUOTED);
    const close = content.indexOf('</');
    if (close === -1 || content.slice(0, close).includes('\n')) return undefined;
    return trimmed(text, at + 1, at + 1 + close, false, false, '');
  }
  // closing quote or bracket of the key: "password": / ['api_key'] = / **Password**:
  const keyCloser = at;
  while (at - keyCloser < 3 && at < text.length && `"'\`]*`.includes(text[at])) at++;
  // a key that opens a string literal without closing it is prose inside that string: prompt='Password: '
  const before = keyStart > 0 ? text[keyStart - 1] : '';
  const openingQuote = before === '"' || before === "'" || before === '`' ? before : '';
  const keyInsideString = openingQuote !== '' && !text.slice(keyCloser, at).includes(openingQuote);
  const spacesBefore = skipBlanks(text, at) - at;
  at += spacesBefore;
  let separator = '';
  if (text.startsWith(':=', at) || text.startsWith('=>', at)) separator = text.slice(at, at + 2);
  else if (text[at] === '=' && text[at + 1] !== '=' && text[at + 1] !== '~') separator = '=';
  else if (text[at] === ':' && text[at + 1] !== ':' && !text.startsWith('//', at + 1)) separator = ':';
  if (separator === '' && !(flag && spacesBefore > 0)) return undefined;
  at += separator.length;
  const spacesAfter = skipBlanks(text, at) - at;
  at += spacesAfter;
  if (separator === ':') {
    // a type annotation before the value: `password: string = "…"`
    TYPE_ANNOTATION.lastIndex = at;
    if (TYPE_ANNOTATION.test(text)) at = TYPE_ANNOTATION.lastIndex;
  }
  STRING_PREFIX.lastIndex = at;
  if (STRING_PREFIX.test(text)) at = STRING_PREFIX.lastIndex;
  const quote = text[at];
  if (keyInsideString && quote === openingQuote) return undefined;
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = at + 1;
    while (end < text.length && end - at <= MAX_QUOTED && text[end] !== quote && text[end] !== '\n') {
      end += text[end] === '\\' ? 2 : 1;
    }
    return { start: at + 1, end: Math.min(end, text.length), quoted: true, envStyle: false, separator };
  }
  const queryString = text[keyStart - 1] === '?' || text[keyStart - 1] === '&';
  let end = at;
  while (end < text.length && end - at < MAX_UNQUOTED && !isValueStop(text[end], queryString)) end++;
  // KEY=value at the start of a line, after export/set, or an UPPER_CASE variable set inline
  // (`docker run -e SESSION_SECRET=…`, `API_TOKEN=… npm start`)
  const envStyle =
    separator === '=' &&
    spacesBefore === 0 &&
    spacesAfter === 0 &&
    (ENV_LINE_START.test((keyStart <= 16 ? '\n' : '') + text.slice(Math.max(0, keyStart - 16), keyStart)) ||
      (/^[A-Z][A-Z0-9_]*$/.test(text.slice(keyStart, keyEnd)) && (keyStart === 0 || /[\s;]/.test(text[keyStart - 1]))));
  const value = trimmed(text, at, end, false, envStyle, separator);
  if (value) {
    value.spaced = spacesBefore > 0 || spacesAfter > 0;
    value.spacedBefore = spacesBefore > 0;
    value.keyInsideString = keyInsideString;
    value.tupleTarget = /,[ \t]*$/.test(text.slice(Math.max(0, keyStart - 8), keyStart));
  }
  return value;
}

function trimmed(text: string, start: number, end: number, quoted: boolean, envStyle: boolean, separator: string): AssignedValue | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end, quoted, envStyle, separator } : undefined;
}

function skipBlanks(text: string, at: number): number {
  while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}

function isValueStop(ch: string, queryString: boolean): boolean {
  switch (ch) {
    case ' ': case '\t': case '\n': case '\r': case '"': case "'": case '`': case '<': case '>':
    case ',': case ';': case ')': case '}': case ']':
      return true;
    case '&': case '#':
      return queryString;
    default:
      return false;
  }
}

function acceptValue(text: string, assigned: AssignedValue, v: string, keyKind: KeyKind): boolean {
  const { end, quoted, envStyle, separator } = assigned;
  if (isPlaceholder(v) || RESERVED_VALUES.has(v.toLowerCase())) return false;
  if (/^[0-9]+$/.test(v) && v.length < (keyKind === 'password' ? 4 : 8)) return false;
  if (/^v?[0-9]+(?:\.[0-9]+)+$/.test(v)) return false; // a version, an IP address, an OID
  if (/^[\^~<>=]{1,2}\s*v?[0-9]+(?:\.[0-9x*]+)*(?:[-+][\w.]+)?$/.test(v)) return false; // a version range: "jsonwebtoken": "^9.0.0"
  if (/^[/~]|^\.\.?\/|^[A-Za-z]:\\/.test(v)) return false; // a path (PWD=/home/…, private_key: ~/.ssh/id_rsa)
  if (v.includes('://')) return false; // a URL; its own credentials are the URL detector's job
  if (quoted) {
    // a field or grant name rather than a value: grant_type "client_credentials", tokenField = "access_token"
    if (/^[A-Za-z_]+$/.test(v) && KEY_STEM_IN_IDENTIFIER.test(v)) return false;
    // a regular expression (jsonnet_token = r'[^\W\d]\w*') or a colour (Token.String: "#AB0909")
    if (keyKind === 'secret' && (/\\[wdsbWDSB]|\[\^|\(\?[:=!<]|\][+*?]/.test(v) || /^#[0-9a-fA-F]{3,8}$/.test(v))) return false;
    return keyKind === 'password' || looksLikeSecretValue(v);
  }
  // unquoted: tell a literal from code and prose
  if (/[([{]/.test(v) || /^[!:.]/.test(v) || v === '|' || v === '>' || v === '|-' || v === '>-') return false;
  if (/^[\w.-]+:$/.test(v)) return false; // the next key, not a value: `PASSWORD= token: …`
  if (envStyle) return true;
  if (/^[0-9]+$/.test(v) && separator === '=' && assigned.spaced) return false; // a numeric constant: SUBMIT_PASSWORD = 100004;
  if (separator === ':' && assigned.spacedBefore) return false; // `Pass :meth:` is reStructuredText, not YAML
  if (separator === '' && /^[a-z]+$/.test(v)) return false; // "use the --password option"
  if (assigned.keyInsideString && /^[A-Za-z_$][\w$]*$/.test(v)) return false; // "passwd:shell"
  if (CODE_REFERENCE.test(v)) return false; // config.password, process.env.TOKEN
  // identifiers in code are variables or types, not literals; random-looking ones are still secrets
  if (/^[A-Za-z_$][\w$]*$/.test(v) && (v.length <= 3 || isWordLike(v) || KEY_STEM_IN_IDENTIFIER.test(v))) {
    const next = text.slice(end, end + 8).replace(/^[ \t]+/, '');
    const codeAssignment = separator === '=' && assigned.spaced;
    if (KEY_STEM_IN_IDENTIFIER.test(v)) return false; // password=password, token: accessToken
    if (v.length <= 3) return false; // minified code: {password:t,…}
    if (/^=(?!=)/.test(next)) return false; // chained assignment: a = passwd = acct = ''
    if (codeAssignment && assigned.tupleTarget) return false; // username, password = split
    if (separator === ':' && (/^[,);|>\]]/.test(next) || /^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$/.test(v))) return false; // `password: BinaryLike,`
    if (/^[,);]/.test(next) && (codeAssignment || next[0] === ')')) return false; // `self.password = user, …`, `f(password=pwd)`
    if (codeAssignment && /_|[a-z][A-Z]/.test(v)) return false; // `password = index_info`, `token = userToken`
  }
  if (/^[A-Za-z]+$/.test(v) && PROSE_CONTINUES.test(text.slice(end, end + 3))) return false; // "password: click the link"
  return keyKind === 'password' || looksLikeSecretValue(v);
}

// ---------------------------------------------------------------------------------------------------
// Random-looking strings near a word that says "secret"

const CONTEXT_WORD = /key|token|secret|passw(?:or)?d|pwd|passphrase|credential|auth|bearer/gi;
const CANDIDATE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])/g;
/** Longest run of non-space characters a window is widened by, at either end. */
const MAX_CHUNK = 4096;
/** Words that make a nearby hex string a git revision rather than a secret. */
const REVISION_CONTEXT = /\b(?:commit(?:s|ted)?|rev(?:ision)?s?|revert(?:s|ed)?|merge[sd]?|cherry-pick(?:ed)?|rebase[sd]?|HEAD|tree|parent|blob|tag|object|ref|pull|PR|sha)\b/i;
/** Words that make a nearby hex or base64 string a digest rather than a secret. */
const HASH_CONTEXT = /\b(?:sha-?(?:1|224|256|384|512)|md5|hash(?:es)?|digest|checksum|integrity|fingerprint|pin-sha256|etag|gpg|pgp)\b/i;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WINDOW_BEFORE = 80;
const WINDOW_AFTER = 80;

function isContextWord(text: string, start: number, end: number): boolean {
  const word = text.slice(start, end);
  const before = start > 0 ? text[start - 1] : ' ';
  const after = end < text.length ? text[end] : ' ';
  const isLower = (c: string) => c >= 'a' && c <= 'z';
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  // left: a word start, or a camelCase boundary (apiKey, authToken)
  if ((isLower(before) || isUpper(before)) && !(isLower(before) && isUpper(word[0]))) return false;
  if (!isLower(after)) return true;
  const rest = text.slice(end, end + 8).toLowerCase();
  if (/^auth$/i.test(word)) return /^(?:ent|oriz|z|n\b|s\b)/.test(rest); // authentication, authorization, authz, authn; not author
  return /^s(?![a-z])/.test(rest) || /^(?:ed|ing)(?![a-z])/.test(rest); // plurals and verb forms: tokens, keyed
}

function detectHighEntropy(scan: Scan): void {
  const { text } = scan;
  // windows (on one line) around every context word, merged
  const windows: number[] = [];
  CONTEXT_WORD.lastIndex = 0;
  for (let m = CONTEXT_WORD.exec(text); m; m = CONTEXT_WORD.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isContextWord(text, start, end) || scan.inMarker(start, end)) continue;
    const from = lineBoundBefore(text, start, WINDOW_BEFORE);
    const to = lineBoundAfter(text, end, WINDOW_AFTER);
    const last = windows.length - 2;
    if (last >= 0 && from <= windows[last + 1]) windows[last + 1] = Math.max(windows[last + 1], to);
    else windows.push(from, to);
  }
  for (let w = 0; w < windows.length; w += 2) {
    // widened to whole non-space chunks at both ends, so a long secret is seen whole, then matched on
    // the window alone: a search from lastIndex would run on to the end of the text
    let from = windows[w];
    for (let k = 0; from > 0 && k < MAX_CHUNK && !/\s/.test(text[from - 1]); k++) from--;
    let to = windows[w + 1];
    for (let k = 0; to < text.length && k < MAX_CHUNK && !/\s/.test(text[to]); k++) to++;
    const slice = text.slice(from, to);
    CANDIDATE.lastIndex = 0;
    for (let m = CANDIDATE.exec(slice); m; m = CANDIDATE.exec(slice)) {
      considerCandidate(scan, from + m.index, from + m.index + m[0].length);
    }
  }
}

function considerCandidate(scan: Scan, start: number, end: number): void {
  const { text } = scan;
  // in a URL or a path, segments are separate words: /api/v2/auth/callback is not one token
  const candidate = text.slice(start, end);
  if (candidate.includes('/') && (isInUrl(text, start) || candidate.split('/').some(isPathSegment))) {
    let segmentStart = start;
    for (let i = start; i <= end; i++) {
      if (i === end || text[i] === '/') {
        if (i - segmentStart >= 20) considerToken(scan, segmentStart, i);
        segmentStart = i + 1;
      }
    }
    return;
  }
  considerToken(scan, start, end);
}

/** A directory-like word between slashes (src, node_modules, Users, wink-nlp), rare inside base64. */
function isPathSegment(piece: string): boolean {
  return piece.length >= 4 && /^(?:[a-z][a-z0-9_.-]*|[A-Z][a-z]+)$/.test(piece) && isWordLike(piece);
}

/** Whether position `at` lies in a URL: its run of non-space characters has a `://` before `at`. */
function isInUrl(text: string, at: number): boolean {
  const stop = Math.max(0, at - MAX_CHUNK);
  for (let i = Math.min(at + 2, text.length); i > stop && !/\s/.test(text[i - 1]); i--) {
    if (text[i - 1] === '/' && text[i - 2] === '/' && text[i - 3] === ':') return true;
  }
  return false;
}

function considerToken(scan: Scan, start: number, end: number): void {
  const { text } = scan;
  const token = text.slice(start, end);
  if (token.length > 4096 || UUID.test(token)) return;
  if (/^sha(?:1|256|384|512)-/i.test(token)) return; // subresource integrity
  const core = token.replace(/=+$/, '');
  const hex = /^[0-9a-fA-F]+$/.test(core);
  // a digest's label comes before it ("sha256: …"); a revision's may follow (`… refs/heads/main`)
  const before = text.slice(lineBoundBefore(text, start, 48), start);
  if (HASH_CONTEXT.test(before)) return;
  if (hex && core.length <= 64 && REVISION_CONTEXT.test(before + text.slice(end, lineBoundAfter(text, end, 24)))) return;
  if (isRandomLooking(core, hex)) scan.add('high-entropy', start, end);
}

/** `pos - limit`, or the start of pos's line if that is nearer. */
function lineBoundBefore(text: string, pos: number, limit: number): number {
  const stop = Math.max(0, pos - limit);
  for (let i = pos; i > stop; i--) if (text[i - 1] === '\n') return i;
  return stop;
}

/** `pos + limit`, or the end of pos's line if that is nearer. */
function lineBoundAfter(text: string, pos: number, limit: number): number {
  const stop = Math.min(text.length, pos + limit);
  for (let i = pos; i < stop; i++) if (text[i] === '\n') return i;
  return stop;
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Random rather than made of words: several character classes, high entropy for its length and
 * alphabet, and letters that do not run in word-like stretches (as in camelCase identifiers or paths).
 */
function isRandomLooking(s: string, hex = /^[0-9a-fA-F]+$/.test(s)): boolean {
  if (s.length < 20) return false;
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c >= 48 && c <= 57) digit++;
  }
  const classes = (lower > 0 ? 1 : 0) + (upper > 0 ? 1 : 0) + (digit > 0 ? 1 : 0);
  if (classes < 2) return false;
  const h = entropy(s);
  if (hex) return digit > 0 && lower + upper > 0 && h >= Math.min(3.0, Math.log2(s.length) - 1.6);
  if (h < Math.min(4.0, Math.log2(s.length) - 0.85)) return false;
  return !isWordLike(s);
}

/**
 * Reads like words (identifiers, paths, slugs) rather than random characters: most letters (60%) sit in
 * pronounceable stretches (3+ letters split at case changes, with a vowel, no cluster of 5+ consonants),
 * and letters and digits alternate fewer than 4 times unless nearly all letters are pronounceable
 * (Wav2Vec2ForSequenceClassification). Tuned on 7,800 long identifiers from TypeScript declarations and
 * Markdown (0.7% called random, most of them real base64 blobs) and on random base62 and lower-case
 * alphanumeric strings of 20–50 characters (2% called words).
 */
function isWordLike(s: string): boolean {
  // snake_case or kebab-case in one case per piece: SSL_CTX_set_tmp_ecdh, gss_krb5_cfx_keydata
  const pieces = s.split(/[_-]+/).filter((p) => p !== '');
  if (pieces.length >= 3 && pieces.every((p) => !/[a-z]/.test(p) || !/[A-Z]/.test(p))) return true;
  let letters = 0;
  let wordy = 0;
  for (const run of s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []) {
    letters += run.length;
    if (run.length < 3) continue;
    const lower = run.toLowerCase();
    if (/[aeiouy]/.test(lower) && !/[^aeiouy]{5}/.test(lower)) wordy += run.length;
  }
  if (letters === 0) return false;
  const share = wordy / letters;
  if (share < 0.6) return false;
  if (share >= 0.9) return true;
  let transitions = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1);
    const b = s.charCodeAt(i);
    if ((isDigitCode(a) && isLetterCode(b)) || (isLetterCode(a) && isDigitCode(b))) transitions++;
  }
  return transitions < 4;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
