/**
 * Requests as Slack sends them to an app: an Events API callback (JSON) or an interactivity payload
 * (`payload=<json>`, form-encoded), signed with the app's signing secret (`v0=` HMAC-SHA256 over
 * `v0:<timestamp>:<body>`), so tests exercise Bolt's real signature check.
 */
import { createHmac } from 'node:crypto';

export interface SignedRequestOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong signature). */
  signWith?: string;
  headers?: Record<string, string>;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

async function post(url: string, secret: string, body: string, contentType: string, options: SignedRequestOptions): Promise<{ status: number; body: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.signWith ?? secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** An `event_callback` envelope around `event`. */
export function sendEvent(url: string, secret: string, event: Record<string, unknown>, envelope: Record<string, unknown> = {}, options: SignedRequestOptions = {}) {
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0TWIN',
    api_app_id: 'A0TWIN',
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
    ...envelope,
  });
  return post(url, secret, body, 'application/json', options);
}

/** A `block_actions` or `view_submission` payload. */
export function sendInteraction(url: string, secret: string, payload: Record<string, unknown>, options: SignedRequestOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(url, secret, body, 'application/x-www-form-urlencoded', options);
}
