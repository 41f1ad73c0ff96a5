import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEmbedder } from './embedding/create-embedder';
import { Embedder, EmbedderConfig, EmbedderInfo } from './embedding/embedder';
import { WorkerEmbedder } from './embedding/worker-embedder';
import { resolveEmbedderConfig } from './config/embedder-config';
import { ensurePrivateFolder, resolveTwinHome } from './config/twin-home';
import { readJsonlLines } from './io/jsonl-lines';
import { InvalidMemoryError, parseMemoryRecord, RestorableMemoryInput } from './memory/memory-input';
import { MemoryWriter, WriteResult } from './memory/memory-writer';
import { fuseAndRank, RecallMode, RecallResult } from './recall/rank-fusion';
import { readManifest, newManifest, TwinManifest, writeManifest } from './store/manifest';
import { MemoryFilter } from './store/memory-filter';
import { MemoryStore } from './store/memory-store';
import { checkSchemaVersion, Migration } from './store/migrations';
import { WriterLock } from './store/writer-lock';
import { reembedStore } from './store/reembed';
import { folderSize } from './io/folder-size';

export interface Progress {
  phase: string;
  done: number;
  total?: number;
  message?: string;
}
export type ProgressListener = (progress: Progress) => void;

export interface TwinOptions {
  /** Data folder; defaults to TWIN_HOME, then ~/.twin. */
  home?: string;
  /** Embedding model; defaults to config.json / environment (see resolveEmbedderConfig). */
  embedder?: EmbedderConfig;
  /** An embedder built by the caller (tests); Twin closes it. */
  embedderInstance?: Embedder;
  /** Run the embedder on the calling thread instead of a worker (benchmarks comparing the two). */
  embedInProcess?: boolean;
  /**
   * Open without the writer lock: recall works, writes fail. Used when another Twin process is writing;
   * `open` falls back to it by itself for recall-only callers (see `preferReadOnlyWhenBusy`).
   */
  readOnly?: boolean;
  preferReadOnlyWhenBusy?: boolean;
  onProgress?: ProgressListener;
  /**
   * How long recall statistics wait before being written (ms). 0: only when `flushAccess` is called —
   * for a host such as the sidecar that serialises every write through its own queue.
   */
  accessFlushMs?: number;
  /** For tests of the migration path. */
  migrations?: readonly Migration[];
  schemaTarget?: number;
}

export interface RecallOptions {
  limit?: number;
  mode?: RecallMode;
  filter?: MemoryFilter;
}

export interface ImportReport {
  /** Lines accepted: created + merged + updated. */
  imported: number;
  created: number;
  merged: number;
  updated: number;
  /** Bad lines, each reported with its number and reason; the good lines around them are kept. */
  skipped: number;
  errors: Array<{ line: number; message: string }>;
  redactions: number;
  seconds: number;
  /** Whether this import made the table large enough to build the vector index (and how long it took). */
  vectorIndexBuilt: boolean;
  indexSeconds: number;
}

export type ForgetTarget = { ids: string[] } | { query: string } | { source: string } | { all: true };

export interface ForgetReport {
  forgotten: number;
  ids: string[];
  /** Requested ids that were not in the store. */
  missing: string[];
  /** Pre-migration backups removed because they still held forgotten memories. */
  removedBackups: number;
}

export interface TwinStats {
  home: string;
  schemaVersion: number;
  embedder: EmbedderInfo;
  total: number;
  bySource: Record<string, number>;
  byKind: Record<string, number>;
  bytesOnDisk: number;
  oldest?: string;
  newest?: string;
}

const WRITE_BATCH = 2000;
const COMMITS_BETWEEN_COMPACTIONS = 25;

/**
 * The twin's memory: one data folder, one LanceDB table, one embedder. Surfaces (CLI, sidecar) hold one
 * Twin each; it owns the writer lock for its folder while open.
 */
export class Twin {
  private pendingAccess = new Map<string, number>();
  private accessTimer: NodeJS.Timeout | undefined;
  private commitsSinceCompaction = 0;
  private closed = false;

