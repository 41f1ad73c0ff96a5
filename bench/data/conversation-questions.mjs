/**
 * Questions over the conversation in conversation-script.mjs, phrased the way the developer would ask
 * their twin, not the way the fact was said. `facts` lists the evidence the answer needs: each entry
 * is a fact key, or an array of keys any of which answers that part (the fact restated elsewhere,
 * e.g. "We're on Postgres" on cut-over day). Two entries mean both facts are needed (multi-hop);
 * "all found" means a turn of every entry made the top k.
 *
 * Types: preference, decision, date, person, technical, update (the fact changed later; only the later
 * turn answers), multi-hop. Whether a question shares rare tokens or just meaning with its answer is
 * measured by the builder (see lexicalStyle in conversation-qa.mjs), not chosen here.
 */
export const QUESTIONS = [
  // The billing database move and its plan
  { type: 'decision', facts: [['decision-billing-postgres', 'cutover-read-only-end']], query: 'which database engine will the payments storage use?' },
  { type: 'decision', facts: ['billing-migration-scope'], query: "What's included in the billing database move, and when is it supposed to be finished?" },
  { type: 'person', facts: ['migration-roles-orig'], query: 'Who is handling the infrastructure side of the billing migration?' },
  { type: 'update', facts: ['update-migration-role'], query: 'What part of the Postgres migration am I responsible for?' },
  { type: 'preference', facts: ['pref-priya-small-prs'], query: 'How big should my pull requests for the migration be, according to Priya?' },
  { type: 'technical', facts: ['old-mysql-replica'], query: 'Which old database replica should nothing new connect to?' },
  { type: 'decision', facts: ['mysql-upgrade-skipped'], query: 'Are we still doing the MySQL 8.0.36 upgrade?' },
  { type: 'decision', facts: ['cdc-decision'], query: 'How will the new payments database be kept in sync with the old one during the move?' },
  { type: 'decision', facts: [['cdc-decision', 'update-migration-role']], query: 'Are we doing dual writes from the application code?' },
  { type: 'technical', facts: ['debezium-version'], query: 'Which Debezium version are we using for billing, and why that one?' },
  { type: 'technical', facts: ['adr-017'], query: 'Where is the change-data-capture decision written down?' },
  { type: 'decision', facts: ['orm-decision'], query: 'What are we using instead of Prisma for the new billing database?' },
  { type: 'decision', facts: [['orm-decision', 'orm-sql-migrations']], query: 'How will schema changes be written for billing-service after the switch?' },
  { type: 'technical', facts: ['backfill-duration'], query: 'How long did the invoice backfill take in staging?' },
  { type: 'technical', facts: ['migration-docs-folder'], query: 'Where in the shared drive do the migration documents live?' },
  { type: 'update', facts: ['update-cutover'], query: 'When is the billing database cut-over?' },
  { type: 'technical', facts: ['pg-hosts'], query: 'What are the hostnames of the new billing Postgres primary and replica?' },
  { type: 'technical', facts: [['flag-order', 'cutover-flag-flips']], query: 'In what order do the read flags get flipped during the switch?' },
  { type: 'technical', facts: [['banner-flag', 'banner-flag-confirmed']], query: "What's the feature flag for the checkout maintenance banner?" },
  { type: 'technical', facts: ['rehearsal-1-duration'], query: 'How long was the read-only window in the first staging rehearsal?' },
  { type: 'technical', facts: ['rehearsal-1-problem'], query: 'What went wrong in the first cut-over rehearsal?' },
  { type: 'technical', facts: ['rehearsal-2-duration'], query: 'How long was billing read-only in the second rehearsal?' },
  { type: 'date', facts: ['go-no-go'], query: 'When do we meet to make the final go/no-go call on the cut-over?' },
  { type: 'technical', facts: ['runbook-id'], query: 'Which runbook do we follow on cut-over day?' },
  { type: 'technical', facts: ['rollback-plan'], query: 'How long will the old MySQL database keep accepting writes after we switch?' },
  { type: 'technical', facts: ['invoice-latency'], query: 'How much faster did the invoice list get after moving databases?' },
  { type: 'technical', facts: ['vault-path'], query: 'Where are the credentials for the billing Postgres kept?' },
  { type: 'technical', facts: ['vault-path'], query: 'How often do the billing database passwords rotate?' },
  { type: 'decision', facts: ['pgbouncer-mode'], query: 'Which pooling mode did we pick for pgbouncer, and how big is the pool?' },
  { type: 'technical', facts: ['pgbouncer-version'], query: 'What version of pgbouncer are we running?' },

  // Webhooks
  { type: 'update', facts: ['update-webhook-retries'], query: 'How many delivery attempts does a failing webhook get?' },
  { type: 'technical', facts: ['webhook-idempotency'], query: 'How do merchants tell that a webhook delivery is a repeat?' },
  { type: 'technical', facts: ['no-full-bodies'], query: "Why shouldn't we write whole merchant error responses to our logs?" },
  { type: 'technical', facts: ['retry-limit-ticket'], query: 'Which ticket raised the webhook retry limit?' },

  // Infrastructure
  { type: 'update', facts: ['update-kafka-host'], query: "What's the bootstrap address of the staging Kafka cluster?" },
  { type: 'technical', facts: ['msk-auth'], query: 'How do clients authenticate to the new MSK cluster?' },
  { type: 'date', facts: ['edge-cert-expiry'], query: 'When were the edge proxy certificates going to expire?' },
  { type: 'technical', facts: [['infra-2231-scope', 'edge-cert-expiry', 'infra-2231-start']], query: 'What does INFRA-2231 cover?' },
  { type: 'decision', facts: ['infra-2231-decision'], query: 'What did we decide about INFRA-2231?' },
  { type: 'technical', facts: ['cert-rotation-error'], query: 'What TLS error showed up when the certificates were rotated?' },
  { type: 'technical', facts: ['merchant-tls-ticket'], query: 'Which ticket tracks the merchant whose endpoint only speaks TLS 1.0?' },
  { type: 'update', facts: ['update-vpn'], query: 'Do I need to be on the VPN to deploy to staging?' },
  { type: 'decision', facts: ['tracing-backend'], query: 'Where will our traces go once we drop Datadog?' },
  { type: 'update', facts: ['update-node-version'], query: 'Which Node.js version will billing-service run on?' },

  // The March incident
  { type: 'technical', facts: ['incident-error'], query: 'What database error made payments fail at checkout in March?' },
  { type: 'technical', facts: ['incident-rollback'], query: 'Which version did we roll billing-service back to during the incident?' },
  { type: 'technical', facts: [['incident-id', 'postmortem-email']], query: "What's the postmortem id for the checkout payment failures?" },
  { type: 'technical', facts: ['incident-impact'], query: 'How long did the payment outage last, and what share of checkouts failed?' },
  { type: 'decision', facts: ['postmortem-retry-rule'], query: 'What rule did we add for transactional writes after INC-0412?' },
  { type: 'decision', facts: [['canary-decision', 'canary-owner']], query: 'What changed about how billing-service gets deployed after the incident?' },
  { type: 'person', facts: ['canary-owner'], query: 'Who is setting up the canary rollout, and with which tool?' },

  // Checkout and the frontend
  { type: 'technical', facts: ['safari-bug'], query: 'Which Safari version broke the cart summary layout?' },
  { type: 'technical', facts: ['design-system-fix'], query: 'Which design-system release fixes the overlapping totals in the cart?' },
  { type: 'decision', facts: ['drop-safari-14'], query: 'Which browser version did we stop supporting in March?' },

  // Security reviews
  { type: 'date', facts: ['pentest'], query: 'When is the penetration test scheduled?' },
  { type: 'decision', facts: ['pentest-scope'], query: 'Is billing-service in scope for the pen test?' },
  { type: 'date', facts: ['billing-security-review'], query: 'When is the security review of billing-service?' },

  // Team decisions
  { type: 'decision', facts: ['release-day'], query: 'Which day of the week do we release on now?' },
  { type: 'decision', facts: ['ci-decision'], query: 'What are we replacing Jenkins with?' },
  { type: 'decision', facts: ['oncall-decision'], query: 'How does the on-call rotation work after the offsite?' },
  { type: 'decision', facts: [['postmortem-followup', 'postmortem-followup-proposal']], query: 'Do postmortems get any kind of follow-up later?' },

  // Dates and appointments
  { type: 'update', facts: ['update-dentist'], query: 'When is my dentist appointment?' },
  { type: 'date', facts: ['self-review-deadline'], query: 'When is my performance self-review due?' },
  { type: 'date', facts: ['lena-background'], query: 'What date does the new backend engineer start?' },
  { type: 'date', facts: ['dana-leave'], query: "When does Dana's leave begin?" },
  { type: 'date', facts: ['priya-birthday'], query: "When is Priya's birthday?" },
  { type: 'date', facts: ['tech-day'], query: 'When is the internal tech day, and when do talk submissions close?' },
  { type: 'date', facts: ['alex-pto'], query: 'When am I on vacation this summer?' },
  { type: 'update', facts: ['update-one-on-one'], query: 'When is my regular 1:1 with Dana?' },
  { type: 'update', facts: ['update-offsite'], query: 'Where is the team offsite happening?' },
  { type: 'date', facts: ['offsite-orig'], query: 'What are the dates of the team offsite?' },

  // People
  { type: 'person', facts: ['lena-background'], query: 'Where did Lena work before she joined us?' },
  { type: 'person', facts: ['lena-first-project'], query: "What is Lena's first project?" },
  { type: 'person', facts: ['lena-first-pr'], query: "What did Lena's first pull request change?" },
  { type: 'person', facts: ['dana-leave'], query: 'Who covers for Dana during her parental leave?' },
  { type: 'person', facts: ['marcus-marathon'], query: 'Which race is Marcus training for?' },
  { type: 'person', facts: ['marcus-first-marathon'], query: "What was Marcus's time in his first marathon?" },
  { type: 'person', facts: ['marcus-team-move'], query: 'Which team is Marcus moving to?' },
  { type: 'person', facts: ['oncall-replacement'], query: "Who takes over Marcus's payments on-call?" },
  { type: 'person', facts: ['priya-dog'], query: "What's Priya's dog called?" },
  { type: 'person', facts: ['jonas-move'], query: 'Where is Jonas relocating to?' },
  { type: 'person', facts: ['alex-goals'], query: 'What did I say my growth goals were for this half?' },
  { type: 'person', facts: ['talk-title'], query: "What's the title of my tech day talk?" },
  { type: 'person', facts: ['desk-location'], query: 'Where is my desk now?' },

  // Preferences
  { type: 'preference', facts: ['pref-standup-format'], query: 'How do I like my standup notes written?' },
  { type: 'preference', facts: ['pref-commit-convention'], query: 'What format do I use for commit messages?' },
  { type: 'update', facts: ['update-shell'], query: 'Which shell should code snippets for my laptop be written for?' },
  { type: 'preference', facts: ['pref-priya-review-requests'], query: 'How does Priya want to be asked for a code review?' },
  { type: 'preference', facts: ['priya-vegetarian'], query: 'Does Priya have any dietary needs I should know about when booking the team dinner?' },
  { type: 'preference', facts: ['pref-messages-to-dana'], query: 'How should I write messages to my manager?' },
  { type: 'preference', facts: ['pref-tone-marcus'], query: 'What tone should I use when writing to Marcus?' },
  { type: 'preference', facts: ['pref-review-mornings'], query: 'What time of day do I prefer to review pull requests?' },

  // Identifiers about me
  { type: 'technical', facts: ['laptop-asset-tag'], query: "What's the asset tag of my work laptop?" },
  { type: 'technical', facts: ['github-handle'], query: "What's my GitHub username?" },

  // Lookups by an identifier the developer remembers without its context
  { type: 'technical', facts: ['merchant-tls-ticket'], query: "What's PAY-1187 about?" },
  { type: 'technical', facts: ['retry-limit-ticket'], query: 'What did PAY-1302 change?' },
  { type: 'technical', facts: ['runbook-id'], query: 'What is RB-BILL-07?' },
  { type: 'technical', facts: [['incident-id', 'postmortem-email']], query: 'What was INC-0412?' },
  { type: 'technical', facts: ['old-mysql-replica'], query: "What's the status of mysql-billing-ro-02?" },
  { type: 'technical', facts: ['incident-error'], query: 'When did we see SQLSTATE 40001 errors in billing-service?' },
  { type: 'technical', facts: ['banner-flag'], query: 'What does the maintenance_banner_billing flag control?' },
  { type: 'technical', facts: ['vault-path'], query: 'What is stored under secret/billing/pg-prod?' },
  { type: 'technical', facts: ['cert-rotation-error'], query: 'Where did we hit ERR_SSL_WRONG_VERSION_NUMBER?' },
  { type: 'technical', facts: ['design-system-fix'], query: 'What does design-system 4.12.2 fix?' },
  { type: 'technical', facts: ['pg-hosts'], query: 'What will run on pg-billing-prod-02?' },
  { type: 'multi-hop', facts: ['adr-017', 'cdc-decision'], query: 'What was decided in ADR-017?' },

  // Multi-hop: the answer needs two facts, often from different sessions
  { type: 'multi-hop', facts: ['update-migration-role', 'flag-order'], query: 'Which part of the migration do I own, and which table goes last?' },
  { type: 'multi-hop', facts: ['pentest', 'billing-security-review'], query: 'Which company does our security testing, and when do they look at billing-service?' },
  { type: 'multi-hop', facts: ['rehearsal-1-duration', 'rehearsal-2-duration'], query: 'How did the read-only window change between the two rehearsals?' },
  { type: 'multi-hop', facts: ['pgbouncer-mode', 'pg-hosts'], query: 'Which hosts will the new billing database run on, and how is connection pooling set up?' },
  { type: 'multi-hop', facts: ['incident-error', 'canary-decision'], query: 'What error caused the March checkout incident, and what deployment change came out of it?' },
  { type: 'multi-hop', facts: ['lena-background', 'lena-first-pr'], query: 'Where did Lena come from, and what did she ship first?' },
  { type: 'multi-hop', facts: ['cert-rotation-error', 'merchant-tls-ticket'], query: 'Which TLS error did the webhook sender hit during the rotation, and which ticket did I open for it?' },
  { type: 'multi-hop', facts: ['cutover-read-only-start', 'cutover-read-only-end'], query: 'How long was billing read-only on cut-over day?' },
  { type: 'multi-hop', facts: ['update-cutover', 'go-no-go'], query: 'When is the cut-over, and when do we make the final call on it?' },
  { type: 'multi-hop', facts: ['marcus-team-move', 'oncall-replacement'], query: 'Marcus is changing teams: where is he going, and who picks up his on-call?' },
  { type: 'multi-hop', facts: ['update-kafka-host', 'msk-auth'], query: 'What is the new staging Kafka bootstrap server, and how do clients authenticate to it?' },
  { type: 'multi-hop', facts: ['update-offsite', 'offsite-orig'], query: 'Where and when is the team offsite?' },
];
