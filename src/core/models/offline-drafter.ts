/**
 * The honest offline path, for when no model is configured: two deterministic drafters that say what
 * they are. Commit messages are built from the staged changes in the user's learned convention;
 * replies are the user's own most similar past reply, re-addressed. Neither is a language model, and
 * every draft carries its provenance, a confidence and a notice saying it was drafted offline.
 */
export { draftCommitMessage, type ChangedFile, type ChangedSymbols, type ChangeStatus, type CommitDraft, type CommitDraftInput, type OfflineCommitStyle, type ReferenceStyle } from './offline-commit-drafter';
export { draftReplyFromExemplars, DEFAULT_MIN_REPLY_SIMILARITY, splitReply, type ReplyDraft, type ReplyDraftInput, type ReplyExemplar } from './offline-reply-drafter';
export { OFFLINE_NOTICE_PREFIX, type OfflineDraft, type ProvenanceItem } from './offline-draft';
export type { CommitMood } from './commit-wording';
