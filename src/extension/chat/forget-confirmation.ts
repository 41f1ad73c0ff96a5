/**
 * `/forget confirm ID …`: the only way `@twin` deletes memories. The handler accepts only ids that
 * `/forget` listed earlier in the same chat.
 */

/** `confirm id id …` → the ids; anything else is a query. */
export function parseConfirmation(prompt: string): string[] | undefined {
  const words = prompt.split(/[\s,]+/).filter(Boolean);
  if (words.length < 2 || words[0].toLowerCase() !== 'confirm') return undefined;
  return [...new Set(words.slice(1))];
}
