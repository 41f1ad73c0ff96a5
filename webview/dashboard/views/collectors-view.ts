import type { CollectorIdName, CollectorRunState, CollectorView } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';
import { formatCount, formatDateTime, formatRelativeTime } from '../format';

export interface CollectorsActions {
  load(): Promise<CollectorView[]>;
  setEnabled(id: CollectorIdName, enabled: boolean): Promise<CollectorView>;
  consent(id: CollectorIdName, accepted: boolean, capturesHash?: string): Promise<CollectorView>;
  announce(message: string): void;
}

const STATE_LABELS: Record<CollectorRunState, string> = {
  off: 'Off',
  'needs-consent': 'Waiting for your OK',
  paused: 'Paused',
  starting: 'Starting…',
  running: 'Running',
  error: 'Not running',
};

/** The status dot's class for each state (the header's colours: green, yellow, red, grey). */
const DOT_CLASS: Record<CollectorRunState, string> = {
  off: 'off',
  'needs-consent': 'paused',
  paused: 'paused',
  starting: 'starting',
  running: 'running',
  error: 'down',
};

/**
 * The collectors beyond the editor: each one's switch, whether the user allowed what it captures (with
 * the text itself, and Allow / Withdraw), whether it runs, its last activity, what it captured, and the
 * error that stops it, in words.
 */
export class CollectorsView {
  readonly element = h('section', { class: 'section collectors', 'aria-labelledby': 'collectors-heading' });
  private readonly body = h('div', { class: 'collectors-body' });
  private readonly feedback = h('div', { class: 'form-feedback', 'aria-live': 'polite' });
  private views: CollectorView[] | undefined;
  private busy = new Set<CollectorIdName>();
  private loading: Promise<void> | undefined;

  constructor(private readonly actions: CollectorsActions) {
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'collectors-heading' }, 'Collectors')), this.body, this.feedback);
    replaceChildren(this.body, h('p', { class: 'muted loading' }, 'Loading collectors…'));
  }

  refresh(): Promise<void> {
    this.loading ??= this.actions
      .load()
      .then(
        (views) => {
          this.views = views;
          this.render();
        },
        (err: unknown) => {
          // Keep what is shown; say the refresh failed only when there is nothing to show.
          if (!this.views) replaceChildren(this.body, errorBox(message(err), () => void this.refresh()));
        },
      )
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private render(): void {
    const views = this.views ?? [];
    if (views.length === 0) {
      replaceChildren(this.body, h('p', { class: 'muted' }, 'No collector is installed in this build of Twin.'));
      return;
    }
    replaceChildren(this.body, h('ul', { class: 'collector-list', 'aria-label': 'Collectors' }, ...views.map((view) => this.card(view))));
  }

  private card(view: CollectorView): HTMLElement {
    const now = Date.now();
    const switchId = `collector-${view.id}-enabled`;
    const toggle = h('input', {
      id: switchId,
      type: 'checkbox',
      role: 'switch',
      class: 'switch',
      'aria-label': `${view.title}: collect`,
      disabled: this.busy.has(view.id),
    });
    toggle.checked = view.enabled;
    toggle.addEventListener('change', () => void this.toggle(view, toggle.checked));

    const facts: Array<string | false> = [
      view.state === 'running' || view.captured > 0 ? `${formatCount(view.captured)} captured` : false,
      view.lastActivityAt ? `last ${formatRelativeTime(view.lastActivityAt, now)}` : false,
    ];
    const shownFacts = facts.filter((fact): fact is string => typeof fact === 'string');
    const item = h(
      'li',
      { class: 'collector', 'data-collector': view.id, 'data-state': view.state },
      h(
        'div',
        { class: 'collector-row' },
        h('span', { class: `status-dot small ${DOT_CLASS[view.state]}`, 'aria-hidden': 'true' }),
        h(
          'div',
          { class: 'collector-text' },
          h('label', { class: 'collector-title', for: switchId }, view.title),
          h('span', { class: 'collector-state muted small' }, [STATE_LABELS[view.state], ...shownFacts].join(' · ')),
        ),
        toggle,
      ),
      view.detail && h('p', { class: 'collector-detail muted small' }, view.detail),
      view.lastError && h('p', { class: 'collector-error small', role: 'status' }, view.lastError),
      this.consentBlock(view),
    );
    return item;
  }

  private consentBlock(view: CollectorView): HTMLElement {
    const captures = h('details', { class: 'captures' }, h('summary', {}, 'What it captures'), h('p', { class: 'captures-text' }, view.captures));
    if (view.consent.granted) {
      const withdraw = h('button', { class: 'button secondary small', type: 'button', disabled: this.busy.has(view.id) }, 'Withdraw');
      withdraw.addEventListener('click', () => void this.consent(view, false));
      return h(
        'div',
        { class: 'collector-consent granted' },
        h('span', { class: 'muted small' }, `Allowed${view.consent.at ? ` ${formatDateTime(Date.parse(view.consent.at))}` : ''}`),
        withdraw,
        captures,
      );
    }
    // Not yet allowed: the text is open, since allowing means having read it.
    captures.open = view.enabled;
    const allow = h('button', { class: 'button small', type: 'button', disabled: this.busy.has(view.id) }, 'Allow');
    allow.setAttribute('aria-label', `Allow the ${view.title} collector`);
    allow.addEventListener('click', () => void this.consent(view, true));
    return h(
      'div',
      { class: `collector-consent needed${view.enabled ? ' waiting' : ''}` },
      h('span', { class: 'small' }, view.consent.changed ? 'What it captures changed: allow again to run it.' : view.enabled ? 'Runs only after you allow it.' : 'Asks before its first run.'),
      allow,
      captures,
    );
  }

  private async toggle(view: CollectorView, enabled: boolean): Promise<void> {
    await this.act(view.id, () => this.actions.setEnabled(view.id, enabled), `${view.title} ${enabled ? 'on' : 'off'}.`);
  }

  private async consent(view: CollectorView, accepted: boolean): Promise<void> {
    await this.act(
      view.id,
      () => this.actions.consent(view.id, accepted, accepted ? view.capturesHash : undefined),
      accepted ? `${view.title} allowed.` : `Consent to ${view.title} withdrawn; it stopped.`,
    );
  }

  private async act(id: CollectorIdName, work: () => Promise<CollectorView>, done: string): Promise<void> {
    if (this.busy.has(id)) return;
    this.busy.add(id);
    replaceChildren(this.feedback);
    this.render();
    try {
      const updated = await work();
      this.views = (this.views ?? []).map((view) => (view.id === id ? updated : view));
      this.actions.announce(done);
    } catch (err) {
      replaceChildren(this.feedback, errorBox(message(err)));
      this.actions.announce(message(err));
    } finally {
      this.busy.delete(id);
      this.render();
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
