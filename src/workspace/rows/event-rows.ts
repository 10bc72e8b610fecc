/**
 * Outbox rows (table runtime_events) and their mapping to StoredEvent, shared by the SQLite and
 * PostgreSQL event stores. Pure; claiming and appending stay in each backend.
 */
import type { StoredEvent } from '../events/types.js';

/** A runtime_events row as the stores select it; `seq` is a BIGINT string from pg. */
export type EventRow = {
  seq: number | string;
  event_json: string;
  created_at: string;
  routed_at: string | null;
  routed_by: string | null;
  finished_at?: string | null;
};

/** The columns of an EventRow, for SELECT and RETURNING. */
export const EVENT_COLUMNS = 'seq, event_json, created_at, routed_at, routed_by, finished_at';

/** A runtime_events row as a StoredEvent. */
export function toStored(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    event: JSON.parse(row.event_json),
    createdAt: row.created_at,
    routedAt: row.routed_at,
    routedBy: row.routed_by,
    finishedAt: row.finished_at ?? null,
  };
}
