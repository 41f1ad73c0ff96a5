import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveTwinHome } from '../core/config/twin-home';
import type { TwinEvent } from '../core/protocol/events';
import type { Verdict } from '../core/drafting/feedback';
import { APPLY_CODE_COMMAND, applyCode } from './chat/apply-code-command';
import { ChatModels, SET_OPENAI_KEY_COMMAND, setOpenAIKey } from './chat/chat-models';
import { COMMIT_DRAFT_COMMAND, commitDraft } from './chat/commit-draft-command';
import { gitHubAccess, POST_REVIEW_COMMAND, postReviewCommand, SET_GITHUB_TOKEN_COMMAND, setGitHubToken } from './chat/review-command';
import { handleDraftFeedback, recordingDrafts } from './chat/draft-feedback';
import { createTwinChatHandler, TWIN_PARTICIPANT_ID, twinFollowupProvider, type TwinChatHandler } from './chat/twin-participant';
import { CollectorsController } from './collectors/collectors-controller';
import { SlackController } from './slack/slack-controller';
import { createDashboardBackend } from './dashboard-backend-impl';
import { DashboardViewProvider } from './dashboard/dashboard-view-provider';
import { FirstRunBackfill } from './first-run-backfill';
import { startObservation } from './observation';
import { PauseState } from './pause-state';
import { EventDelivery } from './sidecar/event-delivery';
import { EventOutbox } from './sidecar/event-outbox';
import { SidecarClient } from './sidecar/sidecar-client';
import { StatusBarToggle, TOGGLE_COMMAND } from './status-bar';

/** What the extension exports: used by its integration tests inside the real VS Code. */
export interface TwinExtensionApi {
  sidecar: SidecarClient;
  outbox: EventOutbox;
  delivery: EventDelivery;
  pause: PauseState;
  /** Reads the workspace repositories' past commits once; tests await it. */
  backfill: FirstRunBackfill;
  /** Ends every open session and hands its events to the outbox now (tests; VS Code shutdown). */
  flushObservations(): void;
  /** The same, waiting for the symbols of the edits to be resolved first (tests). */
  settleObservations(): Promise<void>;
  /** The `@twin` chat participant's handler; integration tests call it with a fake response stream. */
  chatHandler: TwinChatHandler;
  /** What 👍/👎 on an `@twin` answer runs (the participant's onDidReceiveFeedback); tests call it directly. */
  chatFeedback: (feedback: vscode.ChatResultFeedback) => Verdict | undefined;
  /** Pushes collector settings and secrets to the sidecar and asks for consent; tests replace its prompt. */
  collectors: CollectorsController;
  /** Connect/Disconnect Slack and the twin.slack.* settings → the sidecar's Slack app; tests store tokens through it. */
  slack: SlackController;
  activationMs: number;
}

/**
 * Activation stays cheap: it wires objects and returns. The sidecar starts right after, in its own
 * process; tree-sitter loads only when a supported file is first edited.
 */
