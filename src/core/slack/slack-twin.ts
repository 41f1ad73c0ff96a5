/**
 * The Slack app that answers in the user's voice, with their approval. A Bolt app whose HTTP receiver
 * checks every request's signature (v0 HMAC, five-minute replay window; anything else gets 401), or that
 * dials out over Socket Mode with an app-level token. For a message addressed to the user (a DM, a
 * mention, a mention of the app):
 *
 *   paused → nothing is answered (logged as skipped, without the message's words);
 *   an attempt to instruct the twin → never answered or acted on; the user is told privately;
 *   otherwise a draft in the user's voice (`draftReply`, model or offline) from their Slack memories
 *     only, then either posted as the user — only for an allowlisted conversation or person (matched by
 *     id; handles and #names are resolved to ids at start), at or above their confidence threshold,
 *     within the rate limits, and only when everything the draft drew on came from Slack — or sent to
 *     the user privately for approval with "Send as me" / "Edit" / "Dismiss". An automatic reply Slack
 *     refuses goes to the user for approval instead, with the reason.
 *
 * Slack's retries are handled like first deliveries; `SeenEvents` (ids on disk) answers each once.
 *
 * Every outcome is appended to TWIN_HOME/slack/activity.jsonl. The app's own log names ids, counts and
 * outcomes, never message text.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import { draftReply, identitiesFromConfig, recordDraft, type Draft, type MemoryRecaller } from '../drafting';
import type { ModelProvider } from '../models';
import { triageMessage, type EventAuthorization, type SlackMessageEvent } from './addressed-message';
import { ACTION_DISMISS, ACTION_EDIT, ACTION_SEND, EDIT_BLOCK, EDIT_INPUT, EDIT_VIEW, approvalBlocks, approvalFallbackText, decidedBlocks, editModal, injectionFlagBlocks, type ApprovalContent } from './approval-messages';
import { EMPTY_ALLOWLIST, resolveAllowlist, type ResolvedAllowlist } from './allowlist-resolver';
import { AutoSentLedger } from './auto-sent-ledger';
import { decideAutoReply } from './auto-reply-policy';
import { detectInjection } from './injection';
import { PendingApprovals, type PendingApproval } from './pending-approvals';
import { OutgoingRateLimiter } from './rate-limiter';
import { SeenEvents } from './seen-events';
import { SlackActivityLog, type SlackActivityStatus } from './slack-activity-log';
import type { SlackSecrets, SlackSettings } from './slack-config';
import { slackError } from './slack-voice-learner';

export interface SlackTwinLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SlackTwinOptions {
  home: string;
  secrets: SlackSecrets;
  settings: SlackSettings;
  /** Recall of the user's memories: the exemplars of their voice. */
  recaller: MemoryRecaller;
  /** The model that drafts; the offline drafter without one. */
  provider?: ModelProvider;
  /** Read on every message and every button press. */
  isPaused: () => boolean;
  log: SlackTwinLog;
  /** Receive events over a WebSocket (Socket Mode, needs `secrets.appToken`) instead of HTTP. */
  socketMode?: boolean;
  /** Web API retries (default: the client's; tests use none). */
  retries?: number;
  now?: () => number;
}

/** The user behind the user token and their workspace (auth.test). */
export interface SlackIdentity {
  userId: string;
  userName?: string;
  teamId?: string;
  teamName?: string;
}

export interface ListenOptions {
  host: string;
  port: number;
}

export class SlackTwin {
  private readonly app: App;
  private readonly userClient: webApi.WebClient;
  private readonly botClient: webApi.WebClient;
  private readonly activity: SlackActivityLog;
  private readonly pending: PendingApprovals;
  private readonly autoSent: AutoSentLedger;
  private readonly limiter: OutgoingRateLimiter;
  private readonly seen: SeenEvents;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly names = new Map<string, { label: string }>();
  private allowlist: ResolvedAllowlist = EMPTY_ALLOWLIST;
  private readonly channels = new Map<string, { label: string; name?: string }>();
  private approvalChannel: string | undefined;
  private server: Server | undefined;
  private started = false;
  private lastEvent: number | undefined;
  private lastFailure: { at: number; message: string } | undefined;