  private constructor(
    readonly home: string,
    private manifest: TwinManifest,
    private store: MemoryStore,
    private readonly embedder: Embedder,
    private readonly writer: MemoryWriter,
    private readonly lock: WriterLock | undefined,
    private readonly onProgress: ProgressListener | undefined,
    private readonly accessFlushMs: number,
  ) {}

  static async open(options: TwinOptions = {}): Promise<Twin> {
    const home = resolveTwinHome(options.home);
    ensurePrivateFolder(home);
    let lock: WriterLock | undefined;
    if (!options.readOnly) {
      try {
        lock = WriterLock.acquire(home);
      } catch (error) {
        if (!options.preferReadOnlyWhenBusy) throw error;
      }
    }
    let embedder: Embedder | undefined;
    try {
      embedder = options.embedderInstance ?? (await startEmbedder(options.embedder ?? resolveEmbedderConfig(home), options.embedInProcess));
      // Remote models tell their width only in their first answer; the table schema needs it now.
      if (embedder.info.dimensions === 0) await embedder.embed(['dimension probe']);
      const lanceFolder = path.join(home, 'memory.lancedb');
      let manifest = readManifest(home);
      if (!manifest) {
        if (!lock) throw new Error(`${home} holds no twin yet, and another process holds its lock; try again when it is done.`);
        manifest = newManifest({ id: embedder.info.id, dimensions: embedder.info.dimensions }, tableNameFor(embedder.info.id));
        writeManifest(home, manifest);
      }
      if (lock) {
        const outcome = await checkSchemaVersion(home, manifest, options.migrations, options.schemaTarget);
        manifest = outcome.manifest;
        for (const step of outcome.applied) options.onProgress?.({ phase: 'migrate', done: 1, message: `${step} (backup in ${outcome.backupFolder})` });
      } else {
        await checkSchemaVersion(home, manifest, [], options.schemaTarget);
      }
      if (manifest.embedder.id !== embedder.info.id) {
        if (!lock) {
          throw new Error(
            `The twin in ${home} was embedded with ${manifest.embedder.id}, not ${embedder.info.id}; it is re-embedded by the next process that writes (another one is writing now).`,
          );
        }
        manifest = await reembedStore(home, lanceFolder, manifest, embedder, tableNameFor, options.onProgress);
      }
      const store = await MemoryStore.open(lanceFolder, manifest.memoryTable, manifest.embedder.dimensions);
      return new Twin(home, manifest, store, embedder, new MemoryWriter(store, embedder), lock, options.onProgress, options.accessFlushMs ?? 2000);
    } catch (error) {
      await embedder?.close().catch(() => undefined);
      lock?.release();
      throw error;
    }
  }

  get embedderInfo(): EmbedderInfo {
    return this.embedder.info;
  }

  get canWrite(): boolean {
    return this.lock !== undefined;
  }

  private requireWriter(): void {
    if (this.closed) throw new Error('This twin is closed.');
    if (!this.lock) throw new Error(`Another Twin process is writing to ${this.home}; this one can only recall. Try again when it is done.`);
  }

  /** Stores memories (redacted, de-duplicated, embedded). Results are in input order. */
  async remember(inputs: RestorableMemoryInput[], now = Date.now()): Promise<WriteResult[]> {
    this.requireWriter();
    const results: WriteResult[] = [];
    for (let start = 0; start < inputs.length; start += WRITE_BATCH) {
      results.push(...(await this.writer.write(inputs.slice(start, start + WRITE_BATCH), now)));
      await this.afterCommit();
    }
    return results;
  }

  /**
   * Imports a JSONL file of memories, or a folder written by `exportTo`. A bad line is reported with its
   * number and skipped; the good lines are kept.
   */
  async importPath(target: string, onProgress?: ProgressListener): Promise<ImportReport> {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new Error(`Nothing to import at ${target}: no such file or folder.`);
    if (stat.isDirectory()) return this.importExportFolder(target, onProgress);
    return this.importJsonl(target, onProgress);
  }

