/**
 * `@twin /review` inside a real VS Code, against a local GitHub API (the fake server, started here): the
 * user's past reviews are learned into the sidecar's memory first, then the participant's handler drafts
 * review comments on a pull request with a fake chat model (and offline without one), shows them with
 * provenance and confidence, and posts them only when the "Post review to GitHub" button's command runs.
 * The token goes in through `twin.setGitHubToken` (SecretStorage), the API URL through `twin.github.apiUrl` in
 * the user's settings: a folder's `.vscode/settings.json` or a forged command argument never get the token.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { resolveTwinHome } from '../../src/core/config/twin-home';
import { styleProfilePath } from '../../src/core/style/style-profile-store';
import { GitHubClient } from '../../src/core/github/github-client';
import { learnReviews } from '../../src/core/github/learn-reviews';
import { startFakeGitHubServer, type FakeGitHubServer } from '../../src/core/github/test-support/fake-github-server';
import { ALL_PULLS, REVIEWER, TOKEN } from '../../src/core/github/test-support/review-fixtures';
import type { TwinChatResult } from '../../src/extension/chat/chat-result';
import type { TwinChatHandler } from '../../src/extension/chat/twin-participant';
import type { TwinExtensionApi } from '../../src/extension/extension';
import { fakeModel, messageText, RecordingStream } from './support/chat-fakes';
import { writeFolderSettings } from './support/folder-settings';

async function reviewRequest(handler: TwinChatHandler, prompt: string, model?: vscode.LanguageModelChat) {
  const stream = new RecordingStream();
  const request = { prompt, command: 'review', references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
  const result: TwinChatResult = await handler(request, { history: [] }, stream.asStream, new vscode.CancellationTokenSource().token);
  return { result, stream };
}

describe('@twin /review', function () {
  this.timeout(120_000);
  let handler: TwinChatHandler;
  let github: FakeGitHubServer;
  let api: TwinExtensionApi;
  /** The style profile as the other suites expect it (they check what happens without one). */
  let profileBefore: string | undefined;
  const profileFile = () => styleProfilePath(resolveTwinHome());

  before(async () => {
    const extension = vscode.extensions.getExtension<TwinExtensionApi>('twin-dev.twin');
    assert.ok(extension);
    api = await extension.activate();
    profileBefore = fs.existsSync(profileFile()) ? fs.readFileSync(profileFile(), 'utf8') : undefined;
    handler = api.chatHandler;
    const deadline = Date.now() + 45_000;
    while (!api.sidecar.isRunning && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    github = await startFakeGitHubServer({ token: TOKEN, login: REVIEWER, pulls: ALL_PULLS });
    await vscode.workspace.getConfiguration('twin').update('github.apiUrl', github.apiUrl, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('twin.setGitHubToken', TOKEN), true);
    // What `twin learn-reviews` does, with the sidecar doing the remembering as it does while VS Code runs.
    const client = GitHubClient.create({ apiUrl: github.apiUrl, token: TOKEN, env: {} });
    const learned = await learnReviews(client, (memories) => api.sidecar.request('twin/remember', { memories }), { home: resolveTwinHome() });
    assert.equal(learned.lineComments, 7);
  });

  after(async () => {
    if (profileBefore === undefined) fs.rmSync(profileFile(), { force: true });
    else fs.writeFileSync(profileFile(), profileBefore);
    await api?.sidecar.request('twin/forget', { source: 'github-review' });
    await vscode.commands.executeCommand('twin.setGitHubToken', '');
    await vscode.workspace.getConfiguration('twin').update('github.apiUrl', undefined, vscode.ConfigurationTarget.Global);
    await github?.close();
  });

  it('drafts comments with the chat model in the user’s voice, shows provenance, and posts only when the button’s command runs', async () => {
    const answer = {
      summary: 'Could we add a test for the retry loop?',
      comments: [
        { path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' },
        { path: 'src/retry.ts', line: 99, side: 'RIGHT', body: 'Not a line of the diff.' },
      ],
    };
    const { model, sent } = fakeModel({ reply: [JSON.stringify(answer)] });
    const { result, stream } = await reviewRequest(handler, 'https://github.com/acme/billing/pull/42', model);
    assert.equal(sent.length, 1, stream.text);
    const prompt = sent[0].map(messageText).join('\n');
    assert.match(prompt, /tone: hedged/);
    assert.match(prompt, /Could we add a test for the empty invoice case\?/, 'the user’s own past comment');
    assert.match(prompt, /R11 \+ {2}console\.log/);

    assert.match(stream.text, /Review of \*\*acme\/billing\\#42\*\*/);
    assert.match(stream.text, /\*\*`src\/retry\.ts:11`\*\* — nit: could we drop the console\.log\?/);
    assert.ok(!stream.text.includes('Not a line of the diff.') || /dropped: src\/retry\.ts:99/.test(stream.text), 'the invalid comment is only listed as dropped');
    assert.match(stream.text, /Drafter:\*\* the model `fake-model` · \*\*confidence\*\* \d\.\d\d/);
    assert.match(stream.text, /Your past review comments it followed/);
    assert.equal(result.metadata.command, 'review');
    assert.equal(result.metadata.draftChannel, 'review');
    assert.ok(result.metadata.draftId);

    const [button] = stream.buttons;
    assert.equal(button?.command, 'twin.chat.postReview');
    assert.equal(button.title, 'Post review to GitHub');
    assert.deepEqual(button.arguments, [{ draftId: result.metadata.draftId }], 'the button carries the draft’s id, not the review or a URL');
    assert.equal(github.postedReviews.length, 0, 'nothing is posted before the click');
    const url = await vscode.commands.executeCommand<string>(button.command, ...(button.arguments ?? []));
    assert.match(url ?? '', /pullrequestreview-\d+$/);
    assert.equal(github.postedReviews.length, 1);
    assert.deepEqual(github.postedReviews[0].comments, [{ path: 'src/retry.ts', line: 11, side: 'RIGHT', body: 'nit: could we drop the console.log?' }]);
    assert.equal(github.postedReviews[0].event, 'COMMENT');
    assert.equal(github.postedReviews[0].body, 'Could we add a test for the retry loop?');
    const posting = github.requests.filter((request) => request.method === 'POST');
    assert.equal(posting.at(-1)?.authorization, `token ${TOKEN}`, 'the token from SecretStorage');
  });

  it('takes the GitHub and model URLs from the user’s settings only, and posts only drafts it showed', async () => {
    // A cloned repository's settings point GitHub and the model server at another server.
    const evil = await startFakeGitHubServer({ login: 'mallory', pulls: ALL_PULLS });
    const removeFolderSettings = await writeFolderSettings({
      'twin.github.apiUrl': evil.apiUrl,
      'twin.models.baseUrl': `${evil.apiUrl}/v1`,
      'twin.models.model': 'evil-model',
    });
    try {
      const postedBefore = github.postedReviews.length;
      const { result, stream } = await reviewRequest(handler, 'acme/billing#42');
      assert.match(stream.text, /No chat model is available/, 'the folder’s model server is not used');
      const [button] = stream.buttons;
      assert.deepEqual(button?.arguments, [{ draftId: result.metadata.draftId }]);

      // Another extension runs the command with a review and a URL of its own: nothing is sent anywhere.
      const forged = { apiUrl: evil.apiUrl, pr: { owner: 'acme', repo: 'billing', number: 42 }, summary: 'Looks good', comments: [] };
      assert.equal(await vscode.commands.executeCommand('twin.chat.postReview', forged), undefined);
      assert.equal(await vscode.commands.executeCommand('twin.chat.postReview', { draftId: 'no-such-draft', apiUrl: evil.apiUrl }), undefined);
      assert.equal(github.postedReviews.length, postedBefore);

      const url = await vscode.commands.executeCommand<string>(button.command, ...(button.arguments ?? []));
      assert.match(url ?? '', /pullrequestreview-\d+$/, 'posted to the user’s twin.github.apiUrl');
      assert.equal(github.postedReviews.length, postedBefore + 1);
      assert.equal(await vscode.commands.executeCommand(button.command, ...(button.arguments ?? [])), undefined, 'a posted draft is not posted twice');
      assert.equal(github.postedReviews.length, postedBefore + 1);
      assert.deepEqual(evil.requests, [], 'the folder’s server never heard from Twin (no token, no key, no diff)');
    } finally {
      await removeFolderSettings();
      await evil.close();
    }
  });

  it('without a model, the offline drafter runs the checks in the user’s wording and says so', async () => {
    const { stream } = await reviewRequest(handler, 'acme/billing#42');
    assert.match(stream.text, /No chat model is available/);
    assert.match(stream.text, /`src\/retry\.ts:11`\*\* — nit: could we remove this debug output before merging\?/);
    assert.match(stream.text, /Drafter:\*\* the offline drafter/);
    assert.match(stream.text, /Drafted offline by Twin/);
    assert.equal(stream.buttons[0]?.title, 'Post review to GitHub');
  });

  it('says what to do when GitHub refuses: a wrong token, an unknown pull request', async () => {
    const missing = await reviewRequest(handler, 'acme/billing#7');
    assert.match(missing.stream.text, /GitHub has no pull request acme\/billing\\#7, or the token cannot see it \\\(404\\\)/);
    assert.equal(missing.stream.buttons.length, 0);
    await vscode.commands.executeCommand('twin.setGitHubToken', 'wrong-token');
    try {
      const rejected = await reviewRequest(handler, 'acme/billing#42');
      assert.match(rejected.stream.text, /rejected the token \\\(401 Bad credentials\\\)/);
      assert.deepEqual(rejected.stream.buttons.map((button) => button.command), ['twin.setGitHubToken']);
    } finally {
      await vscode.commands.executeCommand('twin.setGitHubToken', TOKEN);
    }
    const usage = await reviewRequest(handler, '');
    assert.equal(usage.result.metadata.failure, 'usage');
    assert.match(usage.stream.text, /\/review https:\/\/github\.com\/OWNER\/REPO\/pull\/N/);
  });
});
