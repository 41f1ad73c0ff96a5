/**
 * Decides which visited URLs Twin may remember, and what of them.
 *
 * - Only web pages: `http:` and `https:`. Browser pages (`chrome://`, `about:`, `edge://`), local files
 *   (`file://`), inline documents (`data:`, `blob:`) and scripts (`javascript:`) are never stored.
 * - Never from a denied domain (see DEFAULT_DENIED_DOMAINS and `deniedDomains`): sign-in pages, banking,
 *   health, webmail, messaging, password managers and adult sites, where even a page title says too much.
 * - Of a stored URL only what identifies the page survives: the user name and password, the fragment
 *   (OAuth puts `#access_token=` there) and every query parameter outside a small allowlist are removed,
 *   so `?code=`, `state=`, `token=`, `key=`, `password=`, session ids and tracking tags never reach the
 *   store. A path segment that looks like a one-time token (long, letters and digits, not a hex hash) is
 *   replaced by `[token]`, as in password-reset and magic-sign-in links.
 *
 * Domain patterns (case-insensitive): `example.com` matches that host and every subdomain; `*` matches
 * any run of characters, dots included, so `login.*` is any host starting with `login.` and `*.bank`
 * any host under `.bank` (and `bank` itself); `*bank*` any host containing `bank`.
 */

/** Hosts never remembered unless the user removes them from the list. */
export const DEFAULT_DENIED_DOMAINS: readonly string[] = [
  // Sign-in and identity
  'accounts.google.com',
  'accounts.*',
  'login.*',
  'signin.*',
  'auth.*',
  'sso.*',
  '*.okta.com',
  '*.auth0.com',
  'appleid.apple.com',
  // Password managers
  '*.1password.com',
  '*.bitwarden.com',
  '*.lastpass.com',
  '*.dashlane.com',
  // Banking and payments
  '*bank*',
  '*.bank',
  'paypal.com',
  'wise.com',
  'revolut.com',
  // Health
  '*health*',
  '*.mychart.com',
  'mychart.*',
  // Webmail and messaging (the mail collector reads mail, with its own consent)
  'mail.*',
  'webmail.*',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'app.fastmail.com',
  'web.whatsapp.com',
  'web.telegram.org',
  'messages.google.com',
  // Adult
  '*porn*',
  '*xxx*',
  '*.xxx',
  '*.adult',
  '*.sex',
];

/** Query parameters kept in stored URLs: they say what the page is, and never carry credentials. */
export const DEFAULT_KEPT_QUERY_PARAMETERS: readonly string[] = ['q', 'query', 'search', 'search_query', 'page', 'tab', 'v', 'lang', 'hl', 'sort'];

const STORED_PROTOCOLS = new Set(['http:', 'https:']);

export interface UrlPolicyOptions {
  /** Replaces DEFAULT_DENIED_DOMAINS. */
  deniedDomains?: readonly string[];
  /** Replaces DEFAULT_KEPT_QUERY_PARAMETERS. */
  keptQueryParameters?: readonly string[];
}

export interface CleanUrl {
  /** The URL as it may be stored. */
  url: string;
  /** The host people recognise (`www.` dropped). */
  domain: string;
}

export type UrlVerdict = { stored: true; clean: CleanUrl } | { stored: false; reason: 'scheme' | 'denied-domain' | 'invalid' };

interface DomainPattern {
  pattern: string;
  regex: RegExp;
}

function compileDomainPattern(raw: string): DomainPattern | undefined {
  const pattern = raw.trim().toLowerCase().replace(/\.$/, '');
  if (pattern === '') return undefined;
  const escape = (part: string) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
  let source: string;
  if (!pattern.includes('*')) source = `(?:.*\\.)?${escape(pattern)}`;
  else if (pattern.startsWith('*.') && !pattern.slice(2).includes('*')) source = `(?:.*\\.)?${escape(pattern.slice(2))}`;
  else source = pattern.split('*').map(escape).join('.*');
  return { pattern: raw, regex: new RegExp(`^${source}$`) };
}

/** A segment like `Zx8dK2pQ…` (a reset or sign-in token), but not a commit or content hash. */
function looksLikeToken(segment: string): boolean {
  return segment.length >= 24 && /^[A-Za-z0-9_-]+$/.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment) && !/^[0-9a-f]+$/i.test(segment);
}

export class UrlPolicy {
  private readonly denied: DomainPattern[];
  private readonly kept: Set<string>;

  constructor(options: UrlPolicyOptions = {}) {
    this.denied = (options.deniedDomains ?? DEFAULT_DENIED_DOMAINS).map(compileDomainPattern).filter((p): p is DomainPattern => !!p);
    this.kept = new Set((options.keptQueryParameters ?? DEFAULT_KEPT_QUERY_PARAMETERS).map((name) => name.toLowerCase()));
  }

  /** The denylist pattern that covers `host`, if any. */
  deniedBy(host: string): string | undefined {
    const normalized = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    return this.denied.find((pattern) => pattern.regex.test(normalized))?.pattern;
  }

  judge(raw: string): UrlVerdict {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { stored: false, reason: 'invalid' };
    }
    if (!STORED_PROTOCOLS.has(url.protocol)) return { stored: false, reason: 'scheme' };
    if (url.hostname === '') return { stored: false, reason: 'invalid' };
    if (this.deniedBy(url.hostname)) return { stored: false, reason: 'denied-domain' };

    url.username = '';
    url.password = '';
    url.hash = '';
    const kept = [...url.searchParams].filter(([name]) => this.kept.has(name.toLowerCase()));
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
    url.pathname = url.pathname
      .split('/')
      .map((segment) => (looksLikeToken(segment) ? '[token]' : segment))
      .join('/');
    return { stored: true, clean: { url: url.toString(), domain: url.hostname.replace(/^www\./, '') } };
  }
}
