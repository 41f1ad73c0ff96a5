import { RestorableMemoryInput } from '../memory/memory-input';
import { redact, redactField } from './redact';

/**
 * Redaction runs on every text a memory carries before it is stored, indexed or embedded: the text, the
 * free-form metadata (recursively), and the descriptive fields an observer may have filled from a title.
 */
export function redactMemoryInput(input: RestorableMemoryInput): { input: RestorableMemoryInput; redactions: number } {
  let redactions = 0;
  const clean = (value: string): string => {
    const result = redact(value);
    redactions += result.redactions.length;
    return result.text;
  };
  const cleanOptional = (value: string | undefined) => (value === undefined ? undefined : clean(value));
  // A metadata value is judged with its key: `{password: "hunter2"}` is a secret although "hunter2" alone is not.
  const cleanDeep = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key === undefined) return clean(value);
      const result = redactField(key, value);
      redactions += result.redactions.length;
      return result.text;
    }
    if (Array.isArray(value)) return value.map((item) => cleanDeep(item, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, item]) => [name, cleanDeep(item, name)]));
    }
    return value;
  };
  const output: RestorableMemoryInput = {
    ...input,
    text: clean(input.text),
    channel: cleanOptional(input.channel),
    thread: cleanOptional(input.thread),
    file: cleanOptional(input.file),
    symbol: cleanOptional(input.symbol),
    meta: input.meta ? (cleanDeep(input.meta) as Record<string, unknown>) : undefined,
  };
  return { input: output, redactions };
}
