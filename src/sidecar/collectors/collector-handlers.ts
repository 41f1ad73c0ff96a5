/**
 * The sidecar's requests about collectors, drafts and Slack activity (see sidecar-protocol.ts). Checked
 * here, done by the CollectorHost and the log readers; every refusal says what was wrong and what to send.
 */
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import type { Twin } from '../../core/twin';
import type { SidecarHandlers } from '../sidecar-handlers';
import { appsAndSites } from './apps-and-sites';
import { CollectorConsentError, CollectorHost, UnknownCollectorError } from './collector-host';
import type { CollectorSecrets } from './collector-secrets';
import { CollectorSettingsError, isCollectorId } from './collector-settings';
import { recentDrafts, recentSlackActivity } from './recent-logs';

export type CollectorMethod =
  | 'twin/collectors'
  | 'twin/configureCollector'
  | 'twin/consentCollector'
  | 'twin/setSecret'
  | 'twin/slackActivity'
  | 'twin/recentDrafts'
  | 'twin/appsAndSites';

export interface CollectorHandlerDeps {
  twin: Twin;
  collectors: CollectorHost;
  secrets: CollectorSecrets;
}

export function createCollectorHandlers(deps: CollectorHandlerDeps): Pick<SidecarHandlers, CollectorMethod> {
  const { twin, collectors, secrets } = deps;
  const known = (id: unknown, method: string) => {
    if (!isCollectorId(id) || !collectors.ids.includes(id)) throw invalidParams(`${method} needs "id", one of ${collectors.ids.join(', ') || '(no collector is installed)'}.`);
    return id;
  };
  return {
    'twin/collectors': async () => collectors.list(),

    'twin/configureCollector': async (params) => {
      const id = known(params?.id, 'twin/configureCollector');
      if (params.enabled !== undefined && typeof params.enabled !== 'boolean') throw invalidParams('"enabled" must be true or false.');
      if (params.options !== undefined && (typeof params.options !== 'object' || params.options === null || Array.isArray(params.options))) {
        throw invalidParams('"options" must be an object of the collector’s settings.');
      }
      return translate(() => collectors.configure(id, { enabled: params.enabled, options: params.options }));
    },

    'twin/consentCollector': async (params) => {
      const id = known(params?.id, 'twin/consentCollector');
      if (typeof params.accepted !== 'boolean') throw invalidParams('twin/consentCollector needs "accepted": true or false.');
      if (params.accepted && typeof params.capturesHash !== 'string') throw invalidParams('Accepting needs "capturesHash": the hash of the captures text the user was shown (from twin/collectors).');
      return translate(() => collectors.setConsent(id, params.accepted, params.capturesHash));
    },

    'twin/setSecret': async (params) => {
      if (params?.collector !== 'mail') throw invalidParams('twin/setSecret needs "collector": "mail".');
      for (const key of ['password', 'accessToken'] as const) {
        if (params[key] !== undefined && typeof params[key] !== 'string') throw invalidParams(`"${key}" must be text.`);
      }
      const before = JSON.stringify(secrets.mailCredentials());
      secrets.setMail({ password: params.password, accessToken: params.accessToken });
      // A running mail collector signed in with the old secret (or failed without one): start it afresh.
      if (collectors.ids.includes('mail') && JSON.stringify(secrets.mailCredentials()) !== before) await collectors.restart('mail');
      return { ok: true as const };
    },

    'twin/slackActivity': async (params) => recentSlackActivity(twin.home, limitOf(params?.limit)),

    'twin/recentDrafts': async (params) => recentDrafts(twin.home, limitOf(params?.limit)),

    'twin/appsAndSites': async (params) => {
      if (!Number.isFinite(params?.from) || !Number.isFinite(params?.to) || params.to < params.from) {
        throw invalidParams('twin/appsAndSites needs { from, to } in epoch ms, from ≤ to.');
      }
      return appsAndSites(twin.internals.store, params.from, params.to);
    },
  };
}

async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CollectorSettingsError || error instanceof CollectorConsentError || error instanceof UnknownCollectorError) throw invalidParams(error.message);
    throw error;
  }
}

function limitOf(value: unknown): number {
  if (value === undefined) return 20;
  if (!Number.isInteger(value) || (value as number) < 1) throw invalidParams('"limit" must be a positive whole number.');
  return value as number;
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
