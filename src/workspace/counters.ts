/**
 * Run-limit counting: `runsPerMonth` per automation per calendar month in the workspace time zone.
 * A reservation is one row per (automation, event): reserving is atomic under concurrency (the SQLite store
 * serialises writers with an IMMEDIATE transaction, across processes too), idempotent for the same event,
 * and releasable (a run SKIPPED because its conditions did not hold does not count).
 */
export type ReservationOutcome = 'reserved' | 'over_limit' | 'released';

export interface ReservationRequest {
  automation: string;
  eventId: string;
  runId: string;
  /** The counting period, e.g. `2026-11` (see monthKey). */
  period: string;
  /** Undefined: no limit (the reservation is still recorded so counts are visible). */
  limit?: number;
}

export interface Reservation {
  outcome: ReservationOutcome;
  /** Counted runs in the period after this reservation. */
  used: number;
  /** True when this (automation, event) had been reserved before: the earlier outcome is returned. */
  existing: boolean;
}

/** All methods are async so a shared (PostgreSQL, HTTP) store fits the same shape. */
export interface CounterStore {
  reserveRun(request: ReservationRequest): Promise<Reservation>;
  /** Un-counts a reservation (conditions not met); a no-op when it is not counted. */
  releaseRun(automation: string, eventId: string): Promise<void>;
  /** Forgets a reservation entirely (its run could not be started; routing the event again re-reserves). */
  cancelReservation(automation: string, eventId: string): Promise<void>;
  /** Counted runs of an automation in a period. */
  usedRuns(automation: string, period: string): Promise<number>;
}

/** `YYYY-MM` of an instant in an IANA time zone: the calendar month run limits count in. */
export function monthKey(at: Date, timeZone = 'UTC'): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  return `${year}-${month}`;
}
