/**
 * Notices HEAD moving in the workspace's repositories — a commit, an amend, a checkout, a reset, a pull —
 * and reports where it went from and to, so the sidecar can read the commits in between with git. The
 * host tells it that something under `.git` changed; bursts (a commit writes several files) are
 * debounced into one read of the ref files.
 *
 * While observation is off, HEAD is still followed, silently: commits made during a pause are never
 * reported later as if they had just happened.
 */

import { randomUUID } from 'node:crypto';

import type { CommitObservedEvent } from '../protocol/events';
import { type Clock, type TimerHandle, systemClock } from './clock';
import { type GitLocation, type HeadState, readHead } from './git-head';

export const DEFAULT_COMMIT_DEBOUNCE_MS = 500;

export interface CommitTrackerOptions {
  emit(event: CommitObservedEvent): void;
  clock?: Clock;
  debounceMs?: number;
  /** Reads HEAD (tests substitute it). */
  readHead?: (location: GitLocation) => Promise<HeadState | undefined>;
  isRecording?: () => boolean;
  newId?: () => string;
  onError?: (error: unknown) => void;
}

interface Repository {
  readonly location: GitLocation;
  readonly project: string | undefined;
  head: HeadState | undefined;
  timer: TimerHandle | undefined;
  /** A read under way; changes meanwhile schedule another. */
  reading: Promise<void> | undefined;
}

export class CommitTracker {
  private readonly repositories = new Map<string, Repository>();
  private readonly emitEvent: (event: CommitObservedEvent) => void;
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private readonly read: (location: GitLocation) => Promise<HeadState | undefined>;
  private readonly isRecording: () => boolean;
  private readonly newId: () => string;
  private readonly onError: (error: unknown) => void;
  private disposed = false;

  constructor(options: CommitTrackerOptions) {
    this.emitEvent = options.emit;
    this.clock = options.clock ?? systemClock;
    this.debounceMs = options.debounceMs ?? DEFAULT_COMMIT_DEBOUNCE_MS;
    this.read = options.readHead ?? readHead;
    this.isRecording = options.isRecording ?? (() => true);
    this.newId = options.newId ?? randomUUID;
    this.onError = options.onError ?? ((error) => console.error('Twin could not read a repository HEAD:', error));
  }

  /** Starts following a repository (keyed by its gitDir); its current HEAD is the baseline, not a change. */
  async add(location: GitLocation, project?: string): Promise<void> {
    if (this.repositories.has(location.gitDir)) return;
    const repository: Repository = { location, project, head: undefined, timer: undefined, reading: undefined };
    this.repositories.set(location.gitDir, repository);
    repository.head = await this.read(location).catch(() => undefined);
  }

  remove(gitDir: string): void {
    const repository = this.repositories.get(gitDir);
    if (repository?.timer !== undefined) this.clock.clearTimer(repository.timer);
    this.repositories.delete(gitDir);
  }

  /** Something changed under a git folder (a gitDir, or a commonDir shared by several worktrees). */
  changed(dir: string): void {
    if (this.disposed) return;
    for (const repository of this.repositories.values()) {
      if (repository.location.gitDir !== dir && repository.location.commonDir !== dir) continue;
      if (repository.timer !== undefined) this.clock.clearTimer(repository.timer);
      repository.timer = this.clock.setTimer(() => {
        repository.timer = undefined;
        void this.check(repository, this.clock.now());
      }, this.debounceMs);
    }
  }

  /** Re-reads every HEAD without reporting, e.g. when observation resumes. */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.repositories.values()].map(async (repository) => {
        repository.head = (await this.read(repository.location).catch(() => undefined)) ?? repository.head;
      }),
    );
  }

  /** Repositories followed, for tests and the status tooltip. */
  get followed(): readonly GitLocation[] {
    return [...this.repositories.values()].map((repository) => repository.location);
  }

  /** Waits for reads under way (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.repositories.values()].map((repository) => repository.reading));
  }

  dispose(): void {
    this.disposed = true;
    for (const gitDir of [...this.repositories.keys()]) this.remove(gitDir);
  }

  private async check(repository: Repository, at: number): Promise<void> {
    if (repository.reading) await repository.reading;
    const reading = this.compare(repository, at);
    repository.reading = reading;
    try {
      await reading;
    } finally {
      if (repository.reading === reading) repository.reading = undefined;
    }
  }

  private async compare(repository: Repository, at: number): Promise<void> {
    let head: HeadState | undefined;
    try {
      head = await this.read(repository.location);
    } catch (error) {
      this.onError(error);
      return;
    }
    // Unreadable mid-write: the write that completes it brings another change.
    if (head === undefined || this.disposed || this.repositories.get(repository.location.gitDir) !== repository) return;
    const previous = repository.head;
    repository.head = head;
    if (head.hash === undefined || head.hash === previous?.hash || !this.isRecording()) return;
    try {
      this.emitEvent({
        id: this.newId(),
        type: 'commit',
        start: at,
        duration: 0,
        ...(repository.project !== undefined ? { project: repository.project } : {}),
        repository: repository.location.workTree,
        head: head.hash,
        ...(previous?.hash !== undefined ? { previousHead: previous.hash } : {}),
      });
    } catch (error) {
      this.onError(error);
    }
  }
}
