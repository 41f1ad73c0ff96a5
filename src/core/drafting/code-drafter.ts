/**
 * `draftCode`: code written or changed the way the user writes it. The draft is built from the learned
 * style of the language (the profile, else learned from the repository now), the user's own functions
 * that are nearest to the task (see code-exemplars.ts) and related memories. With a model, the prompt
 * carries all three plus the selected code, and the answer is checked against the style, saying where it
 * deviates. Without a model there is no code: Twin has no offline code generator and does not pretend to
 * have one; the draft then says what to configure and still carries the style notes and exemplars, which
 * are real help on their own.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { isSupportedLanguage, languageIdForPath, type LanguageId } from '../code/languages';
import { repositoryRoot } from '../git/commit-reader';
import { ModelCancelledError, type ChatMessage, type ModelProvider } from '../models';
import type { RecallResult } from '../recall/rank-fusion';
import { learnCodeStyle } from '../style/code-style';
import { readStyleProfile } from '../style/style-profile-store';
import type { LanguageStyle } from '../style/style-profile';
import { selectCodeExemplars, type UserCodeExemplar } from './code-exemplars';
import { checkCodeAgainstStyle, codeStyleNotes, type StyleDeviation } from './code-style-check';
import { excerpt, roundScore, type Draft, type MemoryProvenance } from './draft';
import { exemplarAdjustments, readFeedback, type ExemplarAdjustments } from './feedback';
import type { MemoryRecaller } from './memory-recaller';

export interface CodeSelectionInput {
  text: string;
  /** Absolute, or relative to the repository. */
  file?: string;
  /** 1-based, inclusive. */
  startLine?: number;
  endLine?: number;
}

export interface DraftCodeOptions {
  /** What to write or change, in the user's words. */
  task: string;
  /** A VS Code language id; default: from the selection's file name. */
  languageId?: string;
  /** The code to change, when there is some. */
  selection?: CodeSelectionInput;
  /** Any folder inside the repository whose code is the user's (exemplars and style come from it). */
  repo?: string;
  twin?: MemoryRecaller;
  /** Without one, no code is written (see the file comment). */
  provider?: ModelProvider;
  /** TWIN_HOME: the style profile and draft feedback. */
  home?: string;
  /** The style to follow; default: the profile's for this repository and language, else learned now. */
  style?: LanguageStyle;
  authorEmails?: string[];
  feedback?: ExemplarAdjustments;
  /** What the user should configure to get a model, in the words of the surface asking (chat, CLI). */
  noModelHelp?: string;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  timeoutMs?: number;
}

export interface CodeDraft extends Draft {
  channel: 'code';
  language?: LanguageId;
  /** The repository the exemplars' paths are relative to. */
  repository?: string;
  /** The user's own code the draft followed, whole, for showing. */
  exemplarCode: UserCodeExemplar[];
  /** Where the model's code departs from the learned style (empty without code or without a style). */
  deviations: StyleDeviation[];
}

export const DEFAULT_NO_MODEL_HELP =
  'Configure an OpenAI-compatible model (OpenAI, Ollama, LM Studio, llama.cpp server): TWIN_MODEL_URL and TWIN_MODEL (plus OPENAI_API_KEY when the server needs a key), or "models" in TWIN_HOME/config.json.';

const MEMORIES = 5;
const SELECTION_CHARS = 12_000;

