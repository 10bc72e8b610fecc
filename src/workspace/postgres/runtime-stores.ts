/**
 * Every PostgreSQL store of a workspace apart from definitions and tokens: the runtime stores (run
 * log, records, event outbox, run-limit counters), idempotency keys, policy counters and decisions,
 * webhook secrets and date-trigger firings, all on one pool. The backend (./backend.ts) spreads it.
 */
import type pg from 'pg';
import type { WorkspaceBackend } from '../backend.js';
import { PgCounterStore } from './counter-store.js';
import { PgDateTriggerStore } from './date-trigger-store.js';
import { PgDecisionLog } from './decision-log.js';
import { PgEventStore } from './event-store.js';
import { PgIdempotencyStore } from './idempotency-store.js';
import { PgPolicyCounterStore } from './policy-counter-store.js';
import { PgRecordStore } from './record-store.js';
import { PgRunStore } from './run-store.js';
import { PgWebhookSecretStore } from './webhook-secret-store.js';

/** The backend members the runtime migration (002-runtime) serves. */
export type PgRuntimeParts = Pick<
  WorkspaceBackend,
  'runtime' | 'idempotency' | 'policyCounters' | 'decisions' | 'webhookSecrets' | 'dateTriggers'
>;

/** The runtime parts of a backend on a pool whose schema is migrated. */
export function postgresRuntimeParts(pool: pg.Pool): PgRuntimeParts {
  return {
    runtime: {
      runs: new PgRunStore(pool),
      records: new PgRecordStore(pool),
      events: new PgEventStore(pool),
      counters: new PgCounterStore(pool),
    },
    idempotency: new PgIdempotencyStore(pool),
    policyCounters: new PgPolicyCounterStore(pool),
    decisions: new PgDecisionLog(pool),
    webhookSecrets: new PgWebhookSecretStore(pool),
    dateTriggers: new PgDateTriggerStore(pool),
  };
}
