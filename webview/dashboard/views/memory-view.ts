import { DashboardRecallItem, LIMITS } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';
import { explainRecall, explainRecallFully, formatDateTime, formatRelativeTime, splitPath, truncate } from '../format';

export interface MemoryActions {
  search(query: string): Promise<DashboardRecallItem[]>;
  /** Resolves with whether it was deleted now (false: it was already gone). */
  forget(id: string): Promise<boolean>;
  queryChanged(query: string): void;
  announce(message: string): void;
}

export const SEARCH_DEBOUNCE_MS = 250;
/** Long memories are cut in the list; the whole text is in the tooltip up to this length. */
const TEXT_CHARS = 400;
const TITLE_CHARS = 2000;

/**
 * Search box over the twin's memories: debounced, latest query wins (an older answer arriving late is
 * dropped), each result with its source, time and why, and a Delete that asks inline first.
 */
export class MemoryView {
  readonly element = h('section', { class: 'section memory', 'aria-labelledby': 'memory-heading' });
  private readonly input = h('input', {
    id: 'memory-query',
    class: 'input',
    type: 'search',
    placeholder: 'Search memories',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: LIMITS.searchQueryChars,
    'aria-describedby': 'memory-summary',
  });
  private readonly summary = h('p', { id: 'memory-summary', class: 'muted small' });
  private readonly results = h('ul', { class: 'results', 'aria-label': 'Memories found' });
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private sequence = 0;
  private items: DashboardRecallItem[] = [];
  private lastQuery = '';