  async importJsonl(file: string, onProgress: ProgressListener | undefined = this.onProgress): Promise<ImportReport> {
    this.requireWriter();
    const started = Date.now();
    const report: ImportReport = {
      imported: 0, created: 0, merged: 0, updated: 0, skipped: 0, errors: [], redactions: 0, seconds: 0,
      vectorIndexBuilt: false, indexSeconds: 0,
    };
    let batch: RestorableMemoryInput[] = [];
    let lastProgress = 0;
    let bytes = { done: 0, total: 0 };
    const flush = async () => {
      if (batch.length === 0) return;
      const results = await this.writer.write(batch);
      batch = [];
      for (const result of results) {
        report.imported++;
        report[result.outcome]++;
        report.redactions += result.redactions;
      }
      await this.afterCommit();
      const now = Date.now();
      if (now - lastProgress > 500) {
        lastProgress = now;
        onProgress?.({ phase: 'import', done: bytes.done, total: bytes.total, message: `${report.imported} memories` });
      }
    };
    for await (const line of readJsonlLines(file, (done, total) => (bytes = { done, total }))) {
      try {
        batch.push(parseMemoryRecord(JSON.parse(line.text)));
      } catch (error) {
        const reason = error instanceof InvalidMemoryError || error instanceof SyntaxError ? error.message : String(error);
        report.skipped++;
        report.errors.push({ line: line.lineNumber, message: reason });
      }
      if (batch.length >= WRITE_BATCH) await flush();
    }
    await flush();
    await this.compact();
    const indexStarted = Date.now();
    report.vectorIndexBuilt = await this.store.ensureVectorIndex();
    report.indexSeconds = (Date.now() - indexStarted) / 1000;
    report.seconds = (Date.now() - started) / 1000;
    return report;
  }

  private async importExportFolder(folder: string, onProgress?: ProgressListener): Promise<ImportReport> {
    const manifestFile = path.join(folder, 'manifest.json');
    let exported: { format?: string; version?: number };
    try {
      exported = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    } catch {
      throw new Error(`${folder} is not a Twin export: it has no readable manifest.json (write one with \`twin export DIR\`).`);
    }
    if (exported.format !== 'twin-export') throw new Error(`${manifestFile} is not a Twin export manifest (format "${exported.format}").`);
    if (exported.version !== 1) throw new Error(`${folder} is a Twin export of version ${exported.version}; this Twin reads version 1.`);
    return this.importJsonl(path.join(folder, 'memories.jsonl'), onProgress ?? this.onProgress);
  }

  async recall(query: string, options: RecallOptions = {}): Promise<RecallResult[]> {
    if (this.closed) throw new Error('This twin is closed.');
    const limit = Math.max(1, options.limit ?? 10);
    const mode = options.mode ?? 'hybrid';
    const pool = Math.max(limit * 5, 50);
    // Both searches run natively on LanceDB's threads; started together they overlap.
    const vectorSearch =
      mode === 'text' ? Promise.resolve([]) : this.embedder.embed([query]).then(([vector]) => this.store.vectorSearch(vector, pool, options.filter));
    const textSearch = mode === 'vector' ? Promise.resolve([]) : this.store.textSearch(query, pool, options.filter);
    const [vectorHits, textHits] = await Promise.all([vectorSearch, textSearch]);
    const ranked = fuseAndRank(vectorHits, textHits, { limit, now: Date.now(), mode, pool });
    const memories = new Map((await this.store.getByIds(ranked.map((item) => item.memory.id))).map((stored) => [stored.memory.id, stored.memory]));
    const results: RecallResult[] = [];
    for (const item of ranked) {
      const memory = memories.get(item.memory.id);
      if (memory) results.push({ memory, score: item.score, why: item.why });
    }
    this.noteAccess(results.map((result) => result.memory.id));
    return results;
  }

  /** Recall statistics are batched: one small commit per flush instead of one per query. */
  private noteAccess(ids: string[]): void {
    if (!this.lock || ids.length === 0) return;
    for (const id of ids) this.pendingAccess.set(id, (this.pendingAccess.get(id) ?? 0) + 1);
    if (!this.accessTimer && this.accessFlushMs > 0) {
      this.accessTimer = setTimeout(() => void this.flushAccess().catch(() => undefined), this.accessFlushMs);
      this.accessTimer.unref();
    }
  }

