import { h } from '../dom';

/**
 * One polite live region for the whole dashboard: results found, memory deleted, settings saved.
 * Visually hidden; what it says is also shown next to the control that caused it.
 */
export class Announcer {
  readonly element = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  private clearTimer: ReturnType<typeof setTimeout> | undefined;

  say(message: string): void {
    // Re-setting the same text is not announced again; clearing first makes repeats heard.
    this.element.textContent = '';
    clearTimeout(this.clearTimer);
    this.clearTimer = setTimeout(() => {
      this.element.textContent = message;
      this.clearTimer = setTimeout(() => (this.element.textContent = ''), 8000);
    }, 50);
  }
}
