/**
 * The one door to GitHub's REST API: an `@octokit/rest` client with the API URL (github.com, a GitHub
 * Enterprise server, or a local fake in tests) and the token, whose calls turn failures into messages
 * that say what to do (`github-errors.ts`). The CLI takes the token from GITHUB_TOKEN/TWIN_GITHUB_TOKEN;
 * VS Code passes the one it keeps in SecretStorage.
 */
import { readConfigFile } from '../config/embedder-config';
import { GitHubError, TOKEN_HELP, toGitHubError } from './github-errors';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The part of Octokit Twin uses. `@octokit/rest` is ESM-only and its types do not resolve under this
 * project's `moduleResolution: node`, so the shape is declared here; `require` loads it (node >= 20.19).
 */
interface OctokitLike {
  request(route: string, params?: Record<string, unknown>): Promise<{ data: unknown; status: number }>;
  paginate: { iterator(route: string, params?: Record<string, unknown>): AsyncIterable<{ data: unknown }> };
  rest: { pulls: { createReview(params: Record<string, unknown>): Promise<{ data: unknown }> } };
}
type OctokitConstructor = new (options: Record<string, unknown>) => OctokitLike;

export interface GitHubClientOptions {
  /** The token; else TWIN_GITHUB_TOKEN, then GITHUB_TOKEN from `env`. Without one only public data is readable, at a low rate limit. */
  token?: string;
  /** The REST API root; else TWIN_GITHUB_API_URL, then `github.apiUrl` in TWIN_HOME/config.json, then api.github.com. */
  apiUrl?: string;
  env?: NodeJS.ProcessEnv;
  /** TWIN_HOME, for config.json. */
  home?: string;
  /** Per request, in ms (default 30 s). */
  timeoutMs?: number;
}

export class GitHubClient {
  private loginCache: string | undefined;

  private constructor(
    readonly apiUrl: string,
    readonly authenticated: boolean,
    private readonly octokit: OctokitLike,
  ) {}

  static create(options: GitHubClientOptions = {}): GitHubClient {
    const env = options.env ?? process.env;
    const apiUrl = resolveGitHubApiUrl(options);
    const token = (options.token ?? env.TWIN_GITHUB_TOKEN ?? env.GITHUB_TOKEN ?? '').trim();
    const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Octokit } = require('@octokit/rest') as { Octokit: OctokitConstructor };
    const octokit = new Octokit({
      baseUrl: apiUrl,
      userAgent: 'twin-dev',
      ...(token ? { auth: token } : {}),
      // A request that hangs (a firewall dropping packets) fails after the timeout instead of never.
      request: { fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) }) },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    return new GitHubClient(apiUrl, token !== '', octokit);
  }

  /** One JSON resource; `what` names it in errors ("pull request o/r#3"). */
  async get<T>(route: string, params: Record<string, unknown>, what: string): Promise<T> {
    try {
      return (await this.octokit.request(route, params)).data as T;
    } catch (error) {
      throw toGitHubError(error, what, this.apiUrl);
    }
  }

  /** Every item of a paginated list (following `Link: rel="next"`), stopping after `max` items. */
  async list<T>(route: string, params: Record<string, unknown>, what: string, max = Infinity): Promise<T[]> {
    const items: T[] = [];
    try {
      for await (const page of this.octokit.paginate.iterator(route, { per_page: 100, ...params })) {
        items.push(...(page.data as T[]));
        if (items.length >= max) break;
      }
    } catch (error) {
      throw toGitHubError(error, what, this.apiUrl);
    }
    return items.slice(0, max);
  }

  /** `pulls.createReview`: posts a review with its line comments in one request. */
  async createReview(params: { owner: string; repo: string; pull_number: number; body: string; event: 'COMMENT' | 'APPROVE' | 'REQUEST_CHANGES'; commit_id?: string; comments: Array<{ path: string; line: number; side: 'LEFT' | 'RIGHT'; body: string }> }): Promise<{ id: number; html_url?: string }> {
    if (!this.authenticated) throw new GitHubError(`Posting a review needs a GitHub token. ${TOKEN_HELP}`, 'auth');
    try {
      return (await this.octokit.rest.pulls.createReview(params)).data as { id: number; html_url?: string };
    } catch (error) {
      throw toGitHubError(error, `a review on ${params.owner}/${params.repo}#${params.pull_number}`, this.apiUrl);
    }
  }

  /** The token's user (GET /user), asked once. */
  async login(): Promise<string> {
    if (this.loginCache) return this.loginCache;
    if (!this.authenticated) throw new GitHubError(`Twin needs to know whose reviews to learn: give --user LOGIN, or a token. ${TOKEN_HELP}`, 'auth');
    const user = await this.get<{ login?: string }>('GET /user', {}, 'the token’s user (GET /user)');
    if (!user.login) throw new GitHubError(`GitHub at ${this.apiUrl} answered GET /user without a login.`, 'other');
    this.loginCache = user.login;
    return user.login;
  }
}

/** The API root the options, the environment or TWIN_HOME/config.json (`{"github": {"apiUrl": …}}`) name, without a trailing slash. */
export function resolveGitHubApiUrl(options: Pick<GitHubClientOptions, 'apiUrl' | 'env' | 'home'> = {}): string {
  const env = options.env ?? process.env;
  const configured = options.home ? (readConfigFile(options.home).github as { apiUrl?: unknown } | undefined)?.apiUrl : undefined;
  const raw = (options.apiUrl || env.TWIN_GITHUB_API_URL || (typeof configured === 'string' ? configured : '') || DEFAULT_GITHUB_API_URL).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GitHubError(`"${raw}" is not a URL: the GitHub API URL looks like ${DEFAULT_GITHUB_API_URL} (or https://HOST/api/v3 for GitHub Enterprise).`, 'validation');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new GitHubError(`The GitHub API URL must be http(s), not ${url.protocol}.`, 'validation');
  return raw.replace(/\/+$/, '');
}
