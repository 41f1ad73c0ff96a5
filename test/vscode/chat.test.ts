/**
 * The `@twin` chat participant inside a real VS Code: code-server has no chat model and no chat UI to
 * drive, so these call the participant's handler directly with a recording response stream and fake
 * language models, against the real sidecar.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ModelAuthError, ModelCancelledError, ModelUnavailableError } from '../../src/core/models/model-errors';
import type { RecallItem } from '../../src/core/protocol/sidecar-protocol';
import type { TwinChatResult } from '../../src/extension/chat/chat-result';
import { createTwinChatHandler, TWIN_PARTICIPANT_ID, twinFollowupProvider, type TwinChatHandler } from '../../src/extension/chat/twin-participant';
import { VsCodeLanguageModelProvider } from '../../src/extension/chat/vscode-lm-provider';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { SidecarClient } from '../../src/extension/sidecar/sidecar-client';
import { fakeModel, messageText, RecordingStream } from './support/chat-fakes';
import { until } from './support/until';

const workspace = process.env.TWIN_IT_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
const configFile = vscode.Uri.file(path.join(workspace, 'src/config.ts'));
/** The extension's API with the participant's handler, which extension.ts exposes for these tests. */
type ChatTestApi = TwinExtensionApi & { chatHandler: TwinChatHandler };
let api: ChatTestApi;

function chatRequest(command: string | undefined, prompt: string, extra: Partial<vscode.ChatRequest> = {}): vscode.ChatRequest {
  return {
    prompt,
    command,
    references: [],
    toolReferences: [],
    toolInvocationToken: undefined as never,
    model: undefined as unknown as vscode.LanguageModelChat,
    ...extra,
  } as vscode.ChatRequest;
}

/** A previous `@twin` answer as VS Code hands it back in `context.history`. */
function responseTurn(result: TwinChatResult, command?: string): vscode.ChatResponseTurn {
  return { participant: TWIN_PARTICIPANT_ID, command, result, response: [] } as unknown as vscode.ChatResponseTurn;
}

async function ask(
  handler: TwinChatHandler,
  request: vscode.ChatRequest,
  options: { history?: vscode.ChatContext['history']; token?: vscode.CancellationToken; stream?: RecordingStream } = {},
): Promise<{ result: TwinChatResult; stream: RecordingStream }> {
  const stream = options.stream ?? new RecordingStream();
  const token = options.token ?? new vscode.CancellationTokenSource().token;
  const result = await handler(request, { history: options.history ?? [] }, stream.asStream, token);
  return { result, stream };
}

async function recallIds(query: string): Promise<string[]> {
  const items: RecallItem[] = await api.sidecar.request('twin/recall', { query, limit: 20 });
  return items.map((item) => item.memory.id);
}


const QUOKKA = 'The quokka-staging database is reset every Monday at six in the morning';
const FLAMINGO = 'The flamingo-cache keeps rendered invoices for ten minutes';

