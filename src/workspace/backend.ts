/**
 * A workspace backend: every store of one workspace behind interfaces, so the CLI, the runtime and
 * `aexy serve` work the same whether the workspace is a SQLite file (the embedded default), a
 * PostgreSQL database shared by several machines (`postgres://…`), or a remote `aexy serve` API
 * (`https://host/workspaces/acme`, what CI uses). Nothing outside a backend's own folder touches its
 * database handle.
 */

import type { PolicyCounterStore } from '../policy/counters.js';
import type { DecisionLog } from '../policy/decisions-log.js';
import type { CounterStore } from './counters.js';
import type { EventStore } from './events/event-store.js';
import type { RuntimeEvent } from './events/types.js';
import type { RecordStore, StoredRecord } from './records/types.js';
import type { RunStore } from './runs/types.js';
import type { WorkspaceStore } from './store.js';

/** Which implementation serves a backend. */
export type BackendKind = 'sqlite' | 'postgres' | 'remote';

/** Record search (the `search_records` action): equality filters, substring, sort, limit. */
export interface RecordSearch {
  object: string;
  /** Attribute equality filters (`null` matches a missing or null attribute). */
  where?: Record<string, unknown>;
  /** Case-insensitive substring over the record's values. */
  query?: string;
  /** Attribute to sort by; `-` prefix for descending. */
  sort?: string;
  limit: number;
}

/** The record store plus search, as the runtime needs it. */
export interface SearchableRecordStore extends RecordStore {
  search(query: RecordSearch): Promise<{ records: StoredRecord[]; total: number }>;
}

/** The runtime's stores: run log, records, event outbox and run-limit counters. */
export interface RuntimeStores {
  runs: RunStore;
  records: SearchableRecordStore;
  events: EventStore;
  counters: CounterStore;
}

/** Completed actions' outputs by idempotency key (a retried action returns the first output). */
export interface IdempotencyStore {
  get(key: string): Promise<{ output: unknown } | undefined>;
  /** Stores the output unless the key exists (the first write wins). */
  put(key: string, output: unknown): Promise<void>;
}

/** An automation's webhook secret state. */
export interface WebhookSecret {
  automation: string;
  secret: string;
  previous?: { secret: string; validUntil: string };
  createdAt: string;
  rotatedAt?: string;
}

/** Per-automation webhook secrets (created on first use, rotated with a grace period). */
export interface WebhookSecretStore {
  get(automation: string): Promise<WebhookSecret | undefined>;
  /** The automation's secret, created when it has none. */
  ensure(automation: string): Promise<WebhookSecret>;
  /** A new secret; the current one stays valid for `graceMs`. */
  rotate(automation: string, graceMs?: number): Promise<WebhookSecret>;
  /** The secrets a request may be signed with now (current, and the previous during its grace). */
  valid(automation: string): Promise<string[]>;
}

/** One firing of a date trigger for one record value. */
export interface DateTriggerFiring {
  /** automation|recordId|field|value|offsetMs: the same firing is never emitted twice. */
  key: string;
  automation: string;
  recordId: string;
  field: string;
  value: string;
  offsetMs: number;
  dueAt: string;
  eventId: string;
  firedAt: string;
}

/** Date-trigger firings already emitted. */
export interface DateTriggerStore {
  /** Remembers the firing and appends its event atomically; false (and nothing written) when it fired before. */
  fireOnce(firing: DateTriggerFiring, event: RuntimeEvent): Promise<boolean>;
}

/** What an API token may do. `admin` implies every scope, `apply` implies `plan`, `plan` and `operate` imply `read`. */
export type TokenScope = 'read' | 'plan' | 'apply' | 'operate' | 'admin';

export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'plan', 'apply', 'operate', 'admin'];

/** An API token as listed (never its secret; only a hash is stored). */
export interface ApiToken {
  /** Public id (`tok_…`), what `aexy tokens revoke` takes. */
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** API tokens of one workspace, stored as SHA-256 hashes of high-entropy secrets. */
export interface TokenStore {
  /** Creates a token; the secret is returned once and never stored. */
  create(input: {
    name: string;
    scopes: TokenScope[];
    createdBy: string;
    expiresAt?: string;
  }): Promise<{ token: ApiToken; secret: string }>;
  /** Newest first, revoked ones included (marked). */
  list(): Promise<ApiToken[]>;
  /** Marks the token revoked; undefined when there is no such id. */
  revoke(id: string): Promise<ApiToken | undefined>;
  /**
   * The live (not revoked, not expired) token with this secret, else undefined. Its last use is
   * recorded when the stored one is a minute old or more (TOKEN_LAST_USE_RESOLUTION_MS).
   */
  verify(secret: string): Promise<ApiToken | undefined>;
}

/** Every store of one workspace. */
export interface WorkspaceBackend {
  readonly kind: BackendKind;
  /** Where it lives: a file path or URL (credentials removed). */
  readonly location: string;
  /** Definitions, versions, plans/applies and the workspace lock. */
  readonly store: WorkspaceStore;
  readonly runtime: RuntimeStores;
  readonly idempotency: IdempotencyStore;
  readonly policyCounters: PolicyCounterStore;
  readonly decisions: DecisionLog;
  readonly webhookSecrets: WebhookSecretStore;
  readonly dateTriggers: DateTriggerStore;
  readonly tokens: TokenStore;
  close(): Promise<void>;
}
