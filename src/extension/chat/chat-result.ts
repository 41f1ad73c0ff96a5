/** What each `@twin` answer records in `ChatResult.metadata`: the follow-ups and `/forget confirm` read it. */
import type { DraftChannel } from '../../core/drafting/draft';

export type TwinCommand = 'recall' | 'remember' | 'forget' | 'style' | 'commit' | 'slack' | 'email' | 'code' | 'review' | 'ask';

export interface TwinChatMetadata {
  command: TwinCommand;
  /** The query or text the user gave. */
  query?: string;
  /** Memories shown in this answer. */
  memoryIds?: string[];
  /** Memories `/forget` listed and offered to delete; only these can be confirmed later in the chat. */
  forgetIds?: string[];
  /** Memories a confirmed `/forget` deleted. */
  forgotten?: string[];
  /** The id `/remember` stored. */
  rememberedId?: string;
  /** The draft `/commit`, `/slack` or `/email` wrote, and (for `/commit`) the repository it is for. */
  draftId?: string;
  /** The draft's channel and the ids of the exemplars it used: 👍/👎 on the answer becomes a verdict on them (draft-feedback.ts). */
  draftChannel?: DraftChannel;
  exemplarIds?: string[];
  /** Who wrote the draft and how sure it is (the dashboard's drafts list shows them). */
  drafter?: 'model' | 'offline';
  confidence?: number;
  repository?: string;
  cancelled?: boolean;
  /** Why the request could not be completed, when it could not. */
  failure?: 'sidecar' | 'model' | 'usage';
}

export interface TwinChatResult {
  metadata: TwinChatMetadata;
  errorDetails?: { message: string };
}
