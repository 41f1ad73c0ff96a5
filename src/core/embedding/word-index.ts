/**
 * word → row lookup over a `\n`-separated word list.
 *
 * Splitting 150k words and filling a `Map` takes ~60-75 ms, most of the offline model's load
 * time. This index keeps the list as one string plus an open-addressing table of row numbers keyed
 * by FNV-1a: it builds in ~40 ms, holds no per-word objects and looks words up without allocating.
 */
export class WordIndex {
  readonly size: number;
  private readonly text: string;
  /** UTF-16 offset where each row's word starts; one extra entry marks the end. */
  private readonly starts: Uint32Array;
  /** row + 1 for occupied slots, 0 for empty ones; length is a power of two. */
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(newlineSeparatedWords: string) {
    const text = newlineSeparatedWords;
    let count = text.length === 0 ? 0 : 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
    const starts = new Uint32Array(count + 1);
    let row = 0;
    if (count > 0) {
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts[++row] = i + 1;
    }
    // Pretend a newline follows the last word, so every word ends one character before the next start.
    starts[count] = text.length + 1;

    // At most half full keeps probe chains short.
    let capacity = 1;
    while (capacity < count * 2) capacity <<= 1;
    const slots = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let r = 0; r < count; r++) {
      let slot = hashRange(text, starts[r], starts[r + 1] - 1) & mask;
      while (slots[slot] !== 0) {
        // Keep the first (most frequent) row of a duplicated word.
        if (this.sameWord(text, starts, slots[slot] - 1, starts[r], starts[r + 1] - 1)) break;
        slot = (slot + 1) & mask;
      }
      if (slots[slot] === 0) slots[slot] = r + 1;
    }

    this.text = text;
    this.starts = starts;
    this.slots = slots;
    this.mask = mask;
    this.size = count;
  }

  /** The row of `word`, or -1 when the list does not contain it. */
  get(word: string): number {
    const slots = this.slots;
    const starts = this.starts;
    let slot = hashRange(word, 0, word.length) & this.mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return -1;
      const row = entry - 1;
      const start = starts[row];
      if (starts[row + 1] - 1 - start === word.length && this.text.startsWith(word, start)) return row;
      slot = (slot + 1) & this.mask;
    }
  }

  private sameWord(text: string, starts: Uint32Array, row: number, start: number, end: number): boolean {
    const otherStart = starts[row];
    const otherEnd = starts[row + 1] - 1;
    if (otherEnd - otherStart !== end - start) return false;
    for (let i = 0; i < end - start; i++) {
      if (text.charCodeAt(otherStart + i) !== text.charCodeAt(start + i)) return false;
    }
    return true;
  }
}

function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV's low bits mix poorly; fold the high half in before masking.
  return (hash ^ (hash >>> 16)) >>> 0;
}