  private constructor(
    private readonly options: SlackTwinOptions,
    private readonly userId: string,
    private readonly botUserId: string,
    botId: string | undefined,
    private readonly whoAmI: SlackIdentity,
  ) {
    const { secrets, home } = options;
    const clientOptions: webApi.WebClientOptions = {
      ...(secrets.apiUrl ? { slackApiUrl: secrets.apiUrl } : {}),
      ...(options.retries !== undefined ? { retryConfig: { retries: options.retries } } : {}),
      logger: boltLogger(options.log),
    };
    const common = { token: secrets.botToken, botUserId, ...(botId ? { botId } : {}), clientOptions, logger: boltLogger(options.log), tokenVerificationEnabled: false, ignoreSelf: true };
    if (options.socketMode) {
      if (!secrets.appToken) throw new Error('Socket Mode needs SLACK_APP_TOKEN: an app-level token (xapp-…) with connections:write, from Basic Information → App-Level Tokens.');
      // The Socket Mode client asks apps.connections.open for its URL with these options (Slack's API, or SLACK_API_URL).
      this.app = new App({ ...common, socketMode: true, appToken: secrets.appToken, installerOptions: { clientOptions } });
    } else {
      if (!secrets.signingSecret) throw new Error('The Events API needs SLACK_SIGNING_SECRET (Basic Information → Signing Secret) to verify that requests come from Slack.');
      const receiver = new HTTPReceiver({ signingSecret: secrets.signingSecret, logger: boltLogger(options.log), unhandledRequestTimeoutMillis: 3001 });
      this.app = new App({ ...common, receiver });
    }
    this.botClient = this.app.client;
    this.userClient = new webApi.WebClient(secrets.userToken, clientOptions);
    this.activity = new SlackActivityLog(home);
    this.pending = new PendingApprovals(home, options.now);
    this.autoSent = new AutoSentLedger(home);
    this.seen = new SeenEvents(home);
    this.limiter = new OutgoingRateLimiter(options.settings.rateLimit, options.now);
    this.register();
  }

  /** Checks both tokens with Slack (auth.test) and builds the app; nothing listens yet. */
  static async create(options: SlackTwinOptions): Promise<SlackTwin> {
    const clientOptions = { ...(options.secrets.apiUrl ? { slackApiUrl: options.secrets.apiUrl } : {}), retryConfig: { retries: options.retries ?? 2 }, logger: boltLogger(options.log) };
    const whoAmI = async (token: string, variable: string) => {
      try {
        return await new webApi.WebClient(token, clientOptions).auth.test();
      } catch (error) {
        throw new Error(`Slack refused ${variable} (${slackError(error)}): copy the token again from your Slack app's OAuth & Permissions page.`);
      }
    };
    const user = await whoAmI(options.secrets.userToken, 'SLACK_USER_TOKEN');
    const bot = await whoAmI(options.secrets.botToken, 'SLACK_BOT_TOKEN');
    if (!user.user_id || !bot.user_id) throw new Error('Slack did not name the users behind SLACK_USER_TOKEN and SLACK_BOT_TOKEN (auth.test): check both tokens.');
    if (!bot.bot_id) {
      throw new Error('SLACK_BOT_TOKEN is not a bot token (Slack names no bot behind it): use the Bot User OAuth Token (xoxb-…), which sends you approvals; SLACK_USER_TOKEN (xoxp-…) replies as you.');
    }
    const app = new SlackTwin(options, user.user_id, bot.user_id, bot.bot_id, {
      userId: user.user_id,
      ...(user.user ? { userName: user.user } : {}),
      ...(user.team_id ? { teamId: user.team_id } : {}),
      ...(user.team ? { teamName: user.team } : {}),
    });
    await app.resolveAllowlist();
    return app;
  }

