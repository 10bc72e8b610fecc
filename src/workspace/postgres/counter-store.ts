/**
 * Run-limit reservations on PostgreSQL. Reserving reads the period's count and inserts a row, which
 * is only exact when no other reservation of the same automation runs in between: each reservation
 * takes a transaction-scoped advisory lock on its automation first (routers in every process take
 * the same lock), the PostgreSQL counterpart of SQLite's IMMEDIATE transaction. Locking the whole
 * automation rather than (automation, period) also serialises a repeated event whose earlier
 * reservation fell in another period.
 */
import type pg from 'pg';
import type { CounterStore, Reservation, ReservationOutcome, ReservationRequest } from '../counters.js';
import { newReservation } from '../rows/trigger-rows.js';
import { lockNames, type Queryable, toNumber } from './runtime-sql.js';
import { transaction } from './transaction.js';

/** Implements CounterStore on a workspace pool. */
export class PgCounterStore implements CounterStore {
  constructor(private readonly pool: pg.Pool) {}

  async reserveRun(request: ReservationRequest): Promise<Reservation> {
    return transaction(this.pool, async (client) => {
      await lockNames(client, [`run-limit:${request.automation}`]);
      const prior = await client.query<{ state: ReservationOutcome; period: string }>(
        'SELECT state, period FROM runtime_run_reservations WHERE automation = $1 AND event_id = $2',
        [request.automation, request.eventId],
      );
      if (prior.rows[0]) {
        const { state, period } = prior.rows[0];
        return { outcome: state, used: await count(client, request.automation, period), existing: true };
      }
      const used = await count(client, request.automation, request.period);
      const { values, reservation } = newReservation(request, used);
      await client.query(
        `INSERT INTO runtime_run_reservations (automation, event_id, period, state, run_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        values,
      );
      return reservation;
    });
  }

  async releaseRun(automation: string, eventId: string): Promise<void> {
    await this.pool.query(
      `UPDATE runtime_run_reservations SET state = 'released'
       WHERE automation = $1 AND event_id = $2 AND state = 'reserved'`,
      [automation, eventId],
    );
  }

  async cancelReservation(automation: string, eventId: string): Promise<void> {
    await this.pool.query('DELETE FROM runtime_run_reservations WHERE automation = $1 AND event_id = $2', [
      automation,
      eventId,
    ]);
  }

  async usedRuns(automation: string, period: string): Promise<number> {
    return count(this.pool, automation, period);
  }
}

async function count(db: Queryable, automation: string, period: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT COUNT(*) AS n FROM runtime_run_reservations WHERE automation = $1 AND period = $2 AND state = 'reserved'`,
    [automation, period],
  );
  return toNumber(rows[0].n);
}
