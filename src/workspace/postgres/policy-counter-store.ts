/**
 * Policy counters (rate limits, token budgets) on PostgreSQL. A reservation of several keys takes
 * an advisory lock per key (in a fixed order, so overlapping reservations never deadlock), reads the
 * counts, and adds all or nothing in one transaction: concurrent callers in any process are
 * serialised per key and a limit is never passed. A settlement takes the same lock, so it cannot
 * slip between another reservation's read and its write.
 */
import type pg from 'pg';
import type { CounterRequest, PolicyCounterStore } from '../../policy/counters.js';
import { fits } from '../../policy/evaluate-policy.js';
import { lockNames, type Queryable, toNumber } from './runtime-sql.js';
import { transaction } from './transaction.js';

const ADD = `INSERT INTO policy_counters AS c (key, used, updated_at) VALUES ($1, GREATEST(0, $2::numeric), $3)
  ON CONFLICT (key) DO UPDATE SET used = GREATEST(0, c.used + $2::numeric), updated_at = $3`;

const lockName = (key: string) => `policy-counter:${key}`;

/** Implements the policy counters on a workspace pool. */
export class PgPolicyCounterStore implements PolicyCounterStore {
  constructor(private readonly pool: pg.Pool) {}

  async reserve(key: string, amount: number, limit: number): Promise<boolean> {
    const refused = await this.reserveAll([{ key, amount, limit }]);
    return refused.length === 0;
  }

  async reserveAll(requests: readonly CounterRequest[]): Promise<string[]> {
    if (requests.length === 0) return [];
    return transaction(this.pool, async (client) => {
      await lockNames(
        client,
        requests.map((r) => lockName(r.key)),
      );
      const used = await readCounts(
        client,
        requests.map((r) => r.key),
      );
      const refused = requests
        .filter((r) => !fits(used.get(r.key) ?? 0, r.amount, r.limit))
        .map((r) => r.key);
      if (refused.length > 0) return refused; // all or nothing
      const at = new Date().toISOString();
      for (const r of requests) await client.query(ADD, [r.key, r.amount, at]);
      return [];
    });
  }

  async settle(key: string, reserved: number, actual: number): Promise<void> {
    if (actual === reserved) return;
    await transaction(this.pool, async (client) => {
      await lockNames(client, [lockName(key)]);
      await client.query(ADD, [key, actual - reserved, new Date().toISOString()]);
    });
  }

  async read(key: string): Promise<number> {
    return (await readCounts(this.pool, [key])).get(key) ?? 0;
  }

  async readMany(keys: readonly string[]): Promise<Map<string, number>> {
    const counts = await readCounts(this.pool, keys);
    return new Map(keys.map((k) => [k, counts.get(k) ?? 0]));
  }
}

async function readCounts(db: Queryable, keys: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query('SELECT key, used FROM policy_counters WHERE key = ANY($1::text[])', [
    keys,
  ]);
  return new Map(rows.map((r) => [r.key as string, toNumber(r.used)]));
}
