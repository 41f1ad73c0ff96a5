import assert from 'node:assert/strict';
import type { ListResponse } from 'imapflow';
import { rolesFromList } from './mailbox-roles';

function box(path: string, flags: string[] = [], specialUse?: string, specialUseSource?: ListResponse['specialUseSource']): ListResponse {
  const name = path.split('/').pop()!;
  return { path, pathAsListed: path, name, delimiter: '/', parent: path.split('/').slice(0, -1), parentPath: path.split('/').slice(0, -1).join('/'), flags: new Set(flags), listed: true, subscribed: true, ...(specialUse ? { specialUse, specialUseSource } : {}) };
}

describe('mailbox roles', () => {
  it('prefers the special-use flags the server sets', () => {
    const roles = rolesFromList([box('INBOX', [], '\\Inbox', 'name'), box('Sent Items'), box('Outbox', ['\\Sent'], '\\Sent', 'extension'), box('Entwürfe', ['\\Drafts'], '\\Drafts', 'extension')]);
    assert.deepEqual(roles, { inbox: 'INBOX', sent: 'Outbox', drafts: 'Entwürfe' });
  });

  it('falls back to the usual names when the server sets no flags', () => {
    assert.deepEqual(rolesFromList([box('INBOX'), box('[Gmail]/Sent Mail'), box('[Gmail]/Drafts')]), { inbox: 'INBOX', sent: '[Gmail]/Sent Mail', drafts: '[Gmail]/Drafts' });
    assert.deepEqual(rolesFromList([box('INBOX'), box('Gesendet'), box('Archive')]), { inbox: 'INBOX', sent: 'Gesendet' });
  });
});
