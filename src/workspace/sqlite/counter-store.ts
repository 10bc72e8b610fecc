/**
 * CounterStore on the workspace SQLite file: a reservation is one IMMEDIATE transaction, so
 * concurrent reservations (threads, processes) are serialised and a limit is never passed.
 */
import type Database from 'better-sqlite3';
import type { CounterStore, Reservation, ReservationOutcome, ReservationRequest } from '../counters.js';
import { newReservation } from '../rows/trigger-rows.js';

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
      const { values, reservation } = newReservation(request, used);
      this.db
        .prepare(
          `INSERT INTO runtime_run_reservations (automation, event_id, period, state, run_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(...values);
      return reservation;
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
