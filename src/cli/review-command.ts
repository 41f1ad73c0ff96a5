/**
 * `twin learn-reviews` and `twin draft review`: the user's past GitHub reviews into memory and the style
 * profile, and a review of a pull request in their voice. The review prints as `path:line: body` lines and
 * the summary on stdout, provenance on stderr; `--post` posts it as a COMMENT review, only after the user
 * answers y on a terminal (or passes --yes). GitHub's token comes from GITHUB_TOKEN/TWIN_GITHUB_TOKEN and
 * its URL from TWIN_GITHUB_API_URL or `github.apiUrl` in TWIN_HOME/config.json.
 */
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import { resolveTwinHome } from '../core/config/twin-home';
import { draftJson, recordDraft, renderProvenance } from '../core/drafting';
import { draftReview, type ReviewDraft } from '../core/drafting/review-drafter';
import { fetchPullRequest, formatPullRequestRef, GitHubClient, learnReviews, parsePullRequestRef, postReview, DEFAULT_REVIEWED_PULLS } from '../core/github';
import { createModelRouter } from '../core/models';
import { readStyleProfile } from '../core/style/style-profile-store';
import { Twin } from '../core/twin';
import type { MemoryInput } from '../core/types';
import { viaSidecarOr } from './sidecar-client';
import { withRecaller } from './with-recaller';

export interface ReviewCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  home?: string;
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`Expected a positive whole number, got "${value}".`);
  return parsed;
}

/** Adds `review` under `twin draft`. */
export function registerDraftReviewCommand(draft: Command, io: Partial<ReviewCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const home = () => io.home ?? resolveTwinHome();
  return draft
    .command('review')
    .description('Review comments on a pull request in your review voice: `path:line: body` lines and the summary on stdout, provenance on stderr.')
    .argument('<pull-request>', 'OWNER/REPO#N, a pull request URL, or N in a clone of the repository')
    .option('--repo <path>', 'the clone a bare number refers to (its origin remote)', '.')
    .option('--user <login>', 'whose past reviews to follow (default: the learned voice’s login)')
    .option('--json', 'print {id, text, summary, comments, dropped, provenance, confidence, drafter, …} as JSON')
    .option('--post', 'post the review to GitHub (as a COMMENT review) after you confirm')
    .option('--yes', 'with --post: do not ask')
    .action(async (reference: string, options: { repo: string; user?: string; json?: boolean; post?: boolean; yes?: boolean }) => {
      const ref = await parsePullRequestRef(reference, options.repo);
      const client = GitHubClient.create({ env, home: home() });
      const pr = await fetchPullRequest(client, ref);
      const provider = createModelRouter({ home: home(), env });
      if (!provider) err.write('No model configured (models in TWIN_HOME/config.json, or TWIN_MODEL_URL and TWIN_MODEL): using the offline drafter.\n');
      const voice = readStyleProfile(home())?.reviews;
      const draftResult = await withRecaller(home(), (twin) =>
        draftReview({ pr, twin, home: home(), ...(voice ? { voice } : {}), ...(options.user ? { login: options.user } : {}), ...(provider ? { provider } : {}) }),
      );
      if (draftResult.text) recordDraft(home(), draftResult);
      if (options.json) out.write(JSON.stringify(reviewJson(draftResult), null, 2) + '\n');
      else {
        out.write(draftResult.text ? `${draftResult.text}\n` : '');
        err.write(renderProvenance(draftResult) + '\n');
        for (const dropped of draftResult.dropped) err.write(`dropped ${dropped.path}:${dropped.line}: ${dropped.reason}\n`);
        if (draftResult.text) err.write(`rate it: twin draft feedback ${draftResult.id} up|down\n`);
      }
      if (!draftResult.text) err.write(`No review drafted for ${formatPullRequestRef(ref)}: nothing to say (see the notice above).\n`);
      if (!options.post) return;
      if (!draftResult.text) throw new Error('Nothing to post.');
      if (!options.yes) {
        const stdin = io.stdin ?? process.stdin;
        if (!stdin.isTTY) throw new Error('Not posted: --post asks for confirmation on a terminal; pass --yes to post without asking.');
        const answer = await ask(stdin, err, `Post this review (${draftResult.comments.length} comment${draftResult.comments.length === 1 ? '' : 's'}) to ${formatPullRequestRef(ref)} as you? [y/N] `);
        if (!/^y(es)?$/i.test(answer.trim())) {
          err.write('Not posted.\n');
          return;
        }
      }
      const posted = await postReview(client, draftResult);
      err.write(`Posted review ${posted.id} with ${posted.comments} comment${posted.comments === 1 ? '' : 's'}${posted.url ? `: ${posted.url}` : ''}.\n`);
    });
}

/** Adds `learn-reviews` to the program. */
export function registerLearnReviewsCommand(program: Command, io: Partial<ReviewCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const home = () => io.home ?? resolveTwinHome();
  return program
    .command('learn-reviews')
    .description('Learn your pull request review voice from your past GitHub reviews (token from GITHUB_TOKEN): into memory, and into `twin style`.')
    .option('--user <login>', 'whose reviews (default: the token’s user)')
    .option('--limit <n>', 'at most this many reviewed pull requests, newest first', positiveInt, DEFAULT_REVIEWED_PULLS)
    .option('--json', 'print the report as JSON')
    .action(async (options: { user?: string; limit: number; json?: boolean }) => {
      const client = GitHubClient.create({ env, home: home() });
      const remember = (memories: MemoryInput[]) =>
        viaSidecarOr(
          home(),
          (sidecar) => sidecar.request('twin/remember', { memories }),
          async () => {
            const twin = await Twin.open({ home: home() });
            try {
              return await twin.remember(memories);
            } finally {
              await twin.close();
            }
          },
        );
      const report = await learnReviews(client, remember, {
        ...(options.user ? { login: options.user } : {}),
        limit: options.limit,
        home: home(),
        onProgress: (done, total) => err.write(`\rreading reviews: ${done}/${total} pull requests`),
      });
      err.write('\n');
      if (options.json) {
        out.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      out.write(
        `Learned ${report.lineComments} review comment${report.lineComments === 1 ? '' : 's'} and ${report.reviewBodies} review bod${report.reviewBodies === 1 ? 'y' : 'ies'} by ${report.login} ` +
          `from ${report.pulls} pull request${report.pulls === 1 ? '' : 's'} in ${report.seconds.toFixed(1)} s (${report.created} new, ${report.updated} learned before` +
          `${report.redactions ? `; redacted ${report.redactions} secret${report.redactions === 1 ? '' : 's'}` : ''}).\n`,
      );
      err.write(report.voice ? 'Your review voice is in `twin style`.\n' : `No review comments by ${report.login} found: nothing to learn the voice from.\n`);
    });
}

function reviewJson(draft: ReviewDraft) {
  return { ...draftJson(draft), pr: formatPullRequestRef(draft.pr), summary: draft.summary, comments: draft.comments, dropped: draft.dropped, ...(draft.headSha ? { headSha: draft.headSha } : {}) };
}

async function ask(input: NodeJS.ReadableStream, output: ReviewCommandIo['stderr'], question: string): Promise<string> {
  const prompt = readline.createInterface({ input, output: output as NodeJS.WritableStream, terminal: false });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

