/**
 * A small GitHub REST API on 127.0.0.1 for tests (no GitHub-compatible server can run here). It speaks
 * the shapes Twin uses — `GET /user`, `GET /search/issues` (`reviewed-by:LOGIN type:pr`), a pull
 * request, its files, review comments and reviews, `POST …/reviews` — as JSON with GitHub's `Link`
 * pagination headers, GitHub's error bodies (401 for a wrong token, 404 for an unknown pull request,
 * 422 for a review comment on a line outside the diff, 403 with rate-limit headers when scripted), and
 * records every request, posted reviews included, so tests can check what reached it.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isCommentableLine, parsePatch } from '../patch-lines';

export interface FakeFile {
  filename: string;
  status?: string;
  additions?: number;
  deletions?: number;
  patch?: string;
  previous_filename?: string;
}

export interface FakeReviewComment {
  id: number;
  login: string;
  body: string;
  path: string;
  line: number;
  side?: 'LEFT' | 'RIGHT';
  diffHunk?: string;
  createdAt?: string;
  inReplyTo?: number;
}

export interface FakeReview {
  id: number;
  login: string;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';
  submittedAt?: string;
}

export interface FakePull {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body?: string;
  author: string;
  headSha?: string;
  updatedAt?: string;
  files?: FakeFile[];
  comments?: FakeReviewComment[];
  reviews?: FakeReview[];
}

export interface FakeGitHubOptions {
  /** Requests must carry this token (`Authorization: token …` or `Bearer …`); others get 401. Unset: no auth checked. */
  token?: string;
  /** The token's user (`GET /user`). */
  login?: string;
  pulls?: FakePull[];
  /** Page size cap, so small seeds still paginate (default 100, as GitHub). */
  maxPerPage?: number;
}

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: unknown;
}

export interface PostedReview {
  owner: string;
  repo: string;
  number: number;
  body: string;
  event?: string;
  commit_id?: string;
  comments: Array<{ path: string; line: number; side?: string; body: string }>;
}

export interface FakeGitHubServer {
  /** The API root, e.g. `http://127.0.0.1:41234` (pass as baseUrl / TWIN_GITHUB_API_URL). */
  apiUrl: string;
  requests: RecordedGitHubRequest[];
  postedReviews: PostedReview[];
  /** The next `count` requests get 403 with the rate limit used up, resetting at `resetEpochSeconds`. */
  rateLimitNext(count: number, resetEpochSeconds: number): void;
  close(): Promise<void>;
}

