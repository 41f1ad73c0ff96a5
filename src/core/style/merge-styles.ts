/**
 * Merging what several repositories taught into one profile: evidence counts add up and the learned values
 * are derived again from the sums, so a large repository weighs more than a small one. Exemplars and
 * disagreements keep the repository they came from.
 */
import type { LanguageId } from '../code/languages';
import type { CodeEvidence } from './code-evidence';
import type { CommitEvidence } from './commit-evidence';
import type { ConfigExpectation } from './formatter-config';
import { addDeep, cloneJson, round } from './stats';
import type { CodeExemplar, CommitExemplar, CommitStyle, LanguageStyle, RepositoryStyle } from './style-profile';
import { deriveCodeStyle, inFieldOrder } from './summarize-code';
import { deriveCommitStyle } from './summarize-commits';

const MERGED_CODE_EXEMPLARS = 6;
const MERGED_COMMIT_EXEMPLARS = 6;
const FALLBACK_CONFIDENCE = 0.75;

/** Takes from each list in turn, so every repository shows in the first few. */
function interleave<T>(lists: readonly T[][], limit: number): T[] {
  const out: T[] = [];
  for (let index = 0; out.length < limit && lists.some((list) => index < list.length); index++) {
    for (const list of lists) if (index < list.length && out.length < limit) out.push(list[index]);
  }
  return out;
}

function repositoryOf(style: { sources: Array<{ repository: string }> }): string | undefined {
  return style.sources.length === 1 ? style.sources[0].repository : undefined;
}

export function mergeLanguageStyles(language: LanguageId, styles: readonly LanguageStyle[]): LanguageStyle {
  const evidence = cloneJson(styles[0].evidence) as CodeEvidence;
  for (const style of styles.slice(1)) addDeep(evidence, cloneJson(style.evidence));
  const expectations: ConfigExpectation[] = [];
  const seen = new Set<string>();
  for (const style of styles) {
    for (const expectation of style.formatter.expectations) {
      const key = JSON.stringify(expectation);
      if (!seen.has(key)) {
        seen.add(key);
        expectations.push(expectation);
      }
    }
  }
  const tools: LanguageStyle['formatter']['tools'] = [];
  for (const style of styles) for (const tool of style.formatter.tools) if (!tools.some((t) => t.tool === tool.tool && t.file === tool.file)) tools.push(tool);
  return inFieldOrder({
    ...deriveCodeStyle(language, evidence),
    formatter: { tools, expectations },
    disagreements: styles.flatMap((style) => style.disagreements.map((d) => ({ ...d, ...(d.repository || !repositoryOf(style) ? {} : { repository: repositoryOf(style) }) }))),
    exemplars: interleave(
      styles.map((style) => style.exemplars.map((e): CodeExemplar => ({ ...e, ...(e.repository || !repositoryOf(style) ? {} : { repository: repositoryOf(style) }) }))),
      MERGED_CODE_EXEMPLARS,
    ),
    sources: styles.flatMap((style) => style.sources),
  });
}

export function mergeCommitStyles(styles: readonly CommitStyle[]): CommitStyle {
  // The user's own commits, wherever there are enough of them; other people's only when nothing else is known.
  const own = styles.filter((style) => style.source === 'author');
  const chosen = own.length > 0 ? own : styles;
  const evidence = cloneJson(chosen[0].evidence) as CommitEvidence;
  for (const style of chosen.slice(1)) addDeep(evidence, cloneJson(style.evidence));
  const derived = deriveCommitStyle(evidence);
  const fallback = own.length > 0 ? undefined : chosen.map((style) => style.fallback).filter(Boolean).join(' ');
  if (own.length === 0) derived.confidence = round(derived.confidence * FALLBACK_CONFIDENCE);
  return {
    source: own.length > 0 ? 'author' : 'repository',
    authors: [...new Set(chosen.flatMap((style) => style.authors))],
    ...(fallback ? { fallback } : {}),
    ...derived,
    exemplars: interleave(
      chosen.map((style) => style.exemplars.map((e): CommitExemplar => ({ ...e, ...(e.repository || !repositoryOf(style) ? {} : { repository: repositoryOf(style) }) }))),
      MERGED_COMMIT_EXEMPLARS,
    ),
    sources: chosen.flatMap((style) => style.sources),
  };
}

/** The merged `code` and `commits` of a set of repository profiles. */
export function mergeRepositoryStyles(repositories: readonly RepositoryStyle[]): { code: Partial<Record<LanguageId, LanguageStyle>>; commits?: CommitStyle } {
  const byLanguage = new Map<LanguageId, LanguageStyle[]>();
  for (const repository of repositories) {
    for (const [language, style] of Object.entries(repository.code) as Array<[LanguageId, LanguageStyle]>) {
      const list = byLanguage.get(language) ?? [];
      list.push(style);
      byLanguage.set(language, list);
    }
  }
  const code: Partial<Record<LanguageId, LanguageStyle>> = {};
  for (const [language, styles] of [...byLanguage].sort((a, b) => b[1].reduce((s, x) => s + x.lines, 0) - a[1].reduce((s, x) => s + x.lines, 0))) {
    code[language] = mergeLanguageStyles(language, styles);
  }
  const commitStyles = repositories.map((repository) => repository.commits).filter((style): style is CommitStyle => style !== undefined);
  return { code, ...(commitStyles.length ? { commits: mergeCommitStyles(commitStyles) } : {}) };
}
