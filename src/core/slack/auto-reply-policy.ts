/**
 * Whether a draft may go out in the user's name without asking: only when the conversation or the
 * person is on the user's allowlist AND the draft's confidence reaches their threshold. Every "no" says
 * why, and the reasons travel with the approval request and into the activity log.
 */
import type { AutoReplyPolicy } from './slack-config';

export interface AutoReplyCandidate {
  conversation: string;
  /** The channel's name without '#', when it has one. */
  conversationName?: string;
  sender: string;
  /** The sender's handle, display name and real name, as known. */
  senderNames: string[];
  confidence: number;
  hasDraft: boolean;
}

export interface AutoReplyDecision {
  autoSend: boolean;
  reasons: string[];
}

export function decideAutoReply(policy: AutoReplyPolicy, candidate: AutoReplyCandidate): AutoReplyDecision {
  const reasons: string[] = [];
  if (!candidate.hasDraft) reasons.push('there is no draft');
  if (!isAllowlisted(policy, candidate)) reasons.push('neither this conversation nor this person is on your auto-reply allowlist');
  if (candidate.confidence < policy.minConfidence) reasons.push(`confidence ${candidate.confidence.toFixed(2)} is below your threshold ${policy.minConfidence.toFixed(2)}`);
  return { autoSend: reasons.length === 0, reasons };
}

export function isAllowlisted(policy: AutoReplyPolicy, candidate: Pick<AutoReplyCandidate, 'conversation' | 'conversationName' | 'sender' | 'senderNames'>): boolean {
  const conversationKeys = new Set([candidate.conversation.toLowerCase(), ...(candidate.conversationName ? [`#${candidate.conversationName.toLowerCase()}`] : [])]);
  if (policy.conversations.some((entry) => conversationKeys.has(entry.toLowerCase()))) return true;
  const personKeys = new Set([candidate.sender.toLowerCase(), ...candidate.senderNames.filter(Boolean).map((name) => name.toLowerCase())]);
  return policy.people.some((entry) => personKeys.has(entry.replace(/^@/, '').toLowerCase()));
}
