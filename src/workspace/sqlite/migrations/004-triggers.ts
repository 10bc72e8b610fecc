import type { Migration } from './types.js';

/**
 * Trigger state: the per-automation webhook secrets of the ingress (the previous one stays valid
 * until `previous_valid_until` after a rotation), and the date-trigger firings already emitted (one
 * row per automation, record, field value and offset, so each fires once, also after a restart).
 */
export const migration: Migration = {
  version: 4,
  name: 'triggers',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_secrets (
        automation TEXT PRIMARY KEY,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        previous_valid_until TEXT,
        created_at TEXT NOT NULL,
        rotated_at TEXT
      );

      CREATE TABLE date_trigger_fires (
        key TEXT PRIMARY KEY,
        automation TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        offset_ms INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        event_id TEXT NOT NULL,
        fired_at TEXT NOT NULL
      );
      CREATE INDEX date_trigger_fires_automation ON date_trigger_fires (automation, due_at);
    `);
  },
};
