/**
 * Runs a function inside one PostgreSQL transaction on a pooled connection: COMMIT when it returns,
 * ROLLBACK when it throws. Serialization failures and deadlocks (40001, 40P01) are retried a few
 * times with a short random backoff, because PostgreSQL raises them for transactions that would
 * otherwise be correct; any other error is passed on unchanged.
 */
import type pg from 'pg';

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Attempts in total when the transaction keeps hitting serialization failures (default 5). */
  attempts?: number;
  readOnly?: boolean;
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Runs `fn(client)` in a transaction and returns its result. */
export async function transaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(pool, fn, options);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
    }
  }
}

async function once<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query(beginStatement(options));
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failed ROLLBACK means the connection is unusable: drop it instead of returning it to the pool.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

function beginStatement(options: TransactionOptions): string {
  const parts = ['BEGIN'];
  if (options.isolation) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
  if (options.readOnly) parts.push('READ ONLY');
  return parts.join(' ');
}

/** True for errors PostgreSQL wants retried (serialization failure, deadlock). */
export function isRetryable(error: unknown): boolean {
  return RETRYABLE.has((error as { code?: string } | undefined)?.code ?? '');
}

/**
 * Takes a transaction-scoped advisory lock named `name` (released at COMMIT/ROLLBACK). The key is
 * PostgreSQL's own 64-bit hash of the name, so every process computes the same one. Names should
 * include the schema: advisory locks are per database, shared by every workspace in it.
 */
export async function advisoryXactLock(client: pg.PoolClient, name: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}
