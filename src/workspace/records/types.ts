/**
 * The embedded record store: objects (deals, contacts, companies, leads, tickets, candidates, tasks,
 * notifications, ...) and their records as JSON values. Every write appends its record events
 * (record.created / updated / deleted, field.changed per changed field, stage.changed, status.changed)
 * to the event outbox in the same transaction, and a write carrying an idempotency key happens at
 * most once: repeating it returns the first result without writing or emitting again.
 */
import type { RuntimeEvent } from '../events/types.js';

export interface StoredRecord {
  id: string;
  object: string;
  values: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Who and what is writing: an idempotency key for actions, the causation chain for their events. */
export interface WriteContext {
  /** Same key again: the first result is returned, nothing is written or emitted twice. */
  idempotencyKey?: string;
  /** The chain of runs that led to this write (the writing run last). */
  causation?: string[];
  /** User id, or null when an automation writes. */
  actor?: string | null;
  at?: string;
}

export interface WriteResult {
  record: StoredRecord;
  /** Values before the write (updates and deletes). */
  previous?: Record<string, unknown>;
  events: RuntimeEvent[];
  /** True when the idempotency key had been used: this is the first write's result. */
  replayed: boolean;
}

/** `field op value` filters of `records list`; `eq` compares JSON values. */
export interface RecordFilter {
  field: string;
  op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains';
  value: unknown;
}

export interface ListOptions {
  where?: RecordFilter[];
  limit?: number;
  offset?: number;
}

/** All methods are async so a shared (PostgreSQL, HTTP) store fits the same shape. */
export interface RecordStore {
  create(
    object: string,
    values: Record<string, unknown>,
    ctx?: WriteContext & { id?: string },
  ): Promise<WriteResult>;
  /** Merges `values` into the record (a null value clears an attribute); object undefined: any object. */
  update(
    object: string | undefined,
    id: string,
    values: Record<string, unknown>,
    ctx?: WriteContext,
  ): Promise<WriteResult>;
  delete(object: string | undefined, id: string, ctx?: WriteContext): Promise<WriteResult>;
  /** Record ids are unique across objects; with an object, the record must belong to it. */
  get(object: string | undefined, id: string): Promise<StoredRecord | undefined>;
  list(object: string, options?: ListOptions): Promise<StoredRecord[]>;
  /** Object slugs with at least one record, and their counts. */
  objects(): Promise<Array<{ object: string; count: number }>>;
}

/** A write referenced a record that does not exist. */
export class RecordNotFoundError extends Error {
  constructor(
    readonly object: string,
    readonly id: string,
  ) {
    super(`no record ${id} in object ${object}`);
    this.name = 'RecordNotFoundError';
  }
}

/** A create named an id that is taken. */
export class RecordExistsError extends Error {
  constructor(
    readonly object: string,
    readonly id: string,
  ) {
    super(`a record ${id} already exists in object ${object}`);
    this.name = 'RecordExistsError';
  }
}