export async function startFakeGitHubServer(options: FakeGitHubOptions = {}): Promise<FakeGitHubServer> {
  const requests: RecordedGitHubRequest[] = [];
  const postedReviews: PostedReview[] = [];
  const pulls = options.pulls ?? [];
  const maxPerPage = options.maxPerPage ?? 100;
  let rateLimited = { count: 0, reset: 0 };
  let nextReviewId = 9000;
  let apiUrl = '';

  const send = (response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...headers });
    response.end(JSON.stringify(payload));
  };
  const fail = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(response, status, { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }, headers);

  /** One page of `items` with GitHub's `Link` header. */
  const page = (response: ServerResponse, url: URL, items: unknown[], wrap?: (items: unknown[]) => unknown) => {
    const perPage = Math.min(maxPerPage, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const current = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((current - 1) * perPage, current * perPage);
    const link = (n: number) => {
      const next = new URL(url.pathname + url.search, apiUrl);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return next.toString();
    };
    const links: string[] = [];
    if (current < last) links.push(`<${link(current + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (current > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(current - 1)}>; rel="prev"`);
    send(response, 200, wrap ? wrap(slice) : slice, links.length ? { link: links.join(', ') } : {});
  };

  const findPull = (owner: string, repo: string, number: number) =>
    pulls.find((pull) => pull.owner.toLowerCase() === owner.toLowerCase() && pull.repo.toLowerCase() === repo.toLowerCase() && pull.number === number);
  const user = (login: string) => ({ login, id: login.length, type: 'User' });
  const repoUrl = (pull: FakePull) => `${apiUrl}/repos/${pull.owner}/${pull.repo}`;

  const handle = (method: string, url: URL, body: unknown, response: ServerResponse) => {
    if (method === 'GET' && url.pathname === '/user') {
      if (!options.login) return fail(response, 401, 'Requires authentication');
      return send(response, 200, user(options.login));
    }
    if (method === 'GET' && url.pathname === '/search/issues') {
      const q = url.searchParams.get('q') ?? '';
      const reviewer = /reviewed-by:(\S+)/.exec(q)?.[1]?.toLowerCase();
      if (!reviewer) return fail(response, 422, 'Validation Failed');
      const reviewed = pulls
        .filter((pull) => [...(pull.comments ?? []), ...(pull.reviews ?? [])].some((item) => item.login.toLowerCase() === reviewer) && pull.author.toLowerCase() !== reviewer)
        .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))
        .map((pull) => ({ number: pull.number, title: pull.title, state: 'closed', user: user(pull.author), repository_url: repoUrl(pull), html_url: `https://github.com/${pull.owner}/${pull.repo}/pull/${pull.number}`, pull_request: { url: `${repoUrl(pull)}/pulls/${pull.number}` }, updated_at: pull.updatedAt }));
      return page(response, url, reviewed, (items) => ({ total_count: reviewed.length, incomplete_results: false, items }));
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)(\/files|\/comments|\/reviews)?$/.exec(url.pathname);
    if (!match) return fail(response, 404, 'Not Found');
    const pull = findPull(decodeURIComponent(match[1]), decodeURIComponent(match[2]), Number(match[3]));
    if (!pull) return fail(response, 404, 'Not Found');
    const what = match[4];
    if (method === 'GET' && !what) {
      return send(response, 200, {
        number: pull.number, title: pull.title, body: pull.body ?? null, state: 'open', draft: false, user: user(pull.author),
        html_url: `https://github.com/${pull.owner}/${pull.repo}/pull/${pull.number}`,
        base: { ref: 'main' }, head: { ref: `feature-${pull.number}`, sha: pull.headSha ?? 'f'.repeat(40) },
      });
    }
    if (method === 'GET' && what === '/files') {
      return page(response, url, (pull.files ?? []).map((file) => ({ sha: '0'.repeat(40), status: 'modified', additions: 0, deletions: 0, changes: 0, ...file })));
    }
    if (method === 'GET' && what === '/comments') {
      return page(response, url, (pull.comments ?? []).map((comment) => ({
        id: comment.id, body: comment.body, user: user(comment.login), path: comment.path, line: comment.line, original_line: comment.line, side: comment.side ?? 'RIGHT',
        diff_hunk: comment.diffHunk ?? '@@ -1,1 +1,1 @@', created_at: comment.createdAt ?? '2026-10-01T10:00:00Z', ...(comment.inReplyTo ? { in_reply_to_id: comment.inReplyTo } : {}),
        html_url: `https://github.com/${pull.owner}/${pull.repo}/pull/${pull.number}#discussion_r${comment.id}`,
      })));
    }
    if (method === 'GET' && what === '/reviews') {
      return page(response, url, (pull.reviews ?? []).map((review) => ({
        id: review.id, body: review.body, user: user(review.login), state: review.state, submitted_at: review.submittedAt ?? '2026-10-01T11:00:00Z',
        html_url: `https://github.com/${pull.owner}/${pull.repo}/pull/${pull.number}#pullrequestreview-${review.id}`,
      })));
    }
    if (method === 'POST' && what === '/reviews') {
      const posted = body as Partial<PostedReview> | undefined;
      const comments = Array.isArray(posted?.comments) ? posted.comments : [];
      // GitHub refuses the whole review when one comment is not on a line of the diff.
      for (const comment of comments) {
        const file = (pull.files ?? []).find((candidate) => candidate.filename === comment.path);
        const side = comment.side === 'LEFT' ? 'LEFT' : 'RIGHT';
        if (!file || !isCommentableLine(parsePatch(file.patch), comment.line, side)) {
          return send(response, 422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], documentation_url: 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request', status: '422' });
        }
      }
      const review = { owner: pull.owner, repo: pull.repo, number: pull.number, body: String(posted?.body ?? ''), ...(posted?.event ? { event: posted.event } : {}), ...(posted?.commit_id ? { commit_id: posted.commit_id } : {}), comments };
      postedReviews.push(review);
      const id = ++nextReviewId;
      return send(response, 200, { id, body: review.body, state: posted?.event === 'APPROVE' ? 'APPROVED' : 'COMMENTED', user: user(options.login ?? 'anonymous'), html_url: `https://github.com/${pull.owner}/${pull.repo}/pull/${pull.number}#pullrequestreview-${id}` });
    }
    return fail(response, 404, 'Not Found');
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return fail(response, 400, 'Problems parsing JSON');
      }
      requests.push({ method: request.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), ...authorization(request.headers), ...(body !== undefined ? { body } : {}) });
      if (options.token !== undefined) {
        const given = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (given !== options.token) return fail(response, 401, 'Bad credentials');
      }
      if (rateLimited.count > 0) {
        rateLimited.count--;
        return fail(response, 403, 'API rate limit exceeded for user ID 1.', { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(rateLimited.reset), 'x-ratelimit-resource': 'core' });
      }
      handle(request.method ?? 'GET', url, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiUrl,
    requests,
    postedReviews,
    rateLimitNext: (count, reset) => (rateLimited = { count, reset }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function authorization(headers: IncomingHttpHeaders): { authorization?: string } {
  return headers.authorization ? { authorization: headers.authorization } : {};
}
