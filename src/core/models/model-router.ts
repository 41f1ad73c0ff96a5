/**
 * Chooses a model per request from rules the user writes — a cheap model for simple requests, a strong
 * one for hard requests, long prompts or some kinds of task — falls back to the next provider when one
 * is unavailable, and records every request it sends in the usage ledger. It is itself a
 * `ModelProvider`, so drafters never know whether one model or several stand behind it.
 *
 * A call's `timeoutMs` applies to each provider it tries, so a fallback gets a full deadline of its own.
 */
import { isModelError, ModelError, ModelUnavailableError, type ModelErrorCode } from './model-errors';
import type { ChatOptions, ChatRequest, ChatResult, Difficulty, ModelInfo, ModelProvider, TaskKind } from './model-provider';
import { TASK_KINDS } from './model-provider';
import { estimateChatTokens, estimateTokens } from './token-estimate';
import type { UsageLedger, UsageRecord } from './usage-ledger';

export interface RouteConditions {
  difficulty?: Difficulty;
  task?: TaskKind | TaskKind[];
  /** Matches when the estimated prompt (all messages) is longer than this many tokens. */
  promptTokensAbove?: number;
}

/** `use` names a provider; a rule matches when every condition it gives holds. The first match wins. */
export interface RouteRule {
  when: RouteConditions;
  use: string;
}

export interface ModelRouterConfig {
  /** Named providers: OpenAI-compatible ones from the configuration, VS Code's model from the extension, … */
  providers: Record<string, ModelProvider>;
  /** Preference order when no rule matches, and the fallback order after the chosen one. Default: the providers' order. */
  order?: string[];
  rules?: RouteRule[];
  /** Which failures move on to the next provider. Default: unavailable and rate-limit. Cancellation never does. */
  fallbackOn?: ModelErrorCode[];
}

export interface ModelRouterOptions {
  ledger?: UsageLedger;
  /** Told when the ledger cannot be written; the request itself still succeeds. */
  onLedgerError?: (error: unknown) => void;
  now?: () => number;
}

export interface RouteDecision {
  /** Providers to try, in order. */
  chain: string[];
  /** Why the first was chosen: `rule 2 (difficulty=hard)` or `order`. */
  reason: string;
  promptTokens: number;
}

export interface RouteAttempt {
  provider: string;
  outcome: 'ok' | ModelErrorCode | 'error';
  latencyMs: number;
}

export interface RoutedChatResult extends ChatResult {
  /** The configured name of the provider that answered. */
  providerName: string;
  route: RouteDecision;
  attempts: RouteAttempt[];
}

const DEFAULT_FALLBACK_ON: readonly ModelErrorCode[] = ['unavailable', 'rate-limit'];
/** Cancellation is the caller's wish, never a reason to ask another model. */
const FALLBACK_CODES: readonly ModelErrorCode[] = ['unavailable', 'rate-limit', 'timeout', 'auth', 'bad-request'];
const DIFFICULTIES: readonly Difficulty[] = ['simple', 'hard'];

export class ModelRouter implements ModelProvider {
  readonly info: ModelInfo;
  private readonly providers: Map<string, ModelProvider>;
  private readonly order: string[];
  private readonly rules: RouteRule[];
  private readonly fallbackOn: ReadonlySet<ModelErrorCode>;
  private readonly now: () => number;

  constructor(
    config: ModelRouterConfig,
    private readonly options: ModelRouterOptions = {},
  ) {
    this.providers = new Map(Object.entries(config.providers));
    if (this.providers.size === 0) {
      throw new ModelUnavailableError('No model is configured: add one under "models" in TWIN_HOME/config.json, or use the offline drafter.', {
        configure: 'models.providers in TWIN_HOME/config.json (baseUrl and model of an OpenAI-compatible server such as Ollama).',
      });
    }
    const names = [...this.providers.keys()];
    this.order = validateOrder(config.order ?? names, names);
    this.rules = (config.rules ?? []).map((rule, index) => validateRule(rule, index, names));
    for (const code of config.fallbackOn ?? []) {
      if (!FALLBACK_CODES.includes(code)) throw new Error(`models.fallbackOn: "${code}" is not one of ${FALLBACK_CODES.join(', ')}.`);
    }
    this.fallbackOn = new Set(config.fallbackOn ?? DEFAULT_FALLBACK_ON);
    this.now = options.now ?? Date.now;
    const members = this.order.map((name) => `${name} (${this.providers.get(name)!.info.model})`);
    this.info = {
      id: `router:${this.order.join('+')}`,
      provider: 'router',
      model: this.providers.get(this.order[0])!.info.model,
      description: `Routes between ${members.join(', ')}`,
      local: this.order.every((name) => this.providers.get(name)!.info.local),
    };
  }

  /** Which providers a request would go to, and why; no request is sent. */
  route(request: ChatRequest): RouteDecision {
    const promptTokens = estimateChatTokens(request.messages);
    for (const [index, rule] of this.rules.entries()) {
      if (!matches(rule.when, request, promptTokens)) continue;
      return { chain: [rule.use, ...this.order.filter((name) => name !== rule.use)], reason: `rule ${index + 1} (${describeConditions(rule.when)})`, promptTokens };
    }
    return { chain: [...this.order], reason: 'order', promptTokens };
  }

