/**
 * What the router's side stores write, shared by SQLite and PostgreSQL: a date-trigger firing's row
 * and a run-limit reservation (over the limit or reserved, and the count it answers with). Pure;
 * each backend keeps its SQL and how it serialises reservations.
 */
import type { DateTriggerFiring } from '../backend.js';
import type { Reservation, ReservationOutcome, ReservationRequest } from '../counters.js';

/**
 * A firing's values in the column order key, automation, record_id, field, value, offset_ms, due_at,
 * event_id, fired_at.
 */
export function firingValues(firing: DateTriggerFiring): unknown[] {
  return [
    firing.key,
    firing.automation,
    firing.recordId,
    firing.field,
    firing.value,
    firing.offsetMs,
    firing.dueAt,
    firing.eventId,
    firing.firedAt,
  ];
}

/**
 * A new reservation when `used` runs are already reserved in its period: its row values (column
 * order automation, event_id, period, state, run_id, created_at) and the answer to give.
 */
export function newReservation(
  request: ReservationRequest,
  used: number,
): { values: unknown[]; reservation: Reservation } {
  const outcome: ReservationOutcome =
    request.limit !== undefined && used >= request.limit ? 'over_limit' : 'reserved';
  const values = [
    request.automation,
    request.eventId,
    request.period,
    outcome,
    request.runId,
    new Date().toISOString(),
  ];
  return {
    values,
    reservation: { outcome, used: outcome === 'reserved' ? used + 1 : used, existing: false },
  };
}
