/**
 * Policy decision rows (table policy_decisions) and their mapping, shared by the SQLite and
 * PostgreSQL decision logs so both store and answer alike. Pure; each backend keeps its SQL.
 */
import type { DecisionRecord } from '../../policy/decisions-log.js';

/** A policy_decisions row; the id is a number in SQLite and a BIGINT string from pg. */
export interface DecisionRow {
  id: number | string;
  at: string;
  agent: string;
  run_id: string | null;
  tool: string;
  args_json: string;
  outcome: DecisionRecord['outcome'];
  matched_json: string;
  reason: string;
}

/** A decision's values in the column order at, agent, run_id, tool, args_json, outcome, matched_json, reason. */
export function decisionValues(entry: DecisionRecord): unknown[] {
  return [
    entry.at,
    entry.agent,
    entry.run ?? null,
    entry.tool,
    JSON.stringify(entry.args ?? null),
    entry.outcome,
    JSON.stringify(entry.matched),
    entry.reason,
  ];
}

/** A policy_decisions row as a DecisionRecord (`run` only when the decision had one). */
export function toDecision(row: DecisionRow): DecisionRecord {
  const record: DecisionRecord = {
    id: Number(row.id),
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