  async chat(request: ChatRequest, options: ChatOptions = {}): Promise<RoutedChatResult> {
    const route = this.route(request);
    const attempts: RouteAttempt[] = [];
    const failures: Array<{ name: string; error: unknown }> = [];

    for (const [position, name] of route.chain.entries()) {
      const provider = this.providers.get(name)!;
      const started = this.now();
      let firstTokenAt: number | undefined;
      let streamed = '';
      const onToken = options.onToken
        ? (text: string) => {
            firstTokenAt ??= this.now();
            streamed += text;
            options.onToken!(text);
          }
        : undefined;
      const record = (fields: Pick<UsageRecord, 'model' | 'inputTokens' | 'outputTokens' | 'estimated' | 'outcome'> & { costUsd?: number }) =>
        this.record({
          time: new Date(started).toISOString(),
          provider: name,
          task: request.task ?? 'unspecified',
          ...(request.difficulty ? { difficulty: request.difficulty } : {}),
          route: position === 0 ? route.reason : 'fallback',
          ...(position > 0 ? { fallbackFrom: route.chain[position - 1] } : {}),
          latencyMs: this.now() - started,
          ...(firstTokenAt !== undefined ? { firstTokenMs: firstTokenAt - started } : {}),
          ...fields,
        });

      try {
        const result = await provider.chat(request, { ...options, onToken });
        attempts.push({ provider: name, outcome: 'ok', latencyMs: this.now() - started });
        await record({ model: result.model, ...result.usage, costUsd: result.costUsd, outcome: 'ok' });
        return { ...result, providerName: name, route, attempts };
      } catch (error) {
        const outcome = isModelError(error) ? error.code : 'error';
        attempts.push({ provider: name, outcome, latencyMs: this.now() - started });
        // Whatever streamed before the failure was generated (and perhaps billed); nothing else was.
        await record({
          model: provider.info.model,
          inputTokens: streamed ? estimateChatTokens(request.messages) : 0,
          outputTokens: estimateTokens(streamed),
          estimated: true,
          outcome,
        });
        failures.push({ name, error });
        const last = position === route.chain.length - 1;
        // The caller has seen tokens from this provider: another one's answer cannot continue them.
        if (last || streamed || !isModelError(error) || !this.fallbackOn.has(error.code)) {
          throw failures.length > 1 && isModelError(error) && this.fallbackOn.has(error.code) ? allFailed(failures) : error;
        }
      }
    }
    throw new Error('unreachable: the route chain is never empty');
  }

  private async record(record: UsageRecord): Promise<void> {
    if (!this.options.ledger) return;
    try {
      await this.options.ledger.append(record);
    } catch (error) {
      this.options.onLedgerError?.(error);
    }
  }
}

function matches(when: RouteConditions, request: ChatRequest, promptTokens: number): boolean {
  if (when.difficulty !== undefined && request.difficulty !== when.difficulty) return false;
  if (when.task !== undefined) {
    const tasks = Array.isArray(when.task) ? when.task : [when.task];
    if (!request.task || !tasks.includes(request.task)) return false;
  }
  if (when.promptTokensAbove !== undefined && !(promptTokens > when.promptTokensAbove)) return false;
  return true;
}

function describeConditions(when: RouteConditions): string {
  const parts: string[] = [];
  if (when.difficulty) parts.push(`difficulty=${when.difficulty}`);
  if (when.task) parts.push(`task=${[when.task].flat().join('|')}`);
  if (when.promptTokensAbove !== undefined) parts.push(`promptTokens>${when.promptTokensAbove}`);
  return parts.join(', ') || 'always';
}

/** Every provider failed in a way that allowed falling back: one error that lists them all. */
function allFailed(failures: Array<{ name: string; error: unknown }>): ModelUnavailableError {
  const lines = failures.map(({ name, error }) => `${name}: ${(error as Error).message}`);
  const first = failures[0].error as ModelError;
  return new ModelUnavailableError(`No configured model could answer. ${lines.join(' · ')}`, {
    providerId: first.providerId,
    url: first.url,
    configure: first instanceof ModelUnavailableError ? first.configure : undefined,
    cause: first,
  });
}

function validateOrder(order: string[], names: string[]): string[] {
  for (const name of order) {
    if (!names.includes(name)) throw new Error(`models.order names "${name}", which is not among the providers (${names.join(', ')}).`);
  }
  // Providers left out of the order still serve rules that name them, but are never fallen back to.
  return [...new Set(order)];
}

function validateRule(rule: RouteRule, index: number, names: string[]): RouteRule {
  const where = `models.rules[${index}]`;
  if (!rule || typeof rule !== 'object' || !rule.when || typeof rule.when !== 'object') {
    throw new Error(`${where} needs "when" (difficulty, task and/or promptTokensAbove) and "use" (a provider name).`);
  }
  if (!names.includes(rule.use)) throw new Error(`${where} uses "${rule.use}", which is not among the providers (${names.join(', ')}).`);
  const { difficulty, task, promptTokensAbove } = rule.when;
  if (difficulty !== undefined && !DIFFICULTIES.includes(difficulty)) throw new Error(`${where}.when.difficulty must be "simple" or "hard", not "${difficulty}".`);
  for (const kind of task === undefined ? [] : [task].flat()) {
    if (!TASK_KINDS.includes(kind)) throw new Error(`${where}.when.task "${kind}" is not one of ${TASK_KINDS.join(', ')}.`);
  }
  if (promptTokensAbove !== undefined && !(typeof promptTokensAbove === 'number' && promptTokensAbove >= 0)) {
    throw new Error(`${where}.when.promptTokensAbove must be a non-negative number of tokens.`);
  }
  return rule;
}
