/**
 * `twin collectors [list] | enable ID [--yes] | disable ID`: the screen, browser and mail collectors from a
 * terminal, for a headless twin. Enabling shows what the collector captures and asks before turning it
 * on (y/N on a terminal; `--yes` accepts for scripts). When a sidecar runs, the change goes to it and
 * applies at once; otherwise config.json and consent.json are written and the next sidecar starts it.
 */
import * as readline from 'node:readline';
import { Command } from 'commander';
import { resolveTwinHome } from '../core/config/twin-home';
import type { CollectorView } from '../core/protocol/dashboard';
import { CollectorDefinition, CollectorHost } from '../sidecar/collectors/collector-host';
import { builtInCollectors } from '../sidecar/collectors/collector-registry';
import { CollectorSecrets } from '../sidecar/collectors/collector-secrets';
import { COLLECTOR_IDS, isCollectorId } from '../sidecar/collectors/collector-settings';
import type { Logger } from '../sidecar/logger';
import { SidecarClient } from './sidecar-client';

export interface CollectorsCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** TWIN_HOME; default from the environment. */
  home?: string;
  /** The collectors known without a sidecar (tests pass their own). */
  definitions?: () => CollectorDefinition[];
}

/** What either path (sidecar or files) can do. */
interface CollectorControl {
  readonly live: boolean;
  list(): Promise<CollectorView[]>;
  configure(id: CollectorView['id'], enabled: boolean): Promise<CollectorView>;
  consent(id: CollectorView['id'], capturesHash: string): Promise<CollectorView>;
  close(): Promise<void>;
}

export function registerCollectorsCommand(program: Command, io: Partial<CollectorsCommandIo> = {}): Command {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const stdin = io.stdin ?? process.stdin;
  const home = () => io.home ?? resolveTwinHome();
  const definitions = io.definitions ?? (() => builtInCollectors(new CollectorSecrets()));
  const print = (line: string): void => void out.write(line + '\n');

  const withControl = async (work: (control: CollectorControl) => Promise<void>): Promise<void> => {
    const control = await openControl(home(), definitions);
    try {
      return await work(control);
    } finally {
      await control.close();
    }
  };

  const collectors = program
    .command('collectors')
    .description('The collectors beyond the editor (screen, browser, mail): list them, or turn one on (after you accept what it captures) or off.');

  collectors
    .command('list', { isDefault: true })
    .description('Each collector: on or off, consent, state, last activity.')
    .option('--json', 'print the collectors as JSON')
    .action(async (options: { json?: boolean }) =>
      withControl(async (control) => {
        const views = await control.list();
        if (options.json) return print(JSON.stringify(views, null, 2));
        if (views.length === 0) return print('No collector is installed in this build of Twin.');
        for (const view of views) print(describeView(view, control.live));
        if (!control.live) print('(No sidecar is running: collectors run while VS Code with Twin, or `node dist/sidecar.js --socket-only`, runs.)');
      }),
    );

  collectors
    .command('enable')
    .description('Turn a collector on: shows what it captures and asks you to allow it first.')
    .argument('<id>', `one of ${COLLECTOR_IDS.join(', ')}`)
    .option('--yes', 'accept what it captures without asking (for scripts: read it first with `twin collectors list --json`)')
    .option('--json', 'print the collector as JSON')
    .action(async (id: string, options: { yes?: boolean; json?: boolean }) =>
      withControl(async (control) => {
        const view = findView(await control.list(), id);
        let current = view;
        if (!view.consent.granted) {
          err.write(`${view.title} (${view.id}) ${view.consent.changed ? 'describes what it captures differently since you allowed it' : 'asks before its first run'}:\n\n${indent(view.captures)}\n\n`);
          const accepted = options.yes || (await askYesNo(stdin, err, `Allow the ${view.id} collector? [y/N] `));
          if (!accepted) {
            print(`The ${view.id} collector stays off: you did not allow it.`);
            return;
          }
          current = await control.consent(view.id, view.capturesHash);
        }
        current = await control.configure(view.id, true);
        if (options.json) return print(JSON.stringify(current, null, 2));
        print(control.live ? `The ${view.id} collector is on (${current.state}).` : `The ${view.id} collector is on; it starts with the sidecar.`);
        if (current.lastError) err.write(`${current.lastError}\n`);
      }),
    );

  collectors
    .command('disable')
    .description('Turn a collector off (your consent is kept; withdraw it in the dashboard).')
    .argument('<id>', `one of ${COLLECTOR_IDS.join(', ')}`)
    .option('--json', 'print the collector as JSON')
    .action(async (id: string, options: { json?: boolean }) =>
      withControl(async (control) => {
        const view = findView(await control.list(), id);
        const current = await control.configure(view.id, false);
        if (options.json) return print(JSON.stringify(current, null, 2));
        print(`The ${view.id} collector is off.`);
      }),
    );

  return collectors;
}

async function openControl(home: string, definitions: () => CollectorDefinition[]): Promise<CollectorControl> {
  const client = await SidecarClient.connect(home);
  if (client) {
    return {
      live: true,
      list: () => client.request('twin/collectors', {}),
      configure: (id, enabled) => client.request('twin/configureCollector', { id, enabled }),
      consent: (id, capturesHash) => client.request('twin/consentCollector', { id, accepted: true, capturesHash }),
      close: async () => client.close(),
    };
  }
  // No sidecar: the same host, passive (it never starts a collector in this process), on the same files.
  const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const host = new CollectorHost({ home, definitions: definitions(), passive: true, isPaused: () => false, remember: async () => false, log: silent });
  return {
    live: false,
    list: async () => host.list(),
    configure: (id, enabled) => host.configure(id, { enabled }),
    consent: (id, capturesHash) => host.setConsent(id, true, capturesHash),
    close: () => host.close(),
  };
}

function findView(views: CollectorView[], id: string): CollectorView {
  const view = views.find((candidate) => candidate.id === id);
  if (view) return view;
  if (!isCollectorId(id)) throw new Error(`There is no collector "${id}": use one of ${views.map((v) => v.id).join(', ') || COLLECTOR_IDS.join(', ')}.`);
  throw new Error(`The ${id} collector is not installed in this build of Twin.`);
}

function describeView(view: CollectorView, live: boolean): string {
  const consent = view.consent.granted ? `allowed ${view.consent.at?.slice(0, 10) ?? ''}`.trim() : view.consent.changed ? 'asks again (its description changed)' : 'not allowed yet';
  // Without a sidecar there is no live state: the setting alone is shown, and when it will take effect.
  const state = live ? `${view.state}  · ` : view.enabled ? '(starts with the sidecar)  · ' : '';
  const lines = [`${view.id.padEnd(8)} ${view.enabled ? 'on ' : 'off'}  ${state}${consent}  · ${view.title}`];
  if (live && (view.captured > 0 || view.lastActivityAt)) {
    lines.push(`         captured ${view.captured}${view.lastActivityAt ? `, last ${new Date(view.lastActivityAt).toISOString()}` : ''}`);
  }
  if (view.detail) lines.push(`         ${view.detail}`);
  if (view.lastError) lines.push(`         error: ${view.lastError}`);
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** y/N on a terminal; anything but y/yes is no. Without a terminal there is nobody to ask: say how to accept. */
async function askYesNo(stdin: CollectorsCommandIo['stdin'], err: CollectorsCommandIo['stderr'], question: string): Promise<boolean> {
  if (!stdin.isTTY) throw new Error('Cannot ask for consent without a terminal: read what it captures above, then run again with --yes to accept it.');
  const rl = readline.createInterface({ input: stdin, output: err as NodeJS.WritableStream, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      err.write(question);
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
