/**
 * 👍/👎 on `@twin` drafts. Any command whose result carries a draft (`metadata.draftId`, with the draft's
 * channel and exemplar ids from `draftMetadata`) is recorded in TWIN_HOME/drafting/drafts.jsonl as it is
 * returned; VS Code's feedback on that answer then becomes a verdict on its exemplars
 * (`feedbackOnDraft`), so later drafts of that channel lean towards the user's liked examples.
 */
import * as vscode from 'vscode';
import type { Draft } from '../../core/drafting/draft';
import { feedbackOnDraft, recordDraft, type Verdict } from '../../core/drafting/feedback';
import type { TwinChatMetadata, TwinChatResult } from './chat-result';
import type { TwinChatHandler } from './twin-participant';

/** What a drafting command puts in its result's metadata (ids only, never text). */
export function draftMetadata(draft: Pick<Draft, 'id' | 'channel' | 'provenance'> & Partial<Pick<Draft, 'drafter' | 'confidence'>>): Pick<TwinChatMetadata, 'draftId' | 'draftChannel' | 'exemplarIds' | 'drafter' | 'confidence'> {
  return {
    draftId: draft.id,
    draftChannel: draft.channel,
    exemplarIds: draft.provenance.exemplars.map((exemplar) => exemplar.id),
    ...(draft.drafter ? { drafter: draft.drafter } : {}),
    ...(typeof draft.confidence === 'number' ? { confidence: draft.confidence } : {}),
  };
}

/** The handler, recording every draft it returns so feedback can find it later. */
export function recordingDrafts(handler: TwinChatHandler, twinHome: () => string, log: (message: string) => void): TwinChatHandler {
  return async (request, context, stream, token) => {
    const result = await handler(request, context, stream, token);
    const metadata = result?.metadata;
    if (metadata?.draftId && metadata.draftChannel) {
      try {
        recordDraft(twinHome(), {
          id: metadata.draftId,
          channel: metadata.draftChannel,
          provenance: { style: [], exemplars: (metadata.exemplarIds ?? []).map((id) => ({ id, text: '', similarity: 0 })), memories: [] },
          ...(metadata.drafter ? { drafter: metadata.drafter } : {}),
          ...(typeof metadata.confidence === 'number' ? { confidence: metadata.confidence } : {}),
        });
      } catch (error) {
        log(`@twin: could not record draft ${metadata.draftId} for feedback: ${(error as Error).message}`);
      }
    }
    return result;
  };
}

/** Turns VS Code's feedback on an answer into a verdict on its draft; answers without a draft are ignored. Returns the verdict recorded. */
export function handleDraftFeedback(feedback: vscode.ChatResultFeedback, twinHome: () => string, log: (message: string) => void): Verdict | undefined {
  const metadata = (feedback.result as TwinChatResult).metadata;
  if (!metadata?.draftId) return undefined;
  const verdict: Verdict = feedback.kind === vscode.ChatResultFeedbackKind.Helpful ? 'up' : 'down';
  try {
    const entry = feedbackOnDraft(twinHome(), metadata.draftId, verdict);
    log(`@twin: ${verdict === 'up' ? '👍' : '👎'} on ${entry.channel} draft ${entry.draftId} (${entry.exemplarIds.length} exemplars)`);
    return verdict;
  } catch (error) {
    log(`@twin: feedback on draft ${metadata.draftId} was not recorded: ${(error as Error).message}`);
    return undefined;
  }
}
