/**
 * The `@twin` chat participant: `/recall`, `/remember`, `/forget`, `/style`, `/commit`, `/slack`, `/email`, `/code`, `/review`, and plain questions answered
 * from memory by the model the user picked in chat. The handler follows the chat-sample shape
 * (request, context, stream, token): it streams markdown as it goes, checks cancellation between steps,
 * and records in its result what the follow-ups and `/forget confirm` need.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReplyChannel } from '../../core/drafting/reply-drafter';
import type { Draft } from '../../core/drafting/draft';
import type { ModelSettings } from '../../core/models/settings-models';
import type { DraftModelOutcome } from '../../core/protocol/draft-protocol';
import { ModelCancelledError, ModelError } from '../../core/models/model-errors';
import type { ModelProvider } from '../../core/models/model-provider';
import type { RecallItem, SidecarMethods } from '../../core/protocol/sidecar-protocol';
import { renderStyleProfile } from '../../core/style/render-style-profile';
import { readStyleProfile } from '../../core/style/style-profile-store';
import type { MemoryInput } from '../../core/types';
import { describe as describeSidecar } from '../sidecar/sidecar-client';
import type { TwinChatMetadata, TwinChatResult } from './chat-result';
import { NO_MODEL_HELP } from './chat-models';
import { codeCommand } from './code-command';
import { reviewCommand, type GitHubAccess } from './review-command';
import { draftMetadata } from './draft-feedback';
import { COMMIT_DRAFT_COMMAND } from './commit-draft-command';
import { parseConfirmation } from './forget-confirmation';
import { memoryFileUri } from './memory-location';
import { buildAnswerMessages, type PriorTurn } from './memory-prompt';
import { escapeMarkdown, recallItemMarkdown } from './recall-markdown';
import { DraftingUnavailableError, SidecarDrafting, type ChatDrafter, type DraftingSidecar } from './sidecar-drafting';
import { VsCodeLanguageModelProvider } from './vscode-lm-provider';

export const TWIN_PARTICIPANT_ID = 'twin.twin';
export const TWIN_PARTICIPANT_NAME = 'twin';

const RECALL_LIMIT = 10;
const ANSWER_MEMORIES = 8;
const HISTORY_TURNS = 6;
const HISTORY_CHARS = 2000;

export interface TwinChatDeps {
  /** Recall, remember and forget go to the sidecar, and so does drafting (`twin/draft`), which calls back for the chat's model. */
  sidecar: DraftingSidecar;
  /** TWIN_HOME, read on each request so a changed setting applies at once. */
  twinHome: () => string;
  log: (message: string) => void;
  /** Deadline of a model's whole answer (default two minutes). */
  modelTimeoutMs?: number;
  /** The model for a request: the one picked in chat, then the configured endpoint (chat-models.ts); default: the picked one alone. */
  chatModels?: (request: vscode.ChatRequest, justification: string) => Promise<ModelProvider | undefined>;
  /** The OpenAI-compatible endpoint of the settings (key included) for the sidecar's drafters; default: none (config.json). */
  modelSettings?: () => Promise<ModelSettings | undefined>;
  /** GitHub's token and API URL for `/review` (review-command.ts). */
  github?: GitHubAccess;
}

export type TwinChatHandler = (
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
) => Promise<TwinChatResult>;

/** A failure whose message already says what happened and what to do; shown as is. */
class ChatFailure extends Error {
  constructor(
    message: string,
    readonly kind: NonNullable<TwinChatMetadata['failure']>,
  ) {
    super(message);
  }
}

const USAGE = [
  'Ask me about your own work, or use a command:',
  '- `/recall QUERY` — what Twin remembers about something, and why it matched',
  '- `/remember TEXT` — store a note (attach a file with `#file` to link it)',
  '- `/forget QUERY` — list matching memories, then delete them once you confirm',
  '- `/style` — the coding and commit style Twin learned from your repositories',
  '- `/commit` — a commit message for the staged changes in your style, then a button to commit with it',
  '- `/slack TEXT` or `/email TEXT` — a reply to the pasted message in your voice, for you to copy; Twin sends nothing',
  '- `/review PR` — review comments on a pull request (URL, OWNER/REPO#N or number) in your review voice, posted only when you click',
  '- `/code TASK` — code written or changed (select it first) in your style, with your own code as examples, applied only when you click',
].join('\n');

