/**
 * What the PostgreSQL runtime stores share: appending events to the outbox inside a caller's
 * transaction (record writes and date-trigger firings do), transaction-scoped advisory locks named
 * per workspace schema, and conversion of the COUNT and BIGINT columns pg hands back as strings.
 */
import type pg from 'pg';
import type { RuntimeEvent } from '../events/types.js';

/** A pool (one statement, its own transaction) or a client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

/** An idempotency key to store with a write's events (its first result, as JSON). */
export interface KeyedResult {
  key: string;
  resultJson: string;
}

const INSERT_KEY = 'INSERT INTO runtime_idempotency_keys (key, result_json, created_at)';

/**
 * Appends events (an id already in the outbox is skipped) in one statement; returns how many were new.
 * Rows get their `seq` in the order given, like SQLite's one INSERT per event. With `keyed`, the
 * same statement stores the idempotency key (a key already stored fails it, as a separate INSERT would).
 */
export async function appendEvents(
  db: Queryable,
  events: RuntimeEvent[],
  at: string,
  keyed?: KeyedResult,
): Promise<number> {
  if (events.length === 0) {
    if (keyed) await db.query(`${INSERT_KEY} VALUES ($1, $2, $3)`, [keyed.key, keyed.resultJson, at]);
    return 0;
  }
  const key = keyed ? `WITH keyed AS (${INSERT_KEY} VALUES ($8, $9, $7)) ` : '';
  const result = await db.query(
    `${key}INSERT INTO runtime_events (id, type, object, record_id, depth, event_json, created_at)
     SELECT e.id, e.type, e.object, e.record_id, e.depth, e.event_json, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY
       AS e (id, type, object, record_id, depth, event_json, n)
     ORDER BY e.n
     ON CONFLICT (id) DO NOTHING`,
    [
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.object ?? null),
      events.map((e) => e.recordId ?? null),
      events.map((e) => e.causation.length),
      events.map((e) => JSON.stringify(e)),
      at,
      ...(keyed ? [keyed.key, keyed.resultJson] : []),
    ],
  );
  return result.rowCount ?? 0;
}

/**
 * Takes transaction-scoped advisory locks on `names` (within the workspace's schema, so two
 * workspaces in one database never wait on each other), in the order of their lock keys: two
 * transactions locking overlapping sets never deadlock. Held until COMMIT or ROLLBACK.
 */
export async function lockNames(client: pg.PoolClient, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  // The subquery (DISTINCT + ORDER BY) is not flattened, so the locks are taken in key order.
  await client.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended(current_schema() || ':' || n, 0) AS k FROM unnest($1::text[]) AS n
       ORDER BY k) AS keys`,
    [names],
  );
}

/** A BIGINT or COUNT column (pg returns them as strings) as a number. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
