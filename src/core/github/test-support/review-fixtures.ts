/**
 * Pull requests for the review tests: `alex` has reviewed three of them in a known voice — hedged
 * ("could we …?"), `nit:` on small things, "LGTM, thanks!" approvals, an eye for tests, naming and error
 * handling — and `sam` wrote them. A fourth, open pull request is the one to review: it adds a
 * `console.log`, a TODO and a source file without tests.
 */
import type { FakePull } from './fake-github-server';

export const REVIEWER = 'alex';
export const TOKEN = 'ghp_testtoken0123456789';

/** The pull request under review: src/retry.ts gets new code (with a debug print and a TODO), no test changes. */
export const OPEN_PULL: FakePull = {
  owner: 'acme',
  repo: 'billing',
  number: 42,
  title: 'Retry failed invoice uploads',
  body: 'Uploads to the ledger fail now and then; retry them with backoff.',
  author: 'sam',
  headSha: 'a'.repeat(40),
  updatedAt: '2026-11-20T10:00:00Z',
  files: [
    {
      filename: 'src/retry.ts',
      status: 'modified',
      additions: 6,
      deletions: 1,
      patch: [
        '@@ -10,4 +10,9 @@ export function upload(invoice: Invoice) {',
        '   const body = serialize(invoice);',
        '-  return send(body);',
        '+  console.log("uploading", invoice.id);',
        '+  // TODO: make the attempts configurable',
        '+  for (let attempt = 0; attempt < 3; attempt++) {',
        '+    if (send(body)) return true;',
        '+  }',
        '+  return false;',
        ' }',
        ' ',
      ].join('\n'),
    },
    { filename: 'docs/retry.md', status: 'added', additions: 2, deletions: 0, patch: '@@ -0,0 +1,2 @@\n+# Retries\n+Uploads are retried three times.' },
  ],
};

const pull = (number: number, title: string, comments: FakePull['comments'], reviews: FakePull['reviews'], updatedAt: string): FakePull => ({
  owner: 'acme',
  repo: 'billing',
  number,
  title,
  author: 'sam',
  updatedAt,
  files: [{ filename: 'src/ledger.ts', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1,1 +1,1 @@\n-old\n+new' }],
  comments,
  reviews,
});

export const REVIEWED_PULLS: FakePull[] = [
  pull(
    30,
    'Add invoice export',
    [
      { id: 301, login: REVIEWER, body: 'Could we add a test for the empty invoice case? I think it currently throws.', path: 'src/export.ts', line: 12, createdAt: '2026-09-01T10:00:00Z' },
      { id: 302, login: REVIEWER, body: 'nit: could we rename `tmp` to `pendingRows`? The name does not say what it holds.', path: 'src/export.ts', line: 20, createdAt: '2026-09-01T10:01:00Z' },
      { id: 303, login: 'sam', body: 'Good catch, will do.', path: 'src/export.ts', line: 12, inReplyTo: 301, createdAt: '2026-09-01T11:00:00Z' },
    ],
    [{ id: 3001, login: REVIEWER, body: 'LGTM, thanks!', state: 'APPROVED', submittedAt: '2026-09-02T09:00:00Z' }],
    '2026-09-02T09:00:00Z',
  ),
  pull(
    31,
    'Parse ledger responses',
    [
      { id: 311, login: REVIEWER, body: 'Could we handle the error from `parseLedger` here? Right now a bad response is swallowed silently.', path: 'src/ledger.ts', line: 7, createdAt: '2026-10-01T10:00:00Z' },
      { id: 312, login: REVIEWER, body: 'Maybe add a test that feeds it a truncated response? Could we also check the timeout path?', path: 'src/ledger.ts', line: 15, createdAt: '2026-10-01T10:02:00Z' },
      { id: 313, login: REVIEWER, body: 'nit: could we drop the leftover console.log?', path: 'src/ledger.ts', line: 30, createdAt: '2026-10-01T10:03:00Z' },
    ],
    [
      { id: 3101, login: REVIEWER, body: 'Could we add tests before merging? Otherwise looks good.', state: 'COMMENTED', submittedAt: '2026-10-01T10:05:00Z' },
      { id: 3102, login: REVIEWER, body: 'LGTM, thanks!', state: 'APPROVED', submittedAt: '2026-10-02T09:00:00Z' },
    ],
    '2026-10-02T09:00:00Z',
  ),
  pull(
    32,
    'Name the billing jobs',
    [
      { id: 321, login: REVIEWER, body: 'I think `jobName` would read better than `jn`, could we rename it?', path: 'src/jobs.ts', line: 3, createdAt: '2026-11-01T10:00:00Z' },
      { id: 322, login: REVIEWER, body: 'nit: could we add a doc comment here? It is exported and not obvious.', path: 'src/jobs.ts', line: 9, createdAt: '2026-11-01T10:01:00Z' },
    ],
    [{ id: 3201, login: REVIEWER, body: '', state: 'APPROVED', submittedAt: '2026-11-02T09:00:00Z' }],
    '2026-11-02T09:00:00Z',
  ),
];

export const ALL_PULLS: FakePull[] = [OPEN_PULL, ...REVIEWED_PULLS];
