/**
 * Learns how a repository's code is written, per language (VS Code language ids): layout (indentation,
 * quotes, semicolons, trailing commas, line length), names, function length, comments, imports, error
 * handling and test framework, from a capped sample of its tracked files parsed with tree-sitter; then
 * holds the result against the repository's formatter and linter configs.
 */
import type { Parser } from 'web-tree-sitter';
import { createParser } from '../code/grammar-loader';
import type { LanguageId } from '../code/languages';
import { repositoryRoot } from '../git/commit-reader';
import type { Progress } from '../twin';
import { findDisagreements } from './config-disagreements';
import { ExemplarCandidate, LanguageAnalyzer } from './file-analyzer';
import { readFormatterConfigs } from './formatter-config';
import { DEFAULT_MAX_FILES_PER_LANGUAGE, FileSelectionOptions, listSourceFiles, readSourceFiles } from './repository-files';
import { addDeep, histogramPercentile } from './stats';
import type { CodeExemplar, LanguageStyle } from './style-profile';
import { deriveCodeStyle, inFieldOrder } from './summarize-code';
import { repositoryTestSignals } from './test-framework-signals';

export interface CodeStyleOptions extends FileSelectionOptions {
  onProgress?: (progress: Progress) => void;
  /** When the profile is stamped as learned (ISO-8601); now by default. */
  learnedAt?: string;
}

export interface CodeStyleReport {
  repository: string;
  languages: Partial<Record<LanguageId, LanguageStyle>>;
  /** Files left out, by reason. */
  skipped: Record<string, number>;
  seconds: number;
}

const EXEMPLARS_PER_LANGUAGE = 4;
const PROGRESS_EVERY_MS = 250;
const JS_FAMILY: ReadonlySet<LanguageId> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

export async function learnCodeStyle(folder: string, options: CodeStyleOptions = {}): Promise<CodeStyleReport> {
  const started = Date.now();
  const repository = await repositoryRoot(folder);
  const learnedAt = options.learnedAt ?? new Date().toISOString();
  const selection = await listSourceFiles(repository);
  const cap = options.maxFilesPerLanguage ?? DEFAULT_MAX_FILES_PER_LANGUAGE;
  const planned = Object.values(selection.candidates).reduce((sum, files) => sum + Math.min(cap, files?.length ?? 0), 0);

  const parsers = new Map<LanguageId, Parser>();
  const analyzers = new Map<LanguageId, LanguageAnalyzer>();
  let done = 0;
  let lastProgress = 0;
  options.onProgress?.({ phase: 'style', done: 0, total: planned, message: `reading ${planned} source files` });
  try {
    for await (const file of readSourceFiles(repository, selection, options)) {
      let analyzer = analyzers.get(file.language);
      if (!analyzer) {
        const parser = await createParser(file.language);
        parsers.set(file.language, parser);
        analyzer = new LanguageAnalyzer(file.language, parser);
        analyzers.set(file.language, analyzer);
      }
      analyzer.analyze(file);
      done++;
      if (options.onProgress && Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        options.onProgress({ phase: 'style', done, total: planned, message: `${done}/${planned} source files read` });
      }
    }
  } finally {
    for (const parser of parsers.values()) parser.delete();
  }

  const samplePaths = Object.fromEntries([...analyzers.keys()].map((language) => [language, selection.candidates[language]![0]]));
  const configs = readFormatterConfigs(repository, samplePaths);
  const testSignals = repositoryTestSignals(repository, selection.tracked);
  const languages: Partial<Record<LanguageId, LanguageStyle>> = {};
  for (const [language, analyzer] of analyzers) {
    if (analyzer.evidence.files === 0) continue;
    const signals = JS_FAMILY.has(language) ? testSignals.javascript : language === 'python' ? testSignals.python : {};
    addDeep(analyzer.evidence.testFrameworks, signals);
    const config = configs[language] ?? { tools: [], expectations: [] };
    const derived = deriveCodeStyle(language, analyzer.evidence);
    languages[language] = inFieldOrder({
      ...derived,
      formatter: config,
      disagreements: findDisagreements(analyzer.evidence, config.expectations),
      exemplars: pickCodeExemplars(analyzer.candidates, derived.evidence.functionLengths, (derived.comments.docCoverage ?? 0) >= 0.25),
      sources: [{ repository, learnedAt }],
    });
  }
  options.onProgress?.({ phase: 'style', done, total: planned, message: `${done} source files read in ${Object.keys(languages).length} languages` });
  return { repository, languages, skipped: selection.skipped, seconds: (Date.now() - started) / 1000 };
}

/**
 * A handful of functions that show the style: from different files, product code before scripts and tests,
 * of about the language's typical length (its 75th percentile, 8–25 lines), documented when a fair share
 * of the code is.
 */
export function pickCodeExemplars(candidates: readonly ExemplarCandidate[], functionLengths: Record<string, number>, preferDocumented: boolean): CodeExemplar[] {
  const typical = Math.min(25, Math.max(8, histogramPercentile(functionLengths, 0.75)));
  const ordered = [...candidates].sort(
    (a, b) =>
      a.rank - b.rank ||
      (preferDocumented ? Number(b.documented) - Number(a.documented) : 0) ||
      Math.abs(a.lines - typical) - Math.abs(b.lines - typical) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine),
  );
  const picked: CodeExemplar[] = [];
  const files = new Set<string>();
  for (const candidate of ordered) {
    if (files.has(candidate.path)) continue;
    files.add(candidate.path);
    picked.push({ path: candidate.path, name: candidate.name, startLine: candidate.startLine, endLine: candidate.endLine, snippet: candidate.snippet });
    if (picked.length === EXEMPLARS_PER_LANGUAGE) break;
  }
  return picked;
}
