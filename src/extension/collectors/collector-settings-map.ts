/**
 * How the VS Code settings `twin.collectors.*` map onto the sidecar's collector settings (config.json).
 * Only settings the user set explicitly are sent: one never touched in VS Code leaves what `twin
 * collectors` or config.json says alone, instead of overwriting it with VS Code's default.
 *
 * No `vscode` import: the extension passes a reader over `WorkspaceConfiguration.inspect`, tests a map.
 */
import type { CollectorIdName } from '../../core/protocol/dashboard';

/** A setting's value as the user set it (user settings only), or undefined when only the default applies. */
export type ExplicitSetting = (key: string) => unknown;

export interface CollectorChange {
  id: CollectorIdName;
  enabled?: boolean;
  options?: Record<string, unknown>;
}

/** Every `twin.collectors.*` key the extension contributes (without the `twin.` prefix). */
export const COLLECTOR_SETTING_KEYS = [
  'collectors.screen.enabled',
  'collectors.screen.ocr',
  'collectors.screen.ocrIntervalSeconds',
  'collectors.screen.excludeApps',
  'collectors.screen.excludeTitles',
  'collectors.browser.enabled',
  'collectors.browser.denyDomains',
  'collectors.mail.enabled',
  'collectors.mail.host',
  'collectors.mail.port',
  'collectors.mail.user',
  'collectors.mail.tls',
] as const;

/** The changes to send for each collector with at least one explicit setting. */
export function collectorChanges(explicit: ExplicitSetting): CollectorChange[] {
  const changes: CollectorChange[] = [];
  const push = (id: CollectorIdName, enabled: unknown, options: Record<string, unknown>) => {
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    const change: CollectorChange = { id };
    if (typeof enabled === 'boolean') change.enabled = enabled;
    if (Object.keys(defined).length > 0) change.options = defined;
    if (change.enabled !== undefined || change.options) changes.push(change);
  };

  const ocrEnabled = explicit('collectors.screen.ocr');
  const ocrSeconds = explicit('collectors.screen.ocrIntervalSeconds');
  const ocr =
    ocrEnabled !== undefined || ocrSeconds !== undefined
      ? {
          ...(typeof ocrEnabled === 'boolean' ? { enabled: ocrEnabled } : {}),
          ...(typeof ocrSeconds === 'number' ? { intervalMs: Math.round(ocrSeconds * 1000) } : {}),
        }
      : undefined;
  push('screen', explicit('collectors.screen.enabled'), {
    ocr,
    excludeApps: explicit('collectors.screen.excludeApps'),
    excludeTitles: explicit('collectors.screen.excludeTitles'),
  });
  push('browser', explicit('collectors.browser.enabled'), { denyDomains: explicit('collectors.browser.denyDomains') });
  push('mail', explicit('collectors.mail.enabled'), {
    host: explicit('collectors.mail.host'),
    port: explicit('collectors.mail.port'),
    user: explicit('collectors.mail.user'),
    tls: explicit('collectors.mail.tls'),
  });
  return changes;
}

/** The setting that turns a collector on or off (what the dashboard's toggle writes). */
export function enabledSettingKey(id: CollectorIdName): string {
  return `collectors.${id}.enabled`;
}
