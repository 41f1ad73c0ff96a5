/**
 * What observers report. Events are small, carry their own id (so a resend after a sidecar restart is
 * recognised and stored once), and follow ActivityWatch's shape: a start, a duration, and data.
 */

interface EventBase {
  /** Unique per event, chosen by the observer (a UUID); the sidecar stores each id at most once. */
  id: string;
  /** Epoch ms when the activity started. */
  start: number;
  /** Milliseconds it lasted (0 for instants such as a jump). */
  duration: number;
  /** Workspace folder name, when the file is in one. */
  project?: string;
}

/** One edit session: continuous typing in one file, ended by an idle gap, a save burst or leaving the file. */
export interface EditSessionEvent extends EventBase {
  type: 'edit';
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** VS Code language id. */
  language: string;
  charsInserted: number;
  charsDeleted: number;
  /** Number of content changes merged into this session. */
  changes: number;
  saves: number;
  undos: number;
  redos: number;
  /** Qualified names of the symbols (functions, methods, classes) the edits fell in, innermost first. */
  symbols: string[];
}

/** Time spent looking at one file (and the symbol the cursor was in longest). */
export interface DwellEvent extends EventBase {
  type: 'dwell';
  file: string;
  language: string;
  symbol?: string;
}

/** A move from one place to another: switching editors or following a definition/reference. */
export interface JumpEvent extends EventBase {
  type: 'jump';
  kind: 'switch' | 'definition' | 'references' | 'implementation' | 'other';
  fromFile?: string;
  fromSymbol?: string;
  toFile: string;
  toSymbol?: string;
  language?: string;
}

/** HEAD or a branch moved in a repository; the sidecar reads the commit(s) itself with git. */
export interface CommitObservedEvent extends EventBase {
  type: 'commit';
  /** Absolute path of the repository's working tree. */
  repository: string;
  /** The new HEAD commit hash, when the observer knows it. */
  head?: string;
  /** The previous HEAD, so the sidecar can read every commit in between. */
  previousHead?: string;
}

export type TwinEvent = EditSessionEvent | DwellEvent | JumpEvent | CommitObservedEvent;
export type TwinEventType = TwinEvent['type'];
