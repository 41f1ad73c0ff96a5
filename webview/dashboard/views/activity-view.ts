import type { ActivityRange, ActivitySummary } from '../../../src/extension/dashboard/protocol';
import { barsSvg, heatmapSvg } from '../charts';
import { errorBox, h, replaceChildren, setChart } from '../dom';
import {
  dayAfter,
  firstLine,
  formatCount,
  formatDateTime,
  formatMinutes,
  formatRelativeTime,
  languageName,
  splitPath,
  weekdayLong,
  weekdayShort,
} from '../format';

/** Lists stay short whatever the backend sends: a sidebar is for the top of each. */
export const ACTIVITY_CAPS = { languages: 6, files: 8, symbols: 8, commits: 8, commitSymbols: 12 } as const;

export interface ActivityActions {
  load(range: ActivityRange): Promise<ActivitySummary>;
  rangeChanged(range: ActivityRange): void;
}

/** Whether the empty state should say why nothing is recorded. */
export interface ObservationContext {
  paused: boolean;
  trusted: boolean;
}

type Loaded = { summary: ActivitySummary; loadedAt: number } | { error: string };

const RANGE_LABELS: Record<ActivityRange, string> = { today: 'Today', week: 'This week' };

/** Today / This week: totals, the hour heatmap, languages, files, symbols and recent commits. */
export class ActivityView {
  readonly element = h('section', { class: 'section activity', 'aria-labelledby': 'activity-heading' });
  private readonly body = h('div', { class: 'activity-body', 'aria-live': 'off' });
  private readonly rangeButtons = new Map<ActivityRange, HTMLButtonElement>();
  private readonly loaded = new Map<ActivityRange, Loaded>();
  private readonly inflight = new Map<ActivityRange, Promise<void>>();
  private context: ObservationContext = { paused: false, trusted: true };
  private chartWidth = 0;
  private heatmapHost: HTMLElement | undefined;
  private languagesHost: HTMLElement | undefined;

