/**
 * Models configured in an editor's settings (VS Code's `twin.models.*`), mapped onto the same
 * configuration `TWIN_HOME/config.json` uses: one OpenAI-compatible endpoint, and optionally a cheap model
 * for simple requests and a strong one for hard requests on it, routed by the same router.
 *
 *   twin.models.baseUrl     http://127.0.0.1:11434/v1
 *   twin.models.model       qwen2.5-coder:7b          (used for everything unless the two below are set)
 *   twin.models.simpleModel qwen2.5-coder:1.5b        (simple requests: commit messages, short replies)
 *   twin.models.hardModel   qwen2.5-coder:32b         (hard requests: big changes, long code tasks)
 *
 * The key comes from the editor's secret storage; without one, OPENAI_API_KEY is used when set.
 */
import { ModelRouter } from './model-router';
import type { ModelsConfig } from './models-config';
import { OpenAICompatibleProvider } from './openai-compatible-provider';
import { UsageLedger } from './usage-ledger';

export interface ModelSettings {
  baseUrl?: string;
  model?: string;
  simpleModel?: string;
  hardModel?: string;
  /** From secret storage; never from a settings file. */
  apiKey?: string;
  timeoutMs?: number;
}

/** The configuration the settings describe, or undefined when no endpoint is set. Bad settings throw, saying which. */
export function modelsConfigFromSettings(settings: ModelSettings): ModelsConfig | undefined {
  const baseUrl = settings.baseUrl?.trim();
  const model = settings.model?.trim();
  const simple = settings.simpleModel?.trim() || undefined;
  const hard = settings.hardModel?.trim() || undefined;
  if (!baseUrl) {
    if (model || simple || hard) throw new Error('twin.models.model is set but twin.models.baseUrl is empty: give the server\'s API root, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1.');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`twin.models.baseUrl "${baseUrl}" is not a URL: give the API root with its version, e.g. http://127.0.0.1:11434/v1.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`twin.models.baseUrl "${baseUrl}" must start with http:// or https://.`);
  if (!model && !(simple && hard)) {
    throw new Error('twin.models.baseUrl is set but no model is: set twin.models.model (e.g. qwen2.5-coder:7b or gpt-4.1-mini), or both twin.models.simpleModel and twin.models.hardModel.');
  }
  const common = {
    baseUrl,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  };
  if (!simple && !hard) return { providers: { settings: { ...common, model: model!, configuredAt: `twin.models.model in VS Code settings` } }, order: ['settings'] };
  return {
    providers: {
      simple: { ...common, model: (simple ?? model)!, configuredAt: `twin.models.simpleModel in VS Code settings` },
      hard: { ...common, model: (hard ?? model)!, configuredAt: `twin.models.hardModel in VS Code settings` },
    },
    // Simple requests go to the cheap model and fall back to the strong one; hard ones go to the strong one first.
    order: ['simple', 'hard'],
    rules: [{ when: { difficulty: 'hard' }, use: 'hard' }],
  };
}

/** The router over what the settings configure, or undefined when they configure nothing. */
export function createSettingsModelRouter(settings: ModelSettings, options: { home: string; env?: NodeJS.ProcessEnv; ledger?: boolean }): ModelRouter | undefined {
  const config = modelsConfigFromSettings(settings);
  if (!config) return undefined;
  const providers = Object.fromEntries(
    Object.entries(config.providers).map(([name, provider]) => [name, new OpenAICompatibleProvider({ ...provider, name }, { env: options.env ?? process.env })]),
  );
  return new ModelRouter(
    { providers, order: config.order, rules: config.rules },
    { ledger: options.ledger === false ? undefined : UsageLedger.forHome(options.home) },
  );
}
