import type { DashboardState, SidecarView } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';
import { formatBytes, formatCount, formatDuration, formatRelativeTime } from '../format';

export interface HeaderActions {
  /** Resolves when the host confirmed; rejects with a message to show. */
  setPaused(paused: boolean): Promise<void>;
}

/** Observation on or paused (with the toggle), the sidecar's health, and workspace trust. */
export class HeaderView {
  readonly element = h('header', { class: 'status-card', 'aria-label': 'Twin status' });
  private readonly dot = h('span', { class: 'status-dot', 'aria-hidden': 'true' });
  private readonly title = h('h1', { class: 'status-title' }, 'Connecting…');
  private readonly detail = h('p', { class: 'status-detail' });
  private readonly toggle = h('button', { class: 'button', type: 'button', disabled: true }, 'Pause');
  private readonly sidecar = h('p', { class: 'sidecar-line' });
  private readonly notices = h('div', { class: 'status-notices' });
  private state: DashboardState | undefined;
  private busy = false;

  constructor(private readonly actions: HeaderActions) {
    this.element.append(
      h('div', { class: 'status-row' }, this.dot, h('div', { class: 'status-text' }, this.title, this.detail), this.toggle),
      this.sidecar,
      this.notices,
    );
    this.toggle.addEventListener('click', () => void this.onToggle());
  }

  update(state: DashboardState): void {
    this.state = state;
    const observers = [state.settings.editing && 'edits', state.settings.navigation && 'navigation', state.settings.commits && 'commits'].filter(
      (name): name is string => typeof name === 'string',
    );
    let mode: 'observing' | 'paused' | 'off';
    if (state.paused) {
      mode = 'paused';
      this.title.textContent = 'Paused';
      this.detail.textContent = 'Nothing is recorded until you resume.';
    } else if (!state.trusted) {
      mode = 'off';
      this.title.textContent = 'Not observing';
      this.detail.textContent = 'This workspace is not trusted, so Twin does not look at it.';
    } else if (observers.length === 0) {
      mode = 'off';
      this.title.textContent = 'Not observing';
      this.detail.textContent = 'Every observer is off in Privacy below.';
    } else {
      mode = 'observing';
      this.title.textContent = 'Observing';
      this.detail.textContent = `Recording ${joinWords(observers)}.`;
    }
    this.dot.className = `status-dot ${mode}`;
    this.element.dataset.mode = mode;
    this.renderToggle();
    this.renderSidecar(state.sidecar);
    replaceChildren(this.notices);
  }

  /** When even the state could not be read: say so where the status would be. */
  showStateError(message: string, retry: () => void): void {
    this.title.textContent = 'Twin is not answering';
    this.detail.textContent = '';
    this.dot.className = 'status-dot down';
    replaceChildren(this.notices, errorBox(message, retry));
  }

  private renderToggle(): void {
    const paused = this.state?.paused ?? false;
    this.toggle.textContent = paused ? 'Resume' : 'Pause';
    this.toggle.setAttribute('aria-label', paused ? 'Resume observation' : 'Pause observation');
    this.toggle.className = paused ? 'button' : 'button secondary';
    this.toggle.disabled = !this.state;
    // aria-disabled rather than disabled while waiting, so keyboard focus stays on the button.
    if (this.busy) this.toggle.setAttribute('aria-disabled', 'true');
    else this.toggle.removeAttribute('aria-disabled');
  }

  private renderSidecar(sidecar: SidecarView): void {
    const dot = h('span', { class: `status-dot small ${sidecar.state}`, 'aria-hidden': 'true' });
    let text: string;
    let title = '';
    switch (sidecar.state) {
      case 'running':
        text = `Sidecar running · pid ${sidecar.pid} · ${formatCount(sidecar.memories)} ${sidecar.memories === 1 ? 'memory' : 'memories'}`;
        title = [
          `Up ${formatDuration(sidecar.uptime)}, ${formatBytes(sidecar.rssBytes)} resident`,
          `${formatCount(sidecar.eventsStored)} events stored${sidecar.lastEventAt ? `, last ${formatRelativeTime(sidecar.lastEventAt, Date.now())}` : ''}`,
          `Embedder: ${sidecar.embedder}`,
          `Data: ${sidecar.home}`,
        ].join('\n');
        break;
      case 'starting':
        text = `Sidecar starting… ${sidecar.message}`.trim();
        break;
      case 'restarting':
        text = `Sidecar restarting: ${sidecar.message}`;
        break;
      case 'down':
        text = `Sidecar stopped: ${sidecar.message}`;
        break;
    }
    this.sidecar.className = `sidecar-line ${sidecar.state}`;
    if (title) this.sidecar.title = title;
    else this.sidecar.removeAttribute('title');
    replaceChildren(this.sidecar, dot, h('span', { class: 'sidecar-text' }, text));
  }

  private async onToggle(): Promise<void> {
    if (!this.state || this.busy) return;
    this.busy = true;
    this.renderToggle();
    replaceChildren(this.notices);
    try {
      await this.actions.setPaused(!this.state.paused);
    } catch (err) {
      replaceChildren(this.notices, errorBox(err instanceof Error ? err.message : String(err)));
    } finally {
      this.busy = false;
      this.renderToggle();
    }
  }
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
