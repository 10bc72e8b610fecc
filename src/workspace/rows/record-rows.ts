/**
 * Record rows (table runtime_records) and the record-write rules both workspace backends follow:
 * new ids, the merge of an update (null removes a field), "not found" for a record of another
 * object, and what a write returns and stores with its idempotency key (the result with its
 * events). Pure; each backend keeps its SQL, transaction and row locking.
 */
import { randomUUID } from 'node:crypto';
import { recordEvents } from '../records/record-events.js';
import {
  RecordNotFoundError,
  type StoredRecord,
  type WriteContext,
  type WriteResult,
} from '../records/types.js';

/** A runtime_records row. */
export type RecordRow = {
  object: string;
  id: string;
  values_json: string;
  version: number;
  created_at: string;
  updated_at: string;
};

/** What one write did, before its events are made. */
export type AppliedWrite = {
  op: 'create' | 'update' | 'delete';
  record: StoredRecord;
  before?: Record<string, unknown>;
};

/** A new record's id (`rec_` and 16 hex digits) unless the caller gave one. */
export function newRecordId(given?: string): string {
  return given ?? `rec_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** The values after an update: `values` over `current`, a null value removing its field. */
export function mergeValues(
  current: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...current, ...values };
  for (const [key, value] of Object.entries(values)) if (value === null) delete merged[key];
  return merged;
}

/** The record in `row`; with an object, it must belong to that object, else RecordNotFoundError. */
export function requireRecord(
  row: RecordRow | undefined,
  object: string | undefined,
  id: string,
): StoredRecord {
  if (!row || (object !== undefined && row.object !== object))
    throw new RecordNotFoundError(object ?? '*', id);
  return toRecord(row);
}

/** The result of a write at `at`, with the events it emits (the backend appends them and stores the result). */
export function writeResult(ctx: WriteContext, applied: AppliedWrite, at: string): WriteResult {
  const { op, record, before } = applied;
  const events = recordEvents({
    op,
    object: record.object,
    recordId: record.id,
    before,
    after: record.values,
    writeId: `evt_${randomUUID()}`,
    causation: ctx.causation ?? [],
    actor: ctx.actor ?? null,
    at,
  });
  return { record, previous: before, events, replayed: false };
}

/** The stored result of an earlier write with the same idempotency key, marked as replayed. */
export function replayedResult(resultJson: string): WriteResult {
  return { ...JSON.parse(resultJson), replayed: true };
}

/** A runtime_records row as a StoredRecord. */
export function toRecord(row: RecordRow): StoredRecord {
  return {
    id: row.id,
    object: row.object,
    values: JSON.parse(row.values_json),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
