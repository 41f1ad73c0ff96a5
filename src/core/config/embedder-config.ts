import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbedderConfig } from '../embedding/embedder';

/**
 * Which embedding model the twin uses: `TWIN_HOME/config.json` → `embedder`, overridden by environment
 * variables so scripts and CI can switch without editing files. The default is the built-in offline model.
 *
 *   TWIN_EMBEDDER=offline
 *   TWIN_EMBEDDER=transformers  TWIN_EMBEDDER_MODEL=all-MiniLM-L6-v2  TWIN_EMBEDDER_MODEL_PATH=/models  [TWIN_ALLOW_REMOTE_MODELS=1]
 *   TWIN_EMBEDDER=openai        TWIN_EMBEDDER_MODEL=text-embedding-3-small  TWIN_EMBEDDER_URL=http://127.0.0.1:11434/v1  OPENAI_API_KEY=…
 */
export function resolveEmbedderConfig(home: string, env: NodeJS.ProcessEnv = process.env): EmbedderConfig {
  const fromFile = readConfigFile(home).embedder as EmbedderConfig | undefined;
  const kind = env.TWIN_EMBEDDER || fromFile?.kind || 'offline';
  switch (kind) {
    case 'offline':
      return { kind: 'offline', modelDir: env.TWIN_OFFLINE_MODEL_DIR || (fromFile?.kind === 'offline' ? fromFile.modelDir : undefined) };
    case 'transformers': {
      const file = fromFile?.kind === 'transformers' ? fromFile : undefined;
      const model = env.TWIN_EMBEDDER_MODEL || file?.model;
      if (!model) throw new Error('TWIN_EMBEDDER=transformers needs a model: set TWIN_EMBEDDER_MODEL (a folder name under TWIN_EMBEDDER_MODEL_PATH).');
      return {
        kind: 'transformers',
        model,
        localModelPath: env.TWIN_EMBEDDER_MODEL_PATH || file?.localModelPath,
        allowRemoteModels: env.TWIN_ALLOW_REMOTE_MODELS === '1' || file?.allowRemoteModels === true,
        quantized: file?.quantized,
        pooling: file?.pooling,
      };
    }
    case 'openai': {
      const file = fromFile?.kind === 'openai' ? fromFile : undefined;
      const baseUrl = env.TWIN_EMBEDDER_URL || file?.baseUrl;
      const model = env.TWIN_EMBEDDER_MODEL || file?.model;
      if (!baseUrl || !model) {
        throw new Error('TWIN_EMBEDDER=openai needs TWIN_EMBEDDER_URL (e.g. http://127.0.0.1:11434/v1) and TWIN_EMBEDDER_MODEL.');
      }
      return { kind: 'openai', baseUrl, model, apiKey: env.OPENAI_API_KEY || file?.apiKey, dimensions: file?.dimensions };
    }
    default:
      throw new Error(`Unknown embedder "${kind}": use offline, transformers or openai (TWIN_EMBEDDER or config.json).`);
  }
}

export function readConfigFile(home: string): Record<string, unknown> {
  const file = path.join(home, 'config.json');
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix or remove it.`);
  }
}
