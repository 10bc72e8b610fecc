/**
 * The decisions log on the workspace SQLite file: one row per decision, newest first when listed,
 * filterable by agent, outcome and run.
 */
import type { Database } from 'better-sqlite3';
import type { DecisionFilter, DecisionLog, DecisionRecord } from '../../policy/decisions-log.js';
import { type DecisionRow, decisionValues, toDecision } from '../rows/decision-rows.js';

/** Implements DecisionLog on an open, migrated workspace database. */
export class SqliteDecisionLog implements DecisionLog {
  constructor(private readonly db: Database) {}

  async record(entry: DecisionRecord): Promise<number> {
    const result = this.db
      .prepare(
        `INSERT INTO policy_decisions (at, agent, run_id, tool, args_json, outcome, matched_json, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...decisionValues(entry));
    return Number(result.lastInsertRowid);
  }

  async list(filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
    const all: Array<[string, string | undefined]> = [
      ['agent = ?', filter.agent],
      ['outcome = ?', filter.outcome],
      ['run_id = ?', filter.run],
    ];
    const conditions = all.filter(([, value]) => value !== undefined && value !== '');
    const where = conditions.map(([sql]) => sql);
    const params = conditions.map(([, value]) => value);
    const sql = `SELECT * FROM policy_decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, filter.limit ?? 100) as DecisionRow[];
    return rows.map(toDecision);
  }
}
