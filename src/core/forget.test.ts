import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesContaining, openTempTwin } from './test-support/temp-twin';
import { Twin } from './twin';

/**
 * Forgetting is checked on the bytes on disk: every check first proves the text IS in some file before
 * forgetting (so a storage format that hid it would not make the test pass vacuously), then that no file
 * under the data folder holds it afterwards.
 */
describe('Forgetting', function () {
  let twin: Twin;
  let home: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ twin, home, cleanup } = await openTempTwin());
    const background = Array.from({ length: 300 }, (_, index) => ({
      text: `Background memory ${index}: reviewed pull request ${1000 + index} about caching layer number ${index % 17}`,
      source: index % 2 ? 'git' : 'editor',
    }));
    await twin.remember(background);
  });
  afterEach(async () => cleanup());

  it('forgets a memory by id so no file on disk still holds its text', async () => {
    const [secretish] = await twin.remember([{ text: 'My therapist appointment moved to Wednesday 4pm, zanzibarquokka', source: 'note' }]);
    assert.notDeepEqual(filesContaining(home, 'zanzibarquokka'), [], 'positive control: the text is on disk before forgetting');
    const report = await twin.forget({ ids: [secretish.id] });
    assert.equal(report.forgotten, 1);
    assert.deepEqual(filesContaining(home, 'zanzibarquokka'), []);
    assert.deepEqual(filesContaining(home, 'therapist appointment'), []);
    assert.ok((await twin.recall('therapist appointment')).every((result) => result.memory.id !== secretish.id));
    assert.equal((await twin.stats()).total, 300);
  });

  it('forgets every memory whose text contains a phrase, and keeps the others', async () => {
    await twin.remember([
      { text: 'Interview loop for the Falconridge acquisition is confidential', source: 'email' },
      { text: 'Falconridge data room access granted to legal only', source: 'slack' },
    ]);
    assert.notDeepEqual(filesContaining(home, 'Falconridge'), []);
    const report = await twin.forget({ query: 'falconridge' });
    assert.equal(report.forgotten, 2);
    assert.deepEqual(filesContaining(home, 'Falconridge'), []);
    assert.equal((await twin.stats()).total, 300);
    const [survivor] = await twin.recall('pull request 1005 caching layer');
    assert.match(survivor.memory.text, /pull request 1005/);
  });

  it('forgets everything from one source', async () => {
    await twin.remember([{ text: 'Browsing: quarterly OKR planning doc for the xylophonic team', source: 'browser' }]);
    const report = await twin.forget({ source: 'browser' });
    assert.equal(report.forgotten, 1);
    assert.deepEqual(filesContaining(home, 'xylophonic'), []);
    assert.equal((await twin.stats()).bySource.browser, undefined);
  });

  it('forgets everything, leaving an empty twin that still works', async () => {
    assert.notDeepEqual(filesContaining(home, 'caching layer'), []);
    const report = await twin.forget({ all: true });
    assert.equal(report.forgotten, 300);
    assert.deepEqual(filesContaining(home, 'caching layer'), []);
    assert.equal((await twin.stats()).total, 0);
    await twin.remember([{ text: 'A fresh start after forgetting everything' }]);
    assert.equal((await twin.recall('fresh start'))[0].memory.text, 'A fresh start after forgetting everything');
  });

  it('removes pre-migration backups, which would otherwise keep a copy of the forgotten text', async () => {
    const [memory] = await twin.remember([{ text: 'Salary negotiation notes for the marmalade review', source: 'note' }]);
    const backup = path.join(home, 'backups', 'schema-v0-test');
    fs.mkdirSync(backup, { recursive: true });
    fs.writeFileSync(path.join(backup, 'copy.txt'), 'Salary negotiation notes for the marmalade review');
    const report = await twin.forget({ ids: [memory.id] });
    assert.equal(report.removedBackups, 1);
    assert.deepEqual(filesContaining(home, 'marmalade'), []);
  });

  it('reports ids it does not know instead of pretending', async () => {
    const report = await twin.forget({ ids: ['no-such-memory'] });
    assert.equal(report.forgotten, 0);
    assert.deepEqual(report.missing, ['no-such-memory']);
  });
});
