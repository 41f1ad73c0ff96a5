/**
 * Word lists the developer-memory generator composes text from. Kept apart from the generator so the
 * logic stays readable; sized so 100k memories rarely repeat by accident (repeats are planted on purpose).
 */

/** Code-level nouns as word lists, so each language can case them its own way (camelCase, snake_case…). */
export const CODE_NOUNS = [
  ['invoice'], ['payment'], ['refund'], ['customer'], ['subscription'], ['webhook'], ['ledger', 'entry'],
  ['account'], ['session'], ['user'], ['order'], ['cart'], ['price'], ['discount'], ['currency'], ['tax', 'rate'],
  ['receipt'], ['notification'], ['email', 'template'], ['retry', 'policy'], ['queue'], ['job'], ['schedule'],
  ['report'], ['export'], ['config'], ['cache'], ['rate', 'limit'], ['permission'], ['role'], ['audit', 'log'],
  ['event'], ['metric'], ['feature', 'flag'], ['migration'], ['schema'], ['index'], ['document'], ['query'],
  ['search', 'result'], ['batch'], ['cursor'], ['page'], ['balance'], ['transfer'], ['payout'], ['dispute'],
  ['card'], ['address'], ['plan'], ['trial'], ['coupon'], ['certificate'], ['connection'], ['pool'],
  ['health', 'check'], ['span'], ['trace'], ['idempotency', 'key'], ['settlement'], ['statement'],
  ['merchant'], ['payment', 'method'], ['checkout', 'session'], ['line', 'item'], ['shipping', 'rate'],
  ['locale'], ['translation'], ['device'], ['push', 'token'], ['channel'], ['digest'], ['attachment'],
  ['tenant'], ['api', 'client'], ['request'], ['response'], ['middleware'], ['route'], ['snapshot'],
];

export const CODE_VERBS = [
  'get', 'fetch', 'load', 'parse', 'validate', 'build', 'create', 'update', 'delete', 'sync', 'apply',
  'compute', 'calculate', 'format', 'render', 'resolve', 'handle', 'retry', 'schedule', 'enqueue',
  'dispatch', 'normalize', 'serialize', 'deserialize', 'map', 'merge', 'split', 'refresh', 'invalidate',
  'reconcile', 'emit', 'record', 'register', 'ensure', 'check', 'find', 'list', 'count', 'mark', 'archive',
  'redact', 'sign', 'verify', 'encode', 'decode', 'migrate', 'backfill', 'flush', 'publish', 'convert',
];

export const CODE_QUALIFIERS = [
  ['by', 'id'], ['for', 'customer'], ['in', 'batch'], ['if', 'needed'], ['from', 'cache'], ['with', 'retry'],
  ['for', 'tenant'], ['since'], ['async'], ['or', 'default'], ['to', 'cents'], ['for', 'locale'],
];

/** Role suffixes of files and types: InvoiceRepository, webhook_handler.py, cart-summary.tsx. */
export const FILE_ROLES = [
  'loader', 'client', 'handler', 'service', 'repository', 'controller', 'schema', 'validator', 'mapper',
  'worker', 'scheduler', 'router', 'middleware', 'utils', 'types', 'store', 'formatter', 'parser',
  'factory', 'policy', 'resolver', 'consumer', 'producer',
];

export const TERRAFORM_FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'iam.tf', 'rds.tf', 'alb.tf', 'kafka.tf', 'dns.tf', 'security_groups.tf', 'versions.tf'];

