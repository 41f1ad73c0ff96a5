/**
 * What the offline drafter returns. It is not a language model and never pretends to be one: every
 * draft carries what it was built from, a modest confidence, and a notice saying how it was made.
 */

export interface ProvenanceItem {
  /** `style`: the user's learned convention; `change`: the staged diff; `exemplar`: the user's own past writing; `rule`: a decision the drafter made. */
  kind: 'style' | 'change' | 'exemplar' | 'rule';
  detail: string;
  /** The exemplar's id, when it has one. */
  id?: string;
  similarity?: number;
}

export interface OfflineDraft {
  text: string;
  provenance: ProvenanceItem[];
  /** 0..1, kept below 0.9: rules and reuse are never as sure as the user. */
  confidence: number;
  drafter: 'offline';
  notice: string;
}

export const OFFLINE_NOTICE_PREFIX = 'Drafted offline by Twin (no model configured)';
const CONFIGURE = 'Configure a model (models in TWIN_HOME/config.json, or a chat model in VS Code) for fuller drafts.';

export function offlineNotice(how: string): string {
  return `${OFFLINE_NOTICE_PREFIX}: ${how}. ${CONFIGURE}`;
}

export function clampConfidence(value: number): number {
  return Math.round(Math.min(0.85, Math.max(0, value)) * 100) / 100;
}
