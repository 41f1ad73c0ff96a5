/**
 * Builds a tiny transformers.js model folder that the real transformers.js + onnxruntime-node path
 * loads like any sentence model: a BERT-style WordPiece tokenizer over a small vocabulary and a
 * one-node ONNX graph (`Gather` over an embedding matrix → `last_hidden_state`). Mean pooling over
 * it is a bag of word vectors, so texts that share words are measurably closer.
 *
 * Tests and the bench use it because no sentence model can be downloaded here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeOnnxModel, TensorDataType, type ValueInfo } from './onnx-writer';

export const TINY_MODEL_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** A vocabulary with a few topics, so tests can compare related and unrelated sentences. */
export const TINY_MODEL_DEFAULT_WORDS = [
  'the', 'a', 'an', 'of', 'to', 'in', 'on', 'is', 'was', 'and', 'with', 'for', 'my', 'i', 'it', 'too', 'long',
  'database', 'connection', 'query', 'timed', 'out', 'server', 'request', 'took', 'slow', 'postgres', 'table',
  'user', 'login', 'password', 'token', 'parse', 'parser', 'test', 'tests', 'function', 'error', 'bug', 'fix',
  'cat', 'kitten', 'dog', 'adopted', 'sleeps', 'garden', 'rug', 'sunny', 'weather', 'lunch',
  '##s', '##ed', '##ing', '##er',
];

export interface TinyModelOptions {
  /** WordPiece vocabulary after the special tokens; `##` marks continuation pieces. */
  words?: readonly string[];
  /** Width of `last_hidden_state`. */
  dimensions?: number;
  /** Vector for each entry of `words`; deterministic pseudo-random vectors when omitted. */
  vectorFor?: (word: string, index: number) => ArrayLike<number>;
  /**
   * Declare `token_type_ids` as a graph input too, as exported BERT models do (transformers.js
   * feeds only the inputs a graph declares, and fills `token_type_ids` with zeros if needed).
   */
  withTokenTypeIds?: boolean;
  /** Also write onnx/model_quantized.onnx (same weights), the file `quantized: true` loads. */
  withQuantizedFile?: boolean;
  /** Seed for the pseudo-random vectors. */
  seed?: number;
}

export interface TinyModel {
  /** The folder transformers.js treats as `env.localModelPath`. */
  localModelPath: string;
  /** The model name below it. */
  model: string;
  /** `localModelPath/model`. */
  modelDir: string;
  dimensions: number;
  /** Token → id, special tokens included. */
  vocabulary: Map<string, number>;
  /** Row `id` of the embedding matrix (the vector `Gather` returns for that token). */
  vectorOf(token: string): Float32Array;
  /** Deletes the temporary folder (only for folders made by `createTinyModel`). */
  remove(): void;
}

/** Writes a tiny model into a fresh temporary folder. */
export function createTinyModel(options: TinyModelOptions = {}, model = 'twin-test/tiny-bert'): TinyModel {
  const localModelPath = mkdtempSync(path.join(tmpdir(), 'twin-tiny-model-'));
  const written = writeTinyModel(path.join(localModelPath, model), options);
  return {
    ...written,
    localModelPath,
    model,
    remove: () => rmSync(localModelPath, { recursive: true, force: true }),
  };
}

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `modelDir`. */
export function writeTinyModel(
  modelDir: string,
  options: TinyModelOptions = {},
): Pick<TinyModel, 'modelDir' | 'dimensions' | 'vocabulary' | 'vectorOf'> {
  const dimensions = options.dimensions ?? 32;
  const tokens = [...TINY_MODEL_SPECIAL_TOKENS, ...(options.words ?? TINY_MODEL_DEFAULT_WORDS)];
  const vocabulary = new Map(tokens.map((token, id) => [token, id]));
  if (vocabulary.size !== tokens.length) throw new Error('The tiny model vocabulary has duplicate tokens');

  const embeddings = new Float32Array(tokens.length * dimensions);
  const random = seededRandom(options.seed ?? 7);
  tokens.forEach((token, id) => {
    // [PAD] stays zero, as in real models, so padding can never leak into a sentence vector.
    if (token === '[PAD]') return;
    const wordIndex = id - TINY_MODEL_SPECIAL_TOKENS.length;
    const given = wordIndex >= 0 && options.vectorFor ? options.vectorFor(token, wordIndex) : undefined;
    if (given && given.length !== dimensions) {
      throw new Error(`vectorFor(${token}) returned ${given.length} values, expected ${dimensions}`);
    }
    // Special tokens sit in every sentence; keeping them short keeps them from dominating the mean.
    const scale = id < TINY_MODEL_SPECIAL_TOKENS.length ? 0.25 : 1;
    for (let d = 0; d < dimensions; d++) embeddings[id * dimensions + d] = given ? given[d] : (random() * 2 - 1) * scale;
  });

  mkdirSync(path.join(modelDir, 'onnx'), { recursive: true });
  const onnx = encodeOnnxModel({
    graphName: 'tiny_bag_of_words',
    nodes: [{ opType: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['last_hidden_state'], name: 'lookup' }],
    initializers: [{ name: 'word_embeddings', dims: [tokens.length, dimensions], data: embeddings }],
    inputs: graphInputs(options.withTokenTypeIds ?? false),
    outputs: [{ name: 'last_hidden_state', elemType: TensorDataType.FLOAT, shape: ['batch_size', 'sequence_length', dimensions] }],
  });
  writeFileSync(path.join(modelDir, 'onnx', 'model.onnx'), onnx);
  if (options.withQuantizedFile) writeFileSync(path.join(modelDir, 'onnx', 'model_quantized.onnx'), onnx);

  writeJson(path.join(modelDir, 'config.json'), {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dimensions,
    vocab_size: tokens.length,
    max_position_embeddings: 128,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    pad_token_id: 0,
  });
  writeJson(path.join(modelDir, 'tokenizer.json'), wordPieceTokenizer(vocabulary));
  writeJson(path.join(modelDir, 'tokenizer_config.json'), {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 128,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  });

  return {
    modelDir,
    dimensions,
    vocabulary,
    vectorOf: (token) => {
      const id = vocabulary.get(token);
      if (id === undefined) throw new Error(`${token} is not in the tiny model vocabulary`);
      return embeddings.slice(id * dimensions, (id + 1) * dimensions);
    },
  };
}

function graphInputs(withTokenTypeIds: boolean): ValueInfo[] {
  const names = ['input_ids', 'attention_mask', ...(withTokenTypeIds ? ['token_type_ids'] : [])];
  return names.map((name) => ({ name, elemType: TensorDataType.INT64, shape: ['batch_size', 'sequence_length'] }));
}

/** The tokenizer.json a BERT uncased tokenizer exports, reduced to a given vocabulary. */
function wordPieceTokenizer(vocabulary: Map<string, number>): unknown {
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: TINY_MODEL_SPECIAL_TOKENS.map((content) => ({
      id: vocabulary.get(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [vocabulary.get(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary),
    },
  };
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
