import assert from 'node:assert/strict';
import type { TempGitRepo } from '../git/test-support/temp-git-repo';
import { openTempTwin } from '../test-support/temp-twin';
import type { Twin } from '../twin';
import { selectCodeExemplars } from './code-exemplars';
import { exemplarAdjustments } from './feedback';
import { buildCodeStyleRepo, ME } from './test-support/code-repos';

describe('selectCodeExemplars', function () {
  this.timeout(60_000);
  let repo: TempGitRepo;
  let twin: Twin;
  let cleanup: () => Promise<void>;

  before(async () => {
    repo = buildCodeStyleRepo();
    ({ twin, cleanup } = await openTempTwin());
  });
  after(async () => {
    await cleanup?.();
    repo?.cleanup();
  });

  it("shows the user's own functions nearest to the task, never someone else's", async () => {
    const selected = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task: 'retry the request with backoff', authorEmails: [ME] });
    assert.equal(selected.ownership, 'yours');
    assert.equal(selected.exemplars[0].id, 'src/retry.ts#withRetry');
    assert.equal(selected.exemplars[0].startLine, 1);
    assert.match(selected.exemplars[0].code, /^export async function withRetry/);
    assert.ok(selected.exemplars.every((exemplar) => !exemplar.path.startsWith('src/legacy/')), 'the file another author wrote is not an example of my code');
    assert.ok(selected.exemplars.length <= 4);
  });

  it('lets the repository stand in when none of its files in that language are the user’s', async () => {
    const selected = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task: 'retry forever with backoff', authorEmails: ['nobody@example.com'] });
    assert.equal(selected.ownership, 'repository');
    assert.equal(selected.exemplars[0].id, 'src/legacy/retry-forever.ts#retryForeverWithBackoff');
  });

  it('puts the functions the user worked on (editor memories) first', async () => {
    const task = 'report a failed user request';
    const before = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task, authorEmails: [ME] });
    const saveBefore = before.exemplars.find((exemplar) => exemplar.name === 'saveUser');
    assert.ok(saveBefore);
    await twin.remember([
      {
        id: 'editor:edit-1',
        text: 'Edited saveUser in src/users.ts (typescript) for 6 min: +420 −30 characters, 2 saves',
        source: 'editor',
        file: 'src/users.ts',
        symbol: 'saveUser',
        meta: { event: 'edit', language: 'typescript', symbols: ['saveUser'] },
      },
    ]);
    const after = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task, authorEmails: [ME], twin });
    assert.equal(after.exemplars[0].name, 'saveUser');
    assert.ok(after.exemplars[0].similarity > saveBefore.similarity);
    assert.ok(after.exemplars[0].reasons.includes('you worked on saveUser'));
    assert.ok(after.memories.some((result) => result.memory.id === 'editor:edit-1'));
  });

  it('never offers the selected code as its own example, and prefers its file', async () => {
    const selected = await selectCodeExemplars({
      repository: repo.root,
      language: 'typescript',
      task: 'make it retry',
      selection: { text: 'export async function fetchUser(id: string)', path: `${repo.root}/src/users.ts`, startLine: 3, endLine: 9 },
      authorEmails: [ME],
    });
    assert.ok(!selected.exemplars.some((exemplar) => exemplar.name === 'fetchUser'));
    const save = selected.exemplars.find((exemplar) => exemplar.name === 'saveUser');
    assert.ok(save?.reasons.includes('same file as the selection'));
  });

  it('moves exemplars by the verdicts on earlier code drafts', async () => {
    const task = 'retry the request with backoff';
    const plain = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task, authorEmails: [ME] });
    assert.equal(plain.exemplars[0].id, 'src/retry.ts#withRetry');
    const adjustments = exemplarAdjustments([
      { draftId: 'd1', channel: 'code', verdict: 'down', exemplarIds: ['src/retry.ts#withRetry'], at: '2026-11-22T10:00:00Z' },
      { draftId: 'd2', channel: 'code', verdict: 'down', exemplarIds: ['src/retry.ts#withRetry'], at: '2026-11-22T10:01:00Z' },
    ], 'code');
    const shifted = await selectCodeExemplars({ repository: repo.root, language: 'typescript', task, authorEmails: [ME], adjustments });
    const index = shifted.exemplars.findIndex((exemplar) => exemplar.id === 'src/retry.ts#withRetry');
    assert.notEqual(index, 0);
    if (index > 0) assert.ok(shifted.exemplars[index].reasons.includes('you disliked drafts that used it'));
  });
});
