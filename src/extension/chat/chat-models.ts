/**
 * Which model answers an `@twin` request, in the order the user expects: the model they picked in chat
 * (`request.model`) first; when it is absent or fails, the OpenAI-compatible endpoint they configured
 * (`twin.models.*` settings with the key in SecretStorage, else `models` in TWIN_HOME/config.json or
 * TWIN_MODEL_URL); with neither, none, and the caller uses its offline drafter or says honestly that
 * there is no model and what to configure. Also the `twin.setOpenAIKey` command.
 */
import * as vscode from 'vscode';
import { FallbackProvider } from '../../core/models/fallback-provider';
import type { ModelProvider } from '../../core/models/model-provider';
import { createModelRouter } from '../../core/models/models-config';
import { createSettingsModelRouter, type ModelSettings } from '../../core/models/settings-models';
import { userText } from '../user-scope-settings';
import { VsCodeLanguageModelProvider } from './vscode-lm-provider';

export const SET_OPENAI_KEY_COMMAND = 'twin.setOpenAIKey';
/** The SecretStorage entry holding the key of the `twin.models.baseUrl` endpoint. */
export const OPENAI_KEY_SECRET = 'twin.models.apiKey';

/** What to configure for a model, in chat's words (markdown). */
export const NO_MODEL_HELP =
  'Pick a model in the chat view’s model picker, or set an OpenAI-compatible endpoint (OpenAI, Ollama, LM Studio, llama.cpp server) in Settings: ' +
  '`twin.models.baseUrl` and `twin.models.model` (optionally `twin.models.simpleModel` / `twin.models.hardModel`), then run **Twin: Set OpenAI-Compatible API Key** if it needs a key (otherwise `OPENAI_API_KEY` is used).';

export interface ChatModelsOptions {
  secrets: vscode.SecretStorage;
  twinHome: () => string;
  log: (message: string) => void;
  timeoutMs?: number;
}

export class ChatModels {
  constructor(private readonly options: ChatModelsOptions) {}

  /**
   * The provider for one chat request, or undefined when there is no model at all. Settings that are
   * wrong throw with a message naming the setting, unless the chat model can answer alone (then they are logged).
   */
  async forRequest(request: vscode.ChatRequest, justification: string): Promise<ModelProvider | undefined> {
    const picked = request.model ? new VsCodeLanguageModelProvider(request.model, { timeoutMs: this.options.timeoutMs ?? 120_000, justification }) : undefined;
    let configured: ModelProvider | undefined;
    try {
      configured = await this.configured();
    } catch (error) {
      if (!picked) throw error;
      this.options.log(`@twin: the configured models are not usable, using the chat model alone: ${(error as Error).message}`);
    }
    if (picked && configured) {
      return new FallbackProvider([picked, configured], {
        configure: NO_MODEL_HELP,
        onFallback: (from, error) => this.options.log(`@twin: ${from.id} failed (${error.message}); trying ${configured!.info.id}`),
      });
    }
    return picked ?? configured;
  }

  /**
   * The endpoint of the settings for the sidecar's drafters (`twin/draft`), with its key from SecretStorage,
   * else this window's OPENAI_API_KEY; undefined when no endpoint is set (the sidecar then reads config.json).
   */
  async settingsForSidecar(): Promise<ModelSettings | undefined> {
    const settings = readModelSettings();
    if (!settings.baseUrl && !settings.model && !settings.simpleModel && !settings.hardModel) return undefined;
    const apiKey = (await this.options.secrets.get(OPENAI_KEY_SECRET)) || process.env.OPENAI_API_KEY || undefined;
    return { ...settings, ...(apiKey && settings.baseUrl ? { apiKey } : {}) };
  }

  /** The OpenAI-compatible endpoint(s) from settings, else from TWIN_HOME/config.json or the environment. */
  async configured(): Promise<ModelProvider | undefined> {
    const home = this.options.twinHome();
    const apiKey = (await this.options.secrets.get(OPENAI_KEY_SECRET)) || undefined;
    const fromSettings = createSettingsModelRouter({ ...readModelSettings(), ...(apiKey ? { apiKey } : {}) }, { home });
    return fromSettings ?? createModelRouter({ home, onLedgerError: (error) => this.options.log(`@twin: could not log model usage: ${(error as Error).message}`) });
  }
}

/**
 * The endpoint and models from the user's settings only: the key in SecretStorage (or OPENAI_API_KEY) goes to
 * `baseUrl`, so a cloned folder's settings must not choose that server, nor which paid model spends the key.
 */
export function readModelSettings(): ModelSettings {
  const config = vscode.workspace.getConfiguration('twin.models');
  const text = (key: string) => userText((name) => config.inspect(name), key);
  const timeoutSeconds = config.get<number>('timeoutSeconds', 0);
  return {
    baseUrl: text('baseUrl'),
    model: text('model'),
    simpleModel: text('simpleModel'),
    hardModel: text('hardModel'),
    ...(timeoutSeconds > 0 ? { timeoutMs: timeoutSeconds * 1000 } : {}),
  };
}

/** Asks for the key (hidden input) and keeps it in SecretStorage; an empty answer removes it. */
export async function setOpenAIKey(secrets: vscode.SecretStorage): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'Twin: OpenAI-compatible API key',
    prompt: 'The key for the server in twin.models.baseUrl. It is kept in VS Code’s secret storage, never in settings. Leave empty to remove the stored key (OPENAI_API_KEY is then used when set).',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  if (key.trim() === '') {
    await secrets.delete(OPENAI_KEY_SECRET);
    void vscode.window.showInformationMessage('Twin removed the stored API key.');
    return;
  }
  await secrets.store(OPENAI_KEY_SECRET, key.trim());
  const settings = readModelSettings();
  void vscode.window.showInformationMessage(
    settings.baseUrl ? `Twin stored the API key for ${settings.baseUrl}.` : 'Twin stored the API key. Set twin.models.baseUrl and twin.models.model in Settings so Twin knows which server to use it with.',
  );
}
