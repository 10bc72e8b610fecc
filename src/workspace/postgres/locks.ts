/**
 * The workspace lock on PostgreSQL: one row in `locks` (scope `workspace`) with an expiry, as in the
 * SQLite store. Taking it runs in a transaction that first holds a transaction-scoped advisory lock
 * named after the schema, so two processes (on any machines) check-and-insert one after the other;
 * the UNIQUE scope column backs this up. Times come from the database clock, so machines with
 * skewed clocks still agree on when a lock expired.
 */
import type pg from 'pg';
import { LockLostError } from '../errors.js';
import { type LockRow, toLock } from '../rows/definition-rows.js';
import { type LockAttempt, newLockRow, pollForLock } from '../rows/lock-rows.js';
import type { LockInfo, LockRequest } from '../store.js';
import { advisoryXactLock, transaction } from './transaction.js';

/** The database's current time (one clock for every process sharing the workspace). */
export async function databaseNow(client: pg.Pool | pg.PoolClient): Promise<Date> {
  const { rows } = await client.query<{ ms: number }>(
    'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms',
  );
  return new Date(Math.floor(rows[0].ms));
}

/** Takes the lock, polling while another holder has it, for up to `waitMs`. */
export function acquireLock(pool: pg.Pool, schema: string, request: LockRequest): Promise<LockInfo> {
  return pollForLock(request.waitMs, () => tryAcquire(pool, schema, request));
}

function tryAcquire(pool: pg.Pool, schema: string, request: LockRequest): Promise<LockAttempt> {
  return transaction(pool, async (client) => {
    await advisoryXactLock(client, `aexy:workspace-lock:${schema}`);
    const now = await databaseNow(client);
    await client.query('DELETE FROM locks WHERE expires_at <= $1', [now.toISOString()]);
    const held = await client.query<LockRow>("SELECT * FROM locks WHERE scope = 'workspace'");
    if (held.rows[0]) return { heldBy: toLock(held.rows[0]) };
    const row = newLockRow(request, now);
    await client.query(
      `INSERT INTO locks (id, scope, holder, operation, host, pid, created_at, expires_at)
       VALUES ($1, 'workspace', $2, $3, $4, $5, $6, $7)`,
      [row.id, row.holder, row.operation, row.host, row.pid, row.created_at, row.expires_at],
    );
    return { taken: toLock(row) };
  });
}

/**
 * Throws LockLostError unless `lockId` is the current, unexpired lock. Call inside the apply
 * transaction: FOR SHARE keeps anyone from deleting the row (unlock, expiry clean-up) until it ends.
 */
export async function assertLockHeld(client: pg.PoolClient, lockId: string): Promise<void> {
  const { rows } = await client.query<{ expires_at: string }>(
    'SELECT expires_at FROM locks WHERE id = $1 FOR SHARE',
    [lockId],
  );
  const now = (await databaseNow(client)).toISOString();
  if (!rows[0] || rows[0].expires_at <= now) throw new LockLostError(lockId);
}

export async function releaseLock(pool: pg.Pool, id: string): Promise<void> {
  await pool.query('DELETE FROM locks WHERE id = $1', [id]);
}

export async function forceUnlock(pool: pg.Pool, id: string): Promise<LockInfo | undefined> {
  const { rows } = await pool.query<LockRow>('DELETE FROM locks WHERE id = $1 RETURNING *', [id]);
  return rows[0] ? toLock(rows[0]) : undefined;
}

export async function listLocks(pool: pg.Pool): Promise<LockInfo[]> {
  const { rows } = await pool.query<LockRow>('SELECT * FROM locks ORDER BY created_at');
  return rows.map(toLock);
}
