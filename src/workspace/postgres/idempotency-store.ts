/**
 * Completed actions' outputs on PostgreSQL (table runtime_idempotency_keys, shared with the record
 * store's write keys; callers keep their key spaces apart with a prefix). The first write wins, also
 * when two workers finish the same action at once.
 */
import type pg from 'pg';
import type { IdempotencyStore } from '../backend.js';

/** Implements IdempotencyStore on a workspace pool. */
export class PgIdempotencyStore implements IdempotencyStore {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<{ output: unknown } | undefined> {
    const { rows } = await this.pool.query<{ result_json: string }>(
      'SELECT result_json FROM runtime_idempotency_keys WHERE key = $1',
      [key],
    );
    return rows[0] ? { output: JSON.parse(rows[0].result_json) } : undefined;
  }

  async put(key: string, output: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO runtime_idempotency_keys (key, result_json, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO NOTHING`,
      [key, JSON.stringify(output ?? null), new Date().toISOString()],
    );
  }
}
