/**
 * An in-memory ModelProvider for tests of code that takes one (the router, drafters): it answers with a
 * fixed text streamed word by word, or fails with the errors it is given, and records the requests.
 */
import type { ChatOptions, ChatRequest, ChatResult, ModelInfo, ModelProvider } from '../model-provider';
import { streamPieces } from './fake-openai-server';

export class ScriptedProvider implements ModelProvider {
  readonly info: ModelInfo;
  readonly requests: ChatRequest[] = [];
  private readonly failures: unknown[] = [];
  private readonly costUsd?: number;

  constructor(
    readonly name: string,
    private readonly answer = `answer from ${name}`,
    options: { model?: string; local?: boolean; costUsd?: number } = {},
  ) {
    this.info = { id: `scripted:${name}`, provider: 'scripted', model: options.model ?? `${name}-model`, description: `scripted ${name}`, local: options.local ?? true };
    this.costUsd = options.costUsd;
  }

  /** The next calls throw these, in order; a `{streamThen: error}` streams the answer's first word first. */
  failNext(...failures: unknown[]): this {
    this.failures.push(...failures);
    return this;
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    this.requests.push(request);
    const failure = this.failures.shift();
    const pieces = streamPieces(this.answer);
    if (failure && typeof failure === 'object' && 'streamThen' in failure) {
      options.onToken?.(pieces[0]);
      throw (failure as { streamThen: unknown }).streamThen;
    }
    if (failure) throw failure;
    for (const piece of pieces) options.onToken?.(piece);
    return {
      text: this.answer,
      usage: { inputTokens: 10, outputTokens: pieces.length, estimated: false },
      model: this.info.model,
      provider: this.info.provider,
      ...(this.costUsd !== undefined ? { costUsd: this.costUsd } : {}),
      finishReason: 'stop',
    };
  }
}
