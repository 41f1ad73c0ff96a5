/**
 * The Slack app inside the sidecar: started when `slack.enabled` is true in TWIN_HOME/config.json and the
 * environment holds SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_USER_TOKEN (with `slack.socketMode`:
 * SLACK_APP_TOKEN instead of the signing secret); stopped with the sidecar.
 * It recalls from the sidecar's own twin and reads the sidecar's pause switch on every message, so pausing
 * Twin (status bar, `twin/setPaused`) stops it answering at once. A misconfiguration never stops the
 * sidecar: it is logged with what to fix, and the rest of Twin runs on.
 */
import type { MemoryRecaller } from '../core/drafting';
import { createModelRouter } from '../core/models';
import { readSlackSettings, slackSecretsFromEnv } from '../core/slack/slack-config';
import { SlackTwin } from '../core/slack/slack-twin';
import type { Logger } from './logger';

export interface SlackServiceOptions {
  home: string;
  recaller: MemoryRecaller;
  isPaused: () => boolean;
  log: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface RunningSlackService {
  /** The Events API URL, or `socket-mode`. */
  url: string;
  userId: string;
  stop(): Promise<void>;
}

export async function startSlackService(options: SlackServiceOptions): Promise<RunningSlackService | undefined> {
  const { home, log } = options;
  const env = options.env ?? process.env;
  let settings;
  try {
    settings = readSlackSettings(home);
  } catch (error) {
    log.warn(`slack: not started: ${(error as Error).message}`);
    return undefined;
  }
  if (!settings.enabled) return undefined;
  let app: SlackTwin | undefined;
  try {
    const secrets = slackSecretsFromEnv(env, { socketMode: settings.socketMode });
    const provider = createModelRouter({ home, env });
    app = await SlackTwin.create({ home, secrets, settings, recaller: options.recaller, ...(provider ? { provider } : {}), isPaused: options.isPaused, log, socketMode: settings.socketMode });
    let url = 'socket-mode';
    if (settings.socketMode) await app.connect();
    else url = (await app.listen({ host: settings.host, port: settings.port })).url;
    const running = app;
    return { url, userId: running.user, stop: () => running.stop() };
  } catch (error) {
    await app?.stop().catch(() => undefined);
    log.warn(`slack: not started: ${(error as Error).message}`);
    return undefined;
  }
}
