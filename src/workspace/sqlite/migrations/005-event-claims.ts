import type { Migration } from './types.js';

/**
 * When a router finished routing an outbox event. A claim without `finished_at` that is older than a
 * minute belongs to a router that died mid-way: the next router takes it back and routes the event
 * again (routing is idempotent), so no event is lost to a crash.
 */
export const migration: Migration = {
  version: 5,
  name: 'event-claims',
  up(db) {
    db.exec(`
      ALTER TABLE runtime_events ADD COLUMN finished_at TEXT;
      UPDATE runtime_events SET finished_at = routed_at WHERE routed_at IS NOT NULL;
      CREATE INDEX runtime_events_open_claims ON runtime_events (routed_at) WHERE finished_at IS NULL;
    `);
  },
};