  /**
   * The allowlist's handles and #names as ids, looked up once (a settings change builds a new app). What
   * cannot be resolved is left out — it never widens the allowlist — and reported as the app's last error.
   */
  private async resolveAllowlist(): Promise<void> {
    this.allowlist = await resolveAllowlist(this.options.settings.autoReply, this.userClient);
    for (const problem of this.allowlist.problems) this.options.log.warn(`slack: ${problem}`);
    if (this.allowlist.problems.length) this.lastFailure = { at: (this.options.now ?? Date.now)(), message: this.allowlist.problems.join(' ') };
    const resolved = this.allowlist.people.size + this.allowlist.conversations.size;
    if (resolved) this.options.log.info(`slack: auto-reply allowlist: ${this.allowlist.people.size} handle(s) and ${this.allowlist.conversations.size} channel name(s) resolved to ids`);
  }

  /** The user the twin speaks for. */
  get user(): string {
    return this.userId;
  }

  /** Who the user token belongs to, as auth.test named them. */
  get identity(): SlackIdentity {
    return this.whoAmI;
  }

  /** When the last event or button press reached the app (epoch ms). */
  get lastEventAt(): number | undefined {
    return this.lastEvent;
  }

  /** The last error while handling something Slack sent, without message text. */
  get lastError(): { at: number; message: string } | undefined {
    return this.lastFailure;
  }

  /** Starts the Events API receiver; resolves with its URL (`…/slack/events`). */
  async listen(where: ListenOptions): Promise<{ url: string; port: number }> {
    if (this.options.socketMode) throw new Error('This app was built for Socket Mode: connect() it instead of listen().');
    this.server = (await this.app.start({ port: where.port, host: where.host })) as Server;
    this.started = true;
    const { port } = this.server.address() as AddressInfo;
    const host = where.host.includes(':') ? `[${where.host}]` : where.host;
    this.options.log.info(`slack: listening on http://${host}:${port}/slack/events for user ${this.userId}`);
    return { url: `http://${host}:${port}/slack/events`, port };
  }

  /** Connects over Socket Mode (no port to expose: the app dials out to Slack). */
  async connect(): Promise<void> {
    if (!this.options.socketMode) throw new Error('This app was built for the Events API over HTTP: listen() instead of connect().');
    await this.app.start();
    this.started = true;
    this.options.log.info(`slack: connected over Socket Mode for user ${this.userId}`);
  }

