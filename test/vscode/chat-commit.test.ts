/**
 * `@twin /commit` inside a real VS Code: the participant's handler drafts a message for what is staged
 * in the integration workspace (a fake chat model records its prompt; without a model the offline
 * drafter writes it), and `twin.chat.commitDraft` commits with the drafted message. Every test puts the
 * workspace back as it found it (index, file, HEAD), so the other suites do not depend on the order.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TwinChatResult } from '../../src/extension/chat/chat-result';
import { twinFollowupProvider, type TwinChatHandler } from '../../src/extension/chat/twin-participant';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { fakeModel, messageText, RecordingStream } from './support/chat-fakes';

const workspace = process.env.TWIN_IT_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
const configPath = path.join(workspace, 'src/config.ts');
const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();

async function commitRequest(handler: TwinChatHandler, model?: vscode.LanguageModelChat, token?: vscode.CancellationToken) {
  const stream = new RecordingStream();
  const request = { prompt: '', command: 'commit', references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
  const result: TwinChatResult = await handler(request, { history: [] }, stream as unknown as vscode.ChatResponseStream, token ?? new vscode.CancellationTokenSource().token);
  return { result, stream };
}

describe('@twin /commit', function () {
  this.timeout(120_000);
  let handler: TwinChatHandler;
  let original: string;
  let head: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    const api = await extension.activate();
    handler = api.chatHandler;
    const deadline = Date.now() + 45_000;
    while (!api.sidecar.isRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  });

  beforeEach(() => {
    original = fs.readFileSync(configPath, 'utf8');
    head = git('rev-parse', 'HEAD');
  });

  afterEach(() => {
    if (git('rev-parse', 'HEAD') !== head) git('reset', '-q', '--soft', head);
    git('reset', '-q', '--', 'src/config.ts');
    fs.writeFileSync(configPath, original);
  });

  function stageParseConfigChange(): void {
    assert.ok(original.includes('raw.port ?? 8080'));
    fs.writeFileSync(configPath, original.replace('raw.port ?? 8080', 'raw.port ?? 3000'));
    git('add', 'src/config.ts');
  }

  it('drafts the message with the chat model from the staged change and the user’s own commits, and offers to commit', async () => {
    stageParseConfigChange();
    const { model, sent } = fakeModel({ reply: ['chore: default the config ', 'port to 3000'] });
    const { result, stream } = await commitRequest(handler, model);
    assert.equal(sent.length, 1, stream.text);
    const prompt = sent[0].map(messageText).join('\n');
    assert.match(prompt, /src\/config\.ts/, 'the staged file is in the prompt');
    assert.match(prompt, /parseConfig/, 'the changed symbol is in the prompt');
    assert.ok(prompt.includes('chore: initial import of the config service'), 'the user’s exemplar commit is in the prompt');

    const [button] = stream.buttons;
    assert.equal(button?.command, 'twin.chat.commitDraft');
    assert.equal(button.title, 'Commit with this message');
    const [repository, message] = button.arguments as [string, string];
    assert.equal(fs.realpathSync(repository), fs.realpathSync(workspace));
    assert.match(message, /default the config port to 3000/);
    assert.ok(stream.text.includes(`\`\`\`text\n${message}\n\`\`\``), `the message is in a code block: ${stream.text}`);
    assert.match(stream.text, /How Twin drafted this/);
    assert.match(stream.text, /Drafter:\*\* the model `fake-model`/);
    assert.match(stream.text, /confidence\*\* \d\.\d\d/);
    assert.match(stream.text, /chore: initial import of the config service/, 'the exemplar is in the provenance');
    assert.equal(result.metadata.command, 'commit');
    assert.ok(result.metadata.draftId);
    const followups = (await twinFollowupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.deepEqual(followups.map((followup) => [followup.command, followup.label]), [['commit', 'Draft again']]);
    assert.equal(git('rev-parse', 'HEAD'), head, 'nothing is committed before the user clicks');
  });

  it('falls back to the offline drafter, saying so, when there is no model or it fails', async () => {
    stageParseConfigChange();
    const none = await commitRequest(handler, undefined);
    assert.match(none.stream.text, /No chat model is available/);
    assert.match(none.stream.text, /offline drafter/);
    assert.match(none.stream.text, /Drafter:\*\* the offline drafter/);
    assert.equal(none.stream.buttons.length, 1);
    assert.ok(none.stream.text.includes(none.stream.buttons[0].arguments![1] as string));

    const failing = fakeModel({ error: vscode.LanguageModelError.NotFound('the model was uninstalled') });
    const fallback = await commitRequest(handler, failing.model);
    assert.match(fallback.stream.text, /Notice:\*\* The model failed .*offline drafter/s);
    assert.equal(fallback.stream.buttons.length, 1);
  });

  it('commits with the drafted message only when the button’s command runs', async () => {
    stageParseConfigChange();
    const { stream } = await commitRequest(handler, fakeModel({ reply: ['chore: default the config port to 3000'] }).model);
    const [button] = stream.buttons;
    assert.equal(git('rev-parse', 'HEAD'), head);
    const hash = await vscode.commands.executeCommand<string>(button.command, ...(button.arguments ?? []));
    assert.ok(hash, 'the command reports the new commit');
    assert.equal(git('log', '-1', '--format=%s'), (button.arguments![1] as string).split('\n')[0]);
    assert.equal(git('log', '-1', '--format=%B').trim(), (button.arguments![1] as string).trim());
    assert.ok(git('rev-parse', 'HEAD').startsWith(hash!));
    assert.equal(git('rev-parse', 'HEAD~1'), head);
  });

  it('says clearly that nothing is staged, and offers no commit', async () => {
    assert.equal(git('diff', '--cached', '--name-only'), '');
    const { model, sent } = fakeModel({ reply: ['never'] });
    const { result, stream } = await commitRequest(handler, model);
    assert.match(stream.text, /Nothing is staged/);
    assert.match(stream.text, /git add/);
    assert.match(stream.text, /Source Control view/);
    assert.equal(stream.buttons.length, 0);
    assert.equal(sent.length, 0);
    assert.equal(result.metadata.failure, 'usage');
  });

  it('stops when cancelled while the model answers, offering nothing', async () => {
    stageParseConfigChange();
    const source = new vscode.CancellationTokenSource();
    const { model } = fakeModel({ reply: ['chore: ', 'never'], gapMs: 50, onSend: () => source.cancel() });
    const { result, stream } = await commitRequest(handler, model, source.token);
    assert.equal(result.metadata.cancelled, true, stream.text);
    assert.equal(stream.buttons.length, 0);
    assert.ok(!stream.text.includes('never'));
  });
});
