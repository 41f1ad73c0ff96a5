/**
 * The shapes that cross boundaries: store rows, CLI JSON, RPC messages. One place, shared by every side.
 */

export const MEMORY_KINDS = ['episodic', 'semantic', 'procedural', 'social'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/** A memory as the rest of Twin sees it (the store maps it to and from LanceDB rows). */
export interface Memory {
  id: string;
  text: string;
  kind: MemoryKind;
  /** The first source that produced this memory (editor, git, chat, slack, email, browser, screen, note, …). */
  source: string;
  /** Every source that contributed, including `source`; grows when near-duplicates merge. */
  sources: string[];
  /** When it happened, epoch milliseconds. */
  timestamp: number;
  author?: string;
  recipients: string[];
  channel?: string;
  thread?: string;
  project?: string;
  file?: string;
  symbol?: string;
  /** 0..1; decays for memories that are never recalled. */
  importance: number;
  accessCount: number;
  lastAccess?: number;
  meta: Record<string, unknown>;
  /** When Twin first stored it, and last changed it (epoch ms). */
  createdAt: number;
  updatedAt: number;
}

/** What a caller hands Twin to remember. Everything but `text` has a sensible default. */
export interface MemoryInput {
  id?: string;
  text: string;
  kind?: MemoryKind;
  source?: string;
  timestamp?: number;
  author?: string;
  recipients?: string[];
  channel?: string;
  thread?: string;
  project?: string;
  file?: string;
  symbol?: string;
  importance?: number;
  meta?: Record<string, unknown>;
}
