/**
 * The long conversation behind the retrieval-quality set: six months (January–June 2025) of Slack DMs
 * and channels, email threads, meeting transcripts and chats with the Twin assistant, between the
 * developer (Alex) and mostly Priya (tech lead), Marcus (SRE), Dana (manager) and the assistant, with
 * Jonas, Mei and Tomás in group threads.
 *
 * Written by hand so the facts sit in natural talk, next to small talk and turns that share their
 * vocabulary (other tickets, other hosts, other dates). A turn is `[speaker, text, factKeys?]`; the
 * fact keys are what questions point at, so ids never have to be typed twice. Several facts change
 * later in the timeline (a moved date, a raised limit, a new host): the later turn carries the
 * `update-…` key and is the answer. When the assistant repeats a fact back ("Saved: …"), its turn
 * carries the same key: it holds the answer just as well.
 */

export const SPEAKERS = {
  alex: 'Alex Rivera',
  priya: 'Priya Raman',
  marcus: 'Marcus Webb',
  dana: 'Dana Ortiz',
  jonas: 'Jonas Berg',
  mei: 'Mei Tanaka',
  tomas: 'Tomás Silva',
  twin: 'Twin',
};

/**
 * `start` is UTC; `source`/`channel` say where the session happened; `thread` defaults to one thread
 * per session. Sessions are listed in time order; their position gives the session number in ids.
 */