export async function draftCode(options: DraftCodeOptions): Promise<CodeDraft> {
  const task = options.task.trim();
  const selection = options.selection?.text.trim() ? options.selection : undefined;
  if (!task && !selection) throw new Error('Say what code to write or how to change the selection, e.g. "add a retry with backoff to fetchUser".');
  const repository = options.repo ? await repositoryRoot(options.repo).catch(() => undefined) : undefined;
  const language = resolveLanguage(options.languageId, selection?.file);
  const adjustments = options.feedback ?? (options.home ? exemplarAdjustments(readFeedback(options.home), 'code') : undefined);

  const { style, styleNote } = language ? await resolveStyle(options, repository, language) : { style: undefined, styleNote: undefined };
  const notes = style ? codeStyleNotes(style) : [];
  const fields = [
    ...(language ? [`language: ${language}`] : [`language: ${options.languageId ?? 'unknown'} (Twin learns no style for it)`]),
    ...notes,
    ...(styleNote ? [styleNote] : []),
  ];

  let exemplarCode: UserCodeExemplar[] = [];
  let related: RecallResult[] = [];
  if (repository && language) {
    const selected = await selectCodeExemplars({
      repository,
      language,
      task,
      ...(selection ? { selection: { text: selection.text, path: selection.file, startLine: selection.startLine, endLine: selection.endLine } } : {}),
      twin: options.twin,
      authorEmails: options.authorEmails,
      adjustments,
    });
    exemplarCode = selected.exemplars;
    related = selected.memories;
    if (selected.ownership === 'repository' && exemplarCode.length) fields.push(`note: none of this repository's ${language} files has commits by you, so its code stands in for yours`);
  } else if (!repository) {
    fields.push('note: not inside a git repository, so Twin has none of your code to show as examples');
  }
  if (options.twin && related.length < MEMORIES) {
    const known = new Set(related.map((result) => result.memory.id));
    const more = (await options.twin.recall(task || selection!.text.slice(0, 500), { limit: MEMORIES })).filter((result) => !known.has(result.memory.id));
    related = [...related, ...more].slice(0, MEMORIES);
  }
  const provenance = {
    style: fields,
    exemplars: exemplarCode.map((exemplar) => ({ id: exemplar.id, text: `${exemplar.path}:${exemplar.startLine}-${exemplar.endLine} ${exemplar.name}`, similarity: roundScore(exemplar.similarity) })),
    memories: related.map((result): MemoryProvenance => ({ id: result.memory.id, excerpt: excerpt(result.memory.text), score: roundScore(result.score) })),
  };
  const base = { id: randomUUID(), channel: 'code' as const, ...(language ? { language } : {}), ...(repository ? { repository } : {}), provenance, exemplarCode };

  if (!options.provider) {
    return {
      ...base,
      text: '',
      drafter: 'offline',
      confidence: 0,
      deviations: [],
      notice: `No model is available, so Twin wrote no code: it has no offline code generator. ${options.noModelHelp ?? DEFAULT_NO_MODEL_HELP} Your style notes and your own closest code are below.`,
    };
  }

  const messages = codePrompt({ task, language, languageId: options.languageId, notes, exemplars: exemplarCode, related, selection, repository });
  let answer: { text: string; model: string };
  try {
    const result = await options.provider.chat(
      { messages, task: 'code', difficulty: (selection?.text.length ?? 0) > 4000 || task.length > 400 ? 'hard' : 'simple', temperature: 0.2, maxTokens: 2000 },
      { signal: options.signal, onToken: options.onToken, timeoutMs: options.timeoutMs },
    );
    answer = { text: result.text, model: result.model };
  } catch (error) {
    if (error instanceof ModelCancelledError) throw error;
    return { ...base, text: '', drafter: 'model', confidence: 0, deviations: [], notice: `The model failed, so Twin wrote no code: ${(error as Error).message} Your style notes and your own closest code are below.` };
  }
  const code = extractCode(answer.text);
  if (!code) {
    return { ...base, text: '', drafter: 'model', model: answer.model, confidence: 0, deviations: [], notice: 'The model answered with no code. Try again, or say more precisely what to write.' };
  }
  const deviations = style && language ? await checkCodeAgainstStyle(code, language, style) : [];
  const best = exemplarCode[0]?.similarity ?? 0;
  const styleConfidence = style?.confidence ?? 0;
  // A model with neither the user's style nor their code to copy is writing its own way.
  const confidence = Math.max(0.05, Math.min(0.9, 0.3 + 0.25 * styleConfidence + 0.25 * Math.min(1, best * 2) - 0.1 * deviations.length));
  return {
    ...base,
    text: code,
    drafter: 'model',
    model: answer.model,
    confidence: Math.round(confidence * 100) / 100,
    deviations,
    ...(deviations.length ? { notice: `Where it departs from your style: ${deviations.map((deviation) => deviation.message).join('; ')}.` } : {}),
  };
}

