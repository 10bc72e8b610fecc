/**
 * The event outbox: every event (record writes, `aexy events emit`, the ingress) is appended here
 * first; routers claim events atomically (one router routes each event even when several poll), so
 * nothing is routed twice and nothing is lost when no router runs at the moment of the write.
 */
import type { RuntimeEvent, StoredEvent } from './types.js';

/** All methods are async so a shared (PostgreSQL, HTTP) store fits the same shape. */
export interface EventStore {
  /** Appends events; an id already in the outbox is ignored. Returns how many were new. */
  append(events: RuntimeEvent[]): Promise<number>;
  /** Claims up to `limit` unrouted events for `router`, oldest first. */
  claim(router: string, limit: number): Promise<StoredEvent[]>;
  /** Claims one event by id; undefined when it is unknown or already claimed. */
  claimOne(id: string, router: string): Promise<StoredEvent | undefined>;
  /** Gives a claimed event back (routing failed); a later claim routes it again. */
  release(id: string): Promise<void>;
  /** Marks a claimed event as routed for good. */
  finish(id: string): Promise<void>;
  /** Takes back claims older than `olderThanMs` that never finished (their router died); returns how many. */
  releaseStale(olderThanMs: number): Promise<number>;
  get(id: string): Promise<StoredEvent | undefined>;
  /** Newest first. */
  list(options?: { limit?: number; unroutedOnly?: boolean }): Promise<StoredEvent[]>;
}
