/**
 * `@twin /slack` and `/email` inside a real VS Code: the pasted message is the one to answer; the user's
 * past Slack replies, seeded through the sidecar, are the exemplars. A fake chat model records its
 * prompt; without a model the offline drafter re-uses the most similar past reply or says honestly that
 * it has none. The seeded memories are forgotten afterwards so the other suites see the store as before.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TwinChatResult } from '../../src/extension/chat/chat-result';
import { twinFollowupProvider, type TwinChatHandler } from '../../src/extension/chat/twin-participant';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { fakeModel, messageText, RecordingStream } from './support/chat-fakes';

async function replyRequest(handler: TwinChatHandler, command: 'slack' | 'email', prompt: string, model?: vscode.LanguageModelChat, token?: vscode.CancellationToken) {
  const stream = new RecordingStream();
  const request = { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
  const result: TwinChatResult = await handler(request, { history: [] }, stream as unknown as vscode.ChatResponseStream, token ?? new vscode.CancellationTokenSource().token);
  return { result, stream };
}

const PAST_REPLY = 'yes, I can review the wombat deploy pipeline PR this afternoon, will leave comments on the wombat deploy pipeline by 5';
const OTHER_REPLY = 'lunch at the noodle place on friday works for me';
const INCOMING = 'can you review the wombat deploy pipeline PR this afternoon?';

describe('@twin /slack and /email', function () {
  this.timeout(120_000);
  let handler: TwinChatHandler;
  let api: TwinExtensionApi;
  const seeded: string[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    api = await extension.activate();
    handler = api.chatHandler;
    const deadline = Date.now() + 45_000;
    while (!api.sidecar.isRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const stored = await api.sidecar.request('twin/remember', {
      memories: [
        { text: PAST_REPLY, source: 'slack', author: 'dev' },
        { text: OTHER_REPLY, source: 'slack', author: 'dev' },
      ],
    });
    seeded.push(...stored.map((item) => item.id));
  });

  after(async () => {
    if (seeded.length) await api.sidecar.request('twin/forget', { ids: seeded });
  });

  it('drafts with the chat model from the pasted message and the user’s own past reply, and shows how', async () => {
    const { model, sent } = fakeModel({ reply: ['yes, will review the wombat ', 'PR by [time]'] });
    const { result, stream } = await replyRequest(handler, 'slack', INCOMING, model);
    assert.equal(sent.length, 1, stream.text);
    const prompt = sent[0].map(messageText).join('\n');
    assert.ok(prompt.includes(INCOMING), 'the pasted message is in the prompt');
    assert.ok(prompt.includes(PAST_REPLY), 'the user’s exemplar reply is in the prompt');
    assert.ok(stream.text.includes('```text\nyes, will review the wombat PR by [time]\n```'), `the draft is in a code block: ${stream.text}`);
    assert.match(stream.text, /Twin has not sent anything/);
    assert.match(stream.text, /How Twin drafted this/);
    assert.match(stream.text, /Drafter:\*\* the model `fake-model`/);
    assert.match(stream.text, /confidence\*\* \d\.\d\d/);
    assert.match(stream.text, /Your past replies it followed:\*\*\n {2}- `[^`]+` \(\d\.\d\d\) yes, I can review the wombat/);
    assert.equal(result.metadata.command, 'slack');
    assert.ok(result.metadata.draftId);
    const followups = (await twinFollowupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.deepEqual(followups.map((followup) => [followup.command, followup.label, followup.prompt]), [['slack', 'Draft again', INCOMING]]);
  });

  it('without a model, drafts offline from the most similar past reply and says so', async () => {
    const { result, stream } = await replyRequest(handler, 'slack', INCOMING);
    assert.match(stream.text, /No chat model is available/);
    assert.match(stream.text, /Drafter:\*\* the offline drafter/);
    assert.match(stream.text, /Notice:\*\* Drafted offline by Twin \\\(no model configured\\\): reused your own past reply/);
    assert.match(stream.text, /```text\n[^`]*will leave comments on the wombat deploy pipeline by 5[^`]*\n```/, stream.text);
    assert.ok(!stream.text.includes('noodle'), 'the less similar reply is not used');
    assert.ok(result.metadata.draftId);
  });

  it('says honestly that there is no draft when nothing similar was written in that channel', async () => {
    const { result, stream } = await replyRequest(handler, 'email', 'Hi, could you send me the quarterly invoice for the aardvark account? Thanks, Sam');
    assert.match(stream.text, /\*\*No draft\.\*\*/, stream.text);
    assert.match(stream.text, /no draft: write this one yourself/);
    assert.ok(!stream.text.includes('```'), 'no draft block');
    assert.equal(result.metadata.command, 'email');
    assert.equal(result.metadata.draftId, undefined);
    const followups = (await twinFollowupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? [];
    assert.equal(followups.length, 0);
  });

  it('explains the usage when no message is pasted, and asks no model', async () => {
    const { model, sent } = fakeModel({ reply: ['never'] });
    const { result, stream } = await replyRequest(handler, 'slack', '   ', model);
    assert.match(stream.text, /`\/slack TEXT`/);
    assert.match(stream.text, /never sends anything/);
    assert.equal(result.metadata.failure, 'usage');
    assert.equal(sent.length, 0);
  });

  it('stops when cancelled while the model answers, showing no draft', async () => {
    const source = new vscode.CancellationTokenSource();
    const { model } = fakeModel({ reply: ['yes ', 'never'], gapMs: 50, onSend: () => source.cancel() });
    const { result, stream } = await replyRequest(handler, 'slack', INCOMING, model, source.token);
    assert.equal(result.metadata.cancelled, true, stream.text);
    assert.ok(!stream.text.includes('never'));
    assert.ok(!stream.text.includes('How Twin drafted this'));
  });
});