  constructor(
    private range: ActivityRange,
    private readonly actions: ActivityActions,
  ) {
    const switcher = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Activity range' });
    for (const value of ['today', 'week'] as const) {
      const button = h('button', { class: 'segment', type: 'button', 'aria-pressed': String(value === range) }, RANGE_LABELS[value]);
      button.addEventListener('click', () => this.selectRange(value));
      this.rangeButtons.set(value, button);
      switcher.appendChild(button);
    }
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'activity-heading' }, 'Activity'), switcher), this.body);
    this.renderLoading();
    // Charts are laid out in pixels for their width: redraw when the sidebar is resized.
    if (typeof ResizeObserver !== 'undefined') {
      let frame = 0;
      new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => this.redrawChartsIfResized());
      }).observe(this.body);
    }
  }

  get currentRange(): ActivityRange {
    return this.range;
  }

  setContext(context: ObservationContext): void {
    const changed = context.paused !== this.context.paused || context.trusted !== this.context.trusted;
    this.context = context;
    const shown = this.loaded.get(this.range);
    if (changed && shown && 'summary' in shown && isEmpty(shown.summary)) this.render();
  }

  /** Loads the shown range (again, when `force`); the other range is dropped so it reloads when chosen. */
  refresh(force = true): Promise<void> {
    if (force) {
      for (const range of this.loaded.keys()) if (range !== this.range) this.loaded.delete(range);
    }
    return this.load(this.range, force);
  }

  private selectRange(range: ActivityRange): void {
    if (range === this.range) return;
    this.range = range;
    for (const [value, button] of this.rangeButtons) button.setAttribute('aria-pressed', String(value === range));
    this.actions.rangeChanged(range);
    if (this.loaded.has(range)) this.render();
    else void this.load(range, false);
  }

  private load(range: ActivityRange, force: boolean): Promise<void> {
    const running = this.inflight.get(range);
    if (running) return running;
    if (!force && this.loaded.has(range)) return Promise.resolve();
    // Keep what is shown while reloading; show "Loading" only when there is nothing yet.
    if (range === this.range && !this.loaded.has(range)) this.renderLoading();
    const job = this.actions
      .load(range)
      .then(
        (summary) => this.loaded.set(range, { summary, loadedAt: Date.now() }),
        (err: unknown) => this.loaded.set(range, { error: err instanceof Error ? err.message : String(err) }),
      )
      .then(() => {
        if (range === this.range) this.render();
      })
      .finally(() => this.inflight.delete(range));
    this.inflight.set(range, job);
    return job;
  }

  private renderLoading(): void {
    this.body.setAttribute('aria-busy', 'true');
    replaceChildren(this.body, h('p', { class: 'muted loading' }, `Loading ${RANGE_LABELS[this.range].toLowerCase()}…`));
  }

  private render(): void {
    const shown = this.loaded.get(this.range);
    this.body.removeAttribute('aria-busy');
    this.heatmapHost = undefined;
    this.languagesHost = undefined;
    if (!shown) return this.renderLoading();
    if ('error' in shown) {
      replaceChildren(this.body, errorBox(shown.error, () => void this.load(this.range, true)));
      return;
    }
    const summary = shown.summary;
    this.body.dataset.range = this.range;
    if (isEmpty(summary)) {
      replaceChildren(this.body, this.emptyState());
      return;
    }
    this.heatmapHost = h('div', { class: 'chart-host heatmap-host' });
    this.languagesHost = h('div', { class: 'chart-host languages-host' });
    replaceChildren(
      this.body,
      totals(summary),
      subsection('By hour', this.heatmapHost, heatmapLegend()),
      subsection('Languages', this.languagesHost),
      summary.topFiles.length > 0 && subsection('Files', fileList(summary)),
      summary.topSymbols.length > 0 && subsection('Symbols', symbolList(summary)),
      summary.recentCommits.length > 0 && subsection('Recent commits', commitList(summary)),
    );
    this.chartWidth = 0;
    this.redrawChartsIfResized();
  }

  private redrawChartsIfResized(): void {
    const shown = this.loaded.get(this.range);
    if (!shown || !('summary' in shown) || !this.heatmapHost || !this.languagesHost) return;
    const width = Math.floor(this.body.clientWidth || 260);
    if (Math.abs(width - this.chartWidth) < 4) return;
    this.chartWidth = width;
    const summary = shown.summary;
    const rows = summary.heatmap.length;
    const days = Array.from({ length: rows }, (_, i) => dayAfter(summary.from, i));
    const today = new Date();
    const todayRow = days.findIndex((d) => d.toDateString() === today.toDateString());
    setChart(
      this.heatmapHost,
      heatmapSvg(summary.heatmap, {
        width,
        rowLabels: this.range === 'today' && rows === 1 ? ['Today'] : days.map(weekdayShort),
        rowTitles: days.map(weekdayLong),
        currentRow: rows > 1 && todayRow >= 0 ? todayRow : undefined,
      }),
    );
    setChart(
      this.languagesHost,
      barsSvg(
        summary.byLanguage.map((entry) => ({ label: languageName(entry.language), value: entry.minutes })),
        { width, maxBars: ACTIVITY_CAPS.languages, label: 'Time by language' },
      ),
    );
  }

  private emptyState(): HTMLElement {
    const when = this.range === 'today' ? 'today' : 'this week';
    const first = !this.context.trusted
      ? 'This workspace is not trusted, so Twin does not observe it. Trust the workspace, then start editing a file — Twin records edit sessions, navigation and commits, and they appear here.'
      : this.context.paused
        ? 'Observation is paused. Resume it above, then start editing a file in this workspace — Twin records edit sessions, navigation and commits, and they appear here.'
        : 'Start editing a file in this workspace — Twin records edit sessions, navigation and commits, and they appear here within a minute.';
    return h(
      'div',
      { class: 'empty-state' },
      h('p', { class: 'empty-title' }, `Nothing recorded ${when} yet`),
      h('p', {}, first),
      h('p', {}, 'Import your history: ', h('code', {}, 'twin learn <repo>'), ' reads your past commits in a repository.'),
    );
  }
}

export function isEmpty(summary: ActivitySummary): boolean {
  const active = summary.heatmap.some((row) => row.some((minutes) => minutes > 0));
  return (
    !active &&
    summary.totals.events === 0 &&
    summary.byLanguage.length === 0 &&
    summary.topFiles.length === 0 &&
    summary.topSymbols.length === 0 &&
    summary.recentCommits.length === 0
  );
}

/** A titled block of the activity section; `aside` sits at the right of the title (the heatmap's legend). */
function subsection(title: string, content: Node, aside?: Node): HTMLElement {
  const header = aside ? h('div', { class: 'subsection-header' }, h('h3', {}, title), aside) : h('h3', {}, title);
  return h('div', { class: 'subsection' }, header, content);
}

