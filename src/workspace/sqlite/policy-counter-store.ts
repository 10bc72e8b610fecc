/**
 * PolicyCounterStore on the workspace SQLite file. Every reservation is one IMMEDIATE transaction:
 * SQLite takes the write lock before reading the counter, so concurrent reservations (threads,
 * processes) are serialised and a limit is never passed, exactly (test/integration/policy).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { CounterRequest, PolicyCounterStore } from '../../policy/counters.js';
import { fits } from '../../policy/evaluate-policy.js';

/** Implements the policy counters on an open, migrated workspace database. */
export class SqlitePolicyCounterStore implements PolicyCounterStore {
  private readonly readStmt: Statement<[string]>;
  private readonly addStmt: Statement<[{ key: string; amount: number; at: string }]>;

  constructor(private readonly db: Database) {
    this.readStmt = db.prepare('SELECT used FROM policy_counters WHERE key = ?');
    this.addStmt = db.prepare(
      `INSERT INTO policy_counters (key, used, updated_at) VALUES (@key, MAX(0, @amount), @at)
       ON CONFLICT(key) DO UPDATE SET used = MAX(0, used + @amount), updated_at = @at`,
    );
  }

  async reserve(key: string, amount: number, limit: number): Promise<boolean> {
    const refused = await this.reserveAll([{ key, amount, limit }]);
    return refused.length === 0;
  }

  async reserveAll(requests: readonly CounterRequest[]): Promise<string[]> {
    const run = this.db.transaction((): string[] => {
      const refused = requests.filter((r) => !fits(this.used(r.key), r.amount, r.limit)).map((r) => r.key);
      if (refused.length > 0) return refused; // all or nothing
      const at = new Date().toISOString();
      for (const r of requests) this.addStmt.run({ key: r.key, amount: r.amount, at });
      return [];
    });
    return run.immediate();
  }

  async settle(key: string, reserved: number, actual: number): Promise<void> {
    if (actual === reserved) return;
    this.db
      .transaction(() => this.addStmt.run({ key, amount: actual - reserved, at: new Date().toISOString() }))
      .immediate();
  }

  async read(key: string): Promise<number> {
    return this.used(key);
  }

  async readMany(keys: readonly string[]): Promise<Map<string, number>> {
    return new Map(keys.map((k) => [k, this.used(k)]));
  }

  private used(key: string): number {
    return (this.readStmt.get(key) as { used: number } | undefined)?.used ?? 0;
  }
}
