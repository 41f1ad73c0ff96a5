/**
 * The review drafts `@twin /review` showed, kept in memory by draft id so the "Post review to GitHub"
 * button carries only that id. The command is public (any extension can run it), so what it posts and where
 * must not come from its arguments: the draft comes from here, the API URL and token from the user's
 * settings and SecretStorage. Bounded: the oldest drafts are forgotten first, and a posted draft is removed
 * so a second click cannot post it twice.
 */
import type { PostableReview } from '../../core/github/post-review';

export const MAX_REVIEW_DRAFTS = 20;

export class ReviewDraftStore {
  private readonly drafts = new Map<string, PostableReview>();

  constructor(private readonly capacity = MAX_REVIEW_DRAFTS) {}

  /** Keeps the draft under its id (a newer draft with the same id replaces it), forgetting the oldest beyond capacity. */
  put(id: string, review: PostableReview): void {
    this.drafts.delete(id);
    this.drafts.set(id, review);
    while (this.drafts.size > this.capacity) this.drafts.delete(this.drafts.keys().next().value as string);
  }

  get(id: string): PostableReview | undefined {
    return this.drafts.get(id);
  }

  delete(id: string): void {
    this.drafts.delete(id);
  }

  get size(): number {
    return this.drafts.size;
  }
}

/** The draft id a button's argument names: the id itself, or `{ draftId }`; undefined for anything else. */
export function draftIdOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.trim() || undefined;
  if (argument && typeof argument === 'object' && typeof (argument as { draftId?: unknown }).draftId === 'string') return (argument as { draftId: string }).draftId.trim() || undefined;
  return undefined;
}
