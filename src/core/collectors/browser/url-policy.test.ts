import * as assert from 'node:assert/strict';
import { UrlPolicy } from './url-policy';

const stored = (policy: UrlPolicy, url: string) => {
  const verdict = policy.judge(url);
  return verdict.stored ? verdict.clean.url : `(not stored: ${verdict.reason})`;
};

describe('UrlPolicy', () => {
  const policy = new UrlPolicy();

  it('stores only http and https pages', () => {
    for (const url of ['chrome://settings/', 'about:blank', 'file:///home/me/secret.txt', 'data:text/html,hi', 'javascript:alert(1)', 'edge://history', 'chrome-extension://abc/popup.html', 'blob:https://x.com/1']) {
      assert.equal(stored(policy, url), '(not stored: scheme)', url);
    }
    assert.equal(stored(policy, 'not a url'), '(not stored: invalid)');
  });

  it('keeps only allowlisted query parameters and drops fragments and credentials', () => {
    assert.equal(
      stored(policy, 'https://user:hunter2@app.example.com/cb?code=4/0Ab&state=xyz&password=p&key=k&api_key=a&sid=1&q=rust+async&tab=files#access_token=t'),
      'https://app.example.com/cb?q=rust+async&tab=files',
    );
    assert.equal(stored(policy, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&t=42'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  });

  it('masks path segments that look like one-time tokens but keeps commit hashes', () => {
    assert.equal(stored(policy, 'https://example.com/reset-password/Zx8dK2pQm9LwR4tY7uB3nV6cX1'), 'https://example.com/reset-password/[token]');
    assert.equal(
      stored(policy, 'https://github.com/acme/app/commit/3f9a1c2b4d5e6f708192a3b4c5d6e7f809a1b2c3'),
      'https://github.com/acme/app/commit/3f9a1c2b4d5e6f708192a3b4c5d6e7f809a1b2c3',
    );
  });

  it('refuses the default denied domains', () => {
    for (const url of ['https://accounts.google.com/signin', 'https://login.microsoftonline.com/x', 'https://mail.google.com/mail/u/0', 'https://www.mybank.com/', 'https://online.bank/', 'https://my.health-portal.org/', 'https://web.whatsapp.com/', 'https://vault.bitwarden.com/']) {
      assert.equal(stored(policy, url), '(not stored: denied-domain)', url);
    }
    for (const url of ['https://github.com/', 'http://localhost:3000/', 'https://developer.mozilla.org/']) assert.notEqual(stored(policy, url).startsWith('(not'), true, url);
  });

  it('matches configured globs against the host: exact domains cover subdomains, * spans dots', () => {
    const custom = new UrlPolicy({ deniedDomains: ['example.com', 'intranet.*', '*.corp'] });
    assert.equal(custom.deniedBy('example.com'), 'example.com');
    assert.equal(custom.deniedBy('docs.EXAMPLE.com'), 'example.com');
    assert.equal(custom.deniedBy('notexample.com'), undefined);
    assert.equal(custom.deniedBy('intranet.acme.io'), 'intranet.*');
    assert.equal(custom.deniedBy('wiki.eu.corp'), '*.corp');
    assert.equal(custom.deniedBy('accounts.google.com'), undefined, 'a configured list replaces the defaults');
  });
});
