/**
 * The run log on PostgreSQL: the same rows and answers as the SQLite run store
 * (src/workspace/sqlite/run-store.ts). Writes are single statements except a step's first write,
 * whose per-run `seq` is computed under a per-run advisory lock, so steps written at once by
 * workers on several machines still get 1, 2, 3... in order of first appearance.
 */
import type pg from 'pg';
import { jsonText } from '../rows/json-columns.js';
import {
  ACTIVE_SQL,
  countFilter,
  FINAL_SQL,
  isFinal,
  newRunValues,
  type RunCount,
  stepColumns,
  toNote,
  toRun,
  toStep,
} from '../rows/run-rows.js';
import type {
  NewRun,
  RunFilter,
  RunNote,
  RunRecord,
  RunStatus,
  RunStore,
  RunUpdate,
  StepRecord,
  StepUpdate,
} from '../runs/types.js';
import { lockNames, toNumber } from './runtime-sql.js';
import { transaction } from './transaction.js';

/** Implements RunStore on a workspace pool. */
export class PgRunStore implements RunStore {
  constructor(private readonly pool: pg.Pool) {}

  async createRun(run: NewRun): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO runtime_runs (id, automation, version_id, version, status, reason, event_id, event_type,
         event_json, workflow_id, depth, causation_json, error_json, created_at, finished_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14)
       ON CONFLICT (id) DO NOTHING`,
      newRunValues(run),
    );
    return result.rowCount === 1;
  }

  async updateRun(id: string, update: RunUpdate): Promise<void> {
    const params: unknown[] = [id, update.at ?? new Date().toISOString()];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const sets = ['updated_at = $2'];
    if (update.status) {
      sets.push(`status = ${bind(update.status)}`);
      if (update.status === 'RUNNING') sets.push('started_at = COALESCE(started_at, $2)');
      if (isFinal(update.status)) sets.push('finished_at = $2');
    }
    if (update.reason !== undefined) sets.push(`reason = ${bind(update.reason)}`);
    if (update.temporalRunId !== undefined) sets.push(`temporal_run_id = ${bind(update.temporalRunId)}`);
    if (update.error !== undefined) sets.push(`error_json = ${bind(jsonText(update.error))}`);
    if (update.workflowId !== undefined) sets.push(`workflow_id = ${bind(update.workflowId)}`);
    if (update.versionId !== undefined) sets.push(`version_id = ${bind(update.versionId)}`);
    if (update.version !== undefined) sets.push(`version = ${bind(update.version)}`);
    // Entries can arrive twice or late (activity retries): never reopen a finished run.
    const guard = update.status && !isFinal(update.status) ? ` AND status NOT IN (${FINAL_SQL})` : '';
    await this.pool.query(`UPDATE runtime_runs SET ${sets.join(', ')} WHERE id = $1${guard}`, params);
  }

  async deleteRun(id: string, status: RunStatus): Promise<void> {
    await this.pool.query(
      `WITH gone AS (DELETE FROM runtime_runs WHERE id = $1 AND status = $2 RETURNING id)
       DELETE FROM runtime_steps WHERE run_id IN (SELECT id FROM gone)`,
      [id, status],
    );
  }

  async writeStep(runId: string, stepKey: string, update: StepUpdate): Promise<void> {
    // StepColumns' keys are in the order of UPSERT_STEP's $3..$14.
    const params = [runId, stepKey, ...Object.values(stepColumns(update))];
    // A step's later writes (finish, retry) touch no seq: one statement, no lock, no transaction. The
    // row is locked by the UPDATE and its SET re-evaluated on the newest version, as ON CONFLICT does.
    // A first attempt starting is almost always the first write: it goes straight to the upsert.
    const likelyFirst = update.status === 'RUNNING' && (update.attempt ?? 1) === 1;
    if (!likelyFirst && (await this.pool.query(UPDATE_STEP, params)).rowCount === 1) return;
    await transaction(this.pool, async (client) => {
      // MAX(seq) + 1 is only right when no other writer of this run's steps is between read and insert.
      await lockNames(client, [`runs:steps:${runId}`]);
      await client.query(UPSERT_STEP, params);
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM runtime_runs WHERE id = $1', [id]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { where, params } = runWhere(filter);
    params.push(filter.limit ?? 100);
    const sql = `SELECT * FROM runtime_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`;
    const { rows } = await this.pool.query(sql, params);
    return rows.map(toRun);
  }

  async steps(runId: string): Promise<StepRecord[]> {
    const { rows } = await this.pool.query('SELECT * FROM runtime_steps WHERE run_id = $1 ORDER BY seq', [
      runId,
    ]);
    return rows.map(toStep);
  }

  async addNote(note: RunNote): Promise<void> {
    await this.pool.query(
      `INSERT INTO runtime_notes (run_id, step_key, note, data_json, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (run_id, at, note) DO NOTHING`,
      [note.runId, note.stepKey, note.note, jsonText(note.data), note.at],
    );
  }

  async notes(runId: string): Promise<RunNote[]> {
    const { rows } = await this.pool.query('SELECT * FROM runtime_notes WHERE run_id = $1 ORDER BY seq', [
      runId,
    ]);
    return rows.map(toNote);
  }

  async runsWaitingForEvent(eventType: string): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT s.run_id AS id FROM runtime_steps s JOIN runtime_runs r ON r.id = s.run_id
       WHERE s.status = 'WAITING' AND s.input_json::json ->> 'mode' = 'event'
         AND s.input_json::json ->> 'event' = $1 AND r.status IN (${ACTIVE_SQL})`,
      [eventType],
    );
    return rows.map((r) => r.id as string);
  }

  async activeRuns(automations: string[]): Promise<string[]> {
    if (automations.length === 0) return [];
    const { rows } = await this.pool.query(
      `SELECT id FROM runtime_runs WHERE automation = ANY($1::text[]) AND status IN (${ACTIVE_SQL}) ORDER BY seq`,
      [automations],
    );
    return rows.map((r) => r.id as string);
  }

  async countRuns(filter: RunCount): Promise<number> {
    const { where, params } = runWhere(countFilter(filter));
    if (filter.reason) where.push(`reason = $${params.push(filter.reason)}`);
    const sql = `SELECT COUNT(*) AS n FROM runtime_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const { rows } = await this.pool.query(sql, params);
    return toNumber(rows[0].n);
  }
}

/**
 * How a write merges into a stored step `s`, its new values named `n` (`excluded` in the upsert): a
 * final status is kept * against a late non-final write of the same or an older attempt (the SQLite store's rule).
 */
const mergeStep = (n: string) => `
    status = CASE WHEN s.status IN ('SUCCESS', 'FAILED', 'SKIPPED') AND ${n}.attempt <= s.attempt
      AND ${n}.status NOT IN ('SUCCESS', 'FAILED', 'SKIPPED') THEN s.status ELSE ${n}.status END,
    attempt = GREATEST(s.attempt, ${n}.attempt),
    started_at = COALESCE(s.started_at, ${n}.started_at),
    finished_at = COALESCE(${n}.finished_at, s.finished_at),
    input_json = COALESCE(${n}.input_json, s.input_json),
    output_json = COALESCE(${n}.output_json, s.output_json),
    error_type = ${n}.error_type,
    error_message = ${n}.error_message,
    error_retryable = ${n}.error_retryable,
    updated_at = ${n}.updated_at`;

/** The SQLite upsert, in PostgreSQL: a step's first write gets the next seq of its run. */
const UPSERT_STEP = `
  INSERT INTO runtime_steps AS s (run_id, step_key, step_id, kind, status, attempt, seq, started_at, finished_at,
    input_json, output_json, error_type, error_message, error_retryable, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_steps WHERE run_id = $1),
    $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (run_id, step_key) DO UPDATE SET ${mergeStep('excluded')}`;

/** The same write to a step already stored (same parameters; step_id and kind stay as first written). */
const UPDATE_STEP = `
  UPDATE runtime_steps AS s SET ${mergeStep('n')}
  FROM (SELECT $3::text AS step_id, $4::text AS kind, $5::text AS status, $6::int AS attempt,
    $7::text AS started_at, $8::text AS finished_at, $9::text AS input_json, $10::text AS output_json,
    $11::text AS error_type, $12::text AS error_message, $13::int AS error_retryable, $14::text AS updated_at) AS n
  WHERE s.run_id = $1 AND s.step_key = $2`;

function runWhere(filter: RunFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  if (filter.automation) where.push(`automation = ${bind(filter.automation)}`);
  if (filter.eventIds) where.push(`event_id = ANY(${bind(filter.eventIds)}::text[])`);
  if (filter.status?.length) where.push(`status = ANY(${bind(filter.status)}::text[])`);
  if (filter.since) where.push(`created_at >= ${bind(filter.since)}`);
  if (filter.until) where.push(`created_at < ${bind(filter.until)}`);
  return { where, params };
}
