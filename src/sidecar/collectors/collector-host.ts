/**
 * Runs the collectors beyond the editor (screen, browser, mail) inside the sidecar. A collector runs only
 * while three things hold: the user turned it on, the user accepted the exact text of what it captures,
 * and observation is not paused. Whenever one of them changes the host reconciles: it starts what should
 * run and stops what should not. A changed option restarts the collector with the new settings.
 *
 * The host tells a collector why it stops (switched off, consent withdrawn, pause, shutdown, restart, or a
 * forget): a browser collector must not catch up on history from a time it was off, and nothing may write
 * back what is being forgotten. `suspendDuring` stops every collector, waits for their in-flight runs, runs
 * the forget, and starts them again; a stopped instance's sink refuses writes, so a late straggler cannot
 * store anything either.
 *
 * Isolation: a collector that throws while starting, stopping or reporting its status gets its error
 * recorded and shown (`lastError`); the others and the sidecar go on. Per collector, start and stop never
 * overlap (one reconcile at a time, chained).
 */
import type { Collector, CollectorDescription, CollectorId, CollectorLog, CollectorSink, CollectorStatus, CollectorStopReason } from '../../core/collectors/collector';
import type { CollectorRunState, CollectorView } from '../../core/protocol/dashboard';
import type { MemoryInput } from '../../core/types';
import type { Logger } from '../logger';
import { capturesHash, consentCovers, ConsentRecords, readConsent, writeConsent } from './collector-consent';
import {
  applyCollectorChanges,
  AnyCollectorSettings,
  CollectorSettingsMap,
  DEFAULT_COLLECTOR_SETTINGS,
  optionsOf,
  readCollectorSettings,
  writeCollectorSettings,
} from './collector-settings';

/** A collector Twin knows: what it says it captures, and how to build one for given settings. */
export interface CollectorDefinition<I extends CollectorId = CollectorId> {
  description: CollectorDescription & { id: I };
  create(settings: CollectorSettingsMap[I]): Collector;
}

export interface CollectorHostOptions {
  home: string;
  definitions: CollectorDefinition[];
  /** Observation paused (the sidecar's state): nothing samples, nothing is stored. */
  isPaused(): boolean;
  /** Stores memories (the sidecar runs this through its write queue and Twin.remember); false when it refused (paused). */
  remember(memories: MemoryInput[]): Promise<boolean>;
  log: Logger;
  /** Manage settings and consent only, never start a collector (the CLI when no sidecar runs). */
  passive?: boolean;
}

export class CollectorConsentError extends Error {}
export class UnknownCollectorError extends Error {}

interface Slot {
  definition: CollectorDefinition;
  instance?: Collector;
  /** The settings the running instance was built with (a change restarts it). */
  builtWith?: string;
  /** The last status of an instance that was stopped, so the dashboard keeps its last activity. */
  lastStatus?: CollectorStatus;
  /** Memories handed over by earlier instances since the sidecar started. */
  capturedBefore: number;
  /** A failure of the host's own calls into the collector (start, stop, status). */
  hostError?: string;
  /** Reconciles of this collector, one after the other. */
  chain: Promise<void>;
  /** Whether the running instance's sink still accepts writes (closed once it is stopped). */
  gate?: { open: boolean };
}

export class CollectorHost {
  private readonly slots = new Map<CollectorId, Slot>();
  private settings: CollectorSettingsMap;
  private consent: ConsentRecords;
  private closed = false;
  /** Forgets in progress: while any runs, no collector runs. */
  private suspensions = 0;

  constructor(private readonly options: CollectorHostOptions) {
    for (const definition of options.definitions) {
      this.slots.set(definition.description.id, { definition, capturedBefore: 0, chain: Promise.resolve() });
    }
    try {
      this.settings = readCollectorSettings(options.home);
    } catch (error) {
      // Everything stays off, which is safe; the sidecar itself still starts.
      options.log.warn(`${(error as Error).message} Every collector stays off until then.`);
      this.settings = structuredClone(DEFAULT_COLLECTOR_SETTINGS);
    }
    this.consent = readConsent(options.home, (message) => options.log.warn(message));
  }

  get ids(): CollectorId[] {
    return [...this.slots.keys()];
  }

  /** Starts every collector that is on, consented to and not paused. */
  async start(): Promise<void> {
    await this.reconcileAll();
    const running = this.list().filter((view) => view.state === 'running').map((view) => view.id);
    this.options.log.info(`collectors: ${running.length ? `running ${running.join(', ')}` : 'none running'} (${this.slots.size} known)`);
  }

