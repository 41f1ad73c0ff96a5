/**
 * What a request cost, from a price table the user keeps in their configuration (Twin ships no prices:
 * they change, and most of Twin's models are local and free).
 */

/** US dollars per one million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Model name → price, e.g. `{"gpt-4o-mini": {"inputPerMillion": 0.15, "outputPerMillion": 0.6}}`. */
export type PriceTable = Record<string, ModelPrice>;

// Servers answer with dated or tagged names (`gpt-4o-mini-2024-07-18`, `…-latest`); a price for the base
// name covers them. Only such suffixes: `gpt-4o` must not price `gpt-4o-mini`.
const VERSION_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{4}|latest|preview)$/;

/** The price of the first of `models` the table knows, exactly or through a date/version suffix. */
export function priceFor(table: PriceTable | undefined, ...models: Array<string | undefined>): ModelPrice | undefined {
  if (!table) return undefined;
  for (const model of models) {
    if (!model) continue;
    if (Object.prototype.hasOwnProperty.call(table, model)) return table[model];
    for (const [name, price] of Object.entries(table)) {
      if (model.startsWith(name) && VERSION_SUFFIX.test(model.slice(name.length))) return price;
    }
  }
  return undefined;
}

export function costUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  const cost = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  // Round to a micro-dollar so ledgers and sums do not grow float noise.
  return Math.round(cost * 1e6) / 1e6;
}

export function validatePriceTable(table: unknown, where: string): PriceTable {
  if (table === undefined) return {};
  if (!table || typeof table !== 'object' || Array.isArray(table)) {
    throw new Error(`${where} must be an object of model name → {"inputPerMillion": USD, "outputPerMillion": USD}.`);
  }
  for (const [model, price] of Object.entries(table as Record<string, unknown>)) {
    const p = price as Partial<ModelPrice> | null;
    const ok = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
    if (!p || !ok(p.inputPerMillion) || !ok(p.outputPerMillion)) {
      throw new Error(`${where}.${model} needs "inputPerMillion" and "outputPerMillion" as non-negative numbers (USD per 1M tokens).`);
    }
  }
  return table as PriceTable;
}
