/**
 * The embedded workspace backend: every store of a workspace in one SQLite file. The only code that
 * holds the better-sqlite3 handle is in this folder; everything else sees the WorkspaceBackend.
 */
import type { Database } from 'better-sqlite3';
import type { WorkspaceBackend } from '../backend.js';
import { SqliteDateTriggerStore } from './date-trigger-store.js';
import { SqliteDecisionLog } from './decision-log.js';
import { SqliteIdempotencyStore } from './idempotency-store.js';
import { SqlitePolicyCounterStore } from './policy-counter-store.js';
import { sqliteRuntimeStores } from './runtime-stores.js';
import { type SqliteStoreOptions, SqliteWorkspaceStore } from './store.js';
import { SqliteTokenStore } from './token-store.js';
import { SqliteWebhookSecretStore } from './webhook-secret-store.js';

/** A SQLite backend; `db` is for the SQLite implementation and its tests only. */
export interface SqliteBackend extends WorkspaceBackend {
  readonly kind: 'sqlite';
  readonly store: SqliteWorkspaceStore;
  readonly db: Database;
}

/** Opens (creating and migrating as needed) the workspace file at `path` with all its stores. */
export function openSqliteBackend(path: string, options: SqliteStoreOptions = {}): SqliteBackend {
  return sqliteBackendOf(SqliteWorkspaceStore.open(path, options));
}

/** The backend over an already open SQLite workspace store (closing the backend closes the store). */
export function sqliteBackendOf(store: SqliteWorkspaceStore): SqliteBackend {
  const { db } = store;
  return {
    kind: 'sqlite',
    location: store.location,
    store,
    db,
    runtime: sqliteRuntimeStores(db),
    idempotency: new SqliteIdempotencyStore(db),
    policyCounters: new SqlitePolicyCounterStore(db),
    decisions: new SqliteDecisionLog(db),
    webhookSecrets: new SqliteWebhookSecretStore(db),
    dateTriggers: new SqliteDateTriggerStore(db),
    tokens: new SqliteTokenStore(db),
    close: () => store.close(),
  };
}