  async flushAccess(): Promise<void> {
    if (this.accessTimer) clearTimeout(this.accessTimer);
    this.accessTimer = undefined;
    if (this.pendingAccess.size === 0) return;
    const pending = this.pendingAccess;
    this.pendingAccess = new Map();
    await this.store.recordAccess(pending, Date.now());
    await this.afterCommit();
  }

  async forget(target: ForgetTarget): Promise<ForgetReport> {
    this.requireWriter();
    await this.flushAccess();
    let ids: string[] = [];
    let missing: string[] = [];
    if ('ids' in target) {
      const found = new Set((await this.store.getByIds(target.ids)).map((stored) => stored.memory.id));
      ids = target.ids.filter((id) => found.has(id));
      missing = target.ids.filter((id) => !found.has(id));
    } else if ('query' in target) {
      const needle = target.query.toLocaleLowerCase();
      if (needle.trim() === '') throw new Error('An empty query would match every memory; use --all to forget everything.');
      for await (const batch of this.store.scan()) {
        for (const { memory } of batch) if (memory.text.toLocaleLowerCase().includes(needle)) ids.push(memory.id);
      }
    } else if ('source' in target) {
      for await (const batch of this.store.scan({ where: `array_has(sources, '${target.source.replace(/'/g, "''")}')` })) {
        for (const { memory } of batch) ids.push(memory.id);
      }
    } else {
      for await (const batch of this.store.scan()) for (const { memory } of batch) ids.push(memory.id);
    }
    let removedBackups = 0;
    if (ids.length > 0) {
      await this.store.deleteByIds(ids);
      this.writer.forgetIds(ids);
      await this.store.purgeDeleted((message) => this.onProgress?.({ phase: 'forget', done: 0, message }));
      removedBackups = removeBackups(this.home);
    }
    return { forgotten: ids.length, ids, missing, removedBackups };
  }

  async stats(): Promise<TwinStats> {
    const { oldest, newest } = await this.store.timeRange();
    return {
      home: this.home,
      schemaVersion: this.manifest.schemaVersion,
      embedder: this.embedder.info,
      total: await this.store.count(),
      bySource: await this.store.countBy('source'),
      byKind: await this.store.countBy('kind'),
      bytesOnDisk: folderSize(this.home),
      oldest: oldest === undefined ? undefined : new Date(oldest).toISOString(),
      newest: newest === undefined ? undefined : new Date(newest).toISOString(),
    };
  }

  /** Internals for the jobs that work on the whole store (export, consolidation). */
  get internals(): { store: MemoryStore; writer: MemoryWriter; embedder: Embedder; manifest: TwinManifest; updateManifest(next: TwinManifest): void } {
    return {
      store: this.store,
      writer: this.writer,
      embedder: this.embedder,
      manifest: this.manifest,
      updateManifest: (next) => {
        this.requireWriter();
        this.manifest = next;
        writeManifest(this.home, next);
      },
    };
  }

  private async afterCommit(): Promise<void> {
    this.commitsSinceCompaction++;
    if (this.commitsSinceCompaction >= COMMITS_BETWEEN_COMPACTIONS) await this.compact();
  }

  /** Folds small appends into larger fragments so searches stay fast; the vector index follows. */
  async compact(): Promise<void> {
    this.commitsSinceCompaction = 0;
    await this.store.optimize();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.lock) await this.flushAccess();
    } finally {
      this.closed = true;
      this.store.close();
      await this.embedder.close();
      this.lock?.release();
    }
  }
}

async function startEmbedder(config: EmbedderConfig, inProcess = false): Promise<Embedder> {
  return inProcess ? createEmbedder(config) : WorkerEmbedder.start(config);
}

/** One table per embedding model: vectors of two models never share a table or an index. */
export function tableNameFor(embedderId: string): string {
  return `memories_${embedderId.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60)}`;
}

function removeBackups(home: string): number {
  const folder = path.join(home, 'backups');
  let count = 0;
  try {
    count = fs.readdirSync(folder).length;
  } catch {
    return 0;
  }
  fs.rmSync(folder, { recursive: true, force: true });
  return count;
}
