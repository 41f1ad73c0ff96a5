/**
 * A tokenizer that reads text the way a developer does: identifiers, paths and prose all become
 * plain lower-case words, so `parseHttpResponse`, `parse_http_response`, `parse-http-response` and
 * "parse the HTTP response" share their vocabulary.
 */

/** A maximal run of letters, digits and combining marks: a word, an identifier or a path segment. */
const CHUNK = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The sub-words of one chunk, in order of preference:
 * an acronym followed by a capitalised word (`HTTP` in `HTTPServer`), a capitalised or lower-case
 * word (`Server`, `parse`), a trailing acronym (`ID`), a number, or a run of uncased letters and
 * marks (scripts such as CJK have no case to split on).
 */
const SUBWORD = /\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+|\p{N}+|[^\p{Lu}\p{Ll}\p{N}]+/gu;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Calls `visit` once per chunk with the chunk lower-cased and its lower-cased sub-words.
 * Callers with a vocabulary try the whole chunk first: it keeps `javascript`, `github` and `md5`
 * intact while `getUserName` (unknown as a whole) falls back to `get`, `user`, `name`.
 * A chunk that does not split comes with `parts` = `[whole]`.
 */
export function forEachChunk(text: string, visit: (whole: string, parts: readonly string[]) => void): void {
  // Composed and decomposed accents must meet the same vocabulary entry.
  const normalised = NON_ASCII.test(text) ? text.normalize('NFC') : text;
  for (const match of normalised.matchAll(CHUNK)) {
    const chunk = match[0];
    const whole = chunk.toLowerCase();
    const subwords = chunk.match(SUBWORD);
    if (subwords === null || (subwords.length === 1 && subwords[0].length === chunk.length)) {
      visit(whole, [whole]);
    } else {
      visit(whole, subwords.map((part) => part.toLowerCase()));
    }
  }
}

/**
 * The fully split words of a text: camelCase, PascalCase, snake_case, kebab-case, paths and
 * letter/digit boundaries are all word breaks; punctuation is dropped; digits stay as words.
 *
 * `codeWords('src/HTTPServer.ts: retry3Times')` → `['src', 'http', 'server', 'ts', 'retry', '3', 'times']`
 */
export function codeWords(text: string): string[] {
  const words: string[] = [];
  forEachChunk(text, (_whole, parts) => {
    for (const part of parts) words.push(part);
  });
  return words;
}
