import type { AppsAndSites } from '../../../src/extension/dashboard/protocol';
import { errorBox, h, replaceChildren } from '../dom';
import { formatCount, formatMinutes } from '../format';

export interface AppsSitesActions {
  load(): Promise<AppsAndSites>;
}

/** Today's applications (screen collector, by minutes) and sites (browser collector, by visits). */
export class AppsSitesView {
  readonly element = h('section', { class: 'section apps-sites', 'aria-labelledby': 'apps-sites-heading' });
  private readonly body = h('div', { class: 'apps-sites-body' });
  private shown: AppsAndSites | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly actions: AppsSitesActions) {
    this.element.append(h('div', { class: 'section-header' }, h('h2', { id: 'apps-sites-heading' }, 'Apps & sites'), h('span', { class: 'muted small' }, 'Today')), this.body);
    replaceChildren(this.body, h('p', { class: 'muted loading' }, 'Loading today’s apps and sites…'));
  }

  refresh(): Promise<void> {
    this.loading ??= this.actions
      .load()
      .then(
        (summary) => {
          this.shown = summary;
          this.render(summary);
        },
        (err: unknown) => {
          if (!this.shown) replaceChildren(this.body, errorBox(err instanceof Error ? err.message : String(err), () => void this.refresh()));
        },
      )
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private render(summary: AppsAndSites): void {
    if (summary.apps.length === 0 && summary.sites.length === 0) {
      replaceChildren(
        this.body,
        h('p', { class: 'muted' }, 'No screen or browser activity today. Turn on the Screen or Browser collector (and allow it) to see where your day goes outside the editor.'),
      );
      return;
    }
    replaceChildren(
      this.body,
      summary.apps.length > 0 &&
        h(
          'div',
          { class: 'subsection' },
          h('h3', {}, 'Apps'),
          h(
            'ol',
            { class: 'rank-list apps', 'aria-label': 'Applications by time today' },
            ...summary.apps.map((entry) =>
              h(
                'li',
                { class: 'rank-item', title: `${entry.app}\n${formatMinutes(entry.minutes)} in ${formatCount(entry.sessions)} ${entry.sessions === 1 ? 'session' : 'sessions'}` },
                h('span', { class: 'rank-main' }, h('span', { class: 'rank-name' }, entry.app)),
                h('span', { class: 'rank-meta' }, formatMinutes(entry.minutes)),
              ),
            ),
          ),
        ),
      summary.sites.length > 0 &&
        h(
          'div',
          { class: 'subsection' },
          h('h3', {}, 'Sites'),
          h(
            'ol',
            { class: 'rank-list sites', 'aria-label': 'Sites by visits today' },
            ...summary.sites.map((entry) =>
              h(
                'li',
                { class: 'rank-item', title: `${entry.domain}\n${visits(entry.visits)}${entry.minutes > 0 ? `, ${formatMinutes(entry.minutes)}` : ''}` },
                h('span', { class: 'rank-main' }, h('span', { class: 'rank-name' }, entry.domain)),
                h('span', { class: 'rank-meta' }, visits(entry.visits)),
              ),
            ),
          ),
        ),
    );
  }
}

function visits(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'visit' : 'visits'}`;
}
