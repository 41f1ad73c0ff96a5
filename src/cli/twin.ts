import * as fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ForgetReport, ImportReport, Twin, TwinOptions, TwinStats } from '../core/twin';
import { exportTwin } from '../core/io/export-folder';
import { ConsolidationReport, consolidate } from '../core/memory/consolidation';
import { ActivityStore } from '../core/activity/activity-store';
import { resolveTwinHome } from '../core/config/twin-home';
import { LearnReport, learnRepository } from '../core/git/learn-repository';
import { repositoryRoot } from '../core/git/commit-reader';
import { RepositoryStyle, learnStyle, readStyleProfile, renderStyleProfile, saveRepositoryStyle, styleProfilePath } from '../core/style';
import { RecallResult } from '../core/recall/rank-fusion';
import { MEMORY_KINDS, MemoryKind } from '../core/types';
import { MemoryFilter } from '../core/store/memory-filter';
import { parseTimeBound } from './time-bound';
import { progressPrinter } from './progress-printer';
import { formatRecallResult, recallJson } from './recall-output';
import { viaSidecarOr } from './sidecar-client';
import { findPackageRoot } from '../core/embedding/package-root';
import { registerDraftCommand } from './draft-command';
import { registerSlackCommand } from './slack-command';
import { registerLearnReviewsCommand } from './review-command';
import { registerMailCommand } from './mail-command';
import { registerCollectorsCommand } from './collectors-command';
import { activityForgetMatcher } from '../core/activity/forget-activity';
import { forgetOutsideStore } from '../core/forget-outside-store';
import * as path from 'node:path';

/** Exit codes: 0 success, 1 failure (message on stderr), 2 wrong usage, 3 import finished but skipped bad lines under --strict. */
class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

async function withTwin<T>(options: TwinOptions, work: (twin: Twin) => Promise<T>): Promise<T> {
  const twin = await Twin.open({ onProgress: progressPrinter(), ...options });
  try {
    return await work(twin);
  } finally {
    await twin.close();
  }
}

function print(line: string): void {
  process.stdout.write(line + '\n');
}

function parsePositiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new CliError(`Expected a positive whole number, got "${value}".`, 2);
  return parsed;
}

function filterFrom(options: { source?: string; author?: string; kind?: string; since?: string; until?: string }): MemoryFilter {
  if (options.kind && !MEMORY_KINDS.includes(options.kind as MemoryKind)) {
    throw new CliError(`--kind must be one of ${MEMORY_KINDS.join(', ')}.`, 2);
  }
  return {
    source: options.source,
    author: options.author,
    kind: options.kind as MemoryKind | undefined,
    since: options.since ? parseTimeBound(options.since) : undefined,
    until: options.until ? parseTimeBound(options.until) : undefined,
  };
}

function twinVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')).version;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('twin')
    .description('Your developer twin, on the command line: its memory lives in TWIN_HOME (default ~/.twin).')
    .version(twinVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('import')
    .description('Import memories: a JSONL file (one {"text", "timestamp"?, "source"?, "author"?, ...} per line) or a folder written by `twin export`.')
    .argument('<path>', 'JSONL file or export folder')
    .option('--json', 'print the report as JSON on stdout')
    .option('--strict', 'exit with code 3 when any line was skipped')
    .action(async (target: string, options: { json?: boolean; strict?: boolean }) => {
      const absolute = path.resolve(target);
      // With VS Code open the sidecar holds the store: it imports, and reports progress back here.
      const report = await viaSidecarOr(
        resolveTwinHome(),
        async (client) => {
          const printer = progressPrinter();
          client.onProgress((progress) => printer({ phase: progress.task, done: progress.done, total: progress.total, message: progress.message }));
          return (await client.request('twin/import', { path: absolute })) as ImportReport;
        },
        () => withTwin({}, (twin) => twin.importPath(absolute)),
      );
      for (const error of report.errors.slice(0, 20)) process.stderr.write(`line ${error.line}: ${error.message} (skipped)\n`);
      if (report.errors.length > 20) process.stderr.write(`… and ${report.errors.length - 20} more bad lines\n`);
      if (options.json) {
        print(JSON.stringify(report));
      } else {
        print(
          `Imported ${report.imported} memories in ${report.seconds.toFixed(1)} s ` +
            `(${report.created} new, ${report.merged} merged into near-duplicates, ${report.updated} updated by id)` +
            (report.skipped ? `; skipped ${report.skipped} bad line${report.skipped === 1 ? '' : 's'}` : '') +
            (report.redactions ? `; redacted ${report.redactions} secret${report.redactions === 1 ? '' : 's'}` : '') +
            (report.vectorIndexBuilt ? `; built the vector index in ${report.indexSeconds.toFixed(1)} s` : '') +
            '.',
        );
      }
      if (report.imported === 0 && report.skipped > 0) throw new CliError('No line of the file could be imported.');
      if (options.strict && report.skipped > 0) process.exitCode = 3;
    });

  program
    .command('recall')
    .description('Find what the twin remembers about QUERY (hybrid: meaning and exact words), best first.')
    .argument('[query...]', 'what to look for')
    .option('--limit <n>', 'how many results', parsePositiveInt, 10)
    .option('--source <source>', 'only memories from this source (editor, git, slack, email, note, …)')
    .option('--author <author>', 'only memories by this author')
    .option('--kind <kind>', `only this kind (${MEMORY_KINDS.join(', ')})`)
    .option('--since <time>', 'only memories at or after: ISO date, epoch ms, or a span back from now like 7d, 12h, 2w')
    .option('--until <time>', 'only memories at or before (same forms as --since)')
    .addOption(new Option('--mode <mode>', 'ranking: hybrid, or one retriever alone (for evaluation)').choices(['hybrid', 'vector', 'text']).default('hybrid'))
    .option('--queries <file>', 'answer one query per line of FILE; with --json, one JSON array per output line')
    .option('--timings', 'with --queries: print {"openMs", "timingsMs": [...]} on stderr at the end')
    .option('--json', 'print JSON: an array of {id, text, score, timestamp, source, author, kind, why}')
    .action(async (words: string[], options) => {
      const filter = filterFrom(options);
      const recallOptions = { limit: options.limit as number, mode: options.mode, filter };
      const openStarted = performance.now();
      const answer = async (recall: (query: string) => Promise<RecallResult[]>) => {
        const openMs = performance.now() - openStarted;
        if (options.queries) {
          if (words.length) throw new CliError('Give either a QUERY or --queries FILE, not both.', 2);
          const queries = fs.readFileSync(options.queries, 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
          const timings: number[] = [];
          for (const query of queries) {
            const started = performance.now();
            const results = await recall(query);
            timings.push(Math.round((performance.now() - started) * 100) / 100);
            print(options.json ? JSON.stringify(recallJson(results)) : renderHuman(query, results));
          }
          if (options.timings) process.stderr.write(JSON.stringify({ openMs: Math.round(openMs), timingsMs: timings }) + '\n');
          return;
        }
        const query = words.join(' ').trim();
        if (!query) throw new CliError('What should the twin recall? Give a QUERY, or --queries FILE.', 2);
        const results = await recall(query);
        print(options.json ? JSON.stringify(recallJson(results), null, 2) : renderHuman(query, results));
      };
      await viaSidecarOr(
        resolveTwinHome(),
        (client) => answer((query) => client.request('twin/recall', { query, ...recallOptions })),
        () => withTwin({ preferReadOnlyWhenBusy: true }, (twin) => answer((query) => twin.recall(query, recallOptions))),
      );
    });

  program
    .command('remember')
    .description('Tell the twin a fact or note to remember (stored as a semantic memory from source "note").')
    .argument('<text...>', 'what to remember')
    .option('--source <source>', 'where it comes from', 'note')
    .addOption(new Option('--kind <kind>', 'memory kind').choices([...MEMORY_KINDS]))
    .option('--json', 'print {id, outcome} as JSON')
    .action(async (words: string[], options: { source: string; kind?: MemoryKind; json?: boolean }) => {
      const text = words.join(' ').trim();
      if (!text) throw new CliError('Nothing to remember: give the text.', 2);
      const memory = { text, source: options.source, kind: options.kind };
      const [result] = await viaSidecarOr(
        resolveTwinHome(),
        (client) => client.request('twin/remember', { memories: [memory] }),
        () => withTwin({}, (twin) => twin.remember([memory])),
      );
      if (options.json) print(JSON.stringify(result));
      else print(result.outcome === 'merged' ? `Merged into an existing memory ${result.id}.` : `Remembered as ${result.id}.`);
      if (result.redactions) process.stderr.write(`Redacted ${result.redactions} secret(s) before storing.\n`);
    });

  program
    .command('forget')
    .description('Forget memories for real: deleted, indexes rebuilt, and no file of the data folder keeps their text.')
    .argument('[ids...]', 'memory ids to forget')
    .option('--query <text>', 'forget every memory whose text contains TEXT (case-insensitive)')
    .option('--source <source>', 'forget every memory from this source')
    .option('--all', 'forget everything')
    .option('--json', 'print the report as JSON')
    .action(async (ids: string[], options: { query?: string; source?: string; all?: boolean; json?: boolean }) => {
      const chosen = [ids.length > 0, options.query !== undefined, options.source !== undefined, options.all === true].filter(Boolean).length;
      if (chosen !== 1) throw new CliError('Say what to forget: ID…, --query TEXT, --source SOURCE, or --all (exactly one).', 2);
      const target = ids.length ? { ids } : options.query !== undefined ? { query: options.query } : options.source !== undefined ? { source: options.source } : { all: true as const };
      const report = await viaSidecarOr(
        resolveTwinHome(),
        (client) => client.request('twin/forget', target) as Promise<ForgetReport>,
        () =>
          withTwin({}, async (twin) => {
            const forgotten = await twin.forget(target);
            if ('all' in target) await withActivity(twin, (activity) => activity.clear());
            else {
              const matcher = activityForgetMatcher(target);
              if (matcher) await withActivity(twin, (activity) => activity.forget(matcher));
            }
            forgetOutsideStore(twin.home, target, forgotten.ids);
            return forgotten;
          }),
      );
      if (options.json) {
        print(JSON.stringify(report));
      } else {
        print(`Forgot ${report.forgotten} memor${report.forgotten === 1 ? 'y' : 'ies'}.`);
        if (report.removedBackups) print(`Removed ${report.removedBackups} pre-migration backup(s): they still held what you asked to forget.`);
      }
      if (report.missing.length) throw new CliError(`No memory with id ${report.missing.join(', ')}.`);
    });

  program
    .command('export')
    .description('Write everything the twin remembers to DIR (memories.jsonl + manifest.json), readable and re-importable.')
    .argument('<dir>', 'a new or empty folder')
    .action(async (dir: string) => {
      const report = await withTwin({ preferReadOnlyWhenBusy: true }, (twin) => exportTwin(twin, dir));
      print(`Exported ${report.count} memories to ${report.folder} (${formatBytes(report.bytes)}).`);
    });

  program
    .command('stats')
    .description('Counts by source and kind, the embedding model, and size on disk.')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const stats = await viaSidecarOr(
        resolveTwinHome(),
        (client) => client.request('twin/stats', {}) as Promise<TwinStats>,
        () => withTwin({ preferReadOnlyWhenBusy: true }, (twin) => twin.stats()),
      );
      if (options.json) return print(JSON.stringify(stats, null, 2));
      print(`Twin at ${stats.home} (schema v${stats.schemaVersion})`);
      print(`Embedder: ${stats.embedder.description} [${stats.embedder.id}, ${stats.embedder.dimensions}-d]`);
      print(`Memories: ${stats.total}${stats.oldest ? ` from ${stats.oldest.slice(0, 10)} to ${stats.newest!.slice(0, 10)}` : ''}`);
      print(`By source: ${formatCounts(stats.bySource)}`);
      print(`By kind:   ${formatCounts(stats.byKind)}`);
      print(`On disk:   ${formatBytes(stats.bytesOnDisk)}`);
    });

  program
    .command('consolidate')
    .description('Merge duplicates, decay never-recalled memories, prune decayed observations; logs to TWIN_HOME/logs.')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await viaSidecarOr(
        resolveTwinHome(),
        (client) => client.request('twin/consolidate', {}) as Promise<ConsolidationReport>,
        () => withTwin({}, (twin) => consolidate(twin)),
      );
      if (options.json) return print(JSON.stringify(report));
      print(
        `Consolidated in ${report.seconds.toFixed(1)} s: merged ${report.merged.length}, decayed ${report.decayed}, pruned ${report.pruned.length} ` +
          `(checked ${report.checkedForMerge} recent memories for duplicates).`,
      );
    });

  program
    .command('learn')
    .description("Learn your past commits in a git repository (your `git config user.email` and any --author-email): one memory per commit, with the functions it touched; and your code and commit style (`twin style`).")
    .argument('<path>', 'a folder inside the repository')
    .option('--author-email <email>', 'also learn commits by this email (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--no-style', 'skip learning the code and commit style (see `twin style`)')
    .option('--json', 'print the report as JSON')
    .action(async (target: string, options: { authorEmail: string[]; style: boolean; json?: boolean }) => {
      const printer = progressPrinter();
      const folder = path.resolve(target);
      const report = await viaSidecarOr(
        resolveTwinHome(),
        async (client) => {
          client.onProgress((progress) => printer({ phase: progress.task, done: progress.done, total: progress.total, message: progress.message }));
          return (await client.request('twin/learnRepository', { path: folder, authorEmails: options.authorEmail })) as LearnReport;
        },
        () =>
          withTwin({}, (twin) =>
            withActivity(twin, (activity) => learnRepository(twin, activity, folder, { authorEmails: options.authorEmail, onProgress: printer })),
          ),
      );
      let style: RepositoryStyle | undefined;
      if (options.style) {
        try {
          style = await learnStyle(folder, { authorEmails: options.authorEmail, onProgress: printer });
          saveRepositoryStyle(resolveTwinHome(), style);
        } catch (error) {
          process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}Commits learned, but not the style: ${(error as Error).message}\n`);
        }
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (options.json) return print(JSON.stringify({ ...report, ...(style ? { style: styleSummary(style) } : {}) }));
      print(
        `Learned ${report.learned} commit${report.learned === 1 ? '' : 's'} by ${report.emails.join(', ')} from ${report.repository} ` +
          `in ${report.seconds.toFixed(1)} s` +
          (report.alreadyLearned ? ` (${report.alreadyLearned} learned before)` : '') +
          (report.withSymbols < report.learned ? `; functions touched named for the newest ${report.withSymbols}, files and counts for all` : '') +
          '.',
      );
      // On stderr, like progress: stdout keeps the one-line report scripts read.
      if (style) {
        const summary = styleSummary(style);
        process.stderr.write(
          `Learned the style of ${summary.languages.join(', ') || 'no code'} and of ${summary.commitSource === 'repository' ? "the repository's" : 'your'} commit messages ` +
            `in ${Math.max(summary.seconds.code, summary.seconds.commits).toFixed(1)} s; \`twin style\` shows it.\n` +
            (style.commits?.fallback ? `${style.commits.fallback}\n` : ''),
        );
      }
    });

  program
    .command('style')
    .description('Show the style learned by `twin learn`: code per language, commit messages, with evidence and exemplars.')
    .option('--repository <path>', "one repository's own style instead of the merged profile")
    .option('--json', 'print the profile as JSON')
    .action(async (options: { repository?: string; json?: boolean }) => {
      const home = resolveTwinHome();
      const profile = readStyleProfile(home);
      if (!profile) throw new CliError(`No style learned yet in ${home}: run \`twin learn PATH\` on a repository first.`);
      const repository = options.repository ? await repositoryRoot(options.repository) : undefined;
      if (repository && !profile.repositories[repository]) {
        throw new CliError(`No style learned from ${repository}; learned from ${Object.keys(profile.repositories).join(', ')}. Run \`twin learn ${repository}\`.`);
      }
      if (options.json) return print(JSON.stringify(repository ? profile.repositories[repository] : profile, null, 2));
      print(renderStyleProfile(profile, { repository }));
    });

  registerDraftCommand(program);
  registerSlackCommand(program);
  registerLearnReviewsCommand(program);
  registerMailCommand(program);
  registerCollectorsCommand(program);
  return program;
}

function styleSummary(style: RepositoryStyle) {
  return {
    profile: styleProfilePath(resolveTwinHome()),
    languages: Object.keys(style.code),
    commits: style.commits?.commits ?? 0,
    commitSource: style.commits?.source,
    seconds: style.seconds,
  };
}

async function withActivity<T>(twin: Twin, work: (activity: ActivityStore) => Promise<T>): Promise<T> {
  const activity = await ActivityStore.forTwin(twin);
  try {
    return await work(activity);
  } finally {
    activity.close();
  }
}

function renderHuman(query: string, results: RecallResult[]): string {
  if (results.length === 0) return `Nothing remembered about "${query}".`;
  return results.map((result, index) => formatRecallResult(result, index + 1)).join('\n');
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([key, value]) => `${key} ${value}`).join(', ') : '—';
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export async function main(argv: string[]): Promise<number> {
  // Everything Twin writes is the user's alone.
  process.umask(0o077);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`twin: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`twin: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.TWIN_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
