/**
 * What each request does. Thin on purpose: the work lives in core (Twin, ActivityStore, EventRecorder,
 * learnRepository, consolidate); here are the sidecar's policies — writes go through the one queue, and
 * pause means nothing observed is recorded.
 *
 * Pause: while paused, `twin/ingestEvents` records nothing (no activity row, no memory, no seen id) and
 * answers `{ stored: [], paused: true }`. The extension drops those events rather than queueing them for
 * later: a pause covers what was observed just before it reached the sidecar too. Requests the user makes
 * on purpose (remember, forget, recall, learn a repository, consolidate) still work while paused.
 *
 * Exactly once: see EventRecorder and ActivityStore. `stored` lists every valid id of the request that is
 * durably stored, whether by this request or an earlier one, so the extension can drop exactly those
 * from its queue; malformed events come back in `rejected` (and are logged) and should be dropped too.
 */
import { activityForgetMatcher } from '../core/activity/forget-activity';
import { forgetOutsideStore } from '../core/forget-outside-store';
import * as path from 'node:path';
import { ResponseError, ErrorCodes } from 'vscode-jsonrpc/node';
import type { ActivityStore } from '../core/activity/activity-store';
import type { EventRecorder } from '../core/events/event-recorder';
import { learnRepository } from '../core/git/learn-repository';
import { consolidate } from '../core/memory/consolidation';
import { InvalidMemoryError, parseMemoryRecord } from '../core/memory/memory-input';
import type { SidecarMethod, SidecarMethods, SidecarNotifications } from '../core/protocol/sidecar-protocol';
import type { ForgetTarget, Twin } from '../core/twin';
import { createCollectorHandlers } from './collectors/collector-handlers';
import type { CollectorHost } from './collectors/collector-host';
import type { CollectorSecrets } from './collectors/collector-secrets';
import { createSlackHandlers } from './slack-handlers';
import type { SlackService } from './slack-service';
import type { ClientPeer } from './client-peer';
import { createDraftHandler } from './draft-handler';
import type { Logger } from './logger';
import type { SidecarState } from './sidecar-state';
import type { WriteQueue } from './write-queue';

export interface RequestContext {
  /** Sends a `twin/progress` notification to the client that made the request. */
  progress(progress: SidecarNotifications['twin/progress']): void;
  /** The client that made the request, to ask it for its model (`twin/draft`); absent in direct calls. */
  peer?: ClientPeer;
  /** Aborted when the client cancels the request. */
  signal?: AbortSignal;
}

export type SidecarHandlers = {
  [M in SidecarMethod]: (params: SidecarMethods[M]['params'], context: RequestContext) => Promise<SidecarMethods[M]['result']>;
};

/** `twin/ingestEvents`' answer. */
export type IngestResult = SidecarMethods['twin/ingestEvents']['result'];

export interface SidecarDeps {
  twin: Twin;
  activity: ActivityStore;
  recorder: EventRecorder;
  state: SidecarState;
  queue: WriteQueue;
  log: Logger;
  startedAt: number;
  /** Called after `twin/shutdown` has been answered. */
  requestShutdown(reason: string): void;
  /** The screen, browser and mail collectors; pause and resume reach them through here. */
  collectors: CollectorHost;
  secrets: CollectorSecrets;
  /** The Slack app: configured from VS Code, reported in the dashboard. */
  slack: SlackService;
}

