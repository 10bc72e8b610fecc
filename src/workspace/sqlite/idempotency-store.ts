/**
 * IdempotencyStore on the workspace SQLite file (table runtime_idempotency_keys, shared with the
 * record store's write keys; callers keep their key spaces apart with a prefix).
 */
import type { Database } from 'better-sqlite3';
import type { IdempotencyStore } from '../backend.js';

/** Completed actions' outputs by key; the first write wins. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Database) {}

  async get(key: string): Promise<{ output: unknown } | undefined> {
    const row = this.db.prepare('SELECT result_json FROM runtime_idempotency_keys WHERE key = ?').get(key) as
      | { result_json: string }
      | undefined;
    return row ? { output: JSON.parse(row.result_json) } : undefined;
  }

  async put(key: string, output: unknown): Promise<void> {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO runtime_idempotency_keys (key, result_json, created_at) VALUES (?, ?, ?)',
      )
      .run(key, JSON.stringify(output ?? null), new Date().toISOString());
  }
}
