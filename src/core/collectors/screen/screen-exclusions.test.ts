import * as assert from 'node:assert/strict';

import { ScreenExclusionError, ScreenExclusions } from './screen-exclusions';

function window(title: string, names: string[] = ['xterm'], flags: string[] = []) {
  return { title, names, flags };
}

describe('ScreenExclusions', () => {
  const defaults = new ScreenExclusions();

  it('excludes password managers by any name the application goes by', () => {
    assert.equal(defaults.excludes(window('Passwords.kdbx - KeePassXC', ['keepassxc'])), true);
    assert.equal(defaults.excludes(window('Vault', ['xterm', 'keepassxc', 'XTerm'.toLowerCase()])), true, 'by WM_CLASS instance');
    assert.equal(defaults.excludes(window('Bitwarden', ['bitwarden'])), true);
    assert.equal(defaults.excludes(window('Unlock', ['gcr-prompter'])), true, 'the keyring unlock prompt');
    assert.equal(defaults.excludes(window('Passwords and Keys', ['seahorse'])), true);
    assert.equal(defaults.excludes(window('Some page', ['1password (/home/me/.config)'])), true, 'leading word of a WM_CLASS');
  });

  it('excludes private and incognito windows by title or by a private-mode launch', () => {
    assert.equal(defaults.excludes(window('Bank — Mozilla Firefox Private Browsing', ['firefox-esr'])), true);
    assert.equal(defaults.excludes(window('New Incognito Tab - Google Chrome', ['chrome'])), true);
    assert.equal(defaults.excludes(window('Bing [InPrivate] - Microsoft Edge', ['msedge'])), true);
    assert.equal(defaults.excludes(window('Docs - Chromium', ['chromium'], ['--incognito'])), true);
    assert.equal(defaults.excludes(window('Docs - Chromium', ['chromium'], ['--no-sandbox'])), false);
  });

  it('excludes `pass` in a terminal title but not words that merely contain it', () => {
    assert.equal(defaults.excludes(window('me@box: pass show github/me')), true);
    assert.equal(defaults.excludes(window('gopass edit work/vpn')), true);
    assert.equal(defaults.excludes(window('vim bypass.ts')), false);
    assert.equal(defaults.excludes(window('passenger list - LibreOffice Calc', ['soffice.bin'])), false);
  });

  it('keeps ordinary windows', () => {
    assert.equal(defaults.excludes(window('notes.md - vim')), false);
    assert.equal(defaults.excludes(window('Pull request #12 - Chromium', ['chromium'])), false);
  });

  it('adds configured apps and title patterns, plain or /regex/', () => {
    const custom = new ScreenExclusions({ apps: ['Slack'], titles: ['payroll', '/^HR: .*/i'] });
    assert.equal(custom.excludes(window('general', ['slack'])), true);
    assert.equal(custom.excludes(window('Payroll 2026.xlsx')), true);
    assert.equal(custom.excludes(window('hr: reviews')), true);
    assert.equal(custom.excludes(window('KeePassXC', ['keepassxc'])), true, 'defaults stay');
    const only = new ScreenExclusions({ includeDefaults: false, titles: ['payroll'] });
    assert.equal(only.excludes(window('Private Browsing')), false);
  });

  it('refuses an invalid regular expression with a message that says where to fix it', () => {
    assert.throws(() => new ScreenExclusions({ titles: ['/([a-z/'] }), (error: unknown) => {
      assert.ok(error instanceof ScreenExclusionError);
      assert.match(error.message, /"\/\(\[a-z\/" is not a valid regular expression .*excluded titles/);
      return true;
    });
  });
});