export const SESSIONS = [
  {
    start: '2025-01-07T09:40:00Z', source: 'slack', channel: 'dm:Priya Raman',
    turns: [
      ['priya', 'Happy new year! Hope the break was restful. Did you get through the billing-service backlog?'],
      ['alex', 'Mostly. The webhook retry work (PAY-412) looks like the most urgent thing, we still drop deliveries when a merchant endpoint times out.'],
      ['priya', "Agreed, let's get that done first. Bigger news: we're moving the billing database off MySQL and onto Postgres this year. Dana signed off before the break.", 'decision-billing-postgres'],
      ['alex', 'Finally! Is that just invoices or the whole billing schema?'],
      ['priya', 'The whole thing: invoices, ledger entries, payment attempts. Target is the end of Q2.', 'billing-migration-scope'],
      ['alex', "Who's driving it?"],
      ['priya', "I'll do the schema design, Marcus owns the infrastructure side, and I'd like you to own the dual-write layer while both databases run side by side.", 'migration-roles-orig'],
      ['alex', "Works for me. I'll start a design doc this week."],
      ['priya', 'One request: for this project please keep PRs small and stacked, under 300 changed lines each. Huge migration PRs never get reviewed properly.', 'pref-priya-small-prs'],
      ['alex', 'Fair. Stacked PRs it is.'],
      ['priya', "Also, don't point anything new at the old MySQL replica, mysql-billing-ro-02. It's being retired in March.", 'old-mysql-replica'],
      ['alex', 'Noted. Is the MySQL 8.0.36 upgrade still happening before that?'],
      ['priya', "No, we're skipping the 8.0.36 upgrade. No point upgrading a database we're leaving.", 'mysql-upgrade-skipped'],
      ['alex', 'Makes sense. Talk later, standup in 5.'],
    ],
  },
  {
    start: '2025-01-09T18:05:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', 'Can you remember a few things for me?'],
      ['twin', 'Of course. What should I keep?'],
      ['alex', 'I want my standup notes as bullet points, three at most, no full sentences.', 'pref-standup-format'],
      ['twin', 'Got it: standup notes as up to three terse bullet points.', 'pref-standup-format'],
      ['alex', "My dentist appointment is Wednesday February 12 at 8:30, so I'll be in late that morning.", 'dentist-orig'],
      ['twin', 'Noted: dentist on Wednesday, February 12 at 8:30.', 'dentist-orig'],
      ['alex', 'On the work laptop I use fish, not zsh or bash. If you give me shell snippets, use fish syntax.', 'shell-orig'],
      ['twin', 'Understood, fish syntax for shell snippets.', 'shell-orig'],
      ['alex', "IT keeps asking for my laptop's asset tag. It's FH-LT-0931.", 'laptop-asset-tag'],
      ['twin', 'Saved: laptop asset tag FH-LT-0931.', 'laptop-asset-tag'],
      ['alex', 'Last one: when I draft commit messages, I follow Conventional Commits with a scope, like fix(webhooks): retry on 502.', 'pref-commit-convention'],
      ['twin', 'Will do: Conventional Commits with a scope.', 'pref-commit-convention'],
    ],
  },
  {
    start: '2025-01-14T10:20:00Z', source: 'slack', channel: '#infra',
    turns: [
      ['marcus', 'Heads up: the staging Kafka cluster moved. The broker is now kafka-stg-b3.internal:9093, the old b1 and b2 brokers are gone.', 'kafka-host-orig'],
      ['mei', 'Does the data pipeline need new client configs?'],
      ['marcus', 'Only the bootstrap server. TLS is the same for now.'],
      ['alex', "billing-service reads its Kafka config from Vault, I'll update it today."],
      ['tomas', 'While we are on TLS: the certificates on the edge proxies expire on February 3. That is INFRA-2231.', 'edge-cert-expiry'],
      ['marcus', 'Yep, INFRA-2231 covers rotating the TLS certificates on the edge proxies and the Kafka brokers in one go.', 'infra-2231-scope'],
      ['alex', 'Are we doing that before the code freeze?'],
      ['marcus', 'No. We decided INFRA-2231 waits until after the freeze: the rotation happens on January 28, with a rollback window until the 30th.', 'infra-2231-decision'],
      ['tomas', "Fine by me as long as it's before Feb 3."],
      ['mei', 'Unrelated, but INFRA-2213 (the DNS cleanup) is still assigned to me, can someone take it?'],
      ['marcus', "I'll take INFRA-2213."],
      ['marcus', 'And a reminder: deploys to staging still need the VPN until the SSO proxy ships.', 'vpn-orig'],
      ['alex', 'thanks both'],
    ],
  },
  {
    start: '2025-01-16T14:00:00Z', source: 'meeting', channel: 'zoom', thread: '1:1 Dana Ortiz / Alex Rivera',
    turns: [
      ['dana', 'Thanks for making time. How was the first week back?'],
      ['alex', 'Good. Busy with the webhook retries and kicking off the Postgres migration doc.'],
      ['dana', "Great. Let's set our regular 1:1 for Tuesdays at 15:00 from now on.", 'one-on-one-orig'],
      ['alex', 'Tuesdays at three work.'],
      ['dana', 'Performance self-reviews are due March 31 this year, two weeks earlier than last year.', 'self-review-deadline'],
      ['alex', "Good to know, I'll start collecting notes."],
      ['dana', "I'd also like you to mentor Lena Fischer when she joins. She's a backend engineer coming from Zalando and starts on April 7.", 'lena-background'],
      ['alex', 'Happy to. Do we have an onboarding checklist?'],
      ['dana', 'Priya wrote one last year, it is in Notion under Team / Onboarding.'],
      ['dana', "One more thing: I'm out from May 5 for two weeks of parental leave. Priya covers for me while I'm away.", 'dana-leave'],
      ['alex', 'Noted. Anything you want from me before then?'],
      ['dana', 'Just the migration plan, reviewed by Marcus and Priya.'],
    ],
  },
  {
    start: '2025-01-21T11:10:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['alex', 'PR for PAY-412 is up: webhook deliveries now retry with exponential backoff instead of giving up after the first timeout.'],
      ['jonas', "what's the max number of attempts?"],
      ['alex', '5 attempts, starting at 30 seconds and doubling, capped at 1 hour between attempts.', 'webhook-retries-orig'],
      ['priya', 'Good. Make sure every attempt reuses the same idempotency key, merchants dedupe on it.', 'webhook-idempotency'],
      ['alex', 'It does, the key is derived from the event id.'],
      ['jonas', 'does the checkout side need to change anything?'],
      ['alex', 'No, only billing-service sends these.'],
      ['priya', "Let's also log the merchant's response code on every failed attempt, support keeps asking for it."],
      ['alex', 'Added. Failed attempts log http_status and the first 200 bytes of the body.'],
      ['marcus', "please don't log full bodies, some merchants echo card data back in their error responses. 200 bytes is fine.", 'no-full-bodies'],
      ['jonas', 'which node version is billing-service on these days? checkout is on 20 already'],
      ['alex', "Node 18.19. We'll stay on 18 until the database migration is done, one big change at a time.", 'node-orig'],
      ['priya', 'Approved. Ship it after the freeze.'],
    ],
  },
  {
    start: '2025-01-23T16:30:00Z', source: 'slack', channel: 'dm:Marcus Webb',
    turns: [
      ['marcus', 'got a sec? the pgbouncer in front of the new Postgres cluster: transaction mode or session mode?'],
      ['alex', "transaction mode, as long as we don't rely on session-level prepared statements. our pg driver can turn those off."],
      ['marcus', 'ok, going with transaction pooling then, pool size 40 per instance.', 'pgbouncer-mode'],
      ['alex', '👍 which pgbouncer version?'],
      ['marcus', "pgbouncer 1.22.1, it's what Debian ships in bookworm-backports", 'pgbouncer-version'],
      ['alex', 'perfect'],
      ['marcus', "unrelated: I'm running the Berlin marathon in September, so I'll be slow on Mondays after long runs 😅", 'marcus-marathon'],
      ['alex', 'nice! first marathon?'],
      ['marcus', 'second. did Lisbon two years ago, finished in 3:58.', 'marcus-first-marathon'],
      ['alex', "impressive. I'll bring snacks to the next on-call handover."],
      ['marcus', 'haha deal'],
    ],
  },
  {
    start: '2025-01-28T08:55:00Z', source: 'slack', channel: '#infra',
    turns: [
      ['marcus', 'Starting INFRA-2231 now: rotating the edge proxy certificates first, brokers after lunch.', 'infra-2231-start'],
      ['alex', 'watching billing-service error rates'],
      ['marcus', 'edge proxies done. the new certs come from the internal CA, valid for 90 days.'],
      ['alex', 'billing-service is getting ERR_SSL_WRONG_VERSION_NUMBER from the webhook sender against one merchant, the rest are fine', 'cert-rotation-error'],
      ['marcus', "that merchant pins an old TLS 1.0 endpoint, it's not us. can you open a ticket with their support?"],
      ['alex', 'opened PAY-1187 to track the TLS 1.0 problem with the merchant', 'merchant-tls-ticket'],
      ['marcus', 'brokers done too. INFRA-2231 closed.'],
      ['tomas', '🎉 thanks Marcus'],
      ['alex', 'nice work'],
    ],
  },
  {
    start: '2025-01-30T13:15:00Z', source: 'slack', channel: 'dm:Dana Ortiz',
    turns: [
      ['dana', "FYI we got headcount for one more backend engineer on payments, that's the role Lena fills."],
      ['alex', 'great news'],
      ['dana', "And the budget for moving off Datadog got approved: from Q2 we'll send traces to Grafana Tempo through OpenTelemetry instead of the Datadog agent.", 'tracing-backend'],
      ['alex', 'billing-service already emits OTel spans, so that should be easy for us.'],
      ['dana', 'Good. Can you share the migration design doc with me by next Friday?'],
      ['alex', 'Will do.'],
    ],
  },
  {
    start: '2025-02-03T10:15:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', 'Change of plans: the dentist moved my appointment to Wednesday February 19, same time, 8:30.', 'update-dentist'],
      ['twin', 'Updated: dentist on Wednesday, February 19 at 8:30.', 'update-dentist'],
      ['alex', "Also remind me that Priya's birthday is February 24, I want to get the team to sign a card.", 'priya-birthday'],
      ['twin', "Noted: Priya's birthday on February 24.", 'priya-birthday'],
      ['alex', 'What do I have on the 12th now?'],
      ['twin', 'Nothing before 10:00. The sprint review is at 14:00.'],
      ['alex', 'ok thanks'],
    ],
  },
  {
    start: '2025-02-06T13:30:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['alex', 'Design doc for the billing migration is up. Main question: dual writes from the app, or change data capture from MySQL?'],
      ['mei', 'CDC would be my vote. We already run Debezium for the warehouse.'],
      ['marcus', 'Debezium on the billing MySQL needs binlog_format=ROW, which we already have.'],
      ['priya', "My worry with dual writes is partial failures: one write succeeds, the other doesn't, and we find out a month later."],
      ['alex', 'Agreed. Proposal: Debezium CDC for the backfill and the ongoing sync, and the app switches reads table by table behind flags.', 'cdc-decision'],
      ['priya', 'I like that. Decision: CDC with Debezium, no dual writes in application code.', 'cdc-decision'],
      ['priya', 'Which means, Alex, you own the per-table read cut-over flags instead of the dual-write layer.', 'update-migration-role'],
      ['alex', 'Fine by me, less code to maintain.'],
      ['mei', "Which Debezium version? We're on 2.5 for the warehouse connector."],
      ['marcus', "Let's use 2.7.0 for this one, it fixes the precision bug with MySQL DECIMAL(19,4) columns.", 'debezium-version'],
      ['mei', "Then I'll upgrade the warehouse one too, eventually."],
      ['priya', 'Please write the decision up as ADR-017 in the adr folder.', 'adr-017'],
      ['alex', 'Will do.'],
    ],
  },
  {
    start: '2025-02-11T09:20:00Z', source: 'email', channel: 'inbox', thread: 'email:pen-test-in-march',
    turns: [
      ['dana', "Email from Dana Ortiz, subject \"Pen test in March\": Hi all, this year's penetration test is booked with Blackcastle Security for March 10–14. They will test checkout-web and the public API only.", 'pentest'],
      ['tomas', "Reply from Tomás Silva: Thanks Dana. I'll send them the scope document by February 28. Please don't deploy auth-gateway changes during that week."],
      ['alex', 'Reply from Alex Rivera: Noted. Does the scope include the webhook endpoints in billing-service?'],
      ['dana', 'Reply from Dana Ortiz: No, billing-service is out of scope this year; it gets its own review after the Postgres move.', 'pentest-scope'],
      ['priya', "Reply from Priya Raman: Makes sense. I'll make sure staging mirrors the production config that week."],
    ],
  },
  {
    start: '2025-02-13T15:45:00Z', source: 'slack', channel: 'dm:Priya Raman',
    turns: [
      ['alex', 'how was the weekend?'],
      ['priya', "lovely, we took our dog Biscuit to the beach for the first time. he's terrified of waves 😂", 'priya-dog'],
      ['alex', 'haha, how old is he now?'],
      ['priya', '8 months, a corgi mix, zero sense of danger otherwise'],
      ['alex', 'btw for reviews, do you prefer I tag you on GitHub or ping you here?'],
      ['priya', 'GitHub review request only, please. I batch reviews at 9:00 and 16:00, Slack pings just interrupt me.', 'pref-priya-review-requests'],
      ['alex', 'got it'],
      ['priya', "also, I'm vegetarian now, so for the team dinner pick somewhere with proper options, not just a salad 🙏", 'priya-vegetarian'],
      ['alex', 'noted! the Thai place then'],
      ['priya', 'perfect'],
    ],
  },
  {
    start: '2025-02-18T10:00:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['jonas', 'are we keeping Prisma for the Postgres side of billing-service?'],
      ['priya', "I'd rather not. Prisma's migrations and our CDC setup fight each other."],
      ['alex', "I tried Kysely last week for the read path, it's a typed query builder, no magic migrations. Worked nicely."],
      ['priya', "Let's go with Kysely for billing-service's Postgres access. Migrations stay plain SQL files run by our own migrate tool.", 'orm-decision'],
      ['jonas', "fine by me, checkout-web doesn't touch that DB anyway"],
      ['marcus', 'plain SQL migrations please, reviewable by humans 🙏', 'orm-sql-migrations'],
      ['alex', "agreed. I'll write a small wrapper so the query logs look like the old ones."],
      ['priya', '👍'],
    ],
  },
  {
    start: '2025-02-20T11:25:00Z', source: 'slack', channel: '#checkout',
    turns: [
      ['jonas', 'the cart summary breaks on Safari 15.4: the totals overlap the coupon field', 'safari-bug'],
      ['alex', 'is that ours or the design system?'],
      ['jonas', "design system. the Stack component uses flex gap, which that Safari doesn't support. the fix is in design-system 4.12.2", 'design-system-fix'],
      ['alex', 'ok, bump it in checkout-web?'],
      ['jonas', "yes, I'll do it today. and reminder: we're dropping Safari 14 support in March, so no more polyfills for it", 'drop-safari-14'],
      ['alex', '👍'],
    ],
  },
  {
    start: '2025-02-25T17:10:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', 'Note for later: when you draft Slack messages to Dana, keep them short and lead with the decision she needs to make.', 'pref-messages-to-dana'],
      ['twin', 'Noted: messages to Dana short, decision first.', 'pref-messages-to-dana'],
      ['alex', "With Marcus it's fine to be casual, he hates formal tone.", 'pref-tone-marcus'],
      ['twin', 'Noted: casual tone with Marcus.', 'pref-tone-marcus'],
      ['alex', "I like reviewing PRs in the morning before 11, so don't put focus blocks there.", 'pref-review-mornings'],
      ['twin', 'Got it: PR reviews in the morning, no focus blocks before 11:00.', 'pref-review-mornings'],
      ['alex', 'One more: my GitHub handle is arivera-fh, not alexr. People keep tagging the wrong account.', 'github-handle'],
      ['twin', 'Saved: GitHub handle arivera-fh.', 'github-handle'],
    ],
  },
  {
    start: '2025-03-04T12:30:00Z', source: 'slack', channel: '#incidents',
    turns: [
      ['jonas', 'checkout-web is showing "Payment failed" for a bunch of users, started around 12:10'],
      ['alex', 'billing-service logs are full of SQLSTATE 40001 serialization failures on the payment_attempts table', 'incident-error'],
      ['marcus', 'is that from the REPEATABLE READ change that shipped this morning?'],
      ['alex', "yes, the retry wrapper isn't applied to createPaymentAttempt. rolling billing-service back to v2.31.4", 'incident-rollback'],
      ['marcus', 'rollback done at 12:26, errors dropping'],
      ['jonas', 'confirmed, checkout recovers'],
      ['priya', "let's write it up. INC-0412 for the postmortem, Alex can you own it?", 'incident-id'],
      ['alex', 'yes, draft by Thursday'],
      ['dana', 'thanks all. customer impact?'],
      ['alex', 'about 16 minutes, roughly 3% of checkout attempts failed, no double charges.', 'incident-impact'],
    ],
  },
  {
    start: '2025-03-06T09:05:00Z', source: 'email', channel: 'inbox', thread: 'email:inc-0412-postmortem-draft',
    turns: [
      ['alex', 'Email from Alex Rivera, subject "INC-0412 postmortem draft": Root cause: the switch to REPEATABLE READ shipped without the retry wrapper on createPaymentAttempt. Action items below.', 'postmortem-email'],
      ['alex', 'Action 1: every transactional write goes through withSerializableRetry, enforced by a lint rule. Owner: Alex.', 'postmortem-retry-rule'],
      ['priya', 'Reply from Priya Raman: Looks good. Add one: billing-service deploys get a canary step, 10% of traffic for 15 minutes before full rollout.', 'canary-decision'],
      ['marcus', "Reply from Marcus Webb: I'll set up the canary with Argo Rollouts by the end of March.", 'canary-owner'],
      ['dana', 'Reply from Dana Ortiz: Approved. Please present it at the Thursday incident review.'],
    ],
  },
  {
    start: '2025-03-11T16:20:00Z', source: 'meeting', channel: 'zoom', thread: '1:1 Dana Ortiz / Alex Rivera',
    turns: [
      ['dana', 'Quick one before we start: can we move our 1:1 to Thursdays at 11:00 from next week? Tuesdays clash with the leadership sync now.', 'update-one-on-one'],
      ['alex', 'Thursdays at 11 work.', 'update-one-on-one'],
      ['dana', "How's the migration going?"],
      ['alex', 'CDC is running in staging. The backfill of invoices took 3 hours 40 minutes for 48 million rows.', 'backfill-duration'],
      ['dana', "That's faster than I expected."],
      ['alex', "For my goals this half, I'd like to lead the cut-over and give a talk at the internal tech day.", 'alex-goals'],
      ['dana', 'Good. The internal tech day is June 12, talk submissions close May 15.', 'tech-day'],
      ['alex', "I'll submit something about the CDC migration."],
      ['dana', "Promotion packets go to the committee in July, so let's build yours in June."],
    ],
  },
  {
    start: '2025-03-13T08:50:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', 'My desk moved, I sit at 4B-17 on the fourth floor now, next to the platform team.', 'desk-location'],
      ['twin', 'Saved: desk 4B-17, fourth floor.', 'desk-location'],
      ['alex', 'And the migration docs all live in the shared drive under Eng / Payments / Billing-Postgres.', 'migration-docs-folder'],
      ['twin', 'Noted: migration documents in Eng / Payments / Billing-Postgres.', 'migration-docs-folder'],
    ],
  },
  {
    start: '2025-03-18T11:40:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', 'Proposal for the billing cut-over: Saturday June 14, starting 06:00 UTC, with a two-hour read-only window.', 'cutover-orig'],
      ['marcus', "Works for infra. I'll have the Postgres primary on pg-billing-prod-01 and the replica on pg-billing-prod-02 ready by June 1.", 'pg-hosts'],
      ['alex', "I'll prepare the flag flip runbook. Read flags go table by table, invoices last.", 'flag-order'],
      ['jonas', 'will checkout show a maintenance banner during read-only?'],
      ['priya', 'Yes, Jonas, please add a banner behind the flag maintenance_banner_billing.', 'banner-flag'],
      ['jonas', '👍'],
      ['mei', "warehouse exports pause during the window, I'll reschedule the nightly DAG."],
      ['priya', 'Great. Tentative until Dana confirms.'],
    ],
  },
  {
    start: '2025-03-25T10:30:00Z', source: 'slack', channel: '#infra',
    turns: [
      ['marcus', 'Kafka update: staging is moving to the new MSK cluster. Bootstrap is now kafka-stg-c1.internal:9094, the b3 broker goes away on Friday.', 'update-kafka-host'],
      ['alex', 'again? ok, updating Vault for billing-service'],
      ['mei', 'pipeline configs updated'],
      ['marcus', 'sorry for the churn, this should be the last move this year'],
      ['tomas', 'does MSK use IAM auth?'],
      ['marcus', 'mTLS for now, IAM maybe later.', 'msk-auth'],
    ],
  },
  {
    start: '2025-03-27T17:05:00Z', source: 'slack', channel: 'dm:Jonas Berg',
    turns: [
      ['jonas', "I'm out next Friday, my daughter's school play"],
      ['alex', 'have fun!'],
      ['jonas', "and if anyone asks: I'm moving to Gothenburg this summer, going fully remote from August", 'jonas-move'],
      ['alex', 'oh wow, big change! congrats'],
      ['jonas', 'thanks! my partner got a job at Volvo there'],
    ],
  },
  {
    start: '2025-04-02T14:10:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', "I submitted my tech day talk: 'Moving billing off MySQL without downtime'.", 'talk-title'],
      ['twin', 'Saved your talk title.'],
      ['alex', "My PTO is June 2 to June 6, I'm visiting my sister in Porto.", 'alex-pto'],
      ['twin', 'Noted: PTO June 2–6, Porto.', 'alex-pto'],
      ['alex', "Lena starts Monday and I'm her onboarding buddy. Her first project is the invoice PDF renderer rewrite.", 'lena-first-project'],
      ['twin', 'Noted.'],
    ],
  },
  {
    start: '2025-04-08T09:50:00Z', source: 'slack', channel: 'dm:Priya Raman',
    turns: [
      ['priya', "Node 18 goes end-of-life on April 30. I don't want to run an EOL runtime through the cut-over."],
      ['alex', 'Agreed. Change of plan then: billing-service moves to Node 20.11.1 next sprint, before the cut-over.', 'update-node-version'],
      ['priya', 'Good. Check the pg driver and Kysely on 20 first.'],
      ['alex', 'Both fine; only our old crypto polyfill breaks, I will drop it.'],
      ['priya', "When you do the upgrade, please pair with Lena, it's a good onboarding task."],
      ['alex', 'Will do.'],
    ],
  },
  {
    start: '2025-04-15T16:00:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', 'Support says a large merchant had a 2-hour outage last week and missed webhooks because we gave up after 5 attempts.'],
      ['alex', 'Right, with the 1-hour cap the last attempt is only about 2h15 after the first.'],
      ['priya', "Let's raise it: 8 attempts, still capped at 1 hour between them, so we keep trying for about 5 hours.", 'update-webhook-retries'],
      ['alex', 'Raised to 8 attempts in PAY-1302, deploying tomorrow.', ['retry-limit-ticket', 'update-webhook-retries']],
      ['jonas', 'does that change the dashboard alert?'],
      ['alex', "yes, I'll move the dead-letter alert threshold to 8 attempts too."],
    ],
  },
  {
    start: '2025-04-17T11:30:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['dana', 'Team offsite is set: May 20–22 in Lisbon! Details in the doc.', 'offsite-orig'],
      ['jonas', '🎉'],
      ['priya', 'Lisbon in May 😍'],
      ['marcus', 'can we do a surf lesson?'],
      ['dana', "I'll see what fits the budget"],
    ],
  },
  {
    start: '2025-04-23T10:10:00Z', source: 'slack', channel: '#security',
    turns: [
      ['tomas', 'reminder: the new Postgres credentials for billing live in Vault under secret/billing/pg-prod and rotate automatically every 30 days.', 'vault-path'],
      ['alex', 'does the app pick up a rotation without a restart?'],
      ['tomas', 'yes, the Vault agent sidecar re-renders the file and the pool reconnects.'],
      ['marcus', 'tested it in staging, the pool recovers within 2 seconds.'],
      ['tomas', 'also: you no longer need the VPN for staging deploys, the deploy pipeline goes through the new SSO proxy now.', 'update-vpn'],
      ['alex', 'finally!'],
    ],
  },
  {
    start: '2025-04-29T09:30:00Z', source: 'slack', channel: 'dm:Marcus Webb',
    turns: [
      ['marcus', "news: I'm moving to the platform team in May. I'll still support the billing cut-over though.", 'marcus-team-move'],
      ['alex', 'congrats! who takes your SRE on-call slot for payments?'],
      ['marcus', 'Sofia Lind from SRE takes over my payments on-call from May 6.', 'oncall-replacement'],
      ['alex', "ok, I'll add her to the cut-over channel."],
      ['marcus', 'she knows pgbouncer better than me anyway'],
    ],
  },
  {
    start: '2025-05-06T14:20:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['alex', 'Cut-over rehearsal in staging done. The read-only window took 47 minutes, most of it waiting for CDC lag to reach zero.', 'rehearsal-1-duration'],
      ['priya', 'Good. Any surprises?'],
      ['alex', "One surprise: the ledger_entries sequence wasn't advanced on Postgres, so the first insert after the switch collided. Fixed with a setval step in the runbook.", 'rehearsal-1-problem'],
      ['marcus', "I'll add a check for every sequence, not just ledger_entries."],
      ['priya', "Let's do a second rehearsal with production-sized data next week."],
    ],
  },
  {
    start: '2025-05-08T10:00:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', "Offsite update from Dana before she left: the Lisbon venue cancelled, so we're going to Porto instead, same dates.", 'update-offsite'],
      ['jonas', 'Porto is great, even better food'],
      ['marcus', 'surf lesson still possible in Matosinhos 🏄'],
      ['alex', 'I can book train tickets from Lisbon for whoever flies in there.'],
    ],
  },
  {
    start: '2025-05-13T15:30:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', 'Bad news: June 14 clashes with the marketing campaign launch, so the cut-over moves to Saturday June 28, same 06:00 UTC start.', 'update-cutover'],
      ['alex', 'fine, that also gives us room for a third rehearsal'],
      ['marcus', "I'll shift the infra freeze accordingly"],
      ['jonas', 'banner flag stays the same?'],
      ['priya', 'yes, maintenance_banner_billing.', 'banner-flag-confirmed'],
    ],
  },
  {
    start: '2025-05-21T09:15:00Z', source: 'meeting', channel: 'offsite', thread: 'Offsite Porto: decision log',
    turns: [
      ['dana', 'Offsite decision log, day one: the release train moves from Tuesdays to Wednesdays, starting in June.', 'release-day'],
      ['priya', 'And all payments repositories move from Jenkins to GitHub Actions by the end of Q3.', 'ci-decision'],
      ['jonas', 'checkout-web already moved, happy to help'],
      ['dana', 'Second decision: on-call becomes one full week per person, handover on Mondays at 10:00.', 'oncall-decision'],
      ['marcus', '👍 from the platform side'],
      ['alex', 'Can we also agree that every postmortem gets a follow-up review after 30 days?', 'postmortem-followup-proposal'],
      ['dana', 'Yes, adopted: 30-day follow-up review for every postmortem.', 'postmortem-followup'],
    ],
  },
  {
    start: '2025-05-27T12:40:00Z', source: 'email', channel: 'inbox', thread: 'email:billing-security-review',
    turns: [
      ['tomas', 'Email from Tomás Silva, subject "Billing security review": Booked the billing-service security review with Blackcastle for September 8–12, after the Postgres cut-over has settled.', 'billing-security-review'],
      ['alex', "Reply from Alex Rivera: Thanks Tomás. I'll prepare an architecture overview of the new data flow by the end of August."],
    ],
  },
  {
    start: '2025-06-10T09:30:00Z', source: 'slack', channel: 'dm:Priya Raman',
    turns: [
      ['priya', 'welcome back! how was Porto?'],
      ['alex', 'great, my sister showed me all the tascas. what did I miss?'],
      ['priya', 'the second rehearsal went fine: 38 minutes read-only this time. Marcus added the sequence check.', 'rehearsal-2-duration'],
      ['alex', 'nice, that sequence bug scared me'],
      ['priya', 'and Lena shipped her first PR: the PDF renderer now streams pages instead of building the whole document in memory.', 'lena-first-pr'],
      ['alex', "great, I'll review the follow-ups."],
    ],
  },
  {
    start: '2025-06-17T10:00:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', 'The go/no-go meeting for the cut-over is Thursday June 26 at 16:00.', 'go-no-go'],
      ['alex', 'The runbook is final: RB-BILL-07 in the wiki.', 'runbook-id'],
      ['marcus', 'Rollback plan: flip the read flags back, the reverse CDC stream stays off, and MySQL stays writable until July 5.', 'rollback-plan'],
      ['jonas', 'banner tested in staging'],
      ['mei', 'exports are paused for June 28 in the DAG'],
      ['dana', "thanks all, I'll be at the go/no-go."],
    ],
  },
  {
    start: '2025-06-28T06:00:00Z', source: 'slack', channel: '#payments-eng',
    turns: [
      ['priya', 'Starting the cut-over. Read-only ON at 06:02.', 'cutover-read-only-start'],
      ['marcus', 'CDC lag at 0 for all tables'],
      ['alex', 'flipping read flags: payment_attempts done, ledger_entries done, invoices done at 06:41', 'cutover-flag-flips'],
      ['priya', "Read-only OFF at 06:44. We're on Postgres. 🎉", 'cutover-read-only-end'],
      ['jonas', 'checkout looks normal'],
      ['dana', 'congrats team, amazing work'],
      ['alex', 'p95 on the invoice list endpoint went from 420 ms to 95 ms', 'invoice-latency'],
    ],
  },
  {
    start: '2025-06-30T11:00:00Z', source: 'chat', channel: 'twin',
    turns: [
      ['alex', 'Update: I switched from fish to zsh on the work laptop because the new dev container setup assumes it. Shell snippets in zsh from now on.', 'update-shell'],
      ['twin', 'Updated: zsh syntax for shell snippets.', 'update-shell'],
      ['alex', 'And you can drop the birthday card reminder, that is done.'],
      ['twin', 'Done.'],
    ],
  },
];

