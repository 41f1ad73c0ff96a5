import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import { PassThrough } from 'node:stream';
import {
  CancellationToken,
  CancellationTokenSource,
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { LOADER_TS, LOADER_TS_PARSE_CONFIG_EDITED } from '../core/git/test-support/sample-sources';
import { TempGitRepo } from '../core/git/test-support/temp-git-repo';
import { ModelCancelledError, ModelUnavailableError } from '../core/models/model-errors';
import type { ChatResult } from '../core/models/model-provider';
import { startFakeOpenAIServer } from '../core/models/test-support/fake-openai-server';
import type { DraftNotifications, DraftRequest, DraftResponse, ModelChatParams, ModelErrorData } from '../core/protocol/draft-protocol';
import { makeTempHome } from '../core/test-support/temp-twin';
import { ClientModelProvider } from './client-model-provider';
import { createClientPeer } from './client-peer';
import { SIDECAR_BUNDLE, testEnv } from './test-support/sidecar-process';

const PICKED = { id: 'test-client:fake-model', model: 'fake-model', description: 'Fake Model in the test client' };

/**
 * A client like the extension: a real sidecar child on stdio that answers `twin/modelChat` with a scripted
 * model, recording what it was asked, and hears `twin/draftProgress`.
 */
class DraftingClient {
  readonly prompts: ModelChatParams[] = [];
  readonly progress: string[] = [];
  stderr = '';
  /** How the next `twin/modelChat` answers; default a fixed reply. */
  answer: (params: ModelChatParams, token: CancellationToken) => Promise<ChatResult> = async () => chatResult('fix(loader): default the retries to five');
  readonly exited: Promise<void>;
  private readonly connection: MessageConnection;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onRequest('twin/modelChat', (params: ModelChatParams, token: CancellationToken) => {
      this.prompts.push(params);
      return this.answer(params, token);
    });
    this.connection.onNotification('twin/draftProgress', (params: DraftNotifications['twin/draftProgress']) => this.progress.push(params.message));
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  static async start(home: string): Promise<DraftingClient> {
    if (!fs.existsSync(SIDECAR_BUNDLE)) throw new Error(`${SIDECAR_BUNDLE} is missing: run \`node esbuild.mjs\` first.`);
    const client = new DraftingClient(spawn(process.execPath, [SIDECAR_BUNDLE], { env: testEnv(home), stdio: ['pipe', 'pipe', 'pipe'] }));
    const deadline = Date.now() + 60_000;
    while (!/ready in|another sidecar owns/.test(client.stderr)) {
      if (client.child.exitCode !== null) throw new Error(`The sidecar exited before it was ready:\n${client.stderr}`);
      if (Date.now() > deadline) throw new Error(`The sidecar was not ready in time:\n${client.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return client;
  }

  draft(request: DraftRequest, token?: CancellationToken): Promise<DraftResponse> {
    return token ? this.connection.sendRequest('twin/draft', request, token) : this.connection.sendRequest('twin/draft', request);
  }

  notify(method: 'twin/modelToken', params: DraftNotifications['twin/modelToken']): void {
    void this.connection.sendNotification(method, params);
  }

  async stop(): Promise<void> {
    this.connection.dispose();
    this.child.stdin.end();
    await this.exited;
  }
}

function chatResult(text: string): ChatResult {
  return { text, usage: { inputTokens: 10, outputTokens: 5, estimated: true }, model: 'fake-model', provider: 'test-client', finishReason: 'stop' };
}

function promptText(params: ModelChatParams): string {
  return params.request.messages.map((message) => message.content).join('\n');
}

describe('twin/draft in the sidecar', function () {
  this.timeout(120_000);
  let home: string;
  let cleanupHome: () => void;
  let repo: TempGitRepo;
  let client: DraftingClient;
  let session = 0;
  const commitRequest = (models?: DraftRequest['models']): DraftRequest => ({ session: `s${++session}`, channel: 'commit', repository: repo.root, ...(models ? { models } : {}) });

  before(async () => {
    ({ home, cleanup: cleanupHome } = makeTempHome('twin-draft'));
    repo = TempGitRepo.create('twin-draft-repo');
    repo.write('src/loader.ts', LOADER_TS);
    repo.commit('fix(loader): read the retries from the config');
    repo.write('src/loader.ts', LOADER_TS_PARSE_CONFIG_EDITED);
    repo.git('add', 'src/loader.ts');
    client = await DraftingClient.start(home);
  });

  after(async () => {
    await client?.stop();
    repo?.cleanup();
    cleanupHome?.();
  });

  it('drafts a commit message with the client’s picked model, which it asks over the connection with the staged change in the prompt', async () => {
    client.prompts.length = 0;
    client.progress.length = 0;
    const answer = await client.draft(commitRequest({ picked: PICKED }));
    assert.equal(answer.status, 'drafted', JSON.stringify(answer));
    assert.ok(answer.status === 'drafted' && answer.channel === 'commit');
    assert.equal(answer.draft.drafter, 'model');
    assert.equal(answer.draft.model, 'fake-model');
    assert.equal(answer.draft.text, 'fix(loader): default the retries to five');
    assert.equal(answer.models, 'available');
    assert.deepEqual({ files: answer.staged.files, repository: answer.staged.repository }, { files: 1, repository: repo.root });
    assert.equal(client.prompts.length, 1);
    assert.equal(client.prompts[0].session, `s${session}`, 'the model call names the draft’s session');
    assert.match(promptText(client.prompts[0]), /src\/loader\.ts/);
    assert.match(promptText(client.prompts[0]), /parseConfig/, 'the changed function, found by tree-sitter in the sidecar');
    assert.ok(promptText(client.prompts[0]).includes('fix(loader): read the retries from the config'), 'the user’s own commit as exemplar');
    assert.deepEqual(client.progress, ['Reading the staged changes…', 'Drafting a message for 1 staged file…']);
  });

  it('drafts offline without a model, and says which model setting is wrong when the settings are', async () => {
    client.prompts.length = 0;
    const none = await client.draft(commitRequest());
    assert.ok(none.status === 'drafted' && none.channel === 'commit', JSON.stringify(none));
    assert.equal(none.draft.drafter, 'offline');
    assert.equal(none.models, 'none');
    assert.equal(client.prompts.length, 0, 'no model was asked');

    const wrong = await client.draft(commitRequest({ settings: { baseUrl: 'http://127.0.0.1:9/v1' } }));
    assert.ok(wrong.status === 'drafted', JSON.stringify(wrong));
    assert.equal(wrong.models, 'unusable');
    assert.match(wrong.modelProblem ?? '', /set twin\.models\.model/);
    assert.equal(wrong.draft.drafter, 'offline');

    const code = await client.draft({ session: 'code-none', channel: 'code', task: 'parse the config with defaults', languageId: 'typescript', repository: repo.root, noModelHelp: 'Configure a model.' });
    assert.ok(code.status === 'drafted' && code.channel === 'code', JSON.stringify(code));
    assert.equal(code.models, 'none');
    assert.equal(code.draft.text, '', 'no offline code generator: no code');
    assert.ok(code.draft.exemplarCode.some((exemplar) => exemplar.name === 'parseConfig'), 'the user’s own function, parsed in the sidecar');
  });

  it('falls back to the offline drafter when the picked model fails, with the client’s reason', async () => {
    client.answer = async () => {
      const data: ModelErrorData = { modelError: 'unavailable', providerId: PICKED.id };
      throw new ResponseError(-32050, 'Fake Model is no longer available (uninstalled).', data);
    };
    try {
      const answer = await client.draft(commitRequest({ picked: PICKED }));
      assert.ok(answer.status === 'drafted', JSON.stringify(answer));
      assert.equal(answer.draft.drafter, 'offline');
      assert.match(answer.draft.notice ?? '', /The model failed \(Fake Model is no longer available \(uninstalled\)\.\)/);
    } finally {
      client.answer = async () => chatResult('fix(loader): default the retries to five');
    }
  });

  it('uses the endpoint of the client’s settings when no model is picked', async () => {
    const server = await startFakeOpenAIServer({ apiKey: 'sk-settings', reply: 'fix(loader): from the endpoint' });
    try {
      const answer = await client.draft(commitRequest({ settings: { baseUrl: server.baseUrl, model: 'fake-model', apiKey: 'sk-settings' } }));
      assert.ok(answer.status === 'drafted', JSON.stringify(answer));
      assert.equal(answer.draft.text, 'fix(loader): from the endpoint');
      assert.equal(server.chatRequests.length, 1);
      assert.equal(server.chatRequests[0].headers.authorization, 'Bearer sk-settings');
    } finally {
      await server.close();
    }
  });

  it('cancelling twin/draft cancels the model request at the client and answers cancelled', async () => {
    let modelCancelled!: () => void;
    const sawCancel = new Promise<void>((resolve) => (modelCancelled = resolve));
    let asked!: () => void;
    const wasAsked = new Promise<void>((resolve) => (asked = resolve));
    client.answer = (_params, token) =>
      new Promise((_resolve, reject) => {
        asked();
        token.onCancellationRequested(() => {
          modelCancelled();
          const data: ModelErrorData = { modelError: 'cancelled' };
          reject(new ResponseError(-32050, 'The request was cancelled.', data));
        });
      });
    try {
      const source = new CancellationTokenSource();
      const pending = client.draft(commitRequest({ picked: PICKED }), source.token);
      await wasAsked;
      const started = Date.now();
      source.cancel();
      await sawCancel;
      assert.deepEqual(await pending, { status: 'cancelled' });
      assert.ok(Date.now() - started < 5000, 'cancellation is prompt');
    } finally {
      client.answer = async () => chatResult('fix(loader): default the retries to five');
    }
  });

  it('says what is wrong: nothing staged, an unknown channel', async () => {
    const clean = TempGitRepo.create('twin-draft-clean');
    try {
      clean.write('a.ts', 'export const a = 1;\n');
      clean.commit('chore: start');
      const answer = await client.draft({ session: 'clean', channel: 'commit', repository: clean.root });
      assert.equal(answer.status, 'failed');
      assert.ok(answer.status === 'failed' && answer.reason === 'nothing-staged' && answer.failure === 'usage');
    } finally {
      clean.cleanup();
    }
    await assert.rejects(client.draft({ session: 'x', channel: 'poem' } as unknown as DraftRequest), /cannot draft for channel "poem"/);
  });

  it('works from a second window: the relay passes twin/modelChat down to its own client', async () => {
    // The running client's sidecar owns TWIN_HOME; a second one becomes a relay to it.
    const second = await DraftingClient.start(home);
    try {
      assert.match(second.stderr, /another sidecar owns|relay/);
      second.answer = async () => chatResult('fix(loader): drafted through the relay');
      const before = client.prompts.length;
      const answer = await second.draft(commitRequest({ picked: PICKED }));
      assert.ok(answer.status === 'drafted', JSON.stringify(answer));
      assert.equal(answer.draft.text, 'fix(loader): drafted through the relay');
      assert.equal(second.prompts.length, 1, 'the second window’s model answered');
      assert.equal(client.prompts.length, before, 'not the first window’s');
      assert.ok(second.progress.includes('Reading the staged changes…'), 'progress came back through the relay');
    } finally {
      await second.stop();
    }
  });
});

describe('The client’s model as a provider in the sidecar', () => {
  /** Two ends of one JSON-RPC connection in this process: the sidecar's and the client's. */
  function connectedPair(): { sidecar: MessageConnection; client: MessageConnection; close(): void } {
    const up = new PassThrough();
    const down = new PassThrough();
    const sidecar = createMessageConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
    const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    return {
      sidecar,
      client,
      close: () => {
        sidecar.dispose();
        client.dispose();
      },
    };
  }

  it('streams the client’s tokens to onToken in order, then returns the answer', async () => {
    const pair = connectedPair();
    const peer = createClientPeer(pair.sidecar);
    pair.client.onRequest('twin/modelChat', async (params: ModelChatParams) => {
      for (const text of ['fix', '(loader)', ': retries']) await pair.client.sendNotification('twin/modelToken', { call: params.call!, text });
      return chatResult('fix(loader): retries');
    });
    pair.sidecar.listen();
    pair.client.listen();
    try {
      const provider = new ClientModelProvider(peer, 'session-1', PICKED);
      const tokens: string[] = [];
      const result = await provider.chat({ messages: [{ role: 'user', content: 'Describe the change.' }] }, { onToken: (text) => tokens.push(text) });
      assert.deepEqual(tokens, ['fix', '(loader)', ': retries']);
      assert.equal(result.text, 'fix(loader): retries');
      assert.equal(provider.info.id, PICKED.id);
    } finally {
      pair.close();
    }
  });

  it('rebuilds the client’s typed failures, and aborting cancels the request at the client', async () => {
    const pair = connectedPair();
    const peer = createClientPeer(pair.sidecar);
    let cancelledAtClient = false;
    pair.client.onRequest('twin/modelChat', (params: ModelChatParams, token: CancellationToken) => {
      if (params.session === 'failing') {
        const data: ModelErrorData = { modelError: 'unavailable', configure: 'Pick a model.' };
        throw new ResponseError(-32050, 'Fake Model is gone.', data);
      }
      return new Promise((_resolve, reject) => token.onCancellationRequested(() => ((cancelledAtClient = true), reject(new ResponseError(-32800, 'cancelled')))));
    });
    pair.sidecar.listen();
    pair.client.listen();
    try {
      await assert.rejects(new ClientModelProvider(peer, 'failing', PICKED).chat({ messages: [] }), (error: unknown) => {
        assert.ok(error instanceof ModelUnavailableError);
        assert.equal(error.message, 'Fake Model is gone.');
        assert.equal(error.configure, 'Pick a model.');
        return true;
      });
      const controller = new AbortController();
      const pending = new ClientModelProvider(peer, 'slow', PICKED).chat({ messages: [] }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      await assert.rejects(pending, ModelCancelledError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(cancelledAtClient, true);
    } finally {
      pair.close();
    }
  });
});