  /** Waits for the work started by requests received so far (tests, and an orderly stop). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.started) await this.app.stop().catch((error: Error) => this.options.log.warn(`slack: while stopping: ${error.message}`));
    this.started = false;
    this.server = undefined;
    await this.settled();
  }

  private track(work: Promise<unknown>): Promise<unknown> {
    this.lastEvent = (this.options.now ?? Date.now)();
    const tracked = work
      .catch((error: Error) => {
        this.lastFailure = { at: (this.options.now ?? Date.now)(), message: error.message };
        this.options.log.error(`slack: ${error.message}`);
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private register(): void {
    for (const type of ['message', 'app_mention'] as const) {
      this.app.event(type, async ({ event, body, context }) => {
        await this.track(
          this.onMessage(event as SlackMessageEvent, {
            authorizations: (body as { authorizations?: EventAuthorization[] }).authorizations,
            eventId: (body as { event_id?: string }).event_id,
            retryNum: context.retryNum,
          }),
        );
      });
    }
    this.app.action(ACTION_SEND, async ({ ack, body, action }) => {
      await ack();
      await this.track(this.onSend((action as { value?: string }).value ?? '', body as ActionBody));
    });
    this.app.action(ACTION_EDIT, async ({ ack, body, action }) => {
      await ack();
      await this.track(this.onEdit((action as { value?: string }).value ?? '', body as ActionBody));
    });
    this.app.action(ACTION_DISMISS, async ({ ack, body, action }) => {
      await ack();
      await this.track(this.onDismiss((action as { value?: string }).value ?? '', body as ActionBody));
    });
    this.app.view(EDIT_VIEW, async ({ ack, view, body }) => {
      const text = view.state.values[EDIT_BLOCK]?.[EDIT_INPUT]?.value?.trim() ?? '';
      if (!text) {
        await ack({ response_action: 'errors', errors: { [EDIT_BLOCK]: 'Write the reply, or close this and press Dismiss.' } });
        return;
      }
      await ack();
      await this.track(this.onEditedSend(view.private_metadata, text, body.user.id));
    });
    this.app.error(async (error) => {
      this.lastFailure = { at: (this.options.now ?? Date.now)(), message: error.message };
      this.options.log.error(`slack: ${error.message}`);
    });
  }

  private async onMessage(event: SlackMessageEvent, envelope: { authorizations?: EventAuthorization[]; eventId?: string; retryNum?: number }): Promise<void> {
    const triage = triageMessage(event, { userId: this.userId, botUserId: this.botUserId, authorizations: envelope.authorizations });
    if (!triage.addressed) return;
    // Slack's retries, and a message that mentions both the user and the app (message + app_mention), repeat a delivery.
    const retry = envelope.retryNum !== undefined && envelope.retryNum > 0 ? ` (Slack's retry ${envelope.retryNum})` : '';
    if (!this.seen.claim({ ...(envelope.eventId ? { eventId: envelope.eventId } : {}), conversation: triage.conversation, ts: triage.ts })) {
      if (retry) this.options.log.info(`slack: ${triage.conversation} ${triage.ts} was already handled; ignored its repeat${retry}`);
      return;
    }
    if (retry) this.options.log.info(`slack: handling ${triage.conversation} ${triage.ts}${retry}: its first delivery never reached the app`);

    const base = { conversation: triage.conversation, user: triage.sender };
    if (this.options.isPaused()) {
      this.activity.append({ ...base, incomingExcerpt: '', reply: '', status: 'skipped-paused', confidence: 0, draftId: null });
      this.options.log.info(`slack: paused, left ${triage.conversation} ${triage.ts} unanswered`);
      return;
    }

    const sender = await this.person(triage.sender);
    const where = await this.conversation(triage.conversation, triage.via === 'dm');
    const injection = detectInjection(triage.text);
    if (injection.suspicious) {
      const flagged = await this.tryDmUser(`A message from ${sender.label} in ${where.label} tried to instruct your twin; it was not answered.`, injectionFlagBlocks({ senderLabel: sender.label, conversationLabel: where.label, incoming: triage.text, reasons: injection.reasons }));
      this.activity.append({ ...base, incomingExcerpt: triage.text, reply: '', status: 'flagged-injection', confidence: 0, draftId: null, reasons: [...injection.reasons, ...flagged.problems] });
      this.options.log.warn(`slack: flagged ${triage.conversation} ${triage.ts} (${injection.reasons.length} reason(s)); nothing answered`);
      return;
    }

    const { draft, outsideSlack } = await this.draft(triage.text, sender.label, triage.sender, triage.conversation);
    const decision = decideAutoReply(
      this.options.settings.autoReply,
      { conversation: triage.conversation, sender: triage.sender, confidence: draft.confidence, hasDraft: draft.text.trim() !== '' },
      this.allowlist,
    );
    const reasons = [...decision.reasons];
    // Related recall is Slack-only; should anything else reach a draft anyway, the user sees it before anyone else does.
    if (outsideSlack.length) reasons.push(`the draft drew on memories from outside Slack (${outsideSlack.join(', ')}), so it is never sent by itself`);
    if (reasons.length === 0 && !this.limiter.tryTake(triage.conversation)) reasons.push('the rate limit for automatic replies was reached');

    if (reasons.length === 0) {
      let posted: { ts?: string } | undefined;
      try {
        posted = await this.userClient.chat.postMessage({ channel: triage.conversation, text: draft.text, ...(triage.threadTs ? { thread_ts: triage.threadTs } : {}) });
      } catch (error) {
        // Nothing addressed to the user is dropped: the draft goes to them for approval, saying what Slack answered.
        const why = slackError(error);
        reasons.push(`sending automatically failed (${why})`);
        this.lastFailure = { at: (this.options.now ?? Date.now)(), message: `sending draft ${draft.id} automatically in ${triage.conversation} failed (${why})` };
        this.options.log.error(`slack: sending draft ${draft.id} automatically in ${triage.conversation} failed (${why}); asking for approval instead`);
      }
      if (posted) {
        if (posted.ts) this.autoSent.add(triage.conversation, posted.ts);
        this.activity.append({ ...base, incomingExcerpt: triage.text, reply: draft.text, status: 'auto-sent', confidence: draft.confidence, draftId: draft.id });
        this.options.log.info(`slack: auto-sent draft ${draft.id} in ${triage.conversation} (confidence ${draft.confidence.toFixed(2)})`);
        return;
      }
    }

    const approval = this.pending.put({
      draftId: draft.id,
      conversation: triage.conversation,
      ...(triage.threadTs ? { threadTs: triage.threadTs } : {}),
      sender: triage.sender,
      senderLabel: sender.label,
      conversationLabel: where.label,
      incoming: triage.text,
      draft: draft.text,
      confidence: draft.confidence,
      reasons,
      createdAt: (this.options.now ?? Date.now)(),
    });
    const message = await this.tryDmUser(approvalFallbackText(approval), approvalBlocks(contentOf(approval)));
    if (message.ts) this.pending.put({ ...approval, approvalChannel: message.channel, approvalTs: message.ts });
    // Logged once the user has been asked, so the log never says "awaiting" for a request that is not there.
    this.activity.append({ ...base, incomingExcerpt: triage.text, reply: draft.text, status: 'awaiting-approval', confidence: draft.confidence, draftId: draft.id, reasons: [...reasons, ...message.problems] });
    this.options.log.info(`slack: draft ${draft.id} for ${triage.conversation} awaits approval (${reasons.length} reason(s))`);
  }

  /** A draft, and the sources other than Slack of the memories it drew on (none, normally). */
  private async draft(incoming: string, audience: string, person: string, conversation: string): Promise<{ draft: Draft; outsideSlack: string[] }> {
    const { home } = this.options;
    // The mention of the user is how the message reached them, not part of what to answer.
    const text = incoming.replace(new RegExp(`<@${this.userId}(?:\\|[^>]*)?>`, 'g'), '').replace(new RegExp(`<@${this.botUserId}(?:\\|[^>]*)?>`, 'g'), '').trim() || incoming;
    const identities = [this.userId, ...identitiesFromConfig(home, 'slack').filter((identity) => identity !== this.userId)];
    // Where every memory handed to the drafter came from, to check the draft's provenance against.
    const sources = new Map<string, string[]>();
    const recaller: MemoryRecaller = {
      recall: async (query, recallOptions) => {
        const results = await this.options.recaller.recall(query, recallOptions);
        for (const { memory } of results) sources.set(memory.id, memory.sources?.length ? memory.sources : [memory.source]);
        return results;
      },
    };
    // The voice learned with this person (by id), else in this conversation, else overall.
    const draft = await draftReply({ incoming: text, channel: 'slack', audience, slack: { person, conversation }, twin: recaller, identities, home, ...(this.options.provider ? { provider: this.options.provider } : {}) });
    if (draft.text) recordDraft(home, draft);
    const outsideSlack = new Set<string>();
    for (const { id } of [...draft.provenance.memories, ...draft.provenance.exemplars]) {
      const from = sources.get(id);
      if (!from) outsideSlack.add('a source Twin could not tell');
      else for (const source of from) if (source !== 'slack') outsideSlack.add(source);
    }
    return { draft, outsideSlack: [...outsideSlack] };
  }

