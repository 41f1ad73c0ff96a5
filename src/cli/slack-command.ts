/**
 * `twin slack` runs the Slack app headless until SIGINT/SIGTERM; `twin slack learn` learns the user's
 * Slack voice from their own messages.
 *
 * Where memory comes from and goes to:
 * - `learn` writes through VS Code's sidecar when one serves TWIN_HOME (it owns the store's writer lock),
 *   else opens the store itself.
 * - The app only recalls. With a sidecar running it asks the sidecar for every draft; without one it
 *   opens the store read-only, so it never holds the writer lock and a sidecar or `twin slack learn` can
 *   still write. A read-only store sees what was learned while the app runs only after a restart.
 * - Pause is read from TWIN_HOME/state.json (the sidecar's switch) on every message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { webApi } from '@slack/bolt';
import { resolveTwinHome } from '../core/config/twin-home';
import type { MemoryRecaller } from '../core/drafting';
import { createModelRouter } from '../core/models';
import { readSlackSettings, slackSecretsFromEnv, slackUserTokenFromEnv } from '../core/slack/slack-config';
import { SlackTwin } from '../core/slack/slack-twin';
import { MANIFEST_FILE } from '../core/store/manifest';
import { learnSlackVoice, type MemorySink, type SlackLearnReport } from '../core/slack/slack-voice-learner';
import { describeVoice, readSlackVoice } from '../core/slack/slack-voice-profile';
import { Twin } from '../core/twin';
import { SidecarState } from '../sidecar/sidecar-state';
import { SidecarClient, viaSidecarOr } from './sidecar-client';

export interface SlackCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  home?: string;
  /** Resolves when the app should stop; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<string>;
  /** Told the app's URL (or `socket-mode`) once it listens (tests). */
  onListening?: (url: string) => void;
}

export function registerSlackCommand(program: Command, io: Partial<SlackCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const home = () => io.home ?? resolveTwinHome();

  const slack = program
    .command('slack')
    .description(
      'Run the Slack app headless until Ctrl-C: drafts replies in your voice to DMs and mentions, asks you to approve them ' +
        '(auto-replies only for your allowlist), flags messages that try to instruct it. Needs SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_USER_TOKEN ' +
        '(with --socket-mode: SLACK_APP_TOKEN instead of the signing secret).',
    )
    .option('--host <host>', 'address the Events API receiver listens on', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port of the Events API receiver (Slack posts to http://HOST:PORT/slack/events)').argParser(parsePort).default(3000))
    .option('--socket-mode', 'dial out to Slack over Socket Mode (SLACK_APP_TOKEN) instead of receiving HTTP requests')
    .action(async (options: { host: string; port: number; socketMode?: boolean }) => {
      const socketMode = options.socketMode === true;
      const secrets = slackSecretsFromEnv(env, { socketMode });
      const settings = readSlackSettings(home());
      const provider = createModelRouter({ home: home(), env });
      if (!provider) err.write('No model configured (models in TWIN_HOME/config.json, or TWIN_MODEL_URL and TWIN_MODEL): drafts come from the offline drafter.\n');
      let memory: { recaller: MemoryRecaller; close(): Promise<void> } | undefined;
      let app: SlackTwin | undefined;
      try {
        // The tokens are checked with Slack first: a wrong token is the likelier mistake, and cheaper to find.
        app = await SlackTwin.create({
          home: home(),
          secrets,
          settings,
          recaller: { recall: (query, recallOptions) => memory!.recaller.recall(query, recallOptions) },
          ...(provider ? { provider } : {}),
          isPaused: () => SidecarState.load(home()).paused,
          log: { info: (message) => err.write(`${message}\n`), warn: (message) => err.write(`${message}\n`), error: (message) => err.write(`${message}\n`) },
          socketMode,
        });
        memory = await openRecaller(home(), err);
        let url = 'socket-mode';
        if (socketMode) await app.connect();
        else url = (await app.listen({ host: options.host, port: options.port })).url;
        const allowlisted = settings.autoReply.conversations.length + settings.autoReply.people.length;
        err.write(
          `Twin's Slack app speaks for ${app.user}; ${socketMode ? 'connected over Socket Mode' : `point your Slack app's Event Subscriptions and Interactivity Request URL at ${url}`} ` +
            `(${allowlisted ? `auto-replies for ${allowlisted} allowlisted conversation(s)/people at confidence ≥ ${settings.autoReply.minConfidence}` : 'no auto-reply allowlist: every reply waits for your approval'}). Ctrl-C stops it.\n`,
        );
        io.onListening?.(url);
        const reason = await (io.untilStopped ?? untilSignal)();
        err.write(`Stopping the Slack app (${reason}).\n`);
      } finally {
        await app?.stop();
        await memory?.close();
      }
    });

  slack
    .command('learn')
    .description("Learn your Slack voice from your own messages (SLACK_USER_TOKEN): each becomes a memory, and a voice summary per channel and person goes to TWIN_HOME/style/slack-voice.json. Incremental.")
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const { userToken, apiUrl } = slackUserTokenFromEnv(env);
      const userClient = new webApi.WebClient(userToken, apiUrl ? { slackApiUrl: apiUrl } : {});
      const onProgress = options.json ? undefined : (progress: { done: number; total?: number; message?: string }) => err.write(`\rslack: ${progress.done}/${progress.total ?? '?'} conversations, ${progress.message ?? ''}   `);
      const learn = (memory: MemorySink) => learnSlackVoice({ userClient, memory, home: home(), ...(onProgress ? { onProgress } : {}) });
      const report = await viaSidecarOr(
        home(),
        (client) => learn({ remember: (memories) => client.request('twin/remember', { memories }) }),
        async () => {
          const twin = await Twin.open({ home: home() });
          try {
            return await learn(twin);
          } finally {
            await twin.close();
          }
        },
      );
      if (onProgress) err.write('\n');
      if (options.json) {
        out.write(JSON.stringify(report, null, 2) + '\n');
        return;
      }
      out.write(renderLearnReport(report, home()));
    });

  return slack;
}

