/**
 * The event outbox on PostgreSQL, shared by routers in many processes and machines. A claim is one
 * statement: a MATERIALIZED CTE picks (and row-locks) the oldest unclaimed events with `FOR UPDATE
 * SKIP LOCKED`, then the UPDATE marks exactly those. Rows another router is claiming are skipped
 * rather than waited for, and a row claimed (committed) meanwhile fails the re-checked `routed_at IS
 * NULL`, so no event is handed to two routers. (Not `WHERE seq IN (subquery … LIMIT)`: PostgreSQL may
 * rescan that subquery per row, and every rescan skips rows this UPDATE already marked, so the LIMIT
 * stops limiting.)
 */
import type pg from 'pg';
import type { EventStore } from '../events/event-store.js';
import type { RuntimeEvent, StoredEvent } from '../events/types.js';
import { EVENT_COLUMNS as COLUMNS, type EventRow as Row, toStored } from '../rows/event-rows.js';
import { appendEvents } from './runtime-sql.js';

/** Implements EventStore on a workspace pool. */
export class PgEventStore implements EventStore {
  constructor(private readonly pool: pg.Pool) {}

  async append(events: RuntimeEvent[]): Promise<number> {
    return appendEvents(this.pool, events, new Date().toISOString());
  }

  async claim(router: string, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<Row>(
      `WITH picked AS MATERIALIZED (
         SELECT seq AS picked FROM runtime_events WHERE routed_at IS NULL ORDER BY seq LIMIT $3
         FOR UPDATE SKIP LOCKED)
       UPDATE runtime_events SET routed_at = $1, routed_by = $2 FROM picked WHERE seq = picked
       RETURNING ${COLUMNS}`,
      [new Date().toISOString(), router, limit],
    );
    return rows.map(toStored).sort((a, b) => a.seq - b.seq);
  }

  async claimOne(id: string, router: string): Promise<StoredEvent | undefined> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE runtime_events SET routed_at = $1, routed_by = $2 WHERE id = $3 AND routed_at IS NULL
       RETURNING ${COLUMNS}`,
      [new Date().toISOString(), router, id],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async release(id: string): Promise<void> {
    await this.pool.query('UPDATE runtime_events SET routed_at = NULL, routed_by = NULL WHERE id = $1', [id]);
  }

  async finish(id: string): Promise<void> {
    await this.pool.query('UPDATE runtime_events SET finished_at = $1 WHERE id = $2', [
      new Date().toISOString(),
      id,
    ]);
  }

  async releaseStale(olderThanMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    const result = await this.pool.query(
      'UPDATE runtime_events SET routed_at = NULL, routed_by = NULL WHERE finished_at IS NULL AND routed_at < $1',
      [cutoff],
    );
    return result.rowCount ?? 0;
  }

  async get(id: string): Promise<StoredEvent | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM runtime_events WHERE id = $1`, [id]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async list(options: { limit?: number; unroutedOnly?: boolean } = {}): Promise<StoredEvent[]> {
    const where = options.unroutedOnly ? 'WHERE routed_at IS NULL' : '';
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM runtime_events ${where} ORDER BY seq DESC LIMIT $1`,
      [options.limit ?? 100],
    );
    return rows.map(toStored);
  }
}
