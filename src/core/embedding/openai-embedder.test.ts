import assert from 'node:assert/strict';
import { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder';
import { startFakeEmbeddingsServer, unusedPort, type FakeEmbeddingsServer } from './test-support/fake-embeddings-server';
import { maxDifference, norm, normalised } from './test-support/vectors';

describe('OpenAIEmbedder (against a local OpenAI-compatible server)', () => {
  let server: FakeEmbeddingsServer;
  const fastRetries: OpenAIEmbedderOptions = { retryBaseDelayMs: 5, maxRetryDelayMs: 50 };
  const embedderFor = (overrides: Partial<{ apiKey: string; dimensions: number; timeoutMs: number; model: string }> = {}, options: OpenAIEmbedderOptions = fastRetries) =>
    new OpenAIEmbedder({ kind: 'openai', baseUrl: server.baseUrl, model: 'fake-embedder', ...overrides }, options);

  beforeEach(async () => {
    server = await startFakeEmbeddingsServer({ dimensions: 8, apiKey: 'sk-right' });
  });

  afterEach(() => server.close());

  it('sends texts in batches of 64 and returns one unit vector per text, in order', async () => {
    const texts = Array.from({ length: 150 }, (_unused, i) => `memory number ${i} about topic ${i % 7}`);
    const vectors = await embedderFor({ apiKey: 'sk-right' }).embed(texts);

    assert.deepEqual(
      server.requests.map((request) => (request.body?.input as string[]).length),
      [64, 64, 22],
    );
    assert.deepEqual(server.requests.flatMap((request) => request.body?.input as string[]), texts);
    assert.equal(vectors.length, 150);
    texts.forEach((text, i) => {
      assert.ok(Math.abs(norm(vectors[i]) - 1) < 1e-6);
      assert.ok(maxDifference(vectors[i], normalised(server.vectorFor(text))) < 1e-6, `vector ${i} is not the server's vector for its text`);
    });
  });

  it('speaks the embeddings protocol: POST /v1/embeddings, JSON body, bearer key', async () => {
    await embedderFor({ apiKey: 'sk-right' }).embed(['hello']);
    const [request] = server.requests;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/embeddings');
    assert.equal(request.headers.authorization, 'Bearer sk-right');
    assert.match(String(request.headers['content-type']), /application\/json/);
    assert.deepEqual(request.body, { model: 'fake-embedder', input: ['hello'], encoding_format: 'float' });
  });

  it('learns the vector width from the first response', async () => {
    const embedder = embedderFor({ apiKey: 'sk-right' });
    assert.equal(embedder.info.dimensions, 0);
    await embedder.embed(['hello']);
    assert.equal(embedder.info.dimensions, 8);
    assert.equal(embedder.info.id, 'openai:fake-embedder');
  });

  it('asks for a configured width and puts it in the id', async () => {
    const embedder = embedderFor({ apiKey: 'sk-right', dimensions: 4 });
    const [vector] = await embedder.embed(['hello']);
    assert.equal(server.requests[0].body?.dimensions, 4);
    assert.equal(vector.length, 4);
    assert.equal(embedder.info.id, 'openai:fake-embedder:4d');
  });

  it('says the API key is wrong on 401, without retrying', async () => {
    await assert.rejects(
      embedderFor({ apiKey: 'sk-wrong' }).embed(['hello']),
      /refused the request \(401: Incorrect API key provided\.\): the API key is wrong/,
    );
    assert.equal(server.requests.length, 1);
  });

  it('says a key is needed when none was configured', async () => {
    await assert.rejects(embedderFor().embed(['hello']), /401.*it needs an API key: set apiKey/);
  });

  it('retries rate limits and server errors, honouring Retry-After, then succeeds', async () => {
    server.failNext({ status: 429, message: 'Rate limit reached', headers: { 'retry-after': '0.05' } }, { status: 503, message: 'overloaded' });
    const started = Date.now();
    const vectors = await embedderFor({ apiKey: 'sk-right' }).embed(['hello']);
    assert.equal(vectors.length, 1);
    assert.equal(server.requests.length, 3);
    assert.ok(Date.now() - started >= 45, 'the Retry-After delay was not honoured');
  });

  it('gives up after the last attempt and reports what the server said', async () => {
    server.failNext(...Array.from({ length: 3 }, () => ({ status: 500, message: 'model crashed' })));
    await assert.rejects(
      embedderFor({ apiKey: 'sk-right' }, { ...fastRetries, maxAttempts: 3 }).embed(['hello']),
      /answered 500: model crashed\. \(gave up after 3 attempts\)/,
    );
    assert.equal(server.requests.length, 3);
  });

  it('does not retry a request the server rejects as invalid', async () => {
    server.failNext({ status: 400, message: "'input' is too long" });
    await assert.rejects(embedderFor({ apiKey: 'sk-right' }).embed(['hello']), /rejected the request \(400: 'input' is too long\)/);
    assert.equal(server.requests.length, 1);
  });

  it('points at the model name and the /v1 suffix on 404', async () => {
    await assert.rejects(
      embedderFor({ apiKey: 'sk-right', model: 'no-such-model' }).embed(['hello']),
      /404: The model `no-such-model` does not exist.*check the model name "no-such-model".*\/v1/,
    );
  });

  it('asks whether the server is running when nothing listens', async () => {
    const port = await unusedPort();
    const embedder = new OpenAIEmbedder({ kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm' }, { ...fastRetries, maxAttempts: 2 });
    await assert.rejects(
      embedder.embed(['hello']),
      (error: Error) =>
        error.message.startsWith(`Cannot reach the embeddings endpoint at http://127.0.0.1:${port}/v1/embeddings: is the server running?`) &&
        error.message.includes('ECONNREFUSED'),
    );
  });

  it('times out a server that does not answer', async () => {
    server.delayAnswersBy(500);
    await assert.rejects(
      embedderFor({ apiKey: 'sk-right', timeoutMs: 50 }, { ...fastRetries, maxAttempts: 1 }).embed(['hello']),
      /did not answer within 50 ms/,
    );
  });

  it('rejects a response with the wrong number of embeddings', async () => {
    server.answerWith(200, JSON.stringify({ object: 'list', data: [{ index: 0, embedding: [1, 2] }] }));
    await assert.rejects(embedderFor({ apiKey: 'sk-right' }).embed(['a', 'b']), /returned 1 embeddings for 2 texts/);
  });

  it('reads base64-encoded embeddings too', async () => {
    const values = Float32Array.from([3, 4, 0, 0]);
    server.answerWith(200, JSON.stringify({ data: [{ index: 0, embedding: Buffer.from(values.buffer).toString('base64') }] }));
    const [vector] = await embedderFor({ apiKey: 'sk-right' }).embed(['a']);
    assert.deepEqual(Array.from(vector), [0.6000000238418579, 0.800000011920929, 0, 0]);
  });

  it('refuses a base URL that is not http(s)', () => {
    assert.throws(() => new OpenAIEmbedder({ kind: 'openai', baseUrl: 'localhost:11434', model: 'm' }), /must start with http/);
    assert.throws(() => new OpenAIEmbedder({ kind: 'openai', baseUrl: 'not a url', model: 'm' }), /is not a URL/);
  });

  it('sends nothing for an empty list', async () => {
    assert.deepEqual(await embedderFor({ apiKey: 'sk-right' }).embed([]), []);
    assert.equal(server.requests.length, 0);
  });
});
