/**
 * The runtime's stores on one workspace database: run log, record store, event outbox and run-limit
 * counters. Commands, the router and the worker get them together from the workspace they open.
 */
import type { Database } from 'better-sqlite3';
import { type CounterStore, SqliteCounterStore } from './counters.js';
import { type EventStore, SqliteEventStore } from './events/event-store.js';
import { SqliteRecordStore } from './records/sqlite-record-store.js';
import type { RecordStore } from './records/types.js';
import { SqliteRunStore } from './runs/sqlite-run-store.js';
import type { RunStore } from './runs/types.js';

export interface RuntimeStores {
  runs: RunStore;
  records: RecordStore;
  events: EventStore;
  counters: CounterStore;
}

/** The runtime stores on an open SQLite workspace database (migrations already applied). */
export function sqliteRuntimeStores(db: Database): RuntimeStores {
  return {
    runs: new SqliteRunStore(db),
    records: new SqliteRecordStore(db),
    events: new SqliteEventStore(db),
    counters: new SqliteCounterStore(db),
  };
}
