/**
 * A real repository of TypeScript written in one deliberate style (2 spaces, single quotes, semicolons,
 * camelCase, throw on failure) by me, plus a file by someone else in another style, for the `/code`
 * drafting tests: exemplars must come from my files, and the learned style must be mine.
 */
import { TempGitRepo } from '../../git/test-support/temp-git-repo';

export const ME = 'me@example.com';
export const OTHER = 'dana@example.com';

export const USERS_TS = `import { HttpError, request } from './http';

export async function fetchUser(id: string): Promise<string> {
  const response = await request('/users/' + encodeURIComponent(id));
  if (!response.ok) {
    throw new HttpError(response.status, 'user not found');
  }
  return response.text();
}

export async function saveUser(name: string): Promise<void> {
  const response = await request('/users', { method: 'POST', body: name });
  if (!response.ok) {
    throw new HttpError(response.status, 'could not save the user');
  }
}
`;

export const RETRY_TS = `export async function withRetry<T>(action: () => Promise<T>, attempts: number): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await action();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
`;

export const HTTP_TS = `export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function request(url: string, init?: { method: string; body: string }): Promise<{ ok: boolean; status: number; text(): Promise<string> }> {
  const response = await fetch('https://api.example.com' + url, init);
  return { ok: response.ok, status: response.status, text: () => response.text() };
}
`;

/** Someone else's file, in a style that is not mine (4 spaces, double quotes, no semicolons). */
export const LEGACY_TS = `export function retryForeverWithBackoff(action: () => void) {
    while (true) {
        try {
            action()
            return "done"
        } catch (error) {
            console.log("retrying")
        }
    }
}
`;

function teamsModule(index: number): string {
  return `import { request } from './http';

export async function loadTeam${index}(teamId: string): Promise<string> {
  const response = await request('/teams/${index}/' + teamId);
  if (!response.ok) {
    throw new Error('team ${index} not found');
  }
  return response.text();
}
`;
}

export function buildCodeStyleRepo(): TempGitRepo {
  const repo = TempGitRepo.create('twin-code-draft');
  repo.write('src/http.ts', HTTP_TS).commit('Add the HTTP helpers');
  repo.write('src/users.ts', USERS_TS).commit('Add fetching and saving users');
  repo.write('src/retry.ts', RETRY_TS).commit('Add withRetry');
  for (let i = 0; i < 4; i++) repo.write(`src/teams-${i}.ts`, teamsModule(i)).commit(`Add team loader ${i}`);
  repo.write('src/legacy/retry-forever.ts', LEGACY_TS).commit('Add the legacy retry loop', { email: OTHER, name: 'Dana' });
  return repo;
}