export const LIBRARIES = {
  TypeScript: [
    ['react', '18.3.1'], ['zod', '3.23.8'], ['prisma', '5.14.0'], ['express', '4.19.2'], ['fastify', '4.28.1'],
    ['vitest', '1.6.0'], ['jest', '29.7.0'], ['stripe', '14.25.0'], ['axios', '1.7.2'], ['date-fns', '3.6.0'],
    ['pino', '9.3.2'], ['@tanstack/react-query', '5.51.1'], ['kysely', '0.27.4'], ['ioredis', '5.4.1'],
    ['bullmq', '5.8.7'], ['@opentelemetry/api', '1.9.0'], ['msw', '2.3.1'], ['playwright', '1.45.0'],
  ],
  Go: [
    ['go-chi/chi', 'v5.0.12'], ['jackc/pgx', 'v5.6.0'], ['sqlc', 'v1.26.0'], ['uber-go/zap', 'v1.27.0'],
    ['stretchr/testify', 'v1.9.0'], ['grpc-go', 'v1.64.0'], ['spf13/cobra', 'v1.8.1'], ['twmb/franz-go', 'v1.17.0'],
    ['golang-migrate', 'v4.17.1'], ['prometheus/client_golang', 'v1.19.1'],
  ],
  Python: [
    ['fastapi', '0.111.0'], ['pydantic', '2.8.2'], ['sqlalchemy', '2.0.31'], ['celery', '5.4.0'], ['pytest', '8.2.2'],
    ['httpx', '0.27.0'], ['pandas', '2.2.2'], ['apache-airflow', '2.9.2'], ['boto3', '1.34.140'], ['jinja2', '3.1.4'],
    ['alembic', '1.13.2'], ['structlog', '24.2.0'],
  ],
  Rust: [
    ['tokio', '1.38.0'], ['serde', '1.0.204'], ['axum', '0.7.5'], ['tantivy', '0.22.0'], ['sqlx', '0.7.4'],
    ['tracing', '0.1.40'], ['anyhow', '1.0.86'], ['clap', '4.5.8'],
  ],
  Kotlin: [
    ['ktor', '2.3.12'], ['spring-boot', '3.3.1'], ['exposed', '0.52.0'], ['kotest', '5.9.1'], ['okhttp', '4.12.0'],
    ['jackson-module-kotlin', '2.17.2'], ['kotlinx-coroutines', '1.8.1'],
  ],
  HCL: [
    ['hashicorp/aws', '5.57.0'], ['terraform-aws-modules/vpc', '5.8.1'], ['hashicorp/helm', '2.14.0'],
    ['terraform-aws-modules/rds', '6.7.0'], ['hashicorp/kubernetes', '2.31.0'],
  ],
};

export const DOC_TOPICS = [
  'Getting started', 'Configuration', 'Error handling', 'Migrations', 'Connection pooling', 'Transactions',
  'Testing', 'Middleware', 'Streaming responses', 'Retries and backoff', 'Type inference', 'Logging',
  'Timeouts', 'Upgrading from the previous major version', 'Performance tips', 'Authentication',
  'Pagination', 'Batching', 'Mocking', 'Concurrency', 'Environment variables', 'Caching',
];

