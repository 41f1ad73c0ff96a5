/**
 * `twin draft commit` and `twin draft reply`: the draft alone on stdout (so it pipes into `git commit -F -`),
 * its provenance on stderr. The model comes from TWIN_HOME/config.json or TWIN_MODEL_URL/TWIN_MODEL; with
 * none, the offline drafter writes the draft and stderr says so.
 */
import * as fs from 'node:fs';
import { Argument, Command, Option } from 'commander';
import { resolveTwinHome } from '../core/config/twin-home';
import { draftCommit, draftJson, draftReply, feedbackOnDraft, recordDraft, renderProvenance, type Draft, type MemoryRecaller, type ReplyChannel, type Verdict } from '../core/drafting';
import { createModelRouter, type ModelProvider } from '../core/models';
import { registerDraftReviewCommand } from './review-command';
import { withRecaller } from './with-recaller';

export interface DraftCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** TWIN_HOME; default from the environment. */
  home?: string;
}

/** Adds `draft commit` and `draft reply` to `program`; returns the `draft` command. */
export function registerDraftCommand(program: Command, io: Partial<DraftCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const home = () => io.home ?? resolveTwinHome();

  const draft = program.command('draft').description('Draft in your style: a commit message for the staged change, or a reply to a message.');

  draft
    .command('commit')
    .description('A commit message for the staged change in your learned convention: the message alone on stdout, its provenance on stderr.')
    .option('--repo <path>', 'the repository (any folder inside its working tree)', '.')
    .option('--no-memory', 'do not recall your similar past commits from memory')
    .option('--json', 'print {id, text, provenance, confidence, drafter, model?, notice?} as JSON')
    .action(async (options: { repo: string; memory: boolean; json?: boolean }) => {
      const provider = modelFor(home(), env, err);
      const run = (twin?: MemoryRecaller) => draftCommit({ repo: options.repo, home: home(), ...(twin ? { twin } : {}), ...(provider ? { provider } : {}) });
      const result = options.memory ? await withRecaller(home(), run) : await run();
      emit(result, options.json, home(), out, err);
    });

  draft
    .command('reply')
    .description('A reply to a Slack message or email in your voice, from your own past messages: the draft on stdout, its provenance on stderr.')
    .addOption(new Option('--channel <channel>', 'where the message came from').choices(['slack', 'email']).makeOptionMandatory())
    .argument('<file>', 'the incoming message: a file, or - for stdin')
    .option('--audience <name>', 'who you are replying to (for the greeting, and your past messages to them)')
    .option('--json', 'print {id, text, provenance, confidence, drafter, model?, notice?} as JSON')
    .action(async (file: string, options: { channel: ReplyChannel; audience?: string; json?: boolean }) => {
      const incoming = file === '-' ? await readAll(io.stdin ?? process.stdin) : readFile(file);
      const provider = modelFor(home(), env, err);
      const result = await withRecaller(home(), (twin) =>
        draftReply({ incoming, channel: options.channel, twin, home: home(), ...(options.audience ? { audience: options.audience } : {}), ...(provider ? { provider } : {}) }),
      );
      emit(result, options.json, home(), out, err);
      if (!result.text) throw new Error('No draft: none of your past messages is close enough to reuse offline (see above). Write this one yourself, or configure a model.');
    });

  registerDraftReviewCommand(draft, io);

  draft
    .command('feedback')
    .description('Rate a draft: later drafts lean towards the exemplars behind drafts you liked and away from those you did not.')
    .argument('<draft-id>', 'the id printed with the draft ("draft …" on stderr, "id" in --json)')
    .addArgument(new Argument('<verdict>', 'up (👍) or down (👎)').choices(['up', 'down']))
    .action((draftId: string, verdict: Verdict) => {
      const entry = feedbackOnDraft(home(), draftId, verdict);
      err.write(`Recorded ${verdict === 'up' ? '👍' : '👎'} for draft ${draftId} (${entry.exemplarIds.length} exemplar${entry.exemplarIds.length === 1 ? '' : 's'}).\n`);
    });

  return draft;
}

function modelFor(home: string, env: NodeJS.ProcessEnv, err: DraftCommandIo['stderr']): ModelProvider | undefined {
  const router = createModelRouter({ home, env });
  if (!router) err.write('No model configured (models in TWIN_HOME/config.json, or TWIN_MODEL_URL and TWIN_MODEL): using the offline drafter.\n');
  return router;
}


function emit(result: Draft, json: boolean | undefined, home: string, out: DraftCommandIo['stdout'], err: DraftCommandIo['stderr']): void {
  if (result.text) recordDraft(home, result);
  if (json) {
    out.write(JSON.stringify(draftJson(result), null, 2) + '\n');
    return;
  }
  if (result.text) out.write(result.text.endsWith('\n') ? result.text : result.text + '\n');
  err.write(renderProvenance(result) + '\n');
  if (result.text) err.write(`rate it: twin draft feedback ${result.id} up|down\n`);
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the message from ${file}: ${(error as Error).message}. Give a file, or - to read stdin.`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
