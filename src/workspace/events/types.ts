/**
 * A runtime event: something that happened (a record write, an inbound webhook, `aexy events emit`)
 * and may trigger automations. Events are appended to the workspace's event outbox in the same
 * transaction as the write that caused them, so an event is never lost between a write and routing.
 * Structurally a superset of the runtime contract's RunEvent (what a run receives as `trigger`).
 */

/** A field's old and new value in a record update. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** The record an event is about (the `record` expression root). */
export interface EventRecord {
  id: string;
  object: string;
  values: Record<string, unknown>;
}

/** Where an event came from. */
export type EventSource = 'records' | 'cli' | 'ingress' | 'schedule' | 'manual';

export interface RuntimeEvent {
  /** Unique id; a duplicate id never starts a second run of the same automation. */
  id: string;
  /** Canonical trigger id, e.g. `record.created`, `stage.changed`, `email.replied`. */
  type: string;
  /** Module that emitted it, when it is a module event; absent: any module's automation may match. */
  module?: string;
  /** Object slug for record events (`deals`), matched against `trigger.object`. */
  object?: string;
  recordId?: string;
  /** `trigger.payload` (shape given by the trigger's registry payload schema). */
  payload: Record<string, unknown>;
  record?: EventRecord;
  /** Record updates: changed fields by slug (`trigger.changes`). */
  changes?: Record<string, FieldChange>;
  /** Record updates: values before the change (`trigger.previous`). */
  previous?: Record<string, unknown>;
  /**
   * Run ids whose actions caused this event, oldest first (the writing run last); empty for events
   * from outside. Its length is the event's causation depth.
   */
  causation: string[];
  occurredAt: string;
  source: EventSource;
  /** Set by `aexy runs retry`: the run this event's run retries (same event content, new id). */
  retryOf?: string;
  /**
   * Only this automation may be started by the event (schedules, date triggers and `/hooks/` fire
   * for one automation; without it, every automation with the same trigger type would match).
   */
  target?: string;
}

/** An event as stored in the outbox, with its routing state. */
export interface StoredEvent {
  seq: number;
  event: RuntimeEvent;
  createdAt: string;
  /** When a router claimed it (null: not yet routed). */
  routedAt: string | null;
  routedBy: string | null;
  /** When the router finished routing it: its runs exist from then on (null: not yet, or still in flight). */
  finishedAt: string | null;
}