  list(): CollectorView[] {
    return this.ids.map((id) => this.view(id));
  }

  view(id: CollectorId): CollectorView {
    const slot = this.slot(id);
    const { description } = slot.definition;
    const settings = this.settings[id];
    const record = this.consent[id];
    const granted = consentCovers(record, description.captures);
    const status = this.statusOf(slot);
    const error = status?.lastError ?? slot.hostError;
    return {
      id,
      title: description.title,
      captures: description.captures,
      capturesHash: capturesHash(description.captures),
      state: this.runState(slot, settings.enabled, granted, status),
      enabled: settings.enabled,
      options: optionsOf(settings),
      consent: { granted, ...(granted && record ? { at: record.at } : {}), ...(record && !granted ? { changed: true } : {}) },
      captured: slot.capturedBefore + (slot.instance ? (status?.captured ?? 0) : 0),
      ...(status?.lastActivityAt !== undefined ? { lastActivityAt: status.lastActivityAt } : {}),
      ...(status?.lastRunAt !== undefined ? { lastRunAt: status.lastRunAt } : {}),
      ...(error ? { lastError: error } : {}),
      ...(status?.detail ? { detail: status.detail } : {}),
    };
  }

  /** Turns a collector on or off and/or changes its options; persisted in config.json, applied at once. */
  async configure(id: CollectorId, changes: { enabled?: boolean; options?: Record<string, unknown> }): Promise<CollectorView> {
    this.slot(id);
    const merged = { ...(changes.options ?? {}), ...(changes.enabled !== undefined ? { enabled: changes.enabled } : {}) };
    const next = applyCollectorChanges(id, this.settings[id], merged);
    this.settings = { ...this.settings, [id]: next };
    writeCollectorSettings(this.options.home, this.settings);
    await this.reconcile(id);
    return this.view(id);
  }

  /**
   * Records that the user accepted (or withdrew acceptance of) what `id` captures. Acceptance must name the
   * hash of the text the user was shown; a stale hash means they read an older description.
   */
  async setConsent(id: CollectorId, accepted: boolean, shownHash?: string): Promise<CollectorView> {
    const { description } = this.slot(id).definition;
    const current = capturesHash(description.captures);
    const next = { ...this.consent };
    if (accepted) {
      if (shownHash !== current) {
        throw new CollectorConsentError(`The description of the ${id} collector changed since it was shown: show its current "captures" text and ask again.`);
      }
      next[id] = { capturesHash: current, at: new Date().toISOString() };
    } else {
      delete next[id];
    }
    writeConsent(this.options.home, next);
    this.consent = next;
    this.options.log.info(`collectors: consent to ${id} ${accepted ? 'given' : 'withdrawn'}`);
    await this.reconcile(id);
    return this.view(id);
  }

  /** Restarts a running collector so it picks up something only its factory reads (a new secret). */
  async restart(id: CollectorId): Promise<void> {
    const slot = this.slot(id);
    slot.builtWith = undefined;
    await this.reconcile(id);
  }

  /** Pause or resume: stops or starts every collector that depends on it. */
  pausedChanged(): Promise<void> {
    return this.reconcileAll();
  }

  /**
   * Stops every collector (telling them it is for a forget), waits for their in-flight runs, runs `work`,
   * then starts again those that should run. Nothing a collector held in memory before `work` can be
   * written after it, and nothing it read before is stored after `work` began.
   */
  async suspendDuring<T>(work: () => Promise<T>): Promise<T> {
    this.suspensions++;
    try {
      await this.reconcileAll();
      return await work();
    } finally {
      this.suspensions--;
      if (this.suspensions === 0) {
        await this.reconcileAll().catch((error: Error) => this.options.log.warn(`collectors: not all started again after the forget: ${error.message}`));
      }
    }
  }

  /** Stops every collector; later reconciles start nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.reconcileAll();
  }

  private reconcileAll(): Promise<void> {
    return Promise.all(this.ids.map((id) => this.reconcile(id))).then(() => undefined);
  }

  private reconcile(id: CollectorId): Promise<void> {
    const slot = this.slot(id);
    const run = slot.chain.then(() => this.reconcileNow(slot));
    slot.chain = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(slot: Slot): Promise<void> {
    const id = slot.definition.description.id;
    const settings = this.settings[id];
    const reason = this.whyNot(slot);
    const wanted = reason === undefined;
    const fingerprint = JSON.stringify(settings);
    if (slot.instance && (!wanted || slot.builtWith !== fingerprint)) await this.stopInstance(slot, reason ?? 'restart');
    if (wanted && !slot.instance) await this.startInstance(slot, settings, fingerprint);
  }

  /** Why a collector should not run now; undefined when it should. The first reason that holds wins. */
  private whyNot(slot: Slot): CollectorStopReason | undefined {
    const id = slot.definition.description.id;
    if (this.closed || this.options.passive) return 'shutdown';
    if (this.suspensions > 0) return 'forget';
    if (!this.settings[id].enabled) return 'disabled';
    if (!consentCovers(this.consent[id], slot.definition.description.captures)) return 'consent-withdrawn';
    if (this.options.isPaused()) return 'paused';
    return undefined;
  }

