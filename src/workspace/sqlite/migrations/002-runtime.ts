import type { Migration } from './types.js';

/**
 * The runtime's tables: the event outbox (`runtime_events`, claimed atomically by routers), the run
 * and step log, the embedded record store with the idempotency keys of its writes and of completed
 * actions, and run-limit reservations (one row per automation and event, counted per month).
 */
export const migration: Migration = {
  version: 2,
  name: 'runtime',
  up(db) {
    db.exec(`
      CREATE TABLE runtime_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        object TEXT,
        record_id TEXT,
        depth INTEGER NOT NULL DEFAULT 0,
        event_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        routed_at TEXT,
        routed_by TEXT
      );
      CREATE INDEX runtime_events_unrouted ON runtime_events (routed_at, seq);

      CREATE TABLE runtime_runs (
        id TEXT PRIMARY KEY,
        automation TEXT NOT NULL,
        version_id INTEGER,
        version INTEGER,
        status TEXT NOT NULL,
        reason TEXT,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        event_json TEXT NOT NULL,
        workflow_id TEXT,
        temporal_run_id TEXT,
        depth INTEGER NOT NULL DEFAULT 0,
        causation_json TEXT NOT NULL DEFAULT '[]',
        error_json TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX runtime_runs_automation ON runtime_runs (automation, created_at);
      CREATE INDEX runtime_runs_status ON runtime_runs (status);
      CREATE INDEX runtime_runs_event ON runtime_runs (event_id);

      CREATE TABLE runtime_steps (
        run_id TEXT NOT NULL,
        step_key TEXT NOT NULL,
        step_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1,
        seq INTEGER NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        input_json TEXT,
        output_json TEXT,
        error_type TEXT,
        error_message TEXT,
        error_retryable INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step_key)
      );
      CREATE INDEX runtime_steps_waiting ON runtime_steps (status) WHERE status = 'WAITING';

      CREATE TABLE runtime_notes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        step_key TEXT,
        note TEXT NOT NULL,
        data_json TEXT,
        at TEXT NOT NULL,
        UNIQUE (run_id, at, note)
      );

      CREATE TABLE runtime_records (
        id TEXT PRIMARY KEY,
        object TEXT NOT NULL,
        values_json TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX runtime_records_object ON runtime_records (object, created_at);

      CREATE TABLE runtime_idempotency_keys (
        key TEXT PRIMARY KEY,
        result_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE runtime_run_reservations (
        automation TEXT NOT NULL,
        event_id TEXT NOT NULL,
        period TEXT NOT NULL,
        state TEXT NOT NULL,
        run_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (automation, event_id)
      );
      CREATE INDEX runtime_run_reservations_period ON runtime_run_reservations (automation, period, state);
    `);
  },
};
