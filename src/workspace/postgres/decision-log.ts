/**
 * The policy decisions log on PostgreSQL: one row per decision with an increasing id, newest first
 * when listed, filterable by agent, outcome and run (as src/workspace/sqlite/decision-log.ts).
 */
import type pg from 'pg';
import type { DecisionFilter, DecisionLog, DecisionRecord } from '../../policy/decisions-log.js';
import { type DecisionRow, decisionValues, toDecision } from '../rows/decision-rows.js';
import { toNumber } from './runtime-sql.js';

/** Implements DecisionLog on a workspace pool. */
export class PgDecisionLog implements DecisionLog {
  constructor(private readonly pool: pg.Pool) {}

  async record(entry: DecisionRecord): Promise<number> {
    const { rows } = await this.pool.query(
      `INSERT INTO policy_decisions (at, agent, run_id, tool, args_json, outcome, matched_json, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      decisionValues(entry),
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
    const { rows } = await this.pool.query<DecisionRow>(
      `SELECT * FROM policy_decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDecision);
  }
}
