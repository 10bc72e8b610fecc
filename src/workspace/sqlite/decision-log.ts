/**
 * The decisions log on the workspace SQLite file: one row per decision, newest first when listed,
 * filterable by agent, outcome and run.
 */
import type { Database } from 'better-sqlite3';
import type { DecisionFilter, DecisionLog, DecisionRecord } from '../../policy/decisions-log.js';

interface Row {
  id: number;
  at: string;
  agent: string;
  run_id: string | null;
  tool: string;
  args_json: string;
  outcome: DecisionRecord['outcome'];
  matched_json: string;
  reason: string;
}

/** Implements DecisionLog on an open, migrated workspace database. */
export class SqliteDecisionLog implements DecisionLog {
  constructor(private readonly db: Database) {}

  async record(entry: DecisionRecord): Promise<number> {
    const result = this.db
      .prepare(
        `INSERT INTO policy_decisions (at, agent, run_id, tool, args_json, outcome, matched_json, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.at,
        entry.agent,
        entry.run ?? null,
        entry.tool,
        JSON.stringify(entry.args ?? null),
        entry.outcome,
        JSON.stringify(entry.matched),
        entry.reason,
      );
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
    const rows = this.db.prepare(sql).all(...params, filter.limit ?? 100) as Row[];
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): DecisionRecord {
  const record: DecisionRecord = {
    id: row.id,
    at: row.at,
    agent: row.agent,
    tool: row.tool,
    args: JSON.parse(row.args_json),
    outcome: row.outcome,
    matched: JSON.parse(row.matched_json),
    reason: row.reason,
  };
  if (row.run_id) record.run = row.run_id;
  return record;
}