describe('The @twin chat participant', function () {
  this.timeout(120_000);
  let handler: TwinChatHandler;
  let quokkaId: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<ChatTestApi>('twin-dev.twin');
    assert.ok(extension, 'the Twin extension is installed in this host');
    api = await extension.activate();
    handler = api.chatHandler;
    assert.equal(typeof handler, 'function', 'the extension exposes the participant’s handler');
    await until('the sidecar to run', () => api.sidecar.isRunning);
  });

  it('remembers a note with /remember, linked to the attached file, and recall finds it', async () => {
    const { result, stream } = await ask(
      handler,
      chatRequest('remember', QUOKKA, { references: [{ id: 'vscode.file', value: configFile }] }),
    );
    quokkaId = result.metadata.rememberedId!;
    assert.ok(quokkaId, `an id is returned: ${stream.text}`);
    assert.match(stream.text, new RegExp(`Remembered .* as \`${quokkaId}\``));
    assert.match(stream.text, /Linked to `src\/config\.ts`/);
    const items: RecallItem[] = await api.sidecar.request('twin/recall', { query: 'quokka-staging database', limit: 5 });
    const found = items.find((item) => item.memory.id === quokkaId);
    assert.ok(found, 'the sidecar recalls the note');
    assert.equal(found.memory.text, QUOKKA);
    assert.equal(found.memory.file, 'src/config.ts');
    assert.equal(found.memory.source, 'note');
  });

  it('lists what /recall finds with its source, time and why, linked to its file', async () => {
    const { result, stream } = await ask(handler, chatRequest('recall', 'quokka-staging database'));
    assert.ok(result.metadata.memoryIds?.includes(quokkaId));
    const text = stream.text;
    assert.ok(text.includes(QUOKKA), text);
    assert.ok(text.includes(`\`${quokkaId}\``), 'shows the id');
    const project = vscode.workspace.getWorkspaceFolder(configFile)!.name;
    assert.match(text, new RegExp(`_note · ${project}_ · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`), `shows the source, project and time: ${text}`);
    assert.match(text, /why: .*words #\d+ \(bm25 [\d.]+\).*importance [\d.]+, recency [\d.]+/, 'says why it matched');
    assert.ok(stream.references.includes(configFile.fsPath), 'adds the memory’s file as a reference');
    assert.ok(stream.parts.some((part) => part.kind === 'anchor' && (part.value as { value: vscode.Uri }).value.fsPath === configFile.fsPath), 'links the file inline');
    const followups = (await twinFollowupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.deepEqual(
      followups.map((followup) => followup.command ?? 'ask'),
      ['ask', 'forget'],
    );
  });

  it('lists what /forget matches and deletes nothing until the listed ids are confirmed', async () => {
    const [stored] = await api.sidecar.request('twin/remember', { memories: [{ text: FLAMINGO, source: 'note' }] });
    const flamingoId = stored.id;

    const listed = await ask(handler, chatRequest('forget', 'flamingo-cache'));
    assert.ok(listed.result.metadata.forgetIds?.includes(flamingoId), listed.stream.text);
    assert.ok(!listed.result.metadata.forgetIds?.includes(quokkaId), 'a memory without the words is not offered');
    assert.ok(listed.stream.text.includes(FLAMINGO));
    assert.match(listed.stream.text, /Nothing has been deleted yet/);
    assert.ok((await recallIds('flamingo-cache invoices')).includes(flamingoId), 'listing deletes nothing');

    const [followup] = (await twinFollowupProvider.provideFollowups(listed.result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.equal(followup.command, 'forget');
    assert.equal(followup.prompt, `confirm ${listed.result.metadata.forgetIds!.join(' ')}`);

    // A confirmation for ids this chat never listed deletes nothing, not even the listed ones beside them.
    const unlisted = await ask(handler, chatRequest('forget', `confirm ${flamingoId}`));
    assert.match(unlisted.stream.text, /Nothing was forgotten/);
    const mixed = await ask(handler, chatRequest('forget', `confirm ${flamingoId} ${quokkaId}`), { history: [responseTurn(listed.result, 'forget')] });
    assert.match(mixed.stream.text, /Nothing was forgotten.*was not listed/);
    assert.ok((await recallIds('flamingo-cache invoices')).includes(flamingoId));

    const confirmed = await ask(handler, chatRequest('forget', `confirm ${flamingoId}`), { history: [responseTurn(listed.result, 'forget')] });
    assert.deepEqual(confirmed.result.metadata.forgotten, [flamingoId], confirmed.stream.text);
    assert.match(confirmed.stream.text, /Forgot 1 memory/);
    assert.ok(!(await recallIds('flamingo-cache invoices')).includes(flamingoId), 'the memory is gone');
    assert.ok((await recallIds('quokka-staging database')).includes(quokkaId), 'other memories stay');
  });

  it('says to run `twin learn` when /style finds no profile, and renders one when there is', async () => {
    const { stream } = await ask(handler, chatRequest('style', ''));
    assert.match(stream.text, /has not learned your style yet.*`twin learn <repo>`/);

    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-chat-style-'));
    try {
      fs.mkdirSync(path.join(home, 'style'));
      const profile = { version: 1, updatedAt: '2026-01-02T03:04:05.000Z', code: {}, repositories: { '/work/example': {} } };
      fs.writeFileSync(path.join(home, 'style', 'profile.json'), JSON.stringify(profile));
      const withProfile = createTwinChatHandler({ sidecar: api.sidecar, twinHome: () => home, log: () => undefined });
      const rendered = await ask(withProfile, chatRequest('style', ''));
      assert.match(rendered.stream.text, /Your style, as Twin learned it/);
      assert.match(rendered.stream.text, /from 1 repository: \/work\/example/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('answers a plain question with the chat model, sending it the recalled memories', async () => {
    const { model, sent } = fakeModel({ reply: ['Staging is reset ', 'on Mondays [1].'] });
    const { result, stream } = await ask(handler, chatRequest(undefined, 'when is the quokka-staging database reset?', { model }));
    assert.equal(sent.length, 1, 'one request to the model');
    assert.ok(stream.text.includes('Staging is reset on Mondays [1].'), stream.text);
    assert.deepEqual(
      stream.parts.filter((part) => part.kind === 'markdown').map((part) => part.value),
      ['Staging is reset ', 'on Mondays [1].'],
      'streams the fragments as they come',
    );
    const prompt = sent[0].map(messageText).join('\n');
    assert.ok(prompt.includes(QUOKKA), 'the recalled memory is in the prompt');
    assert.ok(prompt.includes('when is the quokka-staging database reset?'));
    assert.ok(sent[0].every((message) => message.role === vscode.LanguageModelChatMessageRole.User || message.role === vscode.LanguageModelChatMessageRole.Assistant));
    assert.ok(result.metadata.memoryIds?.includes(quokkaId));
    assert.ok(stream.references.includes(configFile.fsPath));
  });

  it('lists the memories and says what to configure when no model is available', async () => {
    const { result, stream } = await ask(handler, chatRequest(undefined, 'when is the quokka-staging database reset?'));
    assert.match(stream.text, /No chat model is available/);
    assert.ok(stream.text.includes(QUOKKA));
    assert.match(stream.text, /Pick a model in the chat view’s model picker/);
    assert.equal(result.metadata.failure, 'model');

    const gone = fakeModel({ error: vscode.LanguageModelError.NotFound('the model was uninstalled') });
    const fallback = await ask(handler, chatRequest(undefined, 'when is the quokka-staging database reset?', { model: gone.model }));
    assert.match(fallback.stream.text, /The model could not answer\.\*\* Fake Model is no longer available/);
    assert.ok(fallback.stream.text.includes(QUOKKA), 'still shows what Twin remembers');
  });

  it('stops before calling the model when cancelled during recall', async () => {
    const { model, sent } = fakeModel({ reply: ['never'] });
    const source = new vscode.CancellationTokenSource();
    const pending = ask(handler, chatRequest(undefined, 'quokka-staging database', { model }), { token: source.token });
    source.cancel();
    const { result, stream } = await pending;
    assert.equal(result.metadata.cancelled, true);
    assert.equal(sent.length, 0, 'the model was never asked');
    assert.ok(!stream.text.includes('never'));
  });

  it('stops streaming the model’s answer when cancelled mid-answer', async () => {
    const { model } = fakeModel({ reply: ['first ', 'second ', 'third'], gapMs: 50 });
    const source = new vscode.CancellationTokenSource();
    const stream = new RecordingStream((text) => text === 'first ' && source.cancel());
    const { result } = await ask(handler, chatRequest(undefined, 'quokka-staging database', { model }), { token: source.token, stream });
    assert.equal(result.metadata.cancelled, true);
    assert.equal(stream.text, 'first ');
  });

  it('says what happened and what to do when the sidecar is down', async () => {
    const stopped = new SidecarClient({ script: path.join(os.tmpdir(), 'no-such-sidecar.js') });
    const offline = createTwinChatHandler({ sidecar: stopped, twinHome: () => os.tmpdir(), log: () => undefined });
    for (const [command, prompt] of [['recall', 'quokka'], ['remember', 'a note'], ['forget', 'quokka'], [undefined, 'what did I do?']] as const) {
      const { result, stream } = await ask(offline, chatRequest(command, prompt, { model: fakeModel({ reply: ['x'] }).model }));
      assert.equal(result.metadata.failure, 'sidecar', `${command ?? 'question'}: ${stream.text}`);
      assert.match(stream.text, /Twin’s memory is not available right now.*sidecar.*is stopped.*try again in a few seconds.*Twin: Show Log/s);
      assert.deepEqual(stream.buttons.map((button) => button.command), ['twin.showLog']);
    }
  });
});

describe('The VS Code language-model provider', () => {
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Hello?' },
  ];

  it('sends system instructions as a prefix of the user message and counts tokens with the model', async () => {
    const { model, sent } = fakeModel({ reply: ['Hi', ' there'] });
    const tokens: string[] = [];
    const result = await new VsCodeLanguageModelProvider(model).chat({ messages }, { onToken: (text) => tokens.push(text) });
    assert.equal(result.text, 'Hi there');
    assert.deepEqual(tokens, ['Hi', ' there']);
    assert.equal(sent[0].length, 1);
    assert.equal(sent[0][0].role, vscode.LanguageModelChatMessageRole.User);
    assert.equal(messageText(sent[0][0]), 'Be brief.\n\nHello?');
    assert.deepEqual(result.usage, { inputTokens: Math.ceil('Be brief.\n\nHello?'.length / 4), outputTokens: 2, estimated: false });
    assert.equal(result.provider, 'vscode-lm');
  });

  it('estimates tokens when the model cannot count them', async () => {
    const { model } = fakeModel({ reply: ['Hi'], countTokens: 'throws' });
    const result = await new VsCodeLanguageModelProvider(model).chat({ messages });
    assert.equal(result.usage.estimated, true);
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  });

  it('maps language-model errors to errors that say what to do', async () => {
    const denied = fakeModel({ error: vscode.LanguageModelError.NoPermissions('no consent') });
    await assert.rejects(new VsCodeLanguageModelProvider(denied.model).chat({ messages }), (error: unknown) => {
      assert.ok(error instanceof ModelAuthError);
      assert.match(error.message, /Allow Twin to use language models/);
      return true;
    });
    const blocked = fakeModel({ error: vscode.LanguageModelError.Blocked('quota') });
    await assert.rejects(new VsCodeLanguageModelProvider(blocked.model).chat({ messages }), ModelUnavailableError);
  });

  it('rejects with ModelCancelledError when its signal aborts mid-stream', async () => {
    const { model } = fakeModel({ reply: ['a', 'b', 'c'], gapMs: 50 });
    const controller = new AbortController();
    await assert.rejects(
      new VsCodeLanguageModelProvider(model).chat({ messages }, { signal: controller.signal, onToken: () => controller.abort() }),
      (error: unknown) => error instanceof ModelCancelledError && error.partialText === 'a',
    );
  });
});
