/**
 * `@twin /code` inside a real VS Code: the user's own TypeScript (committed in the integration workspace
 * by the workspace's git user) is the exemplars; the active editor's selection is the code to change. A
 * fake chat model records its prompt; without a model Twin writes no code and says what to configure.
 * 👍/👎 goes through the same function the participant's onDidReceiveFeedback calls, and must shift a
 * later draft's exemplars. The suite puts the workspace back as it found it (files, index, HEAD).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { draftsLogPath, feedbackPath } from '../../src/core/drafting/feedback';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../src/core/models/test-support/fake-openai-server';
import type { TwinChatResult } from '../../src/extension/chat/chat-result';
import { twinFollowupProvider, type TwinChatHandler } from '../../src/extension/chat/twin-participant';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { fakeModel, messageText, RecordingStream } from './support/chat-fakes';

const workspace = process.env.TWIN_IT_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
const twinHome = process.env.TWIN_HOME!;
const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();

const TRANSFER_TS = `import { parseConfig } from './config';

export async function retryUpload(send: () => Promise<void>, attempts: number): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt === attempts) throw error;
    }
  }
}

export function backoffDelay(attempt: number): number {
  const base = 100 * 2 ** attempt;
  return Math.min(base, 10_000);
}
`;

const LIMITS_TS = `export function uploadLimit(size: number): number {
  const megabytes = size / 1_000_000;
  return Math.ceil(megabytes);
}

export function retryBudget(attempts: number): number {
  const budget = attempts * 2;
  return Math.min(budget, 8);
}
`;

const TASK = 'retry the upload with a backoff delay';
const NEW_RETRY = `export async function retryUpload(send: () => Promise<void>, attempts: number): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt === attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
    }
  }
}`;

async function codeRequest(handler: TwinChatHandler, prompt: string, model?: vscode.LanguageModelChat) {
  const stream = new RecordingStream();
  const request = { prompt, command: 'code', references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
  const result: TwinChatResult = await handler(request, { history: [] }, stream as unknown as vscode.ChatResponseStream, new vscode.CancellationTokenSource().token);
  return { result, stream };
}

describe('@twin /code', function () {
  this.timeout(120_000);
  let api: TwinExtensionApi;
  let head: string;
  let editor: vscode.TextEditor;
  const transferPath = path.join(workspace, 'src/transfer.ts');
  const limitsPath = path.join(workspace, 'src/limits.ts');

  /** Selects `retryUpload` (lines 3–11) in the open transfer.ts, or puts the cursor at the end when `select` is false. */
  function select(select: boolean): void {
    editor.selection = select ? new vscode.Selection(2, 0, 10, 1) : new vscode.Selection(16, 0, 16, 0);
  }

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    api = await extension.activate();
    const deadline = Date.now() + 45_000;
    while (!api.sidecar.isRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    head = git('rev-parse', 'HEAD');
    fs.writeFileSync(transferPath, TRANSFER_TS);
    fs.writeFileSync(limitsPath, LIMITS_TS);
    git('add', 'src/transfer.ts', 'src/limits.ts');
    git('commit', '-q', '-m', 'feat: add transfer helpers');
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(transferPath));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    git('reset', '-q', '--soft', head);
    git('rm', '-q', '--cached', '--', 'src/transfer.ts', 'src/limits.ts');
    fs.rmSync(transferPath, { force: true });
    fs.rmSync(limitsPath, { force: true });
  });

  it('without a model writes no code, says what to configure, and shows the style and the user’s own code', async () => {
    select(false);
    const { result, stream } = await codeRequest(api.chatHandler, TASK, undefined);
    assert.match(stream.text, /No model is available, so Twin wrote no code/);
    assert.match(stream.text, /no offline code generator/);
    assert.match(stream.text, /model picker/);
    assert.match(stream.text, /`twin\.models\.baseUrl` and `twin\.models\.model`/);
    assert.match(stream.text, /Set OpenAI-Compatible API Key/);
    assert.match(stream.text, /Your style it follows:/);
    assert.match(stream.text, /language: typescript/);
    assert.match(stream.text, /Your own code it would follow:/);
    assert.ok(stream.text.includes('```typescript\nexport function backoffDelay(attempt: number): number {'), `the exemplar is shown whole: ${stream.text}`);
    assert.ok(stream.references.some((file) => file.endsWith(path.join('src', 'transfer.ts'))));
    assert.equal(stream.buttons.length, 0, 'nothing to apply');
    assert.equal(result.metadata.failure, 'model');
    assert.equal(result.metadata.draftId, undefined);
  });

  it('records each draft, and 👍/👎 shifts which of the user’s functions later drafts lean on', async () => {
    select(false);
    const baseline = await codeRequest(api.chatHandler, TASK, fakeModel({ reply: ['```typescript\nexport const x = 1;\n```'] }).model);
    assert.equal(baseline.result.metadata.draftChannel, 'code');
    const baselineIds = baseline.result.metadata.exemplarIds!;
    assert.equal(baselineIds[0], 'src/transfer.ts#backoffDelay', baseline.stream.text);
    assert.ok(baselineIds.includes('src/transfer.ts#retryUpload'));
    assert.equal(baseline.stream.buttons[0]?.title, 'Insert at cursor');
    assert.ok(fs.readFileSync(draftsLogPath(twinHome), 'utf8').includes(baseline.result.metadata.draftId!), 'the draft is recorded for feedback');

    // A draft for the selected retryUpload cannot use retryUpload itself; the user rejects it.
    select(true);
    const rejected = await codeRequest(api.chatHandler, TASK, fakeModel({ reply: ['```typescript\nexport const y = 2;\n```'] }).model);
    assert.ok(!rejected.result.metadata.exemplarIds!.includes('src/transfer.ts#retryUpload'));
    const feedbackBefore = fs.existsSync(feedbackPath(twinHome)) ? fs.readFileSync(feedbackPath(twinHome), 'utf8') : '';
    const verdict = api.chatFeedback({ result: rejected.result, kind: vscode.ChatResultFeedbackKind.Unhelpful });
    assert.equal(verdict, 'down');
    const added = fs.readFileSync(feedbackPath(twinHome), 'utf8').slice(feedbackBefore.length).trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(added.length, 1);
    assert.equal(added[0].verdict, 'down');
    assert.equal(added[0].channel, 'code');
    assert.deepEqual(added[0].exemplarIds, rejected.result.metadata.exemplarIds);
    assert.equal(api.chatFeedback({ result: { metadata: { command: 'recall' } }, kind: vscode.ChatResultFeedbackKind.Helpful }), undefined, 'answers without a draft are ignored');

    select(false);
    const later = await codeRequest(api.chatHandler, TASK, fakeModel({ reply: ['```typescript\nexport const z = 3;\n```'] }).model);
    assert.equal(later.result.metadata.exemplarIds![0], 'src/transfer.ts#retryUpload', 'the exemplar the rejected draft did not use now leads');
    assert.match(later.stream.text, /you disliked drafts that used it/);
  });

  it('with a model, prompts with the style, the user’s own code and the selection, and applies only when clicked', async () => {
    select(true);
    const original = editor.document.getText();
    const { model, sent } = fakeModel({ reply: ['Here it is:\n```typescript\n', NEW_RETRY, '\n```\n'] });
    const { result, stream } = await codeRequest(api.chatHandler, 'wait with backoffDelay between attempts', model);
    assert.equal(sent.length, 1, stream.text);
    const prompt = sent[0].map(messageText).join('\n');
    assert.match(prompt, /Their typescript style \(learned from their code\):/);
    assert.match(prompt, /- indent: 2 spaces/);
    assert.match(prompt, /--- src\/transfer\.ts:13-16 \(backoffDelay\)/);
    assert.ok(prompt.includes('export function backoffDelay(attempt: number): number {\n  const base = 100 * 2 ** attempt;'), 'the user’s own function is in the prompt');
    assert.match(prompt, /The selected code to change from src\/transfer\.ts:3-11:/);
    assert.ok(prompt.includes('if (attempt === attempts) throw error;'), 'the selection is in the prompt');

    assert.ok(stream.text.includes(`\`\`\`typescript\n${NEW_RETRY}\n\`\`\``), stream.text);
    assert.match(stream.text, /written in your style by `fake-model`/);
    assert.match(stream.text, /How Twin drafted this/);
    assert.equal(result.metadata.command, 'code');
    const followups = (await twinFollowupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.deepEqual(followups.map((followup) => followup.label), ['Draft again', 'Write tests for it', 'Show the style Twin followed']);

    const [button] = stream.buttons;
    assert.equal(button?.title, 'Apply to selection');
    assert.equal(editor.document.getText(), original, 'nothing changes before the click');
    const applied = await vscode.commands.executeCommand<boolean>(button.command, ...(button.arguments ?? []));
    assert.equal(applied, true);
    const text = editor.document.getText();
    assert.ok(text.includes('await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));'));
    assert.ok(text.includes('export function backoffDelay'), 'the rest of the file is untouched');
    assert.equal(text.match(/export async function retryUpload/g)?.length, 1, 'the selection was replaced, not duplicated');

    // The selection no longer holds the code the draft was written for: a second click must not overwrite it.
    assert.equal(await vscode.commands.executeCommand<boolean>(button.command, ...(button.arguments ?? [])), false);

    const restore = new vscode.WorkspaceEdit();
    restore.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), original);
    await vscode.workspace.applyEdit(restore);
    await editor.document.save();
  });

  describe('with an OpenAI-compatible endpoint in settings', () => {
    let server: FakeOpenAIServer;
    const settings = () => vscode.workspace.getConfiguration('twin.models');

    before(async () => {
      server = await startFakeOpenAIServer({ apiKey: 'sk-test-key', reply: '```typescript\nexport const fromEndpoint = true;\n```' });
      process.env.OPENAI_API_KEY = 'sk-test-key';
    });
    after(async () => {
      delete process.env.OPENAI_API_KEY;
      for (const key of ['baseUrl', 'model']) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    });

    it('uses the endpoint when no chat model is picked, and when the picked one fails', async () => {
      await settings().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await settings().update('model', 'fake-model', vscode.ConfigurationTarget.Global);
      select(false);
      const alone = await codeRequest(api.chatHandler, TASK, undefined);
      assert.equal(server.chatRequests.length, 1, alone.stream.text);
      assert.equal(server.chatRequests[0].headers.authorization, 'Bearer sk-test-key', 'OPENAI_API_KEY is used when SecretStorage has no key');
      assert.ok(server.chatRequests[0].body!.messages!.some((message) => message.content.includes('export function backoffDelay')));
      assert.ok(alone.stream.text.includes('```typescript\nexport const fromEndpoint = true;\n```'), alone.stream.text);

      const failing = fakeModel({ error: vscode.LanguageModelError.NotFound('the model was uninstalled') });
      const fallback = await codeRequest(api.chatHandler, TASK, failing.model);
      assert.equal(failing.sent.length, 1, 'the picked model is asked first');
      assert.equal(server.chatRequests.length, 2, 'then the configured endpoint');
      assert.ok(fallback.stream.text.includes('export const fromEndpoint = true;'));
      assert.ok(fallback.result.metadata.draftId);
    });

    it('names the setting to fix when the settings are incomplete', async () => {
      await settings().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await settings().update('model', undefined, vscode.ConfigurationTarget.Global);
      const { result, stream } = await codeRequest(api.chatHandler, TASK, undefined);
      assert.match(stream.text, /Twin cannot use the configured model/);
      assert.match(stream.text, /set twin\.models\.model/);
      assert.equal(result.metadata.failure, 'usage');
    });
  });
});