export function createHandlers(deps: SidecarDeps): SidecarHandlers {
  const { twin, activity, recorder, state, queue, log } = deps;
  let lastEventAt: number | undefined;

  // Recall counts accesses; the sidecar opens Twin without its own flush timer and writes them here,
  // through the queue, so that write never lands in the middle of another one.
  let accessFlush: NodeJS.Timeout | undefined;
  const scheduleAccessFlush = () => {
    if (accessFlush || !twin.canWrite) return;
    accessFlush = setTimeout(() => {
      accessFlush = undefined;
      queue.run(() => twin.flushAccess()).catch((error: Error) => log.debug(`access statistics not written: ${error.message}`));
    }, 500);
    accessFlush.unref();
  };

  const ingest = async (events: unknown[]): Promise<IngestResult> => {
    // Checked again inside the queue: a pause that lands while a batch waits still stops it.
    if (state.paused) return { stored: [], paused: true };
    return queue.run(async () => {
      if (state.paused) return { stored: [], paused: true };
      const report = await recorder.record(events);
      if (report.lastEventAt !== undefined) lastEventAt = Math.max(lastEventAt ?? 0, report.lastEventAt);
      if (report.rejected.length > 0) {
        log.warn(`ingest: refused ${report.rejected.length} malformed event(s): ${report.rejected.slice(0, 3).map((r) => `${r.id ?? '?'}: ${r.reason}`).join('; ')}`);
      }
      log.debug(`ingest: ${report.added.length} new, ${report.stored.length - report.added.length} known, ${report.memories} memories`);
      return report.rejected.length > 0 ? { stored: report.stored, rejected: report.rejected } : { stored: report.stored };
    });
  };

  return {
    ...createCollectorHandlers({ twin, collectors: deps.collectors, secrets: deps.secrets }),
    ...createSlackHandlers(deps.slack),

    'twin/ingestEvents': async (params) => {
      if (!Array.isArray(params?.events)) throw invalidParams('twin/ingestEvents needs { events: TwinEvent[] }.');
      if (state.paused && params.events.length > 0) log.info(`paused: dropped ${params.events.length} event(s) unrecorded`);
      return ingest(params.events);
    },

    'twin/recall': async (params) => {
      if (typeof params?.query !== 'string' || params.query.trim() === '') throw invalidParams('twin/recall needs a non-empty "query".');
      const results = await twin.recall(params.query, { limit: params.limit, mode: params.mode, filter: params.filter });
      if (results.length > 0) scheduleAccessFlush();
      return results;
    },

    'twin/remember': async (params) => {
      if (!Array.isArray(params?.memories)) throw invalidParams('twin/remember needs { memories: [{ text, … }] }.');
      const inputs = params.memories.map((memory, index) => {
        try {
          return parseMemoryRecord(memory);
        } catch (error) {
          if (error instanceof InvalidMemoryError) throw invalidParams(`memories[${index}]: ${error.message}`);
          throw error;
        }
      });
      const results = await queue.run(() => twin.remember(inputs));
      return results.map(({ id, outcome, redactions }) => ({ id, outcome, redactions }));
    },

    'twin/forget': async (params) => {
      const target = forgetTarget(params ?? {});
      // The collectors stop first (outside the queue: their in-flight runs write through it) and start
      // again after, so none stores a batch or rewrites a session it read before the forget.
      return deps.collectors.suspendDuring(() =>
        queue.run(async () => {
          const report = await twin.forget(target);
          // The activity rows name files and symbols: what the request covers goes from them too.
          if ('all' in target) await activity.clear();
          else {
            const matcher = activityForgetMatcher(target);
            if (matcher) await activity.forget(matcher);
          }
          // So do mail's index, the voices, the Slack app's files and the drafts log.
          forgetOutsideStore(twin.home, target, report.ids);
          return report;
        }),
      );
    },

    'twin/stats': async () => twin.stats(),

    'twin/status': async () => ({
      pid: process.pid,
      uptime: Math.round((Date.now() - deps.startedAt) / 1000),
      paused: state.paused,
      home: twin.home,
      memories: await twin.internals.store.count(),
      eventsStored: (await activity.counts()).events,
      lastEventAt,
      rssBytes: process.memoryUsage().rss,
      embedder: twin.embedderInfo.id,
    }),

    'twin/setPaused': async (params) => {
      if (typeof params?.paused !== 'boolean') throw invalidParams('twin/setPaused needs { paused: true | false }.');
      if (params.paused !== state.paused) {
        state.setPaused(params.paused);
        // Not awaited: the collectors' sinks already refuse writes; stopping waits for in-flight runs.
        deps.collectors.pausedChanged().catch((error: Error) => log.warn(`collectors did not follow the pause: ${error.message}`));
        log.info(params.paused ? 'observation paused: nothing observed is recorded' : 'observation resumed');
      }
      return { paused: state.paused };
    },

    'twin/activity': async (params) => {
      if (!Number.isFinite(params?.from) || !Number.isFinite(params?.to) || params.to < params.from) {
        throw invalidParams('twin/activity needs { from, to } in epoch ms, from ≤ to.');
      }
      return activity.summarize(params.from, params.to);
    },

    'twin/learnRepository': async (params, context) => {
      if (typeof params?.path !== 'string' || params.path === '') throw invalidParams('twin/learnRepository needs the repository "path".');
      const report = await learnRepository(twin, activity, params.path, {
        authorEmails: params.authorEmails,
        serialize: (work) => queue.run(work),
        onProgress: (progress) => context.progress({ task: progress.phase, done: progress.done, total: progress.total, message: progress.message }),
      });
      log.info(`learned ${report.learned} commit(s) of ${report.repository} in ${report.seconds.toFixed(1)} s (${report.alreadyLearned} known before)`);
      return report;
    },

    'twin/import': async (params, context) => {
      if (typeof params?.path !== 'string' || !path.isAbsolute(params.path)) throw invalidParams('twin/import needs an absolute "path".');
      const report = await queue.run(() =>
        twin.importPath(params.path, (progress) => context.progress({ task: progress.phase, done: progress.done, total: progress.total, message: progress.message })),
      );
      log.info(`imported ${report.imported} memories from ${params.path} in ${report.seconds.toFixed(1)} s (${report.skipped} bad lines)`);
      return report;
    },

    'twin/consolidate': async () =>
      queue.run(async () => {
        const report = await consolidate(twin);
        await activity.optimize();
        return report;
      }),

    // Recall counts accesses, so the drafter's recall schedules their write like `twin/recall` does.
    'twin/draft': createDraftHandler({
      twin,
      recaller: {
        recall: async (query, options) => {
          const results = await twin.recall(query, options);
          if (results.length > 0) scheduleAccessFlush();
          return results;
        },
      },
      log,
    }),

    'twin/shutdown': async () => {
      setImmediate(() => deps.requestShutdown('asked by a client'));
      return { ok: true };
    },
  };
}

function forgetTarget(params: SidecarMethods['twin/forget']['params']): ForgetTarget {
  const given = [params.ids !== undefined, params.query !== undefined, params.source !== undefined, params.all === true].filter(Boolean).length;
  if (given !== 1) throw invalidParams('twin/forget needs exactly one of ids, query, source or all.');
  if (params.ids !== undefined) {
    if (!Array.isArray(params.ids) || params.ids.some((id) => typeof id !== 'string')) throw invalidParams('"ids" must be an array of strings.');
    return { ids: params.ids };
  }
  if (params.query !== undefined) return { query: String(params.query) };
  if (params.source !== undefined) return { source: String(params.source) };
  return { all: true };
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