  private async onSend(draftId: string, body: ActionBody): Promise<void> {
    if (!this.fromUser(body)) return;
    if (await this.refusedWhilePaused(draftId, body)) return;
    const approval = this.pending.take(draftId);
    if (!approval) return this.alreadyHandled(body);
    await this.sendApproved(approval, approval.draft, body.channel?.id, body.message?.ts);
  }

  private async onEdit(draftId: string, body: ActionBody): Promise<void> {
    if (!this.fromUser(body)) return;
    const approval = this.pending.get(draftId);
    if (!approval) return this.alreadyHandled(body);
    if (!body.trigger_id) throw new Error('the Edit button press carried no trigger_id, so no editor could be opened');
    await this.botClient.views.open({ trigger_id: body.trigger_id, view: editModal(contentOf(approval)) as never });
  }

  private async onEditedSend(draftId: string, text: string, byUser: string): Promise<void> {
    if (byUser !== this.userId) {
      this.options.log.warn(`slack: ignored an edited reply submitted by ${byUser}, not the user`);
      return;
    }
    if (this.options.isPaused()) {
      await this.dmUser('Twin is paused, so your edited reply was not sent. Resume Twin and send it again from the approval message.');
      return;
    }
    const approval = this.pending.take(draftId);
    if (!approval) {
      await this.dmUser('That draft was already sent or dismissed, or it expired; nothing was sent.');
      return;
    }
    await this.sendApproved(approval, text, approval.approvalChannel, approval.approvalTs);
  }

