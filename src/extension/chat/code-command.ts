/**
 * `@twin /code TASK`: code written or changed like the user writes it. The active editor's selection is
 * the code to change (without one, new code goes at the cursor); the draft follows the learned style of
 * the file's language and the user's own closest functions, which the answer lists with links. With a
 * model the code comes with where it departs from the style and a button that applies it (only when
 * clicked). Without a model Twin writes no code — it has no offline code generator — and says what to
 * configure, still showing the style notes and the user's own code.
 *
 * The drafting itself (tree-sitter over the user's files, git log, style learning, the model's answer)
 * runs in the sidecar; this file reads the editor, asks `twin/draft`, and renders.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeDraft } from '../../core/drafting/code-drafter';
import { APPLY_CODE_COMMAND, type ApplyCodeTarget } from './apply-code-command';
import type { TwinChatResult } from './chat-result';
import { NO_MODEL_HELP } from './chat-models';
import { draftMetadata } from './draft-feedback';
import { escapeMarkdown } from './recall-markdown';
import type { ChatDrafter } from './sidecar-drafting';

export interface CodeCommandDeps {
  /** Drafts in the sidecar (`twin/draft`) with the model picked in chat, else the configured one. */
  draft: ChatDrafter;
  log: (message: string) => void;
}

const EXEMPLAR_LINES_SHOWN = 30;