/**
 * Standup threads are generated (seeded) rather than written: they are the repetitive background of a
 * team channel and share the conversation's vocabulary (tickets, hosts, tools) without holding answers.
 */
export const STANDUP = {
  channel: '#standup',
  dates: ['2025-01-13', '2025-01-27', '2025-02-10', '2025-02-24', '2025-03-10', '2025-03-24', '2025-04-07', '2025-04-22', '2025-05-05', '2025-05-19', '2025-06-02', '2025-06-16'],
  speakers: ['alex', 'priya', 'marcus', 'jonas', 'mei'],
  yesterday: {
    alex: ['PAY-1190 webhook dashboard', 'CDC connector config in staging', 'review of the Kysely wrapper', 'invoice read flag tests', 'runbook dry run', 'PAY-1214 refund export', 'pairing with Lena on PDF streaming', 'flaky ledger tests'],
    priya: ['Postgres schema for payment_attempts', 'PAY-1245 partition plan', 'reviews', 'migration sync with Marcus', 'ledger_entries constraints', 'hiring loop'],
    marcus: ['INFRA-2240 terraform for the new VPC', 'pgbouncer load test', 'Argo Rollouts for ledger-core', 'INFRA-2252 disk alerts on kafka brokers', 'Grafana Tempo collector', 'Vault agent rollout'],
    jonas: ['WEB-702 coupon field', 'checkout banner component', 'design-system bump', 'WEB-715 Apple Pay button', 'Safari regression tests'],
    mei: ['DATA-318 warehouse backfill', 'Debezium connector for warehouse', 'nightly DAG timing', 'DATA-330 revenue rollup', 'airflow upgrade'],
  },
  today: ['more of the same', 'reviews then focus time', 'pairing after lunch', 'on-call handover', 'writing tests', 'planning prep', 'design doc comments', 'migration sync at 14:00'],
  blockers: ['none', 'none', 'none', 'waiting on staging access', 'need a review on my PR', 'CI is slow again', 'waiting for the Postgres replica in staging'],
};