  private async startInstance(slot: Slot, settings: AnyCollectorSettings, fingerprint: string): Promise<void> {
    const id = slot.definition.description.id;
    const started = performance.now();
    let instance: Collector | undefined;
    try {
      instance = (slot.definition as CollectorDefinition).create(settings as never);
      slot.instance = instance;
      slot.builtWith = fingerprint;
      slot.hostError = undefined;
      slot.gate = { open: true };
      await instance.start(this.sink(id, slot.gate));
      this.options.log.info(`collectors: ${id} started in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      slot.hostError = `The ${id} collector could not start: ${(error as Error)?.message ?? String(error)}`;
      this.options.log.warn(`collectors: ${slot.hostError}`);
      if (instance) {
        slot.lastStatus = this.safeStatus(slot, instance);
        await Promise.resolve()
          .then(() => instance!.stop({ reason: 'restart' }))
          .catch(() => undefined);
      }
      if (slot.gate) slot.gate.open = false;
      slot.instance = undefined;
      slot.builtWith = undefined;
    }
  }

  private async stopInstance(slot: Slot, reason: CollectorStopReason): Promise<void> {
    const instance = slot.instance!;
    const id = slot.definition.description.id;
    try {
      await instance.stop({ reason });
      this.options.log.info(`collectors: ${id} stopped (${reason})`);
    } catch (error) {
      slot.hostError = `The ${id} collector did not stop cleanly: ${(error as Error)?.message ?? String(error)}`;
      this.options.log.warn(`collectors: ${slot.hostError}`);
    }
    // Whatever the stop waited for is stored; from here on this instance stores nothing.
    if (slot.gate) slot.gate.open = false;
    const status = this.safeStatus(slot, instance);
    slot.capturedBefore += status?.captured ?? 0;
    slot.lastStatus = status ? { ...status, running: false } : slot.lastStatus;
    slot.instance = undefined;
    slot.builtWith = undefined;
  }

  private sink(id: CollectorId, gate: { open: boolean }): CollectorSink {
    const { log, isPaused, remember, home } = this.options;
    const prefixed: CollectorLog = {
      debug: (message) => log.debug(`${id}: ${message}`),
      info: (message) => log.info(`${id}: ${message}`),
      warn: (message) => log.warn(`${id}: ${message}`),
      error: (message) => log.error(`${id}: ${message}`),
    };
    return {
      home,
      log: prefixed,
      isPaused,
      remember: async (memories) => {
        // Checked here and again by the sidecar inside its write queue: a pause wins over anything queued.
        // A stopped instance (its gate closed) stores nothing, whatever it still holds.
        if (!gate.open || isPaused() || memories.length === 0) return { stored: false };
        return { stored: await remember(memories.map((memory) => ({ ...memory, source: memory.source ?? id }))) };
      },
    };
  }

  private statusOf(slot: Slot): CollectorStatus | undefined {
    return slot.instance ? this.safeStatus(slot, slot.instance) : slot.lastStatus;
  }

  private safeStatus(slot: Slot, instance: Collector): CollectorStatus | undefined {
    try {
      return instance.status();
    } catch (error) {
      slot.hostError = `The ${slot.definition.description.id} collector cannot report its state: ${(error as Error)?.message ?? String(error)}`;
      return slot.lastStatus;
    }
  }

  private runState(slot: Slot, enabled: boolean, granted: boolean, status: CollectorStatus | undefined): CollectorRunState {
    if (!enabled) return 'off';
    if (!granted) return 'needs-consent';
    if (this.options.isPaused()) return 'paused';
    if (slot.instance && status?.running) return 'running';
    if (slot.hostError || status?.lastError) return 'error';
    return 'starting';
  }

  private slot(id: CollectorId): Slot {
    const slot = this.slots.get(id);
    if (!slot) throw new UnknownCollectorError(`There is no collector "${id}": use one of ${this.ids.join(', ')}.`);
    return slot;
  }
}