  constructor(
    initialQuery: string,
    private readonly actions: MemoryActions,
  ) {
    const form = h(
      'form',
      { class: 'search-form', role: 'search' },
      h('label', { for: 'memory-query', class: 'visually-hidden' }, 'Search your memories'),
      this.input,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.searchNow();
    });
    this.input.addEventListener('input', () => this.scheduleSearch());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.input.value) {
        event.preventDefault();
        this.input.value = '';
        this.searchNow();
      }
    });
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'memory-heading' }, 'Memory')), form, this.summary, this.results);
    this.input.value = initialQuery;
    this.showHint();
  }

  /** Runs the restored query once the host is reachable. */
  start(): void {
    if (this.input.value.trim()) this.searchNow();
  }

  /** Reruns the current query (after new activity, or when the view is shown again). */
  refresh(): void {
    if (this.lastQuery && !this.results.querySelector('.confirm')) this.searchNow();
  }

  private scheduleSearch(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.searchNow(), SEARCH_DEBOUNCE_MS);
  }

  private searchNow(): void {
    clearTimeout(this.debounce);
    const query = this.input.value.trim();
    this.actions.queryChanged(this.input.value);
    const sequence = ++this.sequence;
    this.lastQuery = query;
    if (!query) {
      this.items = [];
      replaceChildren(this.results);
      this.showHint();
      return;
    }
    this.element.setAttribute('aria-busy', 'true');
    this.summary.textContent = 'Searching…';
    this.actions.search(query).then(
      (items) => {
        if (sequence !== this.sequence) return;
        this.element.removeAttribute('aria-busy');
        this.items = items.slice(0, LIMITS.searchResults);
        this.renderResults();
        this.actions.announce(this.summary.textContent ?? '');
      },
      (err: unknown) => {
        if (sequence !== this.sequence) return;
        this.element.removeAttribute('aria-busy');
        this.items = [];
        this.summary.textContent = '';
        replaceChildren(this.results, h('li', { class: 'results-error' }, errorBox(err instanceof Error ? err.message : String(err), () => this.searchNow())));
      },
    );
  }

  private showHint(): void {
    this.summary.textContent = 'Find what you did by function, file or commit message.';
  }

  private renderResults(): void {
    const count = this.items.length;
    this.summary.textContent = count === 0 ? `No memories match “${truncate(this.lastQuery, 40)}”.` : `${count} ${count === 1 ? 'memory' : 'memories'} found.`;
    const now = Date.now();
    replaceChildren(this.results, ...this.items.map((item) => this.resultItem(item, now)));
  }

  private resultItem(item: DashboardRecallItem, now: number): HTMLLIElement {
    const memory = item.memory;
    const where = memory.symbol ? `${memory.symbol}${memory.file ? ` · ${splitPath(memory.file).name}` : ''}` : memory.file ? splitPath(memory.file).name : '';
    const why = explainRecall(item.why);
    const remove = h('button', { class: 'button secondary small delete', type: 'button', 'aria-label': `Delete memory: ${truncate(memory.text, 60)}` }, 'Delete');
    const actions = h('div', { class: 'result-actions' }, remove);
    const li = h(
      'li',
      { class: 'result', 'data-id': memory.id },
      h('p', { class: 'result-text', title: truncate(memory.text, TITLE_CHARS) }, truncate(memory.text, TEXT_CHARS)),
      h(
        'div',
        { class: 'result-meta' },
        h('span', { class: 'badge' }, memory.source),
        h('span', { class: 'result-time', title: formatDateTime(memory.timestamp) }, formatRelativeTime(memory.timestamp, now)),
        where && h('span', { class: 'result-where', title: [memory.symbol, memory.file].filter(Boolean).join(' in ') }, where),
        actions,
      ),
      why && h('p', { class: 'result-why', title: `Score ${item.score.toFixed(3)}\n${explainRecallFully(item.why)}` }, `Why: ${why}`),
    );
    remove.addEventListener('click', () => this.confirmDelete(li, actions, memory.id));
    return li;
  }

  /** Swaps the Delete button for "Delete for good? [Delete] [Cancel]"; Escape or Cancel puts it back. */
  private confirmDelete(li: HTMLLIElement, actions: HTMLElement, id: string): void {
    const original = [...actions.childNodes];
    const question = h('span', { class: 'confirm-text', id: `confirm-${cssSafe(id)}` }, 'Delete for good?');
    const yes = h('button', { class: 'button danger small confirm-delete', type: 'button', 'aria-describedby': question.id }, 'Delete');
    const no = h('button', { class: 'button secondary small confirm-cancel', type: 'button' }, 'Cancel');
    const group = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm deletion' }, question, yes, no);
    const restore = () => {
      actions.classList.remove('confirming');
      replaceChildren(actions, ...original);
      (actions.querySelector('button.delete') as HTMLButtonElement | null)?.focus();
    };
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        restore();
      }
    });
    no.addEventListener('click', restore);
    yes.addEventListener('click', () => void this.delete(li, actions, group, id));
    actions.classList.add('confirming');
    replaceChildren(actions, group);
    // Focus the safe choice: an Enter pressed out of habit does not delete.
    no.focus();
  }

  private async delete(li: HTMLLIElement, actions: HTMLElement, group: HTMLElement, id: string): Promise<void> {
    const yes = group.querySelector('button.confirm-delete') as HTMLButtonElement;
    const no = group.querySelector('button.confirm-cancel') as HTMLButtonElement;
    if (yes.getAttribute('aria-disabled') === 'true') return;
    yes.setAttribute('aria-disabled', 'true');
    no.disabled = true;
    yes.textContent = 'Deleting…';
    try {
      const deleted = await this.actions.forget(id);
      const index = this.items.findIndex((item) => item.memory.id === id);
      if (index >= 0) this.items.splice(index, 1);
      // Move focus to where the user was: the next result's Delete, else the previous, else the search box.
      const next = (li.nextElementSibling ?? li.previousElementSibling)?.querySelector('button.delete') as HTMLButtonElement | null;
      li.remove();
      const remaining = this.items.length;
      this.summary.textContent = `${deleted ? 'Memory deleted.' : 'That memory was already gone.'} ${remaining} ${remaining === 1 ? 'memory' : 'memories'} left in these results.`;
      this.actions.announce(deleted ? 'Memory deleted.' : 'That memory was already gone.');
      (next ?? this.input).focus();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      actions.querySelector('.error')?.remove();
      actions.insertBefore(errorBox(message), group);
      yes.textContent = 'Try again';
      yes.removeAttribute('aria-disabled');
      no.disabled = false;
      this.actions.announce(message);
      yes.focus();
    }
  }
}

function cssSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
