/**
 * The run log on PostgreSQL: the same rows and answers as the SQLite run store
 * (src/workspace/sqlite/run-store.ts). Writes are single statements except a step's first write,
 * whose per-run `seq` is computed under a per-run advisory lock, so steps written at once by
 * workers on several machines still get 1, 2, 3... in order of first appearance.
 */
import type pg from 'pg';
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
import { jsonText, lockNames, parseJson, toNumber } from './runtime-sql.js';
import { transaction } from './transaction.js';

type Row = Record<string, unknown>;

const ACTIVE = "'PENDING', 'RUNNING', 'PAUSED'";
const FINAL = "'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'";

/** Implements RunStore on a workspace pool. */
export class PgRunStore implements RunStore {
  constructor(private readonly pool: pg.Pool) {}

  async createRun(run: NewRun): Promise<boolean> {
    const at = run.at ?? new Date().toISOString();
    const final = run.status === 'SKIPPED' || run.status === 'FAILED';
    const result = await this.pool.query(
      `INSERT INTO runtime_runs (id, automation, version_id, version, status, reason, event_id, event_type,
         event_json, workflow_id, depth, causation_json, error_json, created_at, finished_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14)
       ON CONFLICT (id) DO NOTHING`,
      [
        run.id,
        run.automation,
        run.versionId,
        run.version,
        run.status,
        run.reason ?? null,
        run.event.id,
        run.event.type,
        JSON.stringify(run.event),
        run.workflowId ?? null,
        run.event.causation.length,
        JSON.stringify(run.event.causation),
        jsonText(run.error),
        at,
        final ? at : null,
      ],
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
    const guard = update.status && !isFinal(update.status) ? ` AND status NOT IN (${FINAL})` : '';
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
    const at = update.at ?? new Date().toISOString();
    const starts = update.status === 'RUNNING' || update.status === 'WAITING' || update.status === 'RETRYING';
    const ends = update.status === 'SUCCESS' || update.status === 'FAILED' || update.status === 'SKIPPED';
    const params = [
      runId,
      stepKey,
      update.stepId,
      update.kind,
      update.status,
      update.attempt ?? 1,
      starts || ends ? at : null,
      ends ? at : null,
      jsonText(update.input),
      jsonText(update.output),
      update.error?.type ?? null,
      update.error?.message ?? null,
      update.error ? (update.error.retryable ? 1 : 0) : null,
      at,
    ];
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
    return rows.map((r) => ({
      runId: r.run_id as string,
      stepKey: (r.step_key as string | null) ?? null,
      note: r.note as string,
      data: parseJson(r.data_json),
      at: r.at as string,
    }));
  }

  async runsWaitingForEvent(eventType: string): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT s.run_id AS id FROM runtime_steps s JOIN runtime_runs r ON r.id = s.run_id
       WHERE s.status = 'WAITING' AND s.input_json::json ->> 'mode' = 'event'
         AND s.input_json::json ->> 'event' = $1 AND r.status IN (${ACTIVE})`,
      [eventType],
    );
    return rows.map((r) => r.id as string);
  }

  async activeRuns(automations: string[]): Promise<string[]> {
    if (automations.length === 0) return [];
    const { rows } = await this.pool.query(
      `SELECT id FROM runtime_runs WHERE automation = ANY($1::text[]) AND status IN (${ACTIVE}) ORDER BY seq`,
      [automations],
    );
    return rows.map((r) => r.id as string);
  }

  async countRuns(filter: {
    automation?: string;
    status?: RunStatus;
    reason?: string;
    since?: string;
  }): Promise<number> {
    const { where, params } = runWhere({
      automation: filter.automation,
      status: filter.status && [filter.status],
      since: filter.since,
    });
    if (filter.reason) where.push(`reason = $${params.push(filter.reason)}`);
    const sql = `SELECT COUNT(*) AS n FROM runtime_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const { rows } = await this.pool.query(sql, params);
    return toNumber(rows[0].n);
  }
}

/** The SQLite upsert, in PostgreSQL: `s` is the stored row, `excluded` the new write. */
const UPSERT_STEP = `
  INSERT INTO runtime_steps AS s (run_id, step_key, step_id, kind, status, attempt, seq, started_at, finished_at,
    input_json, output_json, error_type, error_message, error_retryable, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_steps WHERE run_id = $1),
    $7, $8, $9, $10, $11, $12, $13, $14)
  ON CONFLICT (run_id, step_key) DO UPDATE SET
    status = CASE WHEN s.status IN ('SUCCESS', 'FAILED', 'SKIPPED') AND excluded.attempt <= s.attempt
      AND excluded.status NOT IN ('SUCCESS', 'FAILED', 'SKIPPED') THEN s.status ELSE excluded.status END,
    attempt = GREATEST(s.attempt, excluded.attempt),
    started_at = COALESCE(s.started_at, excluded.started_at),
    finished_at = COALESCE(excluded.finished_at, s.finished_at),
    input_json = COALESCE(excluded.input_json, s.input_json),
    output_json = COALESCE(excluded.output_json, s.output_json),
    error_type = excluded.error_type,
    error_message = excluded.error_message,
    error_retryable = excluded.error_retryable,
    updated_at = excluded.updated_at`;

function isFinal(status: RunStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED' || status === 'SKIPPED';
}

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

function toRun(row: Row): RunRecord {
  return {
    id: row.id as string,
    automation: row.automation as string,
    versionId: (row.version_id as number | null) ?? null,
    version: (row.version as number | null) ?? null,
    status: row.status as RunStatus,
    reason: (row.reason as string | null) ?? null,
    eventId: row.event_id as string,
    eventType: row.event_type as string,
    event: parseJson(row.event_json) as RunRecord['event'],
    workflowId: (row.workflow_id as string | null) ?? null,
    temporalRunId: (row.temporal_run_id as string | null) ?? null,
    depth: row.depth as number,
    causation: parseJson(row.causation_json) as RunRecord['causation'],
    error: parseJson(row.error_json) as RunRecord['error'],
    createdAt: row.created_at as string,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
    updatedAt: row.updated_at as string,
  };
}

function toStep(row: Row): StepRecord {
  const hasError = row.error_type !== null || row.error_message !== null;
  return {
    runId: row.run_id as string,
    stepKey: row.step_key as string,
    stepId: row.step_id as string,
    kind: row.kind as string,
    status: row.status as StepRecord['status'],
    attempt: row.attempt as number,
    seq: row.seq as number,
    startedAt: (row.started_at as string | null) ?? null,
    finishedAt: (row.finished_at as string | null) ?? null,
    input: parseJson(row.input_json),
    output: parseJson(row.output_json),
    error: hasError
      ? {
          type: (row.error_type as string) ?? 'error',
          message: (row.error_message as string) ?? '',
          retryable: row.error_retryable === 1,
        }
      : null,
    updatedAt: row.updated_at as string,
  };
}
