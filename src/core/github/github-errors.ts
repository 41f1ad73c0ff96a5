/**
 * GitHub failures as people need them: what happened and what to do. Octokit throws a `RequestError`
 * carrying the HTTP status and the response headers; this turns the ones users meet (a bad token, the
 * rate limit, a pull request that is not there or not visible to the token, a server that cannot be
 * reached) into one message each, without ever including the token.
 */

export type GitHubFailure = 'auth' | 'rate-limit' | 'not-found' | 'network' | 'validation' | 'other';

export class GitHubError extends Error {
  constructor(
    message: string,
    readonly kind: GitHubFailure,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

export const TOKEN_HELP =
  'Set a token with repo read access (a fine-grained token with "Pull requests: read", or a classic token with `repo`): ' +
  'GITHUB_TOKEN or TWIN_GITHUB_TOKEN for the CLI, or "Twin: Set GitHub Token" in VS Code.';

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

/** Translates whatever a GitHub call threw; `what` names the request (`pull request owner/repo#3`). */
export function toGitHubError(error: unknown, what: string, apiUrl: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const failure = error as RequestErrorLike;
  const status = typeof failure?.status === 'number' ? failure.status : undefined;
  const headers = failure?.response?.headers ?? {};
  const message = failure?.message ?? String(error);

  if (status === undefined || (status === 500 && !failure.response)) {
    // Octokit reports a fetch that never got an answer as status 500 without a response.
    return new GitHubError(`Cannot reach GitHub at ${apiUrl} (${message}) while fetching ${what}: check the network, or the API URL (TWIN_GITHUB_API_URL, or twin.github.apiUrl in VS Code).`, 'network', status);
  }
  if (status === 401) {
    return new GitHubError(`GitHub at ${apiUrl} rejected the token (401 Bad credentials) while fetching ${what}. ${TOKEN_HELP}`, 'auth', status);
  }
  const remaining = headers['x-ratelimit-remaining'];
  if ((status === 403 || status === 429) && (String(remaining) === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(message))) {
    return new GitHubError(`GitHub's rate limit is used up (${status}) while fetching ${what}; ${resetsAt(headers)}. A token raises the limit: ${TOKEN_HELP}`, 'rate-limit', status);
  }
  if (status === 404) {
    return new GitHubError(`GitHub has no ${what}, or the token cannot see it (404). Check the owner, repository and number; for a private repository the token needs access to it.`, 'not-found', status);
  }
  if (status === 403) {
    return new GitHubError(`GitHub refused ${what} (403: ${message}). The token may lack the permission it needs. ${TOKEN_HELP}`, 'auth', status);
  }
  if (status === 422) {
    return new GitHubError(`GitHub did not accept ${what} (422: ${message}).`, 'validation', status);
  }
  return new GitHubError(`GitHub answered ${status} to ${what}: ${message}.`, 'other', status);
}

function resetsAt(headers: Record<string, string | number | undefined>): string {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return `try again in ${Math.ceil(retryAfter)} s`;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) {
    const at = new Date(reset * 1000);
    const minutes = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 60_000));
    return `it resets at ${at.toISOString().replace('T', ' ').slice(0, 19)} UTC (in ${minutes} min)`;
  }
  return 'it resets within the hour';
}
