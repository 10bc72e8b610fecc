/**
 * The policy decisions log on PostgreSQL: one row per decision with an increasing id, newest first
 * when listed, filterable by agent, outcome and run (as src/workspace/sqlite/decision-log.ts).
 */
import type pg from 'pg';
import type { DecisionFilter, DecisionLog, DecisionRecord } from '../../policy/decisions-log.js';
import { toNumber } from './runtime-sql.js';

interface Row {
  id: string;
  at: string;
  agent: string;
  run_id: string | null;
  tool: string;
  args_json: string;
  outcome: DecisionRecord['outcome'];
  matched_json: string;
  reason: string;
}

/** Implements DecisionLog on a workspace pool. */
export class PgDecisionLog implements DecisionLog {
  constructor(private readonly pool: pg.Pool) {}

  async record(entry: DecisionRecord): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO policy_decisions (at, agent, run_id, tool, args_json, outcome, matched_json, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        entry.at,
        entry.agent,
        entry.run ?? null,
        entry.tool,
        JSON.stringify(entry.args ?? null),
        entry.outcome,
        JSON.stringify(entry.matched),
        entry.reason,
      ],
    );
    return toNumber(rows[0].id);
  }

  async list(filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    for (const [column, value] of [
      ['agent', filter.agent],
      ['outcome', filter.outcome],
      ['run_id', filter.run],
    ] as const) {
      if (value !== undefined && value !== '') where.push(`${column} = $${params.push(value)}`);
    }
    params.push(filter.limit ?? 100);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM policy_decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): DecisionRecord {
  const record: DecisionRecord = {
    id: toNumber(row.id),
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