function renderLearnReport(report: SlackLearnReport, home: string): string {
  const lines = [
    `Learned ${report.messages} of your Slack messages from ${report.conversations} conversation(s) in ${report.seconds.toFixed(1)} s (${report.skipped} others' or automatic messages left out).`,
  ];
  for (const failure of report.failed) lines.push(`  could not read ${failure.conversation}: ${failure.error}`);
  const voice = readSlackVoice(home);
  if (voice) {
    lines.push(`Your Slack voice (${report.profilePath}):`, ...describeVoice(voice.overall).map((note) => `  ${note}`));
    const busiest = Object.entries(voice.channels).sort((a, b) => b[1].messages - a[1].messages).slice(0, 5);
    for (const [id, stats] of busiest) lines.push(`  ${stats.name ?? id}: ${describeVoice(stats).join('; ')}`);
  }
  lines.push(`Drafts use these as your messages (author ${report.userId}); \`twin draft reply --channel slack\` finds them when "identities": {"slack": ["${report.userId}"]} is in config.json.`);
  return lines.join('\n') + '\n';
}

/** Recall for the app: the sidecar when one serves `home`, else the store opened read-only. */
async function openRecaller(home: string, err: SlackCommandIo['stderr']): Promise<{ recaller: MemoryRecaller; close(): Promise<void> }> {
  const probe = await SidecarClient.connect(home);
  if (probe) {
    probe.close();
    err.write('Recalling through the running Twin sidecar.\n');
    const recaller: MemoryRecaller = {
      recall: (query, options = {}) =>
        viaSidecarOr(
          home,
          (client) => client.request('twin/recall', { query, ...options }),
          () => {
            throw new Error('The Twin sidecar stopped; restart `twin slack` to open the store directly.');
          },
        ),
    };
    return { recaller, close: async () => undefined };
  }
  if (!fs.existsSync(path.join(home, MANIFEST_FILE))) throw new Error(`There is no memory in ${home} yet: run \`twin slack learn\` first so Twin knows your voice.`);
  let twin: Twin;
  try {
    twin = await Twin.open({ home, readOnly: true });
  } catch (error) {
    throw new Error(`Cannot open your memory in ${home} (${(error as Error).message}). Run \`twin slack learn\` first so Twin knows your voice.`);
  }
  return { recaller: twin, close: () => twin.close() };
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`--port must be a port number from 0 to 65535, got "${value}".`);
  return port;
}
