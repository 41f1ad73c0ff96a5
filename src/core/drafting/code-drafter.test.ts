import assert from 'node:assert/strict';
import type { TempGitRepo } from '../git/test-support/temp-git-repo';
import { OpenAICompatibleProvider } from '../models/openai-compatible-provider';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../models/test-support/fake-openai-server';
import { makeTempHome } from '../test-support/temp-twin';
import { draftCode, extractCode } from './code-drafter';
import { feedbackOnDraft, readFeedback, recordDraft } from './feedback';
import { buildCodeStyleRepo, ME, RETRY_TS } from './test-support/code-repos';

const IN_MY_STYLE = "```typescript\nexport async function fetchTeam(id: string): Promise<string> {\n  return withRetry(() => request('/teams/' + id).then((response) => response.text()), 3);\n}\n```";
const NOT_MY_STYLE = '```ts\nexport async function fetch_team(id: string) {\n    const response = await request("/teams/" + id)\n    return response.text()\n}\n```';

describe('draftCode', function () {
  this.timeout(60_000);
  let repo: TempGitRepo;
  let server: FakeOpenAIServer;
  let provider: OpenAICompatibleProvider;
  let temp: { home: string; cleanup(): void };

  before(async () => {
    repo = buildCodeStyleRepo();
    server = await startFakeOpenAIServer({ reply: IN_MY_STYLE });
    provider = new OpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'fake-model', maxRetries: 0 }, { env: {} });
    temp = makeTempHome('twin-code-draft-home');
  });
  after(async () => {
    await server.close();
    repo.cleanup();
    temp.cleanup();
  });

  it("prompts with the learned style and the user's own code, streams, and keeps the code block", async () => {
    const tokens: string[] = [];
    const draft = await draftCode({ task: 'fetch a team, retrying like withRetry does', languageId: 'typescript', repo: repo.root, provider, authorEmails: [ME], onToken: (text) => tokens.push(text) });
    assert.equal(draft.drafter, 'model');
    assert.equal(draft.channel, 'code');
    assert.equal(draft.model, 'fake-model');
    assert.match(draft.text, /^export async function fetchTeam/);
    assert.doesNotMatch(draft.text, /```/);
    assert.equal(tokens.join(''), IN_MY_STYLE, 'the answer streamed piece by piece');
    assert.ok(tokens.length > 5);

    const request = server.chatRequests.at(-1)!.body!;
    assert.equal(request.stream, true);
    const prompt = request.messages!.map((message) => message.content).join('\n');
    assert.match(prompt, /- indent: 2 spaces/);
    assert.match(prompt, /- quotes: single/);
    assert.match(prompt, /- semicolons: always/);
    assert.match(prompt, /- naming: .*functions camelCase/);
    assert.ok(prompt.includes(RETRY_TS.trim()), 'my withRetry is in the prompt, whole');
    assert.match(prompt, /--- src\/retry\.ts:1-11 \(withRetry\)/);
    assert.ok(!prompt.includes('retryForeverWithBackoff'), "someone else's code is not shown as mine");
    assert.deepEqual(draft.deviations, []);
    assert.equal(draft.provenance.exemplars[0].id, 'src/retry.ts#withRetry');
    assert.ok(draft.provenance.style.some((note) => note.startsWith('indent: 2 spaces (')), draft.provenance.style.join('\n'));
    assert.ok(draft.exemplarCode[0].code.includes('lastError'));
    assert.ok(draft.confidence > 0.3);
  });

  it('carries the selected code and says where the answer departs from the style', async () => {
    server.setReply(NOT_MY_STYLE);
    try {
      const draft = await draftCode({
        task: 'load the team',
        repo: repo.root,
        provider,
        authorEmails: [ME],
        selection: { text: 'export async function loadTeam0(teamId: string)', file: `${repo.root}/src/teams-0.ts`, startLine: 3, endLine: 9 },
      });
      const prompt = server.chatRequests.at(-1)!.body!.messages!.map((message) => message.content).join('\n');
      assert.match(prompt, /The selected code to change from src\/teams-0\.ts:3-9:\n```typescript\nexport async function loadTeam0/);
      assert.match(prompt, /complete replacement for the selected code/);
      const fields = draft.deviations.map((deviation) => deviation.field).sort();
      assert.deepEqual(fields, ['indent', 'naming.functions', 'quotes', 'semicolons']);
      assert.match(draft.notice!, /indents by 4 spaces; you indent by 2/);
      assert.match(draft.notice!, /1 of 1 string uses double quotes; you use single/);
      assert.match(draft.notice!, /without a semicolon/);
      assert.match(draft.notice!, /snake_case; yours are camelCase/);
    } finally {
      server.setReply(IN_MY_STYLE);
    }
  });

  it('writes no code without a model, says what to configure, and still shows the style and my closest code', async () => {
    const before = server.chatRequests.length;
    const draft = await draftCode({ task: 'retry the request with backoff', languageId: 'typescript', repo: repo.root, authorEmails: [ME], noModelHelp: 'Pick a chat model.' });
    assert.equal(server.chatRequests.length, before);
    assert.equal(draft.text, '');
    assert.equal(draft.drafter, 'offline');
    assert.equal(draft.confidence, 0);
    assert.match(draft.notice!, /^No model is available, so Twin wrote no code: it has no offline code generator\. Pick a chat model\./);
    assert.equal(draft.exemplarCode[0].id, 'src/retry.ts#withRetry');
    assert.ok(draft.provenance.style.some((note) => note.startsWith('quotes: single')));

    const defaultHelp = await draftCode({ task: 'retry', languageId: 'typescript', repo: repo.root, authorEmails: [ME] });
    assert.match(defaultHelp.notice!, /TWIN_MODEL_URL and TWIN_MODEL/);
  });

  it('surfaces a model error clearly, with the exemplars still there', async () => {
    server.script({ status: 500, message: 'the model crashed' });
    const draft = await draftCode({ task: 'retry the request with backoff', languageId: 'typescript', repo: repo.root, provider, authorEmails: [ME] });
    assert.equal(draft.text, '');
    assert.match(draft.notice!, /^The model failed, so Twin wrote no code: .*500/);
    assert.equal(draft.exemplarCode[0].id, 'src/retry.ts#withRetry');
  });

  it('shifts later drafts by feedback on earlier ones', async () => {
    const task = 'retry the request with backoff';
    const first = await draftCode({ task, languageId: 'typescript', repo: repo.root, provider, authorEmails: [ME], home: temp.home });
    assert.equal(first.provenance.exemplars[0].id, 'src/retry.ts#withRetry');
    recordDraft(temp.home, first);
    feedbackOnDraft(temp.home, first.id, 'down');
    feedbackOnDraft(temp.home, first.id, 'down');
    assert.equal(readFeedback(temp.home).length, 2);
    const later = await draftCode({ task, languageId: 'typescript', repo: repo.root, provider, authorEmails: [ME], home: temp.home });
    assert.notEqual(later.provenance.exemplars[0].id, 'src/retry.ts#withRetry');
  });

  it('asks for a task when given neither task nor selection', async () => {
    await assert.rejects(draftCode({ task: '  ', repo: repo.root }), /Say what code to write/);
  });

  it('takes the code out of a fenced answer, or the whole answer when unfenced', () => {
    assert.equal(extractCode('Here you go:\n```python\ndef f():\n    return 1\n```\nDone.'), 'def f():\n    return 1');
    assert.equal(extractCode('  x = 1\n'), 'x = 1');
  });
});
