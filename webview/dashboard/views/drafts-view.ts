import type { DraftLogEntry, DraftsAndReplies, SlackActivityEntry, SlackActivityStatus, SlackStatus } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';
import { formatDateTime, formatRelativeTime, truncate } from '../format';

export interface DraftsActions {
  load(): Promise<DraftsAndReplies>;
}

/** Each Slack outcome in words, and whether Twin sent it on its own (those stand out). */
export const SLACK_STATUS: Record<SlackActivityStatus, { label: string; tone: 'auto' | 'sent' | 'waiting' | 'quiet' | 'alert' }> = {
  'auto-sent': { label: 'Sent automatically', tone: 'auto' },
  'sent-after-approval': { label: 'Sent after your OK', tone: 'sent' },
  'awaiting-approval': { label: 'Awaiting your OK', tone: 'waiting' },
  dismissed: { label: 'Dismissed', tone: 'quiet' },
  'flagged-injection': { label: 'Flagged: tried to instruct', tone: 'alert' },
  'skipped-paused': { label: 'Skipped (paused)', tone: 'quiet' },
};

/** The replies the Slack app sent or proposed, and the drafts Twin wrote recently, newest first. */
export class DraftsView {
  readonly element = h('section', { class: 'section drafts', 'aria-labelledby': 'drafts-heading' });
  private readonly body = h('div', { class: 'drafts-body' });
  private shown: DraftsAndReplies | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly actions: DraftsActions) {
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'drafts-heading' }, 'Drafts & replies')), this.body);
    replaceChildren(this.body, h('p', { class: 'muted loading' }, 'Loading drafts and replies…'));
  }

  refresh(): Promise<void> {
    this.loading ??= this.actions
      .load()
      .then(
        (loaded) => {
          this.shown = loaded;
          this.render(loaded);
        },
        (err: unknown) => {
          if (!this.shown) replaceChildren(this.body, errorBox(err instanceof Error ? err.message : String(err), () => void this.refresh()));
        },
      )
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private render({ drafts, replies, slack }: DraftsAndReplies): void {
    const now = Date.now();
    if (drafts.length === 0 && replies.length === 0) {
      replaceChildren(
        this.body,
        slack && h('div', { class: 'subsection' }, h('h3', {}, 'Slack'), slackStatusLine(slack, now)),
        h('p', { class: 'muted' }, 'No drafts yet. ', h('code', {}, '@twin /commit'), ', ', h('code', {}, 'twin draft'), ' and the Slack app show theirs here; replies Twin sends on its own are marked.'),
      );
      return;
    }
    replaceChildren(
      this.body,
      (replies.length > 0 || slack) &&
        h(
          'div',
          { class: 'subsection' },
          h('h3', {}, 'Slack'),
          slack && slackStatusLine(slack, now),
          replies.length > 0 && h('ol', { class: 'reply-list', 'aria-label': 'Slack replies and approvals' }, ...replies.map((entry) => reply(entry, now))),
        ),
      drafts.length > 0 &&
        h('div', { class: 'subsection' }, h('h3', {}, 'Drafts'), h('ol', { class: 'draft-list', 'aria-label': 'Recent drafts' }, ...drafts.map((entry) => draft(entry, now)))),
    );
  }
}

/** One line on the Slack app: connected as whom and how, or what to do to connect it. */
export function slackStatusLine(status: SlackStatus, now: number): HTMLElement {
  const state = status.running ? 'running' : status.tokensFrom === 'none' ? 'not-connected' : !status.enabled ? 'off' : 'error';
  const line = (tone: string, badge: string, text: string, detail?: string | false) =>
    h(
      'div',
      { class: 'slack-status', 'data-slack': state },
      h('div', { class: 'reply-head' }, h('span', { class: `badge status tone-${tone}` }, badge), h('span', { class: 'reply-where' }, text)),
      detail && h('p', { class: 'reply-meta muted small' }, detail),
    );
  if (state === 'not-connected') return line('quiet', 'Off', 'Slack not connected — run Twin: Connect Slack');
  if (state === 'off') return line('quiet', 'Off', 'Slack connected but off — turn on twin.slack.enabled');
  if (state === 'error') return line('alert', 'Not running', 'Slack app not running', status.lastError ?? 'See Twin: Show Log.');
  const who = [status.user?.name ?? status.user?.id, status.team?.name ? `in ${status.team.name}` : ''].filter(Boolean).join(' ');
  const how = status.mode === 'socket' ? 'Socket Mode' : `Events API on port ${status.port}`;
  const facts = [how, status.lastEventAt ? `last event ${formatRelativeTime(status.lastEventAt, now)}` : 'no event yet', status.lastError ? `last error: ${status.lastError}` : ''].filter(Boolean).join(' · ');
  return line('sent', 'Connected', `Slack: ${who || 'connected'}`, facts);
}

function reply(entry: SlackActivityEntry, now: number): HTMLElement {
  const status = SLACK_STATUS[entry.status];
  // A confidence belongs to a draft: flagged and paused messages had none (the log writes 0 for them).
  const confidence = entry.reply ? entry.confidence : undefined;
  const at = Date.parse(entry.at);
  const title = [
    `${status.label} · ${formatDateTime(at)}`,
    `${entry.conversation}${entry.user ? ` · ${entry.user}` : ''}`,
    confidence !== undefined ? `Confidence ${confidence.toFixed(2)}` : '',
    entry.reasons?.length ? `Why: ${entry.reasons.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return h(
    'li',
    { class: `reply tone-${status.tone}`, title, 'data-status': entry.status },
    h(
      'div',
      { class: 'reply-head' },
      h('span', { class: `badge status tone-${status.tone}` }, status.label),
      h('span', { class: 'reply-where' }, entry.conversation),
      h('span', { class: 'muted small reply-time' }, formatRelativeTime(at, now)),
    ),
    entry.incomingExcerpt && h('p', { class: 'reply-incoming muted small' }, `${entry.user ? `${entry.user}: ` : ''}${truncate(entry.incomingExcerpt, 140)}`),
    entry.reply && h('p', { class: 'reply-text' }, truncate(entry.reply, 240)),
    (confidence !== undefined || entry.reasons?.length) &&
      h(
        'p',
        { class: 'reply-meta muted small' },
        [confidence !== undefined ? `confidence ${confidence.toFixed(2)}` : '', entry.reasons?.length ? entry.reasons.join('; ') : ''].filter(Boolean).join(' · '),
      ),
  );
}

function draft(entry: DraftLogEntry, now: number): HTMLElement {
  const at = Date.parse(entry.at);
  const facts = [entry.drafter ? `${entry.drafter} drafter` : '', entry.confidence !== undefined ? `confidence ${entry.confidence.toFixed(2)}` : '', `${entry.exemplars} ${entry.exemplars === 1 ? 'exemplar' : 'exemplars'}`]
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    { class: 'draft', title: `Draft ${entry.draftId}\n${formatDateTime(at)}` },
    h('div', { class: 'reply-head' }, h('span', { class: 'badge' }, entry.channel || 'draft'), h('span', { class: 'muted small reply-time' }, formatRelativeTime(at, now))),
    entry.firstLine ? h('p', { class: 'reply-text' }, truncate(entry.firstLine, 160)) : h('p', { class: 'muted small' }, h('code', {}, entry.draftId.slice(0, 8))),
    h('p', { class: 'reply-meta muted small' }, facts),
  );
}
