import type { PgMigration } from './types.js';

/**
 * The runtime's tables: event outbox, run/step/note log, records with their idempotency keys,
 * run-limit reservations, policy counters and decisions, webhook secrets and date-trigger firings.
 * The same tables and columns as the SQLite migrations 002-005, so both stores map rows alike:
 * - every text column is `COLLATE "C"`: comparisons and ORDER BY are byte-wise, as in SQLite, so
 *   ids, ISO time stamps and record values sort the same on both stores whatever the database locale;
 * - JSON stays TEXT (key order kept); records also get a JSONB copy (`doc`, written by the store
 *   with the same values), which the filters and search read without parsing every row again;
 * - insertion-order columns (`seq`, decision ids) are BIGINT identities (the stores convert them to
 *   numbers); a run row has one too, the `rowid` tie-break of SQLite's newest-first listing.
 */
export const migration: PgMigration = {
  version: 2,
  name: 'runtime',
  async up(client) {
    await client.query(RUNS_AND_EVENTS);
    await client.query(RECORDS_AND_COUNTERS);
    await client.query(POLICY_AND_TRIGGERS);
  },
};

const RUNS_AND_EVENTS = `
  CREATE TABLE runtime_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    type TEXT COLLATE "C" NOT NULL,
    object TEXT COLLATE "C",
    record_id TEXT COLLATE "C",
    depth INTEGER NOT NULL DEFAULT 0,
    event_json TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    routed_at TEXT COLLATE "C",
    routed_by TEXT COLLATE "C",
    finished_at TEXT COLLATE "C"
  );
  -- Routers scan only unclaimed events, oldest first; the stale-claim sweep reads open claims.
  CREATE INDEX runtime_events_unrouted ON runtime_events (seq) WHERE routed_at IS NULL;
  CREATE INDEX runtime_events_open_claims ON runtime_events (routed_at) WHERE finished_at IS NULL;

  CREATE TABLE runtime_runs (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT COLLATE "C" PRIMARY KEY,
    automation TEXT COLLATE "C" NOT NULL,
    version_id INTEGER,
    version INTEGER,
    status TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C",
    event_id TEXT COLLATE "C" NOT NULL,
    event_type TEXT COLLATE "C" NOT NULL,
    event_json TEXT NOT NULL,
    workflow_id TEXT COLLATE "C",
    temporal_run_id TEXT COLLATE "C",
    depth INTEGER NOT NULL DEFAULT 0,
    causation_json TEXT NOT NULL DEFAULT '[]',
    error_json TEXT,
    created_at TEXT COLLATE "C" NOT NULL,
    started_at TEXT COLLATE "C",
    finished_at TEXT COLLATE "C",
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX runtime_runs_automation ON runtime_runs (automation, created_at);
  CREATE INDEX runtime_runs_created ON runtime_runs (created_at, seq);
  CREATE INDEX runtime_runs_status ON runtime_runs (status);
  CREATE INDEX runtime_runs_event ON runtime_runs (event_id);

  CREATE TABLE runtime_steps (
    run_id TEXT COLLATE "C" NOT NULL,
    step_key TEXT COLLATE "C" NOT NULL,
    step_id TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1,
    seq INTEGER NOT NULL,
    started_at TEXT COLLATE "C",
    finished_at TEXT COLLATE "C",
    input_json TEXT,
    output_json TEXT,
    error_type TEXT COLLATE "C",
    error_message TEXT COLLATE "C",
    error_retryable INTEGER,
    updated_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (run_id, step_key)
  );
  CREATE INDEX runtime_steps_waiting ON runtime_steps (status) WHERE status = 'WAITING';

  CREATE TABLE runtime_notes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id TEXT COLLATE "C" NOT NULL,
    step_key TEXT COLLATE "C",
    note TEXT COLLATE "C" NOT NULL,
    data_json TEXT,
    at TEXT COLLATE "C" NOT NULL,
    UNIQUE (run_id, at, note)
  );
`;

const RECORDS_AND_COUNTERS = `
  CREATE TABLE runtime_records (
    id TEXT COLLATE "C" PRIMARY KEY,
    object TEXT COLLATE "C" NOT NULL,
    values_json TEXT NOT NULL,
    doc JSONB NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX runtime_records_object ON runtime_records (object, created_at, id);

  CREATE TABLE runtime_idempotency_keys (
    key TEXT COLLATE "C" PRIMARY KEY,
    result_json TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
  );

  CREATE TABLE runtime_run_reservations (
    automation TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    period TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    run_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (automation, event_id)
  );
  CREATE INDEX runtime_run_reservations_period ON runtime_run_reservations (automation, period, state);
`;

const POLICY_AND_TRIGGERS = `
  CREATE TABLE policy_counters (
    key TEXT COLLATE "C" PRIMARY KEY,
    used NUMERIC NOT NULL DEFAULT 0,
    updated_at TEXT COLLATE "C" NOT NULL
  );

  CREATE TABLE policy_decisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    agent TEXT COLLATE "C" NOT NULL,
    run_id TEXT COLLATE "C",
    tool TEXT COLLATE "C" NOT NULL,
    args_json TEXT NOT NULL,
    outcome TEXT COLLATE "C" NOT NULL,
    matched_json TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX policy_decisions_agent ON policy_decisions (agent, id);
  CREATE INDEX policy_decisions_outcome ON policy_decisions (outcome, id);
  CREATE INDEX policy_decisions_run ON policy_decisions (run_id, id);

  CREATE TABLE webhook_secrets (
    automation TEXT COLLATE "C" PRIMARY KEY,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_valid_until TEXT COLLATE "C",
    created_at TEXT COLLATE "C" NOT NULL,
    rotated_at TEXT COLLATE "C"
  );

  CREATE TABLE date_trigger_fires (
    key TEXT COLLATE "C" PRIMARY KEY,
    automation TEXT COLLATE "C" NOT NULL,
    record_id TEXT COLLATE "C" NOT NULL,
    field TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C" NOT NULL,
    offset_ms BIGINT NOT NULL,
    due_at TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    fired_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX date_trigger_fires_automation ON date_trigger_fires (automation, due_at);
`;