/** Where the generated code tasks come from: "<verb> <object>" reads like a ticket title. */
export const TASK_VERBS = [
  'Add', 'Fix', 'Handle', 'Refactor', 'Remove', 'Migrate', 'Speed up', 'Document', 'Validate', 'Cache',
  'Paginate', 'Retry', 'Log', 'Backfill', 'Deprecate', 'Support', 'Rate-limit', 'Instrument', 'Test', 'Clean up',
];
/** Task objects per repository, plus chores any repository has; titles read like that repo's backlog. */
export const TASK_OBJECTS = {
  'billing-service': [
    'failed webhook deliveries', 'invoice PDF rendering', 'currency rounding in tax totals', 'duplicate refund requests',
    'subscription proration', 'idempotency keys on payment intents', 'dispute evidence uploads', 'coupon stacking rules',
    'the statement generation job', 'tax rate lookups', 'the admin refunds page API', 'trial-to-paid conversion',
  ],
  'checkout-web': [
    'expired cards at checkout', 'cart summary rendering on Safari', 'the payment method picker', 'error messages on the checkout form',
    'address validation for EU customers', 'shipping rate caching', 'the order confirmation page', '3-D Secure challenge redirects',
  ],
  'ledger-core': [
    'ledger balance snapshots', 'payout batching', 'multi-currency balances', 'the nightly reconciliation job',
    'the settlement report export', 'double-entry invariants', 'ledger entry pagination', 'balance drift alerts',
  ],
  'notifications-worker': [
    'the notification digest job', 'push notification retries', 'SMS delivery receipts', 'locale fallbacks in email templates',
    'unsubscribe links in receipts', 'bounce handling for transactional email',
  ],
  'auth-gateway': [
    'session expiry on mobile', 'the OAuth refresh flow', 'password reset token expiry', 'role-based permissions in admin',
    'rate limits on the public API', 'the audit log writer', 'SSO login for the admin console',
  ],
  'data-pipeline': [
    'late-arriving events in the pipeline', 'Airflow DAG retries', 'the data warehouse export', 'GDPR export requests',
    'S3 lifecycle rules for exports', 'the daily revenue rollup', 'schema drift in the events table',
  ],
  'infra-terraform': [
    'RDS parameter groups', 'the staging VPC peering', 'TLS certificates on the edge proxies', 'Kafka broker disk alerts',
    'the Postgres read replica', 'IAM roles for CI runners', 'DNS records for the new API domain',
  ],
  'search-indexer': [
    'search relevance for merchant names', 'the search index rebuild', 'typo tolerance in customer search', 'index compaction pauses',
  ],
  'design-system': [
    'the Button variants', 'dark mode tokens', 'focus rings on form inputs', 'the Modal accessibility labels', 'icon tree-shaking',
  ],
  'mobile-api': [
    'the mobile login screen API', 'device registration', 'push token refresh', 'the receipts endpoint for the app', 'API version negotiation',
  ],
  any: [
    'flaky integration tests', 'CI caching', 'database connection pool exhaustion', 'N+1 queries in the list endpoints',
    'PII redaction in logs', 'OpenTelemetry spans', 'health checks', 'feature flag cleanup', 'Dependabot upgrades', 'structured logging',
  ],
};

/** Field names for error messages, in camelCase; converted per language where it matters. */
export const FIELDS = [
  'amount', 'customerId', 'currency', 'invoiceId', 'status', 'createdAt', 'email', 'items', 'total', 'userId',
  'merchantId', 'locale', 'paymentMethod', 'metadata', 'retryCount', 'expiresAt', 'address', 'planId',
];

export const TABLES = ['invoices', 'payments', 'refunds', 'customers', 'ledger_entries', 'subscriptions', 'webhook_events', 'payouts', 'users', 'sessions', 'audit_logs', 'merchants'];

export const ERROR_TEMPLATES = {
  TypeScript: [
    ({ field }) => `TypeError: Cannot read properties of undefined (reading '${field}')`,
    () => `TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.`,
    ({ field, type }) => `TS2339: Property '${field}' does not exist on type '${type}'.`,
    ({ port }) => `Error: connect ECONNREFUSED 127.0.0.1:${port}`,
    ({ field }) => `ZodError: Expected number, received string at "${field}"`,
    () => `Error: request timed out after 30000ms`,
    () => `Jest did not exit one second after the test run has completed.`,
    ({ type }) => `ReferenceError: ${type} is not defined`,
    () => `Warning: Each child in a list should have a unique "key" prop.`,
    () => `Hydration failed because the initial UI does not match what was rendered on the server.`,
  ],
  Go: [
    () => `panic: runtime error: invalid memory address or nil pointer dereference`,
    ({ n }) => `panic: runtime error: index out of range [${n}] with length ${n}`,
    ({ table }) => `ERROR: duplicate key value violates unique constraint "${table}_pkey" (SQLSTATE 23505)`,
    () => `context deadline exceeded`,
    ({ type }) => `undefined: ${type}`,
    () => `cannot use id (variable of type string) as int64 value in argument to repo.Find`,
    () => `fatal error: all goroutines are asleep - deadlock!`,
    () => `ERROR: could not serialize access due to concurrent update (SQLSTATE 40001)`,
  ],
  Python: [
    ({ field }) => `KeyError: '${snake(field)}'`,
    ({ field }) => `AttributeError: 'NoneType' object has no attribute '${snake(field)}'`,
    ({ table }) => `sqlalchemy.exc.IntegrityError: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint "${table}_pkey"`,
    ({ type }) => `pydantic_core._pydantic_core.ValidationError: 1 validation error for ${type}`,
    () => `celery.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()`,
    () => `ModuleNotFoundError: No module named 'notifications.channels.sms'`,
    () => `airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4121`,
    () => `httpx.ConnectTimeout: timed out`,
  ],
  Rust: [
    () => 'error[E0502]: cannot borrow `index` as mutable because it is also borrowed as immutable',
    () => 'error[E0308]: mismatched types: expected `u64`, found `usize`',
    () => "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value'",
    () => 'error[E0382]: borrow of moved value: `writer`',
  ],
  Kotlin: [
    ({ field }) => `kotlin.UninitializedPropertyAccessException: lateinit property ${field} has not been initialized`,
    () => `java.lang.NullPointerException: Parameter specified as non-null is null`,
    () => `io.ktor.client.plugins.HttpRequestTimeoutException: Request timeout has expired`,
    () => `com.fasterxml.jackson.databind.exc.MismatchedInputException: Cannot deserialize value`,
  ],
  HCL: [
    () => `Error: Unsupported argument: An argument named "engine_version" is not expected here.`,
    () => `Error: Reference to undeclared resource`,
    () => `Error acquiring the state lock: ConditionalCheckFailedException`,
    () => `Error: creating RDS DB Instance: InvalidParameterCombination`,
  ],
};

