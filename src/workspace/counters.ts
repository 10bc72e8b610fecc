/**
 * Run-limit counting: `runsPerMonth` per automation per calendar month in the workspace time zone.
 * A reservation is one row per (automation, event): reserving is atomic under concurrency (an
 * IMMEDIATE transaction serialises writers, across processes too), idempotent for the same event,
 * and releasable (a run SKIPPED because its conditions did not hold does not count).
 */
import type Database from 'better-sqlite3';

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

/** Implements CounterStore on the workspace database handle. */
export class SqliteCounterStore implements CounterStore {
  constructor(private readonly db: Database.Database) {}

  async reserveRun(request: ReservationRequest): Promise<Reservation> {
    const reserve = this.db.transaction((): Reservation => {
      const prior = this.db
        .prepare('SELECT state, period FROM runtime_run_reservations WHERE automation = ? AND event_id = ?')
        .get(request.automation, request.eventId) as
        | { state: ReservationOutcome; period: string }
        | undefined;
      if (prior) {
        return { outcome: prior.state, used: this.count(request.automation, prior.period), existing: true };
      }
      const used = this.count(request.automation, request.period);
      const outcome: ReservationOutcome =
        request.limit !== undefined && used >= request.limit ? 'over_limit' : 'reserved';
      this.db
        .prepare(
          `INSERT INTO runtime_run_reservations (automation, event_id, period, state, run_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          request.automation,
          request.eventId,
          request.period,
          outcome,
          request.runId,
          new Date().toISOString(),
        );
      return { outcome, used: outcome === 'reserved' ? used + 1 : used, existing: false };
    });
    return reserve.immediate();
  }

  async releaseRun(automation: string, eventId: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE runtime_run_reservations SET state = 'released' WHERE automation = ? AND event_id = ? AND state = 'reserved'`,
      )
      .run(automation, eventId);
  }

  async cancelReservation(automation: string, eventId: string): Promise<void> {
    this.db
      .prepare('DELETE FROM runtime_run_reservations WHERE automation = ? AND event_id = ?')
      .run(automation, eventId);
  }

  async usedRuns(automation: string, period: string): Promise<number> {
    return this.count(automation, period);
  }

  private count(automation: string, period: string): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM runtime_run_reservations WHERE automation = ? AND period = ? AND state = 'reserved'`,
      )
      .get(automation, period) as { n: number };
    return row.n;
  }
}
