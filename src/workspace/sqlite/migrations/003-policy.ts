import type { Migration } from './types.js';

/**
 * Agent policy state: counters of rate limits and token budgets (one row per policy and window,
 * keyed `<policy>@<window start>`), and the decisions log (every decision, allow included).
 */
export const migration: Migration = {
  version: 3,
  name: 'policy',
  up(db) {
    db.exec(`
      CREATE TABLE policy_counters (
        key TEXT PRIMARY KEY,
        used INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE policy_decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        agent TEXT NOT NULL,
        run_id TEXT,
        tool TEXT NOT NULL,
        args_json TEXT NOT NULL,
        outcome TEXT NOT NULL,
        matched_json TEXT NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX policy_decisions_agent ON policy_decisions (agent, id);
      CREATE INDEX policy_decisions_outcome ON policy_decisions (outcome, id);
      CREATE INDEX policy_decisions_run ON policy_decisions (run_id, id);
    `);
  },
};