export function snake(camel) {
  return camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

export const MEETINGS = [
  'Sprint planning', 'Backlog refinement', 'Retro', 'Design review', 'Incident review', '1:1', 'Architecture sync',
  'Payments guild', 'Demo day', 'On-call handover', 'Quarterly planning', 'Hiring debrief', 'Security office hours',
];

export const EXTERNAL_SENDERS = [
  { name: 'GitHub', email: 'notifications@github.com' },
  { name: 'PagerDuty', email: 'no-reply@pagerduty.com' },
  { name: 'AWS Notifications', email: 'no-reply@sns.amazonaws.com' },
  { name: 'Stripe', email: 'notifications@stripe.com' },
  { name: 'Sentry', email: 'noreply@md.getsentry.com' },
  { name: 'Atlassian Jira', email: 'jira@fernhill.atlassian.net' },
  { name: 'People Team', email: 'people@fernhill.io' },
  { name: 'IT Helpdesk', email: 'it@fernhill.io' },
  { name: 'Datadog', email: 'alerts@dtdg.co' },
];

export const BLOG_POSTS = [
  'How we cut Postgres vacuum time by 80%', 'Idempotency keys done right', 'A practical guide to Kafka consumer lag',
  'Why we moved from REST to gRPC (and back)', 'Zero-downtime schema migrations at scale', 'Structured logging in Go',
  'The case for boring technology', 'Testing React components without snapshots', 'Designing a retry budget',
  'What every engineer should know about TLS certificates', 'Feature flags are technical debt', 'Understanding Postgres locks',
  'Making CI 3x faster with remote caching', 'Rust for Node developers', 'Patterns for outbox-based event publishing',
  'Writing good incident postmortems', 'How Stripe handles webhooks at scale', 'Taming flaky tests',
];

export const OFF_TOPIC_PAGES = [
  ['Lofi beats to code to - YouTube', 'youtube.com'], ['Hacker News', 'news.ycombinator.com'],
  ['Weather forecast - Lisbon', 'weather.com'], ['Google Calendar - Week view', 'calendar.google.com'],
  ['Team lunch options near the office - Google Maps', 'maps.google.com'], ['Lobsters', 'lobste.rs'],
  ['The Pragmatic Engineer newsletter', 'newsletter.pragmaticengineer.com'], ['Spotify - Deep Focus', 'open.spotify.com'],
];

export const DASHBOARDS = ['checkout-api latency', 'billing-service overview', 'Kafka consumer lag', 'Postgres (pg-billing) health', 'ledger-core errors', 'Node.js runtime metrics', 'notifications delivery rate', 'API gateway 5xx'];