function resolveLanguage(languageId: string | undefined, file: string | undefined): LanguageId | undefined {
  if (languageId && isSupportedLanguage(languageId)) return languageId;
  if (languageId) return undefined;
  return file ? languageIdForPath(file) : undefined;
}

async function resolveStyle(options: DraftCodeOptions, repository: string | undefined, language: LanguageId): Promise<{ style?: LanguageStyle; styleNote?: string }> {
  if (options.style) return { style: options.style };
  const profile = options.home ? readStyleProfile(options.home) : undefined;
  const stored = (repository ? profile?.repositories[repository]?.code[language] : undefined) ?? profile?.code[language];
  if (stored) return { style: stored };
  if (!repository) return { styleNote: 'note: no learned style for this language yet (run `twin learn PATH` on a repository of yours)' };
  const learned = await learnCodeStyle(repository, { maxFilesPerLanguage: 60, maxTotalBytes: 4 * 1024 * 1024 }).catch(() => undefined);
  const style = learned?.languages[language];
  if (style) return { style, styleNote: 'note: style learned from this repository just now (run `twin learn` to keep it)' };
  return { styleNote: `note: no ${language} code to learn a style from yet` };
}

interface PromptParts {
  task: string;
  language?: LanguageId;
  languageId?: string;
  notes: string[];
  exemplars: UserCodeExemplar[];
  related: RecallResult[];
  selection?: CodeSelectionInput;
  repository?: string;
}

export function codePrompt(parts: PromptParts): ChatMessage[] {
  const language = parts.language ?? parts.languageId ?? 'the file’s language';
  const system = [
    `You write ${language} code exactly the way this developer writes it: their indentation, quotes, semicolons, naming, function length, comments and error handling, as their notes and their own code below show.`,
    parts.selection
      ? 'Answer with one fenced code block holding the complete replacement for the selected code, and nothing after it.'
      : 'Answer with one fenced code block holding the new code, and nothing after it.',
    'Use only APIs the task, the selection or their code imply; where something is unknown, say so in a short comment in their comment style.',
  ].join(' ');
  const lines: string[] = [];
  if (parts.notes.length) lines.push(`Their ${language} style (learned from their code):`, ...parts.notes.map((note) => `- ${note}`), '');
  if (parts.exemplars.length) {
    lines.push('Code they wrote (follow its style, reuse its helpers where they fit):');
    for (const exemplar of parts.exemplars) lines.push(`--- ${exemplar.path}:${exemplar.startLine}-${exemplar.endLine} (${exemplar.name})`, fence(exemplar.code, language));
    lines.push('');
  }
  if (parts.related.length) {
    lines.push('Notes from their memory that may be relevant:');
    for (const result of parts.related) lines.push(`- [${result.memory.source}] ${excerpt(result.memory.text, 240)}`);
    lines.push('');
  }
  if (parts.selection) {
    const where = parts.selection.file ? ` from ${displayPath(parts.selection.file, parts.repository)}${parts.selection.startLine ? `:${parts.selection.startLine}-${parts.selection.endLine ?? parts.selection.startLine}` : ''}` : '';
    const text = parts.selection.text.length > SELECTION_CHARS ? `${parts.selection.text.slice(0, SELECTION_CHARS)}\n… (selection trimmed)` : parts.selection.text;
    lines.push(`The selected code to change${where}:`, fence(text, language), '');
  }
  lines.push(`Task: ${parts.task || 'improve the selected code'}`);
  return [
    { role: 'system', content: system },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** The code inside the answer's first fenced block (the whole answer when it has none). */
export function extractCode(answer: string): string {
  const text = answer.replace(/\r\n/g, '\n');
  const fenced = /(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1/.exec(text);
  const code = fenced ? fenced[2] : text.trim();
  return code.replace(/\s+$/, '').replace(/^\n+/, '');
}

function fence(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language.replace(/\s.*/, '')}\n${code}\n${ticks}`;
}

function displayPath(file: string, repository: string | undefined): string {
  return repository && path.isAbsolute(file) ? path.relative(repository, file).split(path.sep).join('/') : file;
}