export function createTwinChatHandler(deps: TwinChatDeps): TwinChatHandler {
  const { sidecar, log } = deps;
  const modelFor = (request: vscode.ChatRequest, justification: string): Promise<ModelProvider | undefined> =>
    deps.chatModels
      ? deps.chatModels(request, justification)
      : Promise.resolve(request.model ? new VsCodeLanguageModelProvider(request.model, { timeoutMs: deps.modelTimeoutMs ?? 120_000, justification }) : undefined);

  async function call<M extends 'twin/recall' | 'twin/remember' | 'twin/forget'>(
    method: M,
    params: SidecarMethods[M]['params'],
  ): Promise<SidecarMethods[M]['result']> {
    try {
      return await sidecar.request(method, params);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`@twin: ${method} failed: ${reason}`);
      const state = sidecar.state;
      if (state.state !== 'running') {
        throw new ChatFailure(
          `**Twin’s memory is not available right now.** The Twin sidecar, the background process that keeps your memories, is ${escapeMarkdown(describeSidecar(state))}. ` +
            'It restarts on its own: try again in a few seconds. If it keeps failing, open **Twin: Show Log** to see why it stopped.',
          'sidecar',
        );
      }
      throw new ChatFailure(
        `**Twin’s memory could not answer** (\`${method}\` failed: ${escapeMarkdown(reason)}). Try again; if it keeps failing, open **Twin: Show Log** for details.`,
        'sidecar',
      );
    }
  }

  const recall = (query: string, limit: number) => call('twin/recall', { query, limit });

  /** Lists memories with a link to each one's file, and adds the files as references. */
  function streamMemories(items: readonly RecallItem[], stream: vscode.ChatResponseStream): void {
    const referenced = new Set<string>();
    items.forEach((item, index) => {
      stream.markdown(`${recallItemMarkdown(item, index + 1)}\n`);
      const uri = memoryFileUri(item.memory);
      if (uri) {
        stream.markdown('   - file: ');
        stream.anchor(uri, item.memory.file);
        stream.markdown('\n');
        if (!referenced.has(uri.toString())) {
          referenced.add(uri.toString());
          stream.reference(uri);
        }
      }
    });
  }

  async function recallCommand(query: string, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    if (!query) return usage('recall', 'Tell me what to recall: `/recall QUERY`, for example `/recall retry backoff`.', stream);
    stream.progress('Recalling…');
    const items = await recall(query, RECALL_LIMIT);
    if (token.isCancellationRequested) return cancelled('recall', query);
    if (items.length === 0) {
      stream.markdown(`Twin remembers nothing about “${escapeMarkdown(query)}”.`);
      return { metadata: { command: 'recall', query, memoryIds: [] } };
    }
    stream.markdown(`Twin remembers ${items.length} thing${items.length === 1 ? '' : 's'} about “${escapeMarkdown(query)}”:\n\n`);
    streamMemories(items, stream);
    return { metadata: { command: 'recall', query, memoryIds: items.map((item) => item.memory.id) } };
  }

  async function rememberCommand(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    const text = request.prompt.trim();
    if (!text) return usage('remember', 'Tell me what to remember: `/remember TEXT`, for example `/remember the staging database is reset every Monday`.', stream);
    const input: MemoryInput = { text, source: 'note', kind: 'semantic', meta: { via: '@twin' }, ...attachedFile(request) };
    const [stored] = await call('twin/remember', { memories: [input] });
    if (token.isCancellationRequested) return cancelled('remember', text);
    if (!stored) throw new ChatFailure('**Twin did not store the note:** the sidecar returned no result. Try again.', 'sidecar');
    const redacted = stored.redactions ? ` ${stored.redactions} secret${stored.redactions === 1 ? ' was' : 's were'} redacted before storing.` : '';
    const linked = input.file ? ` Linked to \`${input.file}\`.` : '';
    stream.markdown(`Remembered (${escapeMarkdown(stored.outcome)}) as \`${stored.id}\`.${linked}${redacted}`);
    return { metadata: { command: 'remember', query: text, rememberedId: stored.id } };
  }

  async function forgetCommand(prompt: string, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    const confirmation = parseConfirmation(prompt);
    if (confirmation) return forgetConfirmed(confirmation, context, stream, token);
    if (!prompt) return usage('forget', 'Tell me what to forget: `/forget QUERY`. I list the matches first; nothing is deleted until you confirm.', stream);
    stream.progress('Finding matching memories…');
    const needle = prompt.toLocaleLowerCase();
    // Meaning alone always finds some nearest memory; only what shares the words is offered for deletion.
    const items = (await recall(prompt, RECALL_LIMIT)).filter((item) => item.why.textRank !== undefined || item.memory.text.toLocaleLowerCase().includes(needle));
    if (token.isCancellationRequested) return cancelled('forget', prompt);
    if (items.length === 0) {
      stream.markdown(`No memories contain “${escapeMarkdown(prompt)}”; nothing to forget. \`/recall ${prompt.replace(/`/g, "'")}\` shows what is near it in meaning.`);
      return { metadata: { command: 'forget', query: prompt, forgetIds: [] } };
    }
    const ids = items.map((item) => item.memory.id);
    stream.markdown(`These ${items.length} memor${items.length === 1 ? 'y matches' : 'ies match'} “${escapeMarkdown(prompt)}”:\n\n`);
    streamMemories(items, stream);
    stream.markdown(
      `\n**Nothing has been deleted yet.** To forget ${items.length === 1 ? 'it' : 'them'}, use the follow-up below or send \`@twin /forget confirm ${ids.join(' ')}\` ` +
        '(or only the ids you want gone). Forgetting deletes the text everywhere Twin stores it and cannot be undone.',
    );
    return { metadata: { command: 'forget', query: prompt, forgetIds: ids } };
  }

  async function forgetConfirmed(ids: string[], context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    // Only what `/forget` listed in this chat can be confirmed: a mistyped or pasted id never deletes
    // a memory the user has not seen.
    const offered = offeredForDeletion(context);
    const unlisted = ids.filter((id) => !offered.has(id));
    if (unlisted.length) {
      stream.markdown(
        `**Nothing was forgotten:** ${unlisted.map((id) => `\`${escapeMarkdown(id)}\``).join(', ')} ${unlisted.length === 1 ? 'was' : 'were'} not listed by \`/forget\` in this chat. ` +
          'Run `/forget QUERY` first, check the list, then confirm ids from it.',
      );
      return { metadata: { command: 'forget', forgotten: [], failure: 'usage' } };
    }
    if (token.isCancellationRequested) return cancelled('forget');
    const result = await call('twin/forget', { ids });
    const missing = result.missing.length ? ` ${result.missing.length} ${result.missing.length === 1 ? 'was' : 'were'} already gone: ${result.missing.map((id) => `\`${id}\``).join(', ')}.` : '';
    stream.markdown(`Forgot ${result.forgotten} memor${result.forgotten === 1 ? 'y' : 'ies'}${result.ids.length ? `: ${result.ids.map((id) => `\`${id}\``).join(', ')}` : ''}.${missing}`);
    return { metadata: { command: 'forget', forgotten: result.ids } };
  }

  function styleCommand(stream: vscode.ChatResponseStream): TwinChatResult {
    const home = deps.twinHome();
    let profile;
    try {
      profile = readStyleProfile(home);
    } catch (error) {
      stream.markdown(`**Twin could not read your style profile.** ${escapeMarkdown((error as Error).message)}`);
      return { metadata: { command: 'style', failure: 'usage' } };
    }
    if (!profile) {
      stream.markdown(
        'Twin has not learned your style yet. Run `twin learn <repo>` in a terminal (for example `twin learn .` in a repository you wrote code and commits in), ' +
          `then ask \`@twin /style\` again. The profile is kept in \`${escapeMarkdown(home)}/style/profile.json\`.`,
      );
      return { metadata: { command: 'style' } };
    }
    stream.markdown(`**Your style, as Twin learned it**\n\n\`\`\`text\n${renderStyleProfile(profile).replace(/```/g, "'''")}\n\`\`\`\n`);
    return { metadata: { command: 'style' } };
  }

  async function askCommand(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    const question = request.prompt.trim();
    if (!question) {
      stream.markdown(USAGE);
      return { metadata: { command: 'ask' } };
    }
    stream.progress('Recalling what you worked on…');
    const items = await recall(question, ANSWER_MEMORIES);
    if (token.isCancellationRequested) return cancelled('ask', question);
    const memoryIds = items.map((item) => item.memory.id);
    const provider = await modelFor(request, 'Twin answers your question from what it remembers about your work.').catch((error: Error) => {
      log(`@twin: the configured models are not usable: ${error.message}`);
      return undefined;
    });
    if (!provider) {
      stream.markdown('**No chat model is available**, so I cannot answer in words; here is what Twin remembers about it.\n\n');
      listForQuestion(items, stream);
      stream.markdown(`\n\nTo get answers: ${NO_MODEL_HELP}`);
      return { metadata: { command: 'ask', query: question, memoryIds, failure: 'model' } };
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    let streamed = false;
    try {
      await provider.chat(
        { messages: buildAnswerMessages(question, items, priorTurns(context)), task: 'chat' },
        {
          signal: controller.signal,
          onToken: (fragment) => {
            streamed = true;
            stream.markdown(fragment);
          },
        },
      );
    } catch (error) {
      if (error instanceof ModelCancelledError || token.isCancellationRequested) return cancelled('ask', question);
      const message = error instanceof ModelError ? error.message : `The model failed: ${(error as Error).message}`;
      log(`@twin: ${provider.info.id} failed: ${message}`);
      stream.markdown(`${streamed ? '\n\n' : ''}**The model could not answer.** ${escapeMarkdown(message)}\n\nHere is what Twin remembers about it instead:\n\n`);
      listForQuestion(items, stream);
      return { metadata: { command: 'ask', query: question, memoryIds, failure: 'model' } };
    } finally {
      subscription.dispose();
    }
    const files = new Map(items.map((item) => memoryFileUri(item.memory)).filter((uri) => uri !== undefined).map((uri) => [uri.toString(), uri]));
    for (const uri of files.values()) stream.reference(uri);
    return { metadata: { command: 'ask', query: question, memoryIds } };
  }

  /** Drafting runs in the sidecar (`twin/draft`); this window lends it the model picked in chat. */
  const draftInSidecar: ChatDrafter = async (fields, chat) => {
    const settings = await (deps.modelSettings?.() ?? Promise.resolve(undefined)).catch((error: Error) => {
      log(`@twin: the model settings could not be read: ${error.message}`);
      return undefined;
    });
    return SidecarDrafting.for(sidecar).draft(fields, {
      model: chat.request.model,
      justification: chat.justification,
      ...(settings ? { settings } : {}),
      timeoutMs: deps.modelTimeoutMs ?? 120_000,
      stream: chat.stream,
      token: chat.token,
      log,
    });
  };

  async function commitCommand(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    const prompt = request.prompt.trim() || undefined;
    const folder = repositoryFolder();
    if (!folder) {
      stream.markdown('**No git repository is open.** `/commit` drafts a message for the staged changes of the workspace folder’s repository: open a folder that is a git repository (or a file inside one), stage your changes, then ask again.');
      return { metadata: { command: 'commit', query: prompt, failure: 'usage' } };
    }
    const answer = await draftInSidecar(
      { channel: 'commit', repository: folder },
      { request, stream, token, justification: 'Twin drafts a commit message for your staged changes in your style.' },
    );
    if (answer.status === 'cancelled' || token.isCancellationRequested) return cancelled('commit', prompt);
    if (answer.status === 'failed') {
      if (answer.reason === 'unreadable') {
        stream.markdown(`**Twin could not read the staged changes in \`${codeSpanText(folder)}\`:** ${escapeMarkdown(answer.message)}`);
        return { metadata: { command: 'commit', query: prompt, failure: 'usage' } };
      }
      const repository = answer.repository ?? folder;
      if (answer.reason === 'nothing-staged') {
        stream.markdown(
          `**Nothing is staged** in \`${codeSpanText(repository)}\`, so there is no change to describe. ` +
            'Stage what the commit should contain — `git add <files>` in a terminal, or **+** (Stage Changes) in the Source Control view — then ask `@twin /commit` again.',
        );
        return { metadata: { command: 'commit', query: prompt, repository, failure: 'usage' } };
      }
      log(`@twin /commit: drafting failed: ${answer.message}`);
      stream.markdown(`**Twin could not draft a commit message:** ${escapeMarkdown(answer.message)}`);
      return { metadata: { command: 'commit', query: prompt, repository, failure: answer.failure } };
    }
    if (answer.channel !== 'commit') throw new ChatFailure(`**Twin could not draft a commit message:** the sidecar answered with a ${answer.channel} draft.`, 'sidecar');
    const { staged, draft } = answer;
    noModelNotice(answer, stream, `**No chat model is available**, so Twin’s offline drafter wrote this message from the staged diff. For a model’s draft: ${NO_MODEL_HELP}\n\n`);
    stream.markdown(`Commit message for the staged changes in \`${codeSpanText(path.basename(staged.repository))}\` (${staged.files} file${staged.files === 1 ? '' : 's'}, +${staged.insertions} −${staged.deletions}):

`);
    stream.markdown(`${codeBlock(draft.text)}

`);
    stream.markdown(provenanceMarkdown(draft));
    stream.button({ command: COMMIT_DRAFT_COMMAND, arguments: [staged.repository, draft.text], title: 'Commit with this message' });
    return { metadata: { command: 'commit', query: prompt, repository: staged.repository, ...draftMetadata(draft) } };
  }

  async function replyCommand(channel: ReplyChannel, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<TwinChatResult> {
    const incoming = request.prompt.trim();
    const what = channel === 'slack' ? 'Slack message' : 'email';
    if (!incoming) {
      return usage(
        channel,
        `Paste the ${what} to answer after the command: \`/${channel} TEXT\`, for example \`/${channel} ${channel === 'slack' ? 'can you review my PR today?' : 'Hi, could we move our call to Thursday? Thanks, Sam'}\`. ` +
          'Twin drafts a reply in your voice from your own past replies; it never sends anything — you copy the draft.',
        stream,
      );
    }
    const answer = await draftInSidecar(
      { channel: 'reply', replyChannel: channel, incoming },
      { request, stream, token, justification: `Twin drafts a reply to a ${what} in your voice.` },
    );
    if (answer.status === 'cancelled' || token.isCancellationRequested) return cancelled(channel, incoming);
    if (answer.status === 'failed') {
      log(`@twin /${channel}: drafting failed: ${answer.message}`);
      stream.markdown(`**Twin could not draft a reply:** ${escapeMarkdown(answer.message)}`);
      return { metadata: { command: channel, query: incoming, failure: answer.failure } };
    }
    const draft = answer.draft;
    noModelNotice(answer, stream, `**No chat model is available**, so Twin’s offline drafter answers only from your own past replies. For a model’s draft: ${NO_MODEL_HELP}\n\n`);
    if (!draft.text.trim()) {
      stream.markdown(`**No draft.** ${escapeMarkdown(draft.notice ?? 'Twin has nothing to draft this reply from.')}\n\n`);
      stream.markdown(provenanceMarkdown(draft, 'Your closest past replies'));
      return { metadata: { command: channel, query: incoming } };
    }
    stream.markdown(`Reply to the ${what}, drafted in your voice. **Twin has not sent anything:** copy the draft, edit it, and send it yourself.\n\n`);
    stream.markdown(`${codeBlock(draft.text)}\n\n`);
    stream.markdown(provenanceMarkdown(draft, 'Your past replies it followed'));
    return { metadata: { command: channel, query: incoming, ...draftMetadata(draft) } };
  }

  function listForQuestion(items: readonly RecallItem[], stream: vscode.ChatResponseStream): void {
    if (items.length === 0) stream.markdown('Twin remembers nothing that matches.');
    else streamMemories(items, stream);
  }

  return async (request, context, stream, token) => {
    const command = request.command ?? 'ask';
    const prompt = request.prompt.trim();
    if (token.isCancellationRequested) return cancelled(command === 'ask' ? 'ask' : (command as TwinChatMetadata['command']));
    try {
      switch (request.command) {
        case 'recall':
          return await recallCommand(prompt, stream, token);
        case 'remember':
          return await rememberCommand(request, stream, token);
        case 'forget':
          return await forgetCommand(prompt, context, stream, token);
        case 'style':
          return styleCommand(stream);
        case 'commit':
          return await commitCommand(request, stream, token);
        case 'slack':
        case 'email':
          return await replyCommand(request.command, request, stream, token);
        case 'code':
          return await codeCommand({ draft: draftInSidecar, log }, request, stream, token);
        case 'review':
          if (!deps.github) throw new ChatFailure('`/review` needs GitHub access, which this window did not set up: reload the window.', 'usage');
          return await reviewCommand({ draft: draftInSidecar, github: deps.github, log }, request, stream, token);
        case undefined:
          return await askCommand(request, context, stream, token);
        default:
          stream.markdown(`\`/${escapeMarkdown(request.command)}\` is not something @twin does yet.\n\n${USAGE}`);
          return { metadata: { command: 'ask', failure: 'usage' } };
      }
    } catch (error) {
      if (error instanceof ChatFailure || error instanceof DraftingUnavailableError) {
        const kind = error instanceof ChatFailure ? error.kind : 'sidecar';
        stream.markdown(error.message);
        if (kind === 'sidecar') stream.button({ command: 'twin.showLog', title: 'Show Twin Log' });
        return { metadata: { command: (request.command ?? 'ask') as TwinChatMetadata['command'], failure: kind } };
      }
      throw error;
    }
  };
}

export const twinFollowupProvider: vscode.ChatFollowupProvider = {
  provideFollowups(result) {
    const metadata = (result as TwinChatResult).metadata;
    if (!metadata || metadata.cancelled || metadata.failure) return [];
    const query = metadata.query;
    switch (metadata.command) {
      case 'forget':
        if (!metadata.forgetIds?.length) return [];
        return [
          {
            prompt: `confirm ${metadata.forgetIds.join(' ')}`,
            command: 'forget',
            label: `Forget ${metadata.forgetIds.length === 1 ? 'this memory' : `these ${metadata.forgetIds.length} memories`}`,
          },
        ];
      case 'recall':
        return query && metadata.memoryIds?.length
          ? [
              { prompt: query, label: 'Ask about these memories' },
              { prompt: query, command: 'forget', label: 'Forget memories like these…' },
            ]
          : [];
      case 'remember':
        return query ? [{ prompt: query, command: 'recall', label: 'Recall it' }] : [];
      case 'ask':
        return query ? [{ prompt: query, command: 'recall', label: 'Show the memories behind this' }] : [];
      case 'commit':
        return metadata.draftId ? [{ prompt: query ?? '', command: 'commit', label: 'Draft again' }] : [];
      case 'review':
        return metadata.draftId && query ? [{ prompt: query, command: 'review', label: 'Draft again' }] : [];
      case 'slack':
      case 'email':
        return metadata.draftId && query ? [{ prompt: query, command: metadata.command, label: 'Draft again' }] : [];
      case 'code':
        return metadata.draftId
          ? [
              { prompt: query ?? '', command: 'code', label: 'Draft again' },
              { prompt: `write tests for this, the way I write tests${query ? ` (the code: ${query})` : ''}`, command: 'code', label: 'Write tests for it' },
              { prompt: '', command: 'style', label: 'Show the style Twin followed' },
            ]
          : [];
      default:
        return [];
    }
  },
};

function offeredForDeletion(context: vscode.ChatContext): Set<string> {
  const offered = new Set<string>();
  for (const turn of context.history) {
    if (!('result' in turn) || turn.participant !== TWIN_PARTICIPANT_ID) continue;
    const metadata = (turn.result as TwinChatResult).metadata;
    if (metadata?.command === 'forget') for (const id of metadata.forgetIds ?? []) offered.add(id);
  }
  return offered;
}

/** The file the user attached with `#file` (or a selection in one), as the memory's file and project. */
function attachedFile(request: vscode.ChatRequest): Pick<MemoryInput, 'file' | 'project'> {
  for (const reference of request.references) {
    const value = reference.value;
    const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
    if (!uri || uri.scheme !== 'file') continue;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return { file: uri.fsPath };
    return { file: vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/'), project: folder.name };
  }
  return {};
}

/** The last turns of this chat with Twin, as plain text for the model. */
function priorTurns(context: vscode.ChatContext): PriorTurn[] {
  const turns: PriorTurn[] = [];
  for (const turn of context.history.slice(-HISTORY_TURNS)) {
    if (turn.participant !== TWIN_PARTICIPANT_ID) continue;
    if ('prompt' in turn) {
      turns.push({ role: 'user', content: `${turn.command ? `/${turn.command} ` : ''}${turn.prompt}`.slice(0, HISTORY_CHARS) });
    } else {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('')
        .trim();
      if (text) turns.push({ role: 'assistant', content: text.slice(0, HISTORY_CHARS) });
    }
  }
  return turns;
}

/** The repository `/commit` drafts for: the active editor's workspace folder when it is a git repository, else the first folder that is. */
function repositoryFolder(): string | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const isRepository = (folder: vscode.WorkspaceFolder) => folder.uri.scheme === 'file' && fs.existsSync(path.join(folder.uri.fsPath, '.git'));
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (activeFolder && isRepository(activeFolder)) return activeFolder.uri.fsPath;
  return folders.find(isRepository)?.uri.fsPath;
}

function codeSpanText(text: string): string {
  return text.replace(/`/g, "'");
}

/** Text in a fenced block whose fence no backtick run inside it can close. */
function codeBlock(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/** How the draft came about, as a folded-looking section: drafter, confidence, notice, style fields, exemplars, memories. */
function provenanceMarkdown(draft: Draft, exemplarsLabel = 'Your commits it followed'): string {
  const lines: string[] = ['---', '', '**▸ How Twin drafted this**', ''];
  const drafter = draft.drafter === 'model' ? `the model${draft.model ? ` \`${codeSpanText(draft.model)}\`` : ''}` : 'the offline drafter';
  lines.push(`- **Drafter:** ${drafter} · **confidence** ${draft.confidence.toFixed(2)}`);
  if (draft.notice) lines.push(`- **Notice:** ${escapeMarkdown(draft.notice)}`);
  if (draft.provenance.style.length) {
    lines.push('- **Style followed:**');
    for (const field of draft.provenance.style) lines.push(`  - ${escapeMarkdown(field)}`);
  }
  if (draft.provenance.exemplars.length) {
    lines.push(`- **${exemplarsLabel}:**`);
    for (const exemplar of draft.provenance.exemplars) lines.push(`  - \`${codeSpanText(exemplar.id.slice(0, 10))}\` (${exemplar.similarity.toFixed(2)}) ${escapeMarkdown(exemplar.text)}`);
  }
  if (draft.provenance.memories.length) {
    lines.push('- **Memories recalled:**');
    for (const memory of draft.provenance.memories) lines.push(`  - \`${codeSpanText(memory.id)}\` (${memory.score.toFixed(2)}) ${escapeMarkdown(memory.excerpt)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** What the chat says before a draft when no model wrote it: the configured one is unusable, or there is none. */
function noModelNotice(outcome: DraftModelOutcome, stream: vscode.ChatResponseStream, noModel: string): void {
  if (outcome.models === 'unusable') stream.markdown(`**Twin cannot use the configured model** (${escapeMarkdown(outcome.modelProblem ?? 'its settings are wrong')}).\n\n`);
  if (outcome.models !== 'available') stream.markdown(noModel);
}

function cancelled(command: TwinChatMetadata['command'], query?: string): TwinChatResult {
  return { metadata: { command, query, cancelled: true } };
}

function usage(command: TwinChatMetadata['command'], message: string, stream: vscode.ChatResponseStream): TwinChatResult {
  stream.markdown(message);
  return { metadata: { command, failure: 'usage' } };
}
