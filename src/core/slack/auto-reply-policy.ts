/**
 * Whether a draft may go out in the user's name without asking: only when the conversation or the
 * person is on the user's allowlist AND the draft's confidence reaches their threshold. Every "no" says
 * why, and the reasons travel with the approval request and into the activity log.
 *
 * Matching is by id only: the sender's user id and the conversation id Slack put in the event. Handles
 * and #channel names in the allowlist count through the ids they were resolved to at start
 * (`resolveAllowlist`); display names and real names never count, since anyone can take any of them.
 */
import { channelNameOf, EMPTY_ALLOWLIST, handleOf, type ResolvedAllowlist } from './allowlist-resolver';
import type { AutoReplyPolicy } from './slack-config';

export interface AutoReplyCandidate {
  /** The conversation id from the event. */
  conversation: string;
  /** The sender's user id from the event. */
  sender: string;
  confidence: number;
  hasDraft: boolean;
}

export interface AutoReplyDecision {
  autoSend: boolean;
  reasons: string[];
}

export function decideAutoReply(policy: AutoReplyPolicy, candidate: AutoReplyCandidate, resolved: ResolvedAllowlist = EMPTY_ALLOWLIST): AutoReplyDecision {
  const reasons: string[] = [];
  if (!candidate.hasDraft) reasons.push('there is no draft');
  if (!isAllowlisted(policy, candidate, resolved)) reasons.push('neither this conversation nor this person is on your auto-reply allowlist');
  if (candidate.confidence < policy.minConfidence) reasons.push(`confidence ${candidate.confidence.toFixed(2)} is below your threshold ${policy.minConfidence.toFixed(2)}`);
  return { autoSend: reasons.length === 0, reasons };
}

export function isAllowlisted(policy: AutoReplyPolicy, candidate: Pick<AutoReplyCandidate, 'conversation' | 'sender'>, resolved: ResolvedAllowlist = EMPTY_ALLOWLIST): boolean {
  const conversationIds = policy.conversations.map((entry) => {
    const name = channelNameOf(entry);
    return name === undefined ? entry.trim() : resolved.conversations.get(name);
  });
  if (conversationIds.includes(candidate.conversation)) return true;
  const personIds = policy.people.map((entry) => {
    const handle = handleOf(entry);
    return handle === undefined ? entry.trim().replace(/^@/, '') : resolved.people.get(handle);
  });
  return personIds.includes(candidate.sender);
}
