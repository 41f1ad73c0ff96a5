import { Memory } from '../types';

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*(?:[-.][A-Za-z_$][A-Za-z0-9_$]*)*/g;

/**
 * LanceDB's tokenizer keeps `parseConfig` and `load_user_settings` whole, so a search for "parse config"
 * would miss them. The indexed text therefore carries each compound identifier's parts after the text
 * itself, plus the symbol and file the memory is about.
 */
export function searchTextOf(memory: Pick<Memory, 'text' | 'symbol' | 'file'>): string {
  const extra = new Set<string>();
  const consider = (source: string | undefined) => {
    if (!source) return;
    for (const match of source.matchAll(IDENTIFIER)) {
      const parts = splitIdentifier(match[0]);
      if (parts.length > 1) extra.add(parts.join(' '));
    }
  };
  consider(memory.text);
  consider(memory.symbol);
  consider(memory.file);
  const tail = [memory.symbol, memory.file, ...extra].filter(Boolean).join(' ');
  return tail ? `${memory.text}\n${tail}` : memory.text;
}

export function splitIdentifier(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$.\-/]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.toLowerCase());
}
