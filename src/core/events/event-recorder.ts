/**
 * Where observed events become the twin's: activity rows (heartbeat-merged, exactly once by event id) and
 * episodic memories. Order matters for exactly-once across crashes: memories are written before the rows
 * that acknowledge their events, and both writes are idempotent (memory ids derive from row ids), so a
 * batch cut short by a crash is simply redone when its events are resent.
 *
 * Callers run one `record` at a time (the sidecar's writer queue).
 */
import type { ActivityStore } from '../activity/activity-store';
import type { CommitInfo } from '../git/commit-reader';
import { commitsBetween, configuredEmails } from '../git/commit-reader';
import { commitId, commitMemory, commitRecord } from '../git/commit-memory';
import type { HeartbeatEvent } from '../activity/heartbeat';
import type { CommitObservedEvent, TwinEvent } from '../protocol/events';
import type { Twin } from '../twin';
import type { MemoryInput } from '../types';
import { memoryForRecord } from './event-memories';
import { invalidEventReason } from './event-validation';

export interface RecordReport {
  /** Every valid id of the batch: stored now or before. */
  stored: string[];
  /** Ids stored by this batch (the rest of `stored` were resends). */
  added: string[];
  rejected: Array<{ id?: string; reason: string }>;
  /** Memories written or rewritten. */
  memories: number;
  /** Start of the latest event stored. */
  lastEventAt?: number;
}

export interface EventRecorderOptions {
  /** How an observed HEAD move becomes commits; by default git log of the move, by the repository's user.email. */
  readCommits?: (event: CommitObservedEvent) => Promise<CommitInfo[]>;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** At most this many commits are read for one HEAD move (a pull of a long history is not the user's day). */
const MAX_COMMITS_PER_MOVE = 100;

export class EventRecorder {
  constructor(
    private readonly twin: Twin,
    private readonly activity: ActivityStore,
    private readonly options: EventRecorderOptions = {},
  ) {}

  async record(events: readonly unknown[]): Promise<RecordReport> {
    const report: RecordReport = { stored: [], added: [], rejected: [], memories: 0 };
    const heartbeats: HeartbeatEvent[] = [];
    const commits: CommitObservedEvent[] = [];
    for (const value of events) {
      const reason = invalidEventReason(value);
      if (reason) {
        const id = (value as { id?: unknown } | null)?.id;
        report.rejected.push({ id: typeof id === 'string' ? id : undefined, reason });
        continue;
      }
      const event = value as TwinEvent;
      if (event.type === 'commit') commits.push(event);
      else heartbeats.push(event);
    }

    if (heartbeats.length > 0) {
      const plan = await this.activity.plan(heartbeats);
      const memories = plan.rows.map(memoryForRecord).filter((memory): memory is MemoryInput => memory !== undefined);
      if (memories.length > 0) await this.twin.remember(memories);
      await this.activity.commit(plan);
      report.memories += memories.length;
      report.added.push(...plan.added);
      report.stored.push(...plan.known, ...plan.added);
      const added = new Set(plan.added);
      for (const event of heartbeats) if (added.has(event.id)) report.lastEventAt = Math.max(report.lastEventAt ?? 0, event.start);
    }

    if (commits.length > 0) {
      const known = await this.activity.knownIds(commits.map((event) => event.id));
      for (const event of commits) {
        if (!known.has(event.id)) {
          report.memories += await this.recordCommits(event);
          report.added.push(event.id);
          known.add(event.id);
          report.lastEventAt = Math.max(report.lastEventAt ?? 0, event.start);
        }
        report.stored.push(event.id);
      }
    }
    return report;
  }

  private async recordCommits(event: CommitObservedEvent): Promise<number> {
    let commits: CommitInfo[] = [];
    try {
      commits = await (this.options.readCommits ?? readObservedCommits)(event);
    } catch (error) {
      // The event is still acknowledged: a repository that cannot be read now will not be readable on a resend either.
      this.options.log?.('warn', `Could not read the commits of ${event.repository} (${(error as Error).message}); the HEAD move is recorded without them.`);
    }
    if (commits.length > 0) {
      await this.twin.remember(commits.map(commitMemory));
      await this.activity.putCommits(commits.map(commitRecord));
    }
    await this.activity.markSeen([{ id: event.id, row: commits.length > 0 ? commitId(commits[0].hash) : '' }]);
    return commits.length;
  }
}

/** The user's commits that a HEAD move brought (their `git config user.email`; everyone's when it is unset). */
async function readObservedCommits(event: CommitObservedEvent): Promise<CommitInfo[]> {
  const head = event.head ?? 'HEAD';
  const options = { authorEmails: await configuredEmails(event.repository), limit: MAX_COMMITS_PER_MOVE };
  try {
    return await commitsBetween(event.repository, event.previousHead, head, options);
  } catch (error) {
    // The previous HEAD can be gone (garbage-collected after a rebase); the new one alone is still worth reading.
    if (!event.previousHead) throw error;
    return commitsBetween(event.repository, undefined, head, options);
  }
}