export function activate(context: vscode.ExtensionContext): TwinExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Twin');
  const pause = new PauseState(context.globalState);
  const twinHome = vscode.workspace.getConfiguration('twin').get<string>('home', '').trim();
  const sidecar = new SidecarClient({
    script: context.asAbsolutePath(path.join('dist', 'sidecar.js')),
    // glibc's per-thread arenas inflate LanceDB's resident memory; one arena costs no measurable speed.
    env: { ...(twinHome ? { TWIN_HOME: twinHome } : {}), MALLOC_ARENA_MAX: '1' },
    onLog: (line) => output.appendLine(line),
  });
  const outbox = new EventOutbox(path.join(context.globalStorageUri.fsPath, 'outbox.jsonl'));
  const delivery = new EventDelivery(outbox, sidecar);
  const isTrusted = () => vscode.workspace.isTrusted;
  const statusBar = new StatusBarToggle(pause, sidecar, isTrusted);
  const collectors = new CollectorsController(sidecar, context.secrets, (message) => output.appendLine(message), () => dashboard.notify('collectorsChanged', {}));
  const slack = new SlackController(sidecar, context.secrets, (message) => output.appendLine(message));
  const dashboard = new DashboardViewProvider(createDashboardBackend(sidecar, pause, collectors), context.extensionUri, {
    log: (message) => output.appendLine(message),
  });

  const emit = (event: TwinEvent) => {
    if (pause.paused || !isTrusted()) return;
    outbox.enqueue(event);
    delivery.schedule();
    dashboard.notify('activityChanged', { at: Date.now() });
  };
  const observation = startObservation(
    context,
    emit,
    () => pause.paused,
    (message) => output.appendLine(message),
    pause.onDidChange,
  );

  const backfill = new FirstRunBackfill(context.globalState, sidecar, pause, (message) => output.appendLine(message));

  // The sidecar's TWIN_HOME: the setting, else the environment, else ~/.twin.
  const chatTwinHome = () => resolveTwinHome(vscode.workspace.getConfiguration('twin').get<string>('home', '').trim() || undefined);
  const chatLog = (message: string) => output.appendLine(message);
  const chatModels = new ChatModels({ secrets: context.secrets, twinHome: chatTwinHome, log: chatLog });
  const chatHandler = recordingDrafts(
    createTwinChatHandler({
      sidecar,
      twinHome: chatTwinHome,
      log: chatLog,
      chatModels: (request, justification) => chatModels.forRequest(request, justification),
      modelSettings: () => chatModels.settingsForSidecar(),
      github: gitHubAccess(context.secrets),
    }),
    chatTwinHome,
    chatLog,
  );
  const chatFeedback = (feedback: vscode.ChatResultFeedback) => handleDraftFeedback(feedback, chatTwinHome, chatLog);
  const participant = vscode.chat.createChatParticipant(TWIN_PARTICIPANT_ID, chatHandler);
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'twin.svg');
  participant.followupProvider = twinFollowupProvider;

  const syncPauseToSidecar = () => {
    if (sidecar.isRunning) {
      sidecar.request('twin/setPaused', { paused: pause.paused }).catch((error) => output.appendLine(`Could not tell the sidecar to pause: ${error.message}`));
    }
  };
  const onSidecarState = (state: { state: string }) => {
    if (state.state === 'running') {
      syncPauseToSidecar();
      void collectors.sidecarStarted();
      void slack.sidecarStarted();
    }
    dashboard.notify('refresh', {});
  };
  sidecar.on('state', onSidecarState);

  context.subscriptions.push(
    output,
    pause,
    statusBar,
    dashboard,
    collectors,
    slack,
    observation,
    backfill,
    participant,
    participant.onDidReceiveFeedback(chatFeedback),
    { dispose: () => sidecar.off('state', onSidecarState) },
    { dispose: () => delivery.dispose() },
    vscode.window.registerWebviewViewProvider(DashboardViewProvider.viewId, dashboard),
    pause.onDidChange((paused) => {
      // Paused means nothing is recorded anywhere: what waits in the outbox is dropped too.
      if (paused) outbox.clear();
      else void backfill.run();
      syncPauseToSidecar();
      dashboard.notify('stateChanged', { paused });
      output.appendLine(paused ? 'Observation paused.' : 'Observation resumed.');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      statusBar.render();
      dashboard.notify('stateChanged', { trusted: true });
    }),
    vscode.commands.registerCommand('twin.pauseObservation', () => pause.set(true)),
    vscode.commands.registerCommand('twin.resumeObservation', () => pause.set(false)),
    vscode.commands.registerCommand(TOGGLE_COMMAND, () => pause.set(!pause.paused)),
    vscode.commands.registerCommand('twin.showLog', () => output.show()),
    vscode.commands.registerCommand('twin.dashboard.refresh', () => dashboard.refresh()),
    vscode.commands.registerCommand(COMMIT_DRAFT_COMMAND, commitDraft),
    vscode.commands.registerCommand(POST_REVIEW_COMMAND, (args: unknown) => postReviewCommand(gitHubAccess(context.secrets), args)),
    vscode.commands.registerCommand(SET_GITHUB_TOKEN_COMMAND, (token?: unknown) => setGitHubToken(context.secrets, token)),
    vscode.commands.registerCommand(APPLY_CODE_COMMAND, applyCode),
    vscode.commands.registerCommand(SET_OPENAI_KEY_COMMAND, () => setOpenAIKey(context.secrets)),
  );

  // Started after activation returns, so VS Code never waits on a process spawn.
  setImmediate(() => sidecar.start());
  shutdown = async () => {
    observation.flush();
    await delivery.flush().catch(() => undefined);
    await sidecar.dispose();
  };

  const activationMs = performance.now() - started;
  output.appendLine(`Twin activated in ${activationMs.toFixed(1)} ms.`);
  return {
    sidecar,
    outbox,
    delivery,
    pause,
    backfill,
    flushObservations: () => observation.flush(),
    settleObservations: () => observation.settle(),
    chatHandler,
    chatFeedback,
    collectors,
    slack,
    activationMs,
  };
}

let shutdown: (() => Promise<void>) | undefined;

/** Hands open sessions to the sidecar (or the outbox on disk) and stops the sidecar cleanly. */
export function deactivate(): Promise<void> | undefined {
  const stop = shutdown;
  shutdown = undefined;
  return stop?.();
}
