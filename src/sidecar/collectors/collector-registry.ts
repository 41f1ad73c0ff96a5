/**
 * The collectors Twin ships, as the sidecar and the CLI know them: each one's description (what it
 * captures, shown before consent) and how to build it for the settings in force (config.json's
 * `collectors`). Built-in exclusions (password managers, private windows, sensitive domains) always apply;
 * the settings only add to them.
 */
import { BROWSER_COLLECTOR_DESCRIPTION, BrowserCollector, DEFAULT_DENIED_DOMAINS } from '../../core/collectors/browser';
import type { CollectorDescription } from '../../core/collectors/collector';
import { MAIL_COLLECTOR_DESCRIPTION, MailCollector } from '../../core/collectors/mail-collector';
import { SCREEN_COLLECTOR_DESCRIPTION, ScreenCollector } from '../../core/collectors/screen';
import type { CollectorDefinition } from './collector-host';
import type { CollectorSecrets } from './collector-secrets';

export function builtInCollectors(secrets: CollectorSecrets): CollectorDefinition[] {
  const screen: CollectorDefinition<'screen'> = {
    description: SCREEN_COLLECTOR_DESCRIPTION as CollectorDescription & { id: 'screen' },
    create: (settings) =>
      new ScreenCollector({
        exclusions: { apps: settings.excludeApps, titles: settings.excludeTitles },
        ocr: { enabled: settings.ocr.enabled, intervalMs: settings.ocr.intervalMs },
      }),
  };
  const browser: CollectorDefinition<'browser'> = {
    description: BROWSER_COLLECTOR_DESCRIPTION as CollectorDescription & { id: 'browser' },
    create: (settings) =>
      new BrowserCollector({
        deniedDomains: [...DEFAULT_DENIED_DOMAINS, ...settings.denyDomains],
        extraProfiles: settings.profiles,
      }),
  };
  const mail: CollectorDefinition<'mail'> = {
    description: MAIL_COLLECTOR_DESCRIPTION as CollectorDescription & { id: 'mail' },
    create: (settings) => {
      if (!settings.host || !settings.user) {
        throw new Error('no mailbox is configured: set twin.collectors.mail.host and .user in VS Code (or collectors.mail in TWIN_HOME/config.json)');
      }
      return new MailCollector({
        account: { host: settings.host, port: settings.port, user: settings.user, tls: settings.tls },
        credentials: () => secrets.mailCredentials(),
        intervalMs: settings.intervalMs,
      });
    },
  };
  return [screen, browser, mail] as CollectorDefinition[];
}
