/**
 * What every model provider implements: the OpenAI-compatible client here, the router in front of
 * several of them, and later the VS Code language-model adapter in `src/extension`. Drafters depend on
 * this interface only, so they never know which model answered.
 */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** What a request is for; the router picks a model by it and the usage ledger records it. */
export type TaskKind = 'commit' | 'review' | 'reply' | 'code' | 'chat' | 'other';
export const TASK_KINDS: readonly TaskKind[] = ['commit', 'review', 'reply', 'code', 'chat', 'other'];

/** How demanding the caller judges a request; the router sends `hard` ones to a strong model. */
export type Difficulty = 'simple' | 'hard';

export interface ChatRequest {
  messages: ChatMessage[];
  /** Upper bound on generated tokens. */
  maxTokens?: number;
  temperature?: number;
  stop?: string[];
  /** Routing and bookkeeping hints: providers ignore them, the router and the ledger use them. */
  task?: TaskKind;
  difficulty?: Difficulty;
}

export interface ChatOptions {
  /** Aborting rejects the request with `ModelCancelledError` promptly, mid-stream included. */
  signal?: AbortSignal;
  /** Called with each piece of generated text as it arrives, in order; makes the request stream. */
  onToken?: (text: string) => void;
  /**
   * Deadline for the whole call in ms, retries and their waits included; past it the request is
   * aborted and rejects with `ModelTimeoutError`. Defaults to the provider's configured timeout.
   */
  timeoutMs?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** True when the server reported no usage and Twin estimated it (see token-estimate.ts). */
  estimated: boolean;
}

/**
 * `stop`: the model finished or hit a stop sequence; `length`: it hit `maxTokens`; `content-filter`: the
 * server withheld the answer; `other`: anything else the server said (tool calls, unknown reasons).
 */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'other';

export interface ChatResult {
  text: string;
  usage: TokenUsage;
  /** The model that answered, as the server named it (may be more specific than the configured one). */
  model: string;
  /** `info.provider` of the provider that answered (for the router: the chosen provider's). */
  provider: string;
  /** Present when the model has a price in the configuration. */
  costUsd?: number;
  finishReason: FinishReason;
}

export interface ModelInfo {
  /** Stable id for settings and logs, e.g. `openai-compatible:qwen2.5-coder:7b@127.0.0.1:11434`. */
  id: string;
  /** Which kind of provider: `openai-compatible`, `vscode-lm`, `router`, … */
  provider: string;
  model: string;
  /** One line for people: what it is and where it runs. */
  description: string;
  /** True when requests never leave the machine (a server on localhost, VS Code's local models). */
  local: boolean;
}

export interface ModelProvider {
  readonly info: ModelInfo;
  chat(request: ChatRequest, options?: ChatOptions): Promise<ChatResult>;
}
