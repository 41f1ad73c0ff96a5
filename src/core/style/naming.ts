/**
 * Which naming convention an identifier follows. A single lower-case word (`parse`) fits camelCase,
 * snake_case and kebab-case alike, so it is counted as `lowercase` and backs whichever of those the
 * multi-word names choose; a single capitalised word (`Parser`) is PascalCase, an all-capitals one
 * (`MAX`) SCREAMING_SNAKE.
 */
import { Counts, dominant, share, total } from './stats';

export const NAMING_CASES = ['camelCase', 'PascalCase', 'snake_case', 'SCREAMING_SNAKE', 'kebab-case', 'lowercase', 'other'] as const;
export type NamingCase = (typeof NAMING_CASES)[number];

/** The conventions a learned profile can report: the distinctive ones, plus `lowercase` when every name is one word. */
export type LearnedNaming = Exclude<NamingCase, 'other'>;

const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;
const PASCAL = /^[A-Z](?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]*$/;
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const SCREAMING = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const LOWER = /^[a-z][a-z0-9]*$/;

/**
 * The convention of one name. Leading and trailing underscores and `$` (private markers: `_helper`,
 * `__init__`, `$store`) are ignored; names of one character say nothing and are `other`.
 */
export function namingCase(name: string): NamingCase {
  const core = name.replace(/^[_$]+|[_$]+$/g, '');
  if (core.length < 2) return 'other';
  if (LOWER.test(core)) return 'lowercase';
  if (CAMEL.test(core)) return 'camelCase';
  if (SNAKE.test(core)) return 'snake_case';
  if (KEBAB.test(core)) return 'kebab-case';
  if (SCREAMING.test(core)) return 'SCREAMING_SNAKE';
  if (PASCAL.test(core)) return 'PascalCase';
  return 'other';
}

const LOWERCASE_COMPATIBLE: readonly NamingCase[] = ['camelCase', 'snake_case', 'kebab-case'];

export interface NamingSummary {
  style: LearnedNaming;
  /** Share of the names that fit `style` (one-word lower-case names fit camelCase, snake_case and kebab-case). */
  share: number;
  samples: number;
}

/** The dominant convention among counted names, or undefined when there are none worth counting. */
export function summarizeNaming(counts: Counts): NamingSummary | undefined {
  const counted = total(counts) - (counts.other ?? 0);
  if (counted <= 0) return undefined;
  const distinctive = dominant(counts, ['camelCase', 'PascalCase', 'snake_case', 'SCREAMING_SNAKE', 'kebab-case']);
  const lowercase = counts.lowercase ?? 0;
  if (!distinctive || (lowercase > 0 && distinctive.count === 0)) {
    return { style: 'lowercase', share: share(lowercase, counted), samples: counted };
  }
  const style = distinctive.key as LearnedNaming;
  const fitting = distinctive.count + (LOWERCASE_COMPATIBLE.includes(style) ? lowercase : 0);
  // One-word names outnumbering everything else, and not backing the leader: the honest answer is lower-case.
  if (!LOWERCASE_COMPATIBLE.includes(style) && lowercase > distinctive.count) {
    return { style: 'lowercase', share: share(lowercase, counted), samples: counted };
  }
  return { style, share: share(fitting, counted), samples: counted };
}

/** The base name a file is known by, for naming: `src/code-style.test.ts` → `code-style`. */
export function fileStem(filePath: string): string {
  const base = filePath.slice(filePath.lastIndexOf('/') + 1);
  return base.replace(/(\.(test|spec|d|stories|module))*\.[^.]+$/i, '').replace(/^test_/, '').replace(/_test$/, '');
}
