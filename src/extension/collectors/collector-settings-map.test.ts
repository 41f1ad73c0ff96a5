import * as assert from 'node:assert/strict';
import { collectorChanges } from './collector-settings-map';

describe('VS Code collector settings → sidecar', () => {
  it('sends only what the user set, in the sidecar’s shape (OCR seconds become an interval in ms)', () => {
    const set: Record<string, unknown> = {
      'collectors.screen.enabled': true,
      'collectors.screen.ocrIntervalSeconds': 30,
      'collectors.screen.excludeApps': ['Signal'],
      'collectors.mail.host': 'imap.example.com',
      'collectors.mail.port': 143,
      'collectors.mail.tls': false,
    };
    assert.deepEqual(collectorChanges((key) => set[key]), [
      { id: 'screen', enabled: true, options: { ocr: { intervalMs: 30_000 }, excludeApps: ['Signal'] } },
      { id: 'mail', options: { host: 'imap.example.com', port: 143, tls: false } },
    ]);
  });

  it('sends nothing when nothing was set, so config.json (or `twin collectors`) stays in force', () => {
    assert.deepEqual(collectorChanges(() => undefined), []);
  });
});