export async function codeCommand(deps: CodeCommandDeps, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
  const task = request.prompt.trim();
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (!task && !selected.trim()) {
    stream.markdown(
      'Say what code to write, or select code in the editor and say how to change it: `/code TASK`, for example `/code add a retry with backoff to fetchUser`. ' +
        'Twin writes it in your style, with your own code as examples, and applies it only when you click.',
    );
    return { metadata: { command: 'code', failure: 'usage' } };
  }

  const fileFolder = document?.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
  const folder = fileFolder ?? vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
  const answer = await deps.draft(
    {
      channel: 'code',
      task,
      ...(document ? { languageId: document.languageId } : {}),
      ...(selected.trim() && editor
        ? { selection: { text: selected, ...(document!.uri.scheme === 'file' ? { file: document!.uri.fsPath } : {}), startLine: editor.selection.start.line + 1, endLine: editor.selection.end.line + 1 } }
        : {}),
      ...(folder ? { repository: folder.uri.fsPath } : {}),
      noModelHelp: 'Pick a chat model in VS Code, or set twin.models.baseUrl and twin.models.model (and the key with “Twin: Set OpenAI-Compatible API Key”, else OPENAI_API_KEY).',
    },
    { request, stream, token, justification: 'Twin writes code in your own style, from examples of your code.' },
  );
  if (answer.status === 'cancelled') return { metadata: { command: 'code', query: task, cancelled: true } };
  if (answer.status === 'failed') {
    if (answer.reason === 'model-unusable') {
      stream.markdown(`**Twin cannot use the configured model:** ${escapeMarkdown(answer.message)}`);
      return { metadata: { command: 'code', query: task, failure: 'usage' } };
    }
    deps.log(`@twin /code: drafting failed: ${answer.message}`);
    stream.markdown(`**Twin could not draft code:** ${escapeMarkdown(answer.message)}`);
    return { metadata: { command: 'code', query: task, failure: answer.failure } };
  }
  if (answer.channel !== 'code') throw new Error(`The sidecar answered /code with a ${answer.channel} draft.`);
  const draft = answer.draft;
  const hadModel = answer.models === 'available';
  if (token.isCancellationRequested) return { metadata: { command: 'code', query: task, cancelled: true } };
  deps.log(`@twin /code: ${draft.drafter} draft ${draft.id}, ${draft.exemplarCode.length} exemplars, ${draft.deviations.length} deviations, ${draft.text ? draft.text.split('\n').length : 0} lines`);

  const fenceLanguage = document?.languageId ?? draft.language ?? '';
  if (draft.text) {
    const where = selected.trim() ? 'replacing the selection' : editor ? 'to insert at the cursor' : 'to copy';
    stream.markdown(`Code ${where}, written in your style${draft.model ? ` by \`${draft.model.replace(/`/g, "'")}\`` : ''}:\n\n${fenced(draft.text, fenceLanguage)}\n\n`);
    if (draft.deviations.length) {
      stream.markdown('**Where it departs from your style** (check before applying):\n');
      for (const deviation of draft.deviations) stream.markdown(`- ${deviation.field}: ${escapeMarkdown(deviation.message)}\n`);
      stream.markdown('\n');
    } else if (draft.provenance.style.length > 1) {
      stream.markdown('It matches your learned indentation, quotes, semicolons and function naming.\n\n');
    }
    if (editor && document) {
      const target: ApplyCodeTarget = {
        uri: document.uri.toString(),
        start: { line: editor.selection.start.line, character: editor.selection.start.character },
        end: selected ? { line: editor.selection.end.line, character: editor.selection.end.character } : { line: editor.selection.active.line, character: editor.selection.active.character },
        original: selected,
      };
      if (!selected) target.start = target.end;
      stream.button({ command: APPLY_CODE_COMMAND, arguments: [target, draft.text], title: selected ? 'Apply to selection' : 'Insert at cursor' });
    }
  } else if (!hadModel) {
    stream.markdown(
      `**No model is available, so Twin wrote no code.** Twin has no offline code generator and will not fake one. To get code: ${NO_MODEL_HELP}\n\n` +
        'Meanwhile, here is what Twin would have followed: your style for this language and your own code closest to the task.\n\n',
    );
  } else {
    stream.markdown(`**Twin wrote no code.** ${escapeMarkdown(draft.notice ?? 'The model gave no code.')}\n\nTo use another model: ${NO_MODEL_HELP}\n\n`);
  }

  streamStyle(draft, stream);
  streamExemplars(draft, stream, !draft.text);
  streamProvenance(draft, stream);

  const metadata = { command: 'code' as const, query: task };
  if (!draft.text) return { metadata: { ...metadata, failure: 'model' } };
  return { metadata: { ...metadata, ...draftMetadata(draft) } };
}

function streamStyle(draft: CodeDraft, stream: vscode.ChatResponseStream): void {
  if (draft.provenance.style.length === 0) return;
  stream.markdown('**Your style it follows:**\n');
  for (const note of draft.provenance.style) stream.markdown(`- ${escapeMarkdown(note)}\n`);
  stream.markdown('\n');
}

/** The user's own code: linked, and shown whole when there is no generated code to look at instead. */
function streamExemplars(draft: CodeDraft, stream: vscode.ChatResponseStream, showCode: boolean): void {
  if (draft.exemplarCode.length === 0) {
    stream.markdown('Twin found none of your own code in this language to show.\n\n');
    return;
  }
  stream.markdown(`**Your own code it ${showCode ? 'would follow' : 'followed'}:**\n`);
  const referenced = new Set<string>();
  for (const exemplar of draft.exemplarCode) {
    const location = draft.repository
      ? new vscode.Location(vscode.Uri.file(path.join(draft.repository, exemplar.path)), new vscode.Range(exemplar.startLine - 1, 0, exemplar.endLine - 1, 0))
      : undefined;
    stream.markdown(`- \`${exemplar.name.replace(/`/g, "'")}\` in `);
    if (location) stream.anchor(location, `${exemplar.path}:${exemplar.startLine}-${exemplar.endLine}`);
    else stream.markdown(`${escapeMarkdown(exemplar.path)}:${exemplar.startLine}-${exemplar.endLine}`);
    stream.markdown(` (${exemplar.similarity.toFixed(2)}${exemplar.reasons.length ? `; ${escapeMarkdown(exemplar.reasons.join(', '))}` : ''})\n`);
    if (showCode) {
      const lines = exemplar.code.split('\n');
      const shown = lines.length > EXEMPLAR_LINES_SHOWN ? [...lines.slice(0, EXEMPLAR_LINES_SHOWN), '…'] : lines;
      stream.markdown(`\n${fenced(shown.join('\n'), draft.language ?? '')}\n\n`);
    }
    if (location && !referenced.has(location.uri.toString())) {
      referenced.add(location.uri.toString());
      stream.reference(location.uri);
    }
  }
  stream.markdown('\n');
}

function streamProvenance(draft: CodeDraft, stream: vscode.ChatResponseStream): void {
  const lines: string[] = ['---', '', '**▸ How Twin drafted this**', ''];
  lines.push(`- **Drafter:** ${draft.text ? `the model${draft.model ? ` \`${draft.model.replace(/`/g, "'")}\`` : ''}` : 'none (no code written)'} · **confidence** ${draft.confidence.toFixed(2)} · draft \`${draft.id}\``);
  if (draft.text && draft.notice) lines.push(`- **Notice:** ${escapeMarkdown(draft.notice)}`);
  if (draft.provenance.memories.length) {
    lines.push('- **Memories recalled:**');
    for (const memory of draft.provenance.memories) lines.push(`  - \`${memory.id.replace(/`/g, "'")}\` (${memory.score.toFixed(2)}) ${escapeMarkdown(memory.excerpt)}`);
  }
  if (draft.text) lines.push('- 👍 or 👎 on this answer tells Twin which of your examples to lean on next time.');
  stream.markdown(`${lines.join('\n')}\n\n`);
}

function fenced(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${code}\n${ticks}`;
}
