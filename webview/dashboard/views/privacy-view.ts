import { LIMITS, ObserverSettings } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';

export interface PrivacyActions {
  /** Sends the changed fields; resolves with the settings now in force, rejects with a message to show. */
  save(changes: Partial<ObserverSettings>): Promise<ObserverSettings>;
  announce(message: string): void;
}

const OBSERVERS: Array<{ key: 'editing' | 'navigation' | 'commits'; label: string; detail: string }> = [
  { key: 'editing', label: 'Editing', detail: 'Edit sessions: files, symbols, time typing' },
  { key: 'navigation', label: 'Navigation', detail: 'Files and symbols you look at and jump between' },
  { key: 'commits', label: 'Commits', detail: 'Your commits: message, files, symbols' },
];

/** Splits the textarea into globs: one per line, trimmed, blank lines and repeats dropped. */
export function parseGlobs(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
}

/** Only what differs, so a save does not undo a change made elsewhere meanwhile. */
export function changes(saved: ObserverSettings, wanted: ObserverSettings): Partial<ObserverSettings> {
  const diff: Partial<ObserverSettings> = {};
  for (const key of ['editing', 'navigation', 'commits'] as const) if (saved[key] !== wanted[key]) diff[key] = wanted[key];
  if (saved.exclude.join('\n') !== wanted.exclude.join('\n')) diff.exclude = wanted.exclude;
  return diff;
}

/**
 * Which observers record, and the globs of files none of them may look at. Saved explicitly; settings
 * pushed by the host while the user has unsaved edits do not overwrite them.
 */
export class PrivacyView {
  readonly element = h('section', { class: 'section privacy', 'aria-labelledby': 'privacy-heading' });
  private readonly boxes = new Map<'editing' | 'navigation' | 'commits', HTMLInputElement>();
  private readonly exclude = h('textarea', {
    id: 'privacy-exclude',
    class: 'input textarea',
    rows: 6,
    spellcheck: 'false',
    'aria-describedby': 'privacy-exclude-hint',
  });
  private readonly save = h('button', { class: 'button', type: 'submit', disabled: true }, 'Save');
  private readonly feedback = h('div', { class: 'form-feedback' });
  private saved: ObserverSettings | undefined;
  private saving = false;

  constructor(private readonly actions: PrivacyActions) {
    const observers = h('fieldset', { class: 'observers' }, h('legend', {}, 'Record'));
    for (const observer of OBSERVERS) {
      const id = `privacy-${observer.key}`;
      const box = h('input', { id, type: 'checkbox', class: 'checkbox', disabled: true, 'aria-describedby': `${id}-detail` });
      box.addEventListener('change', () => this.onEdit());
      this.boxes.set(observer.key, box);
      observers.appendChild(
        h(
          'div',
          { class: 'check-row' },
          box,
          h('div', { class: 'check-text' }, h('label', { for: id }, observer.label), h('span', { id: `${id}-detail`, class: 'muted small' }, observer.detail)),
        ),
      );
    }
    this.exclude.disabled = true;
    this.exclude.addEventListener('input', () => this.onEdit());
    const form = h(
      'form',
      { class: 'privacy-form' },
      observers,
      h('label', { for: 'privacy-exclude', class: 'field-label' }, 'Never look at files matching'),
      this.exclude,
      h('p', { id: 'privacy-exclude-hint', class: 'muted small' }, 'One glob per line, such as ', h('code', {}, '**/secrets/**'), ' or ', h('code', {}, '*.pem'), '.'),
      h('div', { class: 'form-actions' }, this.save, this.feedback),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.onSave();
    });
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'privacy-heading' }, 'Privacy')), form);
  }

  /** Shows the settings in force, unless the user is in the middle of changing them. */
  update(settings: ObserverSettings): void {
    const dirty = this.saved !== undefined && this.isDirty();
    this.saved = settings;
    if (!dirty) this.fill(settings);
    for (const box of this.boxes.values()) box.disabled = false;
    this.exclude.disabled = false;
    this.renderSave();
  }

  private fill(settings: ObserverSettings): void {
    for (const [key, box] of this.boxes) box.checked = settings[key];
    this.exclude.value = settings.exclude.join('\n');
  }

  private current(): ObserverSettings {
    return {
      editing: this.boxes.get('editing')?.checked ?? true,
      navigation: this.boxes.get('navigation')?.checked ?? true,
      commits: this.boxes.get('commits')?.checked ?? true,
      exclude: parseGlobs(this.exclude.value),
    };
  }

  private isDirty(): boolean {
    if (!this.saved) return false;
    const now = this.current();
    return (
      now.editing !== this.saved.editing ||
      now.navigation !== this.saved.navigation ||
      now.commits !== this.saved.commits ||
      now.exclude.join('\n') !== this.saved.exclude.join('\n')
    );
  }

  private onEdit(): void {
    replaceChildren(this.feedback);
    this.renderSave();
  }

  private renderSave(): void {
    // Stays enabled when nothing changed (it says so): disabling it would drop keyboard focus after a save.
    this.save.disabled = !this.saved;
    if (this.saving) this.save.setAttribute('aria-disabled', 'true');
    else this.save.removeAttribute('aria-disabled');
    this.save.textContent = this.saving ? 'Saving…' : 'Save';
  }

  private async onSave(): Promise<void> {
    if (this.saving || !this.saved) return;
    if (!this.isDirty()) {
      replaceChildren(this.feedback, h('span', { class: 'muted' }, 'Nothing to save.'));
      return;
    }
    const wanted = this.current();
    if (wanted.exclude.length > LIMITS.excludeGlobs) {
      replaceChildren(this.feedback, errorBox(`At most ${LIMITS.excludeGlobs} globs, one per line; there are ${wanted.exclude.length}.`));
      return;
    }
    this.saving = true;
    this.renderSave();
    replaceChildren(this.feedback);
    try {
      const applied = await this.actions.save(changes(this.saved, wanted));
      this.saved = applied;
      this.fill(applied);
      replaceChildren(this.feedback, h('span', { class: 'saved' }, 'Saved.'));
      this.actions.announce('Privacy settings saved.');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      replaceChildren(this.feedback, errorBox(message));
      this.actions.announce(message);
    } finally {
      this.saving = false;
      this.renderSave();
    }
  }
}