  private async onDismiss(draftId: string, body: ActionBody): Promise<void> {
    if (!this.fromUser(body)) return;
    const approval = this.pending.take(draftId);
    if (!approval) return this.alreadyHandled(body);
    this.logOutcome(approval, approval.draft, 'dismissed');
    await this.updateApproval(body.channel?.id ?? approval.approvalChannel, body.message?.ts ?? approval.approvalTs, 'Dismissed: nothing was sent.', decidedBlocks(contentOf(approval), 'Dismissed: nothing was sent.'));
  }

  private async sendApproved(approval: PendingApproval, text: string, approvalChannel: string | undefined, approvalTs: string | undefined): Promise<void> {
    try {
      await this.userClient.chat.postMessage({ channel: approval.conversation, text, ...(approval.threadTs ? { thread_ts: approval.threadTs } : {}) });
    } catch (error) {
      // Nothing the user approved is lost: the draft waits again, and the approval message says why.
      this.pending.put(approval);
      await this.updateApproval(approvalChannel, approvalTs, 'Sending failed', [
        ...approvalBlocks(contentOf(approval)),
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Sending failed (${slackError(error)}); press Send as me to try again.` }] },
      ]);
      throw new Error(`posting approved draft ${approval.draftId} failed: ${slackError(error)}`);
    }
    this.logOutcome(approval, text, 'sent-after-approval');
    this.options.log.info(`slack: sent draft ${approval.draftId} after approval in ${approval.conversation}`);
    await this.updateApproval(approvalChannel, approvalTs, 'Sent as you.', decidedBlocks(contentOf(approval), `:white_check_mark: Sent as you${text === approval.draft ? '' : ' (edited)'}.`));
  }

  private logOutcome(approval: PendingApproval, reply: string, status: SlackActivityStatus): void {
    this.activity.append({ conversation: approval.conversation, user: approval.sender, incomingExcerpt: approval.incoming, reply, status, confidence: approval.confidence, draftId: approval.draftId });
  }

  private fromUser(body: ActionBody): boolean {
    if (body.user?.id === this.userId) return true;
    this.options.log.warn(`slack: ignored a button press by ${body.user?.id ?? 'someone unknown'}, not the user`);
    return false;
  }

  private async refusedWhilePaused(draftId: string, body: ActionBody): Promise<boolean> {
    if (!this.options.isPaused()) return false;
    const approval = this.pending.get(draftId);
    if (approval) {
      await this.updateApproval(body.channel?.id, body.message?.ts, 'Twin is paused; nothing was sent.', [
        ...approvalBlocks(contentOf(approval)),
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Twin is paused, so nothing was sent. Resume Twin, then press Send as me again.' }] },
      ]);
    }
    return true;
  }

  private async alreadyHandled(body: ActionBody): Promise<void> {
    await this.updateApproval(body.channel?.id, body.message?.ts, 'Already handled.', [
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'This draft was already sent or dismissed, or it expired.' }] },
    ]);
  }

  private async updateApproval(channel: string | undefined, ts: string | undefined, text: string, blocks: unknown[]): Promise<void> {
    if (!channel || !ts) return;
    await this.botClient.chat.update({ channel, ts, text, blocks: blocks as never });
  }

  /** Like `dmUser`, but a failure is returned as a problem to log rather than thrown, so the outcome is still recorded. */
  private async tryDmUser(text: string, blocks: unknown[]): Promise<{ channel?: string; ts?: string; problems: string[] }> {
    try {
      return { ...(await this.dmUser(text, blocks)), problems: [] };
    } catch (error) {
      this.options.log.error(`slack: could not message the user privately: ${slackError(error)}`);
      return { problems: [`the private message to you could not be sent (${slackError(error)})`] };
    }
  }

  /** A private message from the app to the user (their DM with the app). */
  private async dmUser(text: string, blocks?: unknown[]): Promise<{ channel?: string; ts?: string }> {
    if (!this.approvalChannel) {
      const opened = await this.botClient.conversations.open({ users: this.userId });
      this.approvalChannel = opened.channel?.id;
      if (!this.approvalChannel) throw new Error('Slack opened no DM between the app and the user (conversations.open)');
    }
    const posted = await this.botClient.chat.postMessage({ channel: this.approvalChannel, text, ...(blocks ? { blocks: blocks as never } : {}) });
    return { channel: posted.channel ?? this.approvalChannel, ts: posted.ts };
  }

  /** How to name the sender to the user (a label only: who may be answered automatically goes by id). */
  private async person(userId: string): Promise<{ label: string }> {
    const known = this.names.get(userId);
    if (known) return known;
    let found = { label: `<@${userId}>` };
    try {
      const info = await this.botClient.users.info({ user: userId });
      found = { label: info.user?.profile?.display_name || info.user?.real_name || info.user?.name || userId };
    } catch (error) {
      this.options.log.warn(`slack: users.info for ${userId} failed (${slackError(error)}); using the id`);
    }
    this.names.set(userId, found);
    return found;
  }

  private async conversation(id: string, isDm: boolean): Promise<{ label: string; name?: string }> {
    if (isDm) return { label: 'a direct message' };
    const known = this.channels.get(id);
    if (known) return known;
    let found: { label: string; name?: string } = { label: `<#${id}>` };
    try {
      const info = await this.userClient.conversations.info({ channel: id });
      if (info.channel?.name) found = { label: `#${info.channel.name}`, name: info.channel.name };
    } catch (error) {
      this.options.log.warn(`slack: conversations.info for ${id} failed (${slackError(error)}); using the id`);
    }
    this.channels.set(id, found);
    return found;
  }
}

interface ActionBody {
  user?: { id?: string };
  channel?: { id?: string };
  message?: { ts?: string };
  trigger_id?: string;
}

function contentOf(approval: PendingApproval): ApprovalContent {
  return {
    draftId: approval.draftId,
    conversationLabel: approval.conversationLabel,
    senderLabel: approval.senderLabel,
    incoming: approval.incoming,
    draft: approval.draft,
    confidence: approval.confidence,
    reasons: approval.reasons,
  };
}

/** Bolt's and the Web API client's warnings and errors into Twin's log; their debug chatter (which can hold payloads) is dropped. */
function boltLogger(log: SlackTwinLog): BoltLogger {
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : '')).filter(Boolean).join(' ');
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => log.warn(`slack (bolt): ${text(parts)}`),
    error: (...parts: unknown[]) => log.error(`slack (bolt): ${text(parts)}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
