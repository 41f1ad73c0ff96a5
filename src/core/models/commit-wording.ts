/**
 * Small pieces of English the commit drafter needs: a verb in the user's mood and lists of names.
 */

/**
 * `imperative`: "add"; `past`: "added"; `third-person`: "adds"; `gerund`: "adding"; `mixed` (no habit
 * stands out) reads as imperative, git's own convention. The names match the style learner's.
 */
export type CommitMood = 'imperative' | 'past' | 'third-person' | 'gerund' | 'mixed';

const IRREGULAR: Record<string, { past: string; 'third-person': string }> = {
  rewrite: { past: 'rewrote', 'third-person': 'rewrites' },
  split: { past: 'split', 'third-person': 'splits' },
  set: { past: 'set', 'third-person': 'sets' },
  make: { past: 'made', 'third-person': 'makes' },
};
/** Short verbs that double their last consonant ("stop" → "stopped", "stopping"); the drafter needs no more. */
const DOUBLING = /^(stop|drop|plan|ship|wrap|skip|pin|trim|tag|bump)$/;

export function conjugate(verb: string, mood: CommitMood): string {
  switch (mood) {
    case 'imperative':
    case 'mixed':
      return verb;
    case 'gerund':
      if (DOUBLING.test(verb)) return `${verb}${verb.slice(-1)}ing`;
      if (/[^e]e$/.test(verb)) return `${verb.slice(0, -1)}ing`;
      return `${verb}ing`;
    case 'third-person':
      if (IRREGULAR[verb]) return IRREGULAR[verb]['third-person'];
      if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
      if (/(s|x|z|ch|sh)$/.test(verb)) return `${verb}es`;
      return `${verb}s`;
    case 'past':
      if (IRREGULAR[verb]) return IRREGULAR[verb].past;
      if (verb.endsWith('e')) return `${verb}d`;
      if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ied`;
      if (DOUBLING.test(verb)) return `${verb}${verb.slice(-1)}ed`;
      return `${verb}ed`;
  }
}

/** "a", "a and b", "a, b and c". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "a, b and 3 more" when the list is longer than `keep`. */
export function joinSome(names: readonly string[], keep: number): string {
  if (names.length <= keep) return joinNames(names);
  return `${names.slice(0, keep).join(', ')} and ${names.length - keep} more`;
}

export function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowercaseFirst(text: string): string {
  // Leave acronyms and names like "README" or "CI" alone: only a plain word gets lowercased.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Wraps text to `width` columns at spaces, keeping a hanging indent for continuation lines. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const words = text.split(/ +/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length > width && line) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}
