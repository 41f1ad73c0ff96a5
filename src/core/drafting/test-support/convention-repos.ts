/**
 * Repositories with a known commit convention, built for drafting tests, each with a change staged on top.
 */
import { TempGitRepo } from '../../git/test-support/temp-git-repo';

export const CLIENT_BEFORE = `export function fetchUser(id: string): Promise<string> {
  return fetch('/users/' + id).then((response) => response.text());
}

export function fetchTeam(id: string): Promise<string> {
  return fetch('/teams/' + id).then((response) => response.text());
}
`;

/** `fetchUser` changed and `retryBudget` added. */
export const CLIENT_AFTER = `export function fetchUser(id: string): Promise<string> {
  return fetch('/users/' + encodeURIComponent(id)).then((response) => response.text());
}

export function fetchTeam(id: string): Promise<string> {
  return fetch('/teams/' + id).then((response) => response.text());
}

export function retryBudget(attempts: number): number {
  return Math.min(5, attempts * 2);
}
`;

const AREAS = [
  { scope: 'api', file: 'src/api/client.ts', name: 'client' },
  { scope: 'cli', file: 'src/cli/main.ts', name: 'main' },
  { scope: 'store', file: 'src/store/rows.ts', name: 'rows' },
];

/** 24 commits by me in `type(scope): lowercase imperative` with scopes mapping to src/<scope>/. */
export function buildConventionalRepo(): TempGitRepo {
  const repo = TempGitRepo.create('twin-draft-conventional');
  const verbs = ['add', 'handle', 'support', 'guard', 'cache', 'log'];
  const things = ['paging', 'empty ids', 'retries', 'timeouts', 'slow reads', 'unicode names', 'large pages', 'errors'];
  for (let i = 0; i < 24; i++) {
    const area = AREAS[i % AREAS.length];
    const type = i % 4 === 1 ? 'fix' : 'feat';
    repo.write(i === 0 ? 'src/api/client.ts' : `${area.file.replace(/\.ts$/, '')}-${i}.ts`, i === 0 ? CLIENT_BEFORE : `export const value${i} = ${i};\n`);
    repo.commit(`${type}(${area.scope}): ${verbs[i % verbs.length]} ${things[i % things.length]} in ${area.name}`);
  }
  repo.write('src/api/client.ts', CLIENT_AFTER);
  return repo;
}

/** 24 commits by me as capitalized past-tense plain subjects. */
export function buildPastTenseRepo(): TempGitRepo {
  const repo = TempGitRepo.create('twin-draft-past');
  const verbs = ['Added', 'Fixed', 'Updated', 'Removed', 'Improved', 'Changed'];
  const things = ['paging to the client', 'the empty id case', 'retry handling', 'old timeouts', 'slow reads', 'name parsing'];
  for (let i = 0; i < 24; i++) {
    repo.write(i === 0 ? 'src/api/client.ts' : `lib/part-${i}.ts`, i === 0 ? CLIENT_BEFORE : `export const part${i} = ${i};\n`);
    repo.commit(`${verbs[i % verbs.length]} ${things[i % things.length]}`);
  }
  repo.write('src/api/client.ts', CLIENT_AFTER);
  return repo;
}
