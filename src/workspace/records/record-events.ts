/**
 * Which events a record write emits. Pure: given the object, the values before and after, and the
 * write's context, returns the events in the order they are appended to the outbox.
 */
import type { FieldChange, RuntimeEvent } from '../events/types.js';

/** Attributes whose change is a pipeline stage change (the platform's fallback slugs). */
export const STAGE_FIELDS = ['stage', 'pipeline_stage', 'deal_stage'];
/** Attributes whose change is a status change. */
export const STATUS_FIELDS = ['status'];

export interface RecordWrite {
  op: 'create' | 'update' | 'delete';
  object: string;
  recordId: string;
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
  /** Id of the write; events are `<writeId>`, `<writeId>.field.<slug>`, `<writeId>.stage.<slug>`. */
  writeId: string;
  causation: string[];
  actor: string | null;
  at: string;
}

/** The changed attributes between two value maps (deep comparison through JSON). */
export function diffValues(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** The events a record write emits: none for an update that changes nothing. */
export function recordEvents(write: RecordWrite): RuntimeEvent[] {
  const base = (id: string, type: string, payload: Record<string, unknown>): RuntimeEvent => ({
    id,
    type,
    object: write.object,
    recordId: write.recordId,
    payload: { recordId: write.recordId, object: write.object, values: write.after, ...payload },
    record: { id: write.recordId, object: write.object, values: write.after },
    causation: write.causation,
    occurredAt: write.at,
    source: 'records',
  });
  if (write.op === 'create') return [base(write.writeId, 'record.created', { createdBy: write.actor })];
  if (write.op === 'delete') {
    return [base(write.writeId, 'record.deleted', { permanent: true, deletedBy: write.actor })];
  }
  const previous = write.before ?? {};
  const changes = diffValues(previous, write.after);
  if (Object.keys(changes).length === 0) return [];
  const withChanges = (event: RuntimeEvent): RuntimeEvent => ({ ...event, changes, previous });
  const list = Object.entries(changes).map(([field, c]) => ({ field, from: c.from, to: c.to }));
  const events = [
    withChanges(base(write.writeId, 'record.updated', { previous, changes: list, changedBy: write.actor })),
  ];
  for (const [field, change] of Object.entries(changes)) {
    const transition = { field, from: change.from, to: change.to, changedBy: write.actor };
    events.push(withChanges(base(`${write.writeId}.field.${field}`, 'field.changed', transition)));
    if (STAGE_FIELDS.includes(field)) {
      events.push(withChanges(base(`${write.writeId}.stage.${field}`, 'stage.changed', transition)));
    }
    if (STATUS_FIELDS.includes(field)) {
      events.push(withChanges(base(`${write.writeId}.status.${field}`, 'status.changed', transition)));
    }
  }
  return events;
}
