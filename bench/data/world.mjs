/**
 * The fictional workplace both datasets live in: one developer, their team, the company's repositories.
 * Sharing it makes the generated activity a fair distractor for the conversation set: the same people,
 * services and kinds of identifiers show up in both, as they would in one person's real memory.
 */

export const COMPANY = { name: 'Fernhill', domain: 'fernhill.io', githubOrg: 'fernhill' };

/** The developer whose twin this is. */
export const DEVELOPER = { name: 'Alex Rivera', handle: 'alex', email: 'alex.rivera@fernhill.io' };

/** The people the developer works with most; the conversation set is built around them. */
export const TEAM = [
  { name: 'Priya Raman', handle: 'priya', role: 'tech lead, payments', team: 'payments' },
  { name: 'Marcus Webb', handle: 'marcus', role: 'site reliability engineer', team: 'platform' },
  { name: 'Dana Ortiz', handle: 'dana', role: 'engineering manager', team: 'payments' },
  { name: 'Jonas Berg', handle: 'jonas', role: 'frontend engineer', team: 'checkout' },
  { name: 'Mei Tanaka', handle: 'mei', role: 'data engineer', team: 'data' },
  { name: 'Tomás Silva', handle: 'tomas', role: 'security engineer', team: 'security' },
];

/** Further colleagues are composed from these, so a large dataset meets many names, not six. */
export const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carla', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jakub', 'Kemi', 'Liam',
  'Maya', 'Nikhil', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Yusuf',
  'Zoe', 'Arjun', 'Bianca', 'Chen', 'Diego', 'Emma', 'Fatima', 'Gabriel', 'Hannah', 'Ivan', 'Julia',
];
export const LAST_NAMES = [
  'Okafor', 'Lindqvist', 'Moreau', 'Petrov', 'Costa', 'Haddad', 'Nakamura', 'Schmidt', 'Novak', 'Reyes',
  'Walsh', 'Kowalski', 'Adeyemi', 'Larsen', 'Fischer', 'Gupta', 'Romano', 'Brennan', 'Yilmaz', 'Duarte',
  'Jensen', 'Mendes', 'Kaur', 'Hughes', 'Sato', 'Ivanova', 'Baker', 'Nguyen', 'Ferrari', 'Osei',
];

/**
 * Repositories with their language, top-level layout and test runner; file paths, symbols and commands
 * are composed from these so they look like they belong to the project they are in.
 */
export const PROJECTS = [
  { name: 'billing-service', team: 'payments', language: 'TypeScript', ext: 'ts', roots: ['src'], testRunner: 'vitest', ticketKey: 'PAY', pm: 'pnpm', style: 'conventional' },
  { name: 'checkout-web', team: 'checkout', language: 'TypeScript', ext: 'tsx', roots: ['src/components', 'src/pages', 'src/hooks'], testRunner: 'jest', ticketKey: 'WEB', pm: 'npm', style: 'conventional' },
  { name: 'ledger-core', team: 'payments', language: 'Go', ext: 'go', roots: ['internal', 'pkg', 'cmd/ledgerd'], testRunner: 'go test', ticketKey: 'PAY', pm: 'go', style: 'ticket' },
  { name: 'notifications-worker', team: 'platform', language: 'Python', ext: 'py', roots: ['notifications', 'notifications/channels'], testRunner: 'pytest', ticketKey: 'NOTIF', pm: 'poetry', style: 'imperative' },
  { name: 'auth-gateway', team: 'security', language: 'Go', ext: 'go', roots: ['internal', 'pkg/middleware'], testRunner: 'go test', ticketKey: 'AUTH', pm: 'go', style: 'ticket' },
  { name: 'data-pipeline', team: 'data', language: 'Python', ext: 'py', roots: ['pipeline', 'pipeline/transforms', 'dags'], testRunner: 'pytest', ticketKey: 'DATA', pm: 'poetry', style: 'imperative' },
  { name: 'infra-terraform', team: 'platform', language: 'HCL', ext: 'tf', roots: ['modules', 'envs/staging', 'envs/prod'], testRunner: 'terraform validate', ticketKey: 'INFRA', pm: 'terraform', style: 'ticket' },
  { name: 'search-indexer', team: 'search', language: 'Rust', ext: 'rs', roots: ['src', 'src/index'], testRunner: 'cargo test', ticketKey: 'SRCH', pm: 'cargo', style: 'conventional' },
  { name: 'design-system', team: 'checkout', language: 'TypeScript', ext: 'tsx', roots: ['packages/core/src', 'packages/icons/src'], testRunner: 'jest', ticketKey: 'WEB', pm: 'pnpm', style: 'conventional' },
  { name: 'mobile-api', team: 'mobile', language: 'Kotlin', ext: 'kt', roots: ['src/main/kotlin/io/fernhill/mobile'], testRunner: 'gradle test', ticketKey: 'MOB', pm: 'gradle', style: 'imperative' },
];

/** Team channels in Slack and the repositories they talk about. */
export const TEAM_CHANNELS = {
  '#payments-eng': ['billing-service', 'ledger-core', 'notifications-worker'],
  '#checkout': ['checkout-web', 'design-system', 'mobile-api'],
  '#frontend': ['checkout-web', 'design-system'],
  '#infra': ['infra-terraform'],
  '#data-eng': ['data-pipeline', 'search-indexer'],
  '#security': ['auth-gateway'],
};

/** Internal hosts follow one naming scheme: service-env-index. */
export const HOST_SERVICES = ['pg-billing', 'mysql-billing', 'kafka', 'redis-cache', 'api', 'checkout-api', 'ledger', 'search', 'grafana', 'vault', 'bastion', 'ci-runner'];
export const ENVIRONMENTS = ['stg', 'prod', 'dev'];
