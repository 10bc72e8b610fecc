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
      // The lock first, in its own statement: the next statement's snapshot then sees every
      // reservation committed before the lock was granted, so the count is exact.
      await lockNames(client, [`run-limit:${request.automation}`]);
      const { rows } = await client.query<{ prior: ReservationOutcome | null; used: number }>(RESERVE, [
        request.automation,
        request.eventId,
        request.period,
        request.runId,
        new Date().toISOString(),
        request.limit ?? null,
      ]);
      const { prior, used } = rows[0];
      if (prior) return { outcome: prior, used, existing: true };
      return newReservation(request, used).reservation;
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

/**
 * One reservation after the lock, in one statement: the event's earlier reservation (answered with
 * its period's count) or a new row, over the limit when `used >= limit` (newReservation's rule, which
 * gives the answer). $1 automation, $2 event id, $3 period, $4 run id, $5 created at, $6 the limit.
 */
const RESERVE = `
  WITH prior AS (
    SELECT state, period FROM runtime_run_reservations WHERE automation = $1 AND event_id = $2),
  used AS (
    SELECT COUNT(*)::int AS n FROM runtime_run_reservations
    WHERE automation = $1 AND period = COALESCE((SELECT period FROM prior), $3) AND state = 'reserved'),
  added AS (
    INSERT INTO runtime_run_reservations (automation, event_id, period, state, run_id, created_at)
    SELECT $1, $2, $3,
      CASE WHEN $6::bigint IS NOT NULL AND used.n >= $6::bigint THEN 'over_limit' ELSE 'reserved' END, $4, $5
    FROM used WHERE NOT EXISTS (SELECT 1 FROM prior))
  SELECT (SELECT state FROM prior) AS prior, (SELECT n FROM used) AS used`;
