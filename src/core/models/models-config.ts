/**
 * Which models Twin may use: `TWIN_HOME/config.json` → `models`, plus one provider from the environment
 * for scripts and CI. Nothing is configured by default — not even when OPENAI_API_KEY is set — because a
 * remote model is something the user turns on, not something Twin assumes. With nothing configured,
 * callers use the offline drafter.
 *
 *   {"models": {
 *     "providers": {
 *       "local":  {"baseUrl": "http://127.0.0.1:11434/v1", "model": "qwen2.5-coder:7b"},
 *       "strong": {"baseUrl": "https://api.openai.com/v1", "model": "gpt-4.1", "apiKeyEnv": "OPENAI_API_KEY"}
 *     },
 *     "order": ["local", "strong"],
 *     "rules": [{"when": {"difficulty": "hard"}, "use": "strong"}, {"when": {"promptTokensAbove": 6000}, "use": "strong"}],
 *     "prices": {"gpt-4.1": {"inputPerMillion": 2, "outputPerMillion": 8}}
 *   }}
 *
 *   TWIN_MODEL_URL=http://127.0.0.1:11434/v1 TWIN_MODEL=qwen2.5-coder:7b  (+ OPENAI_API_KEY when the server needs one)
 */
import * as path from 'node:path';
import { readConfigFile } from '../config/embedder-config';
import type { ModelErrorCode } from './model-errors';
import type { ModelProvider } from './model-provider';
import { validatePriceTable, type PriceTable } from './model-pricing';
import { ModelRouter, type RouteRule } from './model-router';
import { OpenAICompatibleProvider, type OpenAICompatibleConfig } from './openai-compatible-provider';
import { UsageLedger } from './usage-ledger';

export type ProviderConfig = OpenAICompatibleConfig & { kind?: 'openai-compatible' };

export interface ModelsConfig {
  providers: Record<string, ProviderConfig>;
  order?: string[];
  rules?: RouteRule[];
  fallbackOn?: ModelErrorCode[];
  /** Applies to every provider that has no `prices` of its own. */
  prices?: PriceTable;
}

/** The name of the provider that TWIN_MODEL_URL/TWIN_MODEL define; it goes first in the order. */
export const ENV_PROVIDER = 'env';

const PROVIDER_KEYS = new Set([
  'kind', 'baseUrl', 'model', 'apiKey', 'apiKeyEnv', 'timeoutMs', 'maxRetries', 'retryBaseDelayMs', 'maxRetryDelayMs',
  'streamUsage', 'maxTokensParameter', 'prices', 'local', 'headers',
]);

/** The models configuration, or undefined when the user configured none. */
export function resolveModelsConfig(home: string, env: NodeJS.ProcessEnv = process.env): ModelsConfig | undefined {
  const file = path.join(home, 'config.json');
  const raw = readConfigFile(home).models as Partial<ModelsConfig> | undefined;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new Error(`"models" in ${file} must be an object with "providers" (see the README's Models section).`);
  }
  const providers: Record<string, ProviderConfig> = {};
  const prices = validatePriceTable(raw?.prices, `models.prices in ${file}`);

  if (env.TWIN_MODEL_URL || env.TWIN_MODEL) {
    if (!env.TWIN_MODEL_URL || !env.TWIN_MODEL) {
      throw new Error('TWIN_MODEL_URL and TWIN_MODEL go together: the server (e.g. http://127.0.0.1:11434/v1) and the model name (e.g. qwen2.5-coder:7b).');
    }
    providers[ENV_PROVIDER] = { baseUrl: env.TWIN_MODEL_URL, model: env.TWIN_MODEL, configuredAt: 'TWIN_MODEL_URL and TWIN_MODEL' };
  }
  const fromFile = raw?.providers ?? {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new Error(`models.providers in ${file} must be an object of name → {"baseUrl", "model", …}.`);
  }
  for (const [name, value] of Object.entries(fromFile)) {
    const where = `models.providers.${name} in ${file}`;
    providers[name] = validateProvider(value, where);
  }
  if (Object.keys(providers).length === 0) return undefined;

  const names = Object.keys(providers);
  const order = raw?.order ?? names.filter((name) => name !== ENV_PROVIDER);
  return {
    providers,
    order: providers[ENV_PROVIDER] ? [ENV_PROVIDER, ...order.filter((name) => name !== ENV_PROVIDER)] : order,
    rules: raw?.rules,
    fallbackOn: raw?.fallbackOn,
    prices,
  };
}

export interface CreateModelRouterOptions {
  home: string;
  env?: NodeJS.ProcessEnv;
  /** Providers built elsewhere (VS Code's language model from the extension), by the name rules use. */
  providers?: Record<string, ModelProvider>;
  /** Record requests in TWIN_HOME/logs/model-usage.jsonl (default true). */
  ledger?: boolean;
  onLedgerError?: (error: unknown) => void;
}

/** The router over everything configured, or undefined when there is no model at all (use the offline drafter). */
export function createModelRouter(options: CreateModelRouterOptions): ModelRouter | undefined {
  const env = options.env ?? process.env;
  const config = resolveModelsConfig(options.home, env);
  const providers: Record<string, ModelProvider> = { ...options.providers };
  for (const [name, provider] of Object.entries(config?.providers ?? {})) {
    providers[name] = new OpenAICompatibleProvider({ ...provider, name, prices: provider.prices ?? config?.prices }, { env });
  }
  if (Object.keys(providers).length === 0) return undefined;
  const extra = Object.keys(options.providers ?? {}).filter((name) => !config?.order?.includes(name));
  return new ModelRouter(
    {
      providers,
      // Built-in providers (VS Code's model) go after the configured ones unless the order names them.
      order: config ? [...(config.order ?? []), ...extra] : Object.keys(providers),
      rules: config?.rules,
      fallbackOn: config?.fallbackOn,
    },
    { ledger: options.ledger === false ? undefined : UsageLedger.forHome(options.home), onLedgerError: options.onLedgerError },
  );
}

function validateProvider(value: unknown, where: string): ProviderConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where} must be an object with "baseUrl" and "model".`);
  const provider = value as Record<string, unknown>;
  if (provider.kind !== undefined && provider.kind !== 'openai-compatible') {
    throw new Error(`${where}: kind "${String(provider.kind)}" is unknown; Twin's configured providers are "openai-compatible" (VS Code's own models come from the extension).`);
  }
  const unknown = Object.keys(provider).filter((key) => !PROVIDER_KEYS.has(key));
  if (unknown.length) throw new Error(`${where}: unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${[...PROVIDER_KEYS].join(', ')}).`);
  if (typeof provider.baseUrl !== 'string' || !provider.baseUrl) throw new Error(`${where} needs "baseUrl", e.g. "http://127.0.0.1:11434/v1".`);
  if (typeof provider.model !== 'string' || !provider.model) throw new Error(`${where} needs "model", e.g. "qwen2.5-coder:7b".`);
  for (const key of ['timeoutMs', 'maxRetries', 'retryBaseDelayMs', 'maxRetryDelayMs'] as const) {
    const number = provider[key];
    if (number !== undefined && !(typeof number === 'number' && Number.isFinite(number) && number >= 0)) throw new Error(`${where}.${key} must be a non-negative number.`);
  }
  return {
    ...(provider as unknown as ProviderConfig),
    configuredAt: where,
    ...(provider.prices !== undefined ? { prices: validatePriceTable(provider.prices, `${where}.prices`) } : {}),
  };
}
