/**
 * A rough, deterministic token count for when a server reports no usage (older llama.cpp and LM Studio
 * builds, streams without `stream_options`). It aims at BPE tokenizers like OpenAI's and Llama's:
 * about 4 characters per token for English prose, more tokens for code punctuation, numbers and
 * non-Latin scripts. It is an estimate and every count built from it says so (`estimated: true`).
 */
import type { ChatMessage } from './model-provider';

/** Chat formats wrap each message in a few tokens (role, separators); replies start with a few more. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_TO_PRIME_REPLY = 3;

// One piece per match: a run of letters, of digits, of whitespace, of other symbols; CJK and other
// ideographic characters each stand alone because BPE vocabularies hold few of their combinations.
const PIECES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|\p{L}[\p{L}\p{M}']*|\p{N}+|[ \t]+|[\r\n]+|[^\p{L}\p{N}\s]+|\s/gu;
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const ASCII_WORD = /^[A-Za-z']+$/;

export function estimateTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  for (const match of text.matchAll(PIECES)) tokens += piece(match[0]);
  return tokens;
}

/** Prompt tokens of a chat request: every message's content plus the chat format's framing. */
export function estimateChatTokens(messages: readonly ChatMessage[]): number {
  let tokens = TOKENS_TO_PRIME_REPLY;
  for (const message of messages) tokens += TOKENS_PER_MESSAGE + estimateTokens(message.content);
  return tokens;
}

function piece(text: string): number {
  const first = text[0];
  if (first === ' ' || first === '\t') {
    // A single space rides on the next word; indentation runs merge into a token or two.
    return text.length === 1 ? 0 : Math.ceil(text.length / 8);
  }
  if (first === '\r' || first === '\n') return 1;
  if (IDEOGRAPHIC.test(text)) return 1;
  if (/^\p{L}/u.test(text)) {
    // Common English words up to ~6 letters are single tokens; longer and rarer ones split. Accented
    // and non-Latin alphabets split sooner.
    return ASCII_WORD.test(text) ? Math.ceil(text.length / 6) : Math.ceil(text.length / 3);
  }
  if (/^\p{N}/u.test(text)) return Math.ceil(text.length / 3);
  if (/^\s/u.test(text)) return 1;
  // Punctuation and symbols: short runs (`.`, `()`, `=>`) are one token, longer ones split; characters
  // outside the BMP (emoji) take several bytes-level tokens each.
  const codePoints = [...text];
  const astral = codePoints.filter((c) => c.codePointAt(0)! > 0xffff).length;
  const plain = codePoints.length - astral;
  return astral * 2 + (plain === 0 ? 0 : plain <= 2 ? 1 : Math.ceil(plain / 2));
}
