/**
 * The runtime's stores (run log, searchable records, event outbox, run-limit counters) on one open
 * SQLite workspace database.
 */
import type { Database } from 'better-sqlite3';
import type { RuntimeStores } from '../backend.js';
import { SqliteCounterStore } from './counter-store.js';
import { SqliteEventStore } from './event-store.js';
import { SqliteRecordStore } from './record-store.js';
import { SqliteRunStore } from './run-store.js';

/** The runtime stores on an open SQLite workspace database (migrations already applied). */
export function sqliteRuntimeStores(db: Database): RuntimeStores {
  return {
    runs: new SqliteRunStore(db),
    records: new SqliteRecordStore(db),
    events: new SqliteEventStore(db),
    counters: new SqliteCounterStore(db),
  };
}

export type { RuntimeStores } from '../backend.js';
