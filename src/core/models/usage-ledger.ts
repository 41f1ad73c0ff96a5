/**
 * Every model request, one JSON line each, in `TWIN_HOME/logs/model-usage.jsonl`: when, which provider
 * and model, for what task, tokens, cost, latency and outcome. Never the prompt or the answer, and never
 * an error message (servers echo request content in them): only the error's code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelErrorCode } from './model-errors';
import { TASK_KINDS, type Difficulty, type TaskKind } from './model-provider';

export interface UsageRecord {
  /** ISO-8601, when the request started. */
  time: string;
  /** The provider's name in the configuration (`local`, `strong`), or its id when it has none. */
  provider: string;
  model: string;
  task: TaskKind | 'unspecified';
  difficulty?: Difficulty;
  /** Which routing rule chose the provider (`rule 2: difficulty=hard`, `order`), and whom it replaced. */
  route?: string;
  fallbackFrom?: string;
  inputTokens: number;
  outputTokens: number;
  /** True when the counts are Twin's estimate rather than the server's. */
  estimated: boolean;
  costUsd?: number;
  latencyMs: number;
  /** Time to the first streamed token, for streamed requests that produced one. */
  firstTokenMs?: number;
  outcome: 'ok' | ModelErrorCode | 'error';
}

export interface UsageTotals {
  provider: string;
  model: string;
  requests: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Requests whose counts were estimated. */
  estimated: number;
  meanLatencyMs: number;
}

export function usageLedgerPath(home: string): string {
  return path.join(home, 'logs', 'model-usage.jsonl');
}

export class UsageLedger {
  private folderReady = false;

  constructor(readonly file: string) {}

  static forHome(home: string): UsageLedger {
    return new UsageLedger(usageLedgerPath(home));
  }

  /** Appends one line; the record is rebuilt field by field so nothing else can ride along into the file. */
  async append(record: UsageRecord): Promise<void> {
    const line: UsageRecord = {
      time: record.time,
      provider: record.provider,
      model: record.model,
      task: record.task === 'unspecified' || TASK_KINDS.includes(record.task) ? record.task : 'other',
      ...(record.difficulty ? { difficulty: record.difficulty } : {}),
      ...(record.route ? { route: record.route } : {}),
      ...(record.fallbackFrom ? { fallbackFrom: record.fallbackFrom } : {}),
      inputTokens: record.inputTokens,
      outputTokens: record.outputTokens,
      estimated: record.estimated,
      ...(record.costUsd !== undefined ? { costUsd: record.costUsd } : {}),
      latencyMs: record.latencyMs,
      ...(record.firstTokenMs !== undefined ? { firstTokenMs: record.firstTokenMs } : {}),
      outcome: record.outcome,
    };
    if (!this.folderReady) {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.folderReady = true;
    }
    // One write of one short line with O_APPEND: the CLI and the sidecar can both append without interleaving.
    await fs.promises.appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  }

  /** All records, oldest first; unreadable lines (a crash mid-write) are skipped. */
  read(): UsageRecord[] {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: UsageRecord[] = [];
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as UsageRecord);
      } catch {
        // A torn last line is not worth failing a summary over.
      }
    }
    return records;
  }
}

/** Totals per provider and model, most requests first. */
export function summarizeUsage(records: readonly UsageRecord[], since?: number): UsageTotals[] {
  const totals = new Map<string, UsageTotals & { latencySum: number }>();
  for (const record of records) {
    if (since !== undefined && Date.parse(record.time) < since) continue;
    const key = `${record.provider}\u0000${record.model}`;
    let total = totals.get(key);
    if (!total) {
      total = { provider: record.provider, model: record.model, requests: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: 0, meanLatencyMs: 0, latencySum: 0 };
      totals.set(key, total);
    }
    total.requests++;
    if (record.outcome !== 'ok') total.failed++;
    total.inputTokens += record.inputTokens;
    total.outputTokens += record.outputTokens;
    total.costUsd += record.costUsd ?? 0;
    if (record.estimated) total.estimated++;
    total.latencySum += record.latencyMs;
  }
  return [...totals.values()]
    .map(({ latencySum, ...total }) => ({ ...total, costUsd: Math.round(total.costUsd * 1e6) / 1e6, meanLatencyMs: Math.round(latencySum / total.requests) }))
    .sort((a, b) => b.requests - a.requests);
}
