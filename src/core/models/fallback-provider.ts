/**
 * Several model providers tried in order, for surfaces that have a first choice and a fallback: in chat,
 * the model the user picked there, then the OpenAI-compatible endpoint they configured. A provider that
 * fails before streaming anything hands the request to the next one; cancellation never does, and
 * neither does a failure after tokens were shown (another model cannot continue them). When all fail,
 * the error lists each one and what to configure.
 */
import { isModelError, ModelCancelledError, ModelUnavailableError } from './model-errors';
import type { ChatOptions, ChatRequest, ChatResult, ModelInfo, ModelProvider } from './model-provider';

export class FallbackProvider implements ModelProvider {
  readonly info: ModelInfo;

  constructor(
    private readonly providers: readonly ModelProvider[],
    private readonly options: { configure?: string; onFallback?: (from: ModelInfo, error: Error) => void } = {},
  ) {
    if (providers.length === 0) throw new Error('FallbackProvider needs at least one provider.');
    const [first] = providers;
    this.info = {
      id: `fallback:${providers.map((provider) => provider.info.id).join('+')}`,
      provider: 'fallback',
      model: first.info.model,
      description: `${providers.map((provider) => provider.info.description).join(', then ')}`,
      local: providers.every((provider) => provider.info.local),
    };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<ChatResult> {
    const failures: Array<{ provider: ModelProvider; error: Error }> = [];
    for (const [index, provider] of this.providers.entries()) {
      let streamed = false;
      const onToken = options.onToken
        ? (text: string) => {
            streamed = true;
            options.onToken!(text);
          }
        : undefined;
      try {
        return await provider.chat(request, { ...options, onToken });
      } catch (error) {
        if (error instanceof ModelCancelledError || options.signal?.aborted) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        failures.push({ provider, error: failure });
        if (streamed || index === this.providers.length - 1) break;
        this.options.onFallback?.(provider.info, failure);
      }
    }
    if (failures.length === 1) throw failures[0].error;
    const last = failures[failures.length - 1].error;
    if (!isModelError(last) || last instanceof ModelCancelledError) throw last;
    const lines = failures.map(({ provider, error }) => `${provider.info.description}: ${error.message}`);
    throw new ModelUnavailableError(`No model could answer. ${lines.join(' · ')}${this.options.configure ? ` ${this.options.configure}` : ''}`, {
      configure: this.options.configure,
      cause: last,
    });
  }
}