function totals(summary: ActivitySummary): HTMLElement {
  const t = summary.totals;
  const item = (label: string, value: string, title: string) => h('div', { class: 'total', title }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'dl',
    { class: 'totals' },
    item('Editing', formatMinutes(t.editMinutes), 'Time spent typing in files'),
    item('Reading', formatMinutes(t.dwellMinutes), 'Time spent looking at files without typing'),
    item('Jumps', formatCount(t.jumps), 'Moves between files and symbols'),
    item('Commits', formatCount(t.commits), 'Commits you made'),
  );
}

function heatmapLegend(): HTMLElement {
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' }, h('span', {}, 'less'));
  for (let level = 0; level <= 4; level++) legend.appendChild(h('span', { class: `legend-cell l${level}` }));
  legend.appendChild(h('span', {}, 'more'));
  return legend;
}

function fileList(summary: ActivitySummary): HTMLElement {
  const list = h('ol', { class: 'rank-list files', 'aria-label': 'Most edited files' });
  for (const entry of summary.topFiles.slice(0, ACTIVITY_CAPS.files)) {
    const { name, folder } = splitPath(entry.file);
    list.appendChild(
      h(
        'li',
        { class: 'rank-item', title: `${entry.file}\n${formatMinutes(entry.minutes)}, ${editCount(entry.edits)}` },
        h('span', { class: 'rank-main' }, h('span', { class: 'rank-name' }, name), folder && h('span', { class: 'rank-folder' }, folder)),
        h('span', { class: 'rank-meta' }, formatMinutes(entry.minutes), h('span', { class: 'visually-hidden' }, `, ${editCount(entry.edits)}`)),
      ),
    );
  }
  return list;
}

function symbolList(summary: ActivitySummary): HTMLElement {
  const list = h('ol', { class: 'rank-list symbols', 'aria-label': 'Most edited symbols' });
  for (const entry of summary.topSymbols.slice(0, ACTIVITY_CAPS.symbols)) {
    list.appendChild(
      h(
        'li',
        { class: 'rank-item', title: `${entry.symbol} in ${entry.file}\n${formatMinutes(entry.minutes)}, ${editCount(entry.edits)}` },
        h('span', { class: 'rank-main' }, h('span', { class: 'rank-name symbol' }, entry.symbol), h('span', { class: 'rank-folder' }, splitPath(entry.file).name)),
        h('span', { class: 'rank-meta' }, formatMinutes(entry.minutes), h('span', { class: 'visually-hidden' }, `, ${editCount(entry.edits)}`)),
      ),
    );
  }
  return list;
}

function editCount(edits: number): string {
  return `${formatCount(edits)} ${edits === 1 ? 'edit' : 'edits'}`;
}

function commitList(summary: ActivitySummary): HTMLElement {
  const now = Date.now();
  const list = h('ol', { class: 'commit-list', 'aria-label': 'Recent commits' });
  for (const commit of summary.recentCommits.slice(0, ACTIVITY_CAPS.commits)) {
    const message = firstLine(commit.message) || '(no message)';
    const symbols = commit.symbols.slice(0, ACTIVITY_CAPS.commitSymbols);
    const title = [
      commit.message.trim(),
      '',
      `${commit.hash} · ${formatDateTime(commit.time)}${commit.branch ? ` · ${commit.branch}` : ''}`,
      `${commit.files} ${commit.files === 1 ? 'file' : 'files'}, +${commit.insertions} −${commit.deletions}`,
      symbols.length ? `Symbols: ${symbols.join(', ')}${commit.symbols.length > symbols.length ? ', …' : ''}` : '',
    ]
      .filter((line, i) => line || i === 1)
      .join('\n');
    list.appendChild(
      h(
        'li',
        { class: 'commit', title },
        h('div', { class: 'commit-message' }, message),
        h(
          'div',
          { class: 'commit-meta' },
          h('code', { class: 'hash' }, commit.hash.slice(0, 7)),
          h('span', {}, formatRelativeTime(commit.time, now)),
          commit.branch && h('span', { class: 'branch' }, commit.branch),
          h(
            'span',
            { class: 'diffstat', 'aria-label': `${commit.insertions} insertions, ${commit.deletions} deletions` },
            h('span', { class: 'ins' }, `+${formatCount(commit.insertions)}`),
            ' ',
            h('span', { class: 'del' }, `−${formatCount(commit.deletions)}`),
          ),
        ),
      ),
    );
  }
  return list;
}
