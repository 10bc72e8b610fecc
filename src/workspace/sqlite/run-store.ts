/**
 * The run log on SQLite (better-sqlite3): runs and steps as rows, JSON columns for event, input,
 * output and errors. Writes are single statements, so a reader in another process sees a step's
 * change as soon as it is written (WAL mode).
 */
import type Database from 'better-sqlite3';
import { jsonText } from '../rows/json-columns.js';
import {
  ACTIVE_SQL,
  countFilter,
  FINAL_SQL,
  isFinal,
  newRunValues,
  type Row,
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

/** Implements RunStore on the workspace database handle. */
export class SqliteRunStore implements RunStore {
  constructor(private readonly db: Database.Database) {}

  async createRun(run: NewRun): Promise<boolean> {
    const values = newRunValues(run);
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO runtime_runs (id, automation, version_id, version, status, reason, event_id, event_type,
           event_json, workflow_id, depth, causation_json, error_json, created_at, finished_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...values, values[13]);
    return info.changes === 1;
  }

  async updateRun(id: string, update: RunUpdate): Promise<void> {
    const at = update.at ?? new Date().toISOString();
    const sets: string[] = ['updated_at = @at'];
    const params: Row = { id, at };
    if (update.status) {
      sets.push('status = @status');
      params.status = update.status;
      if (update.status === 'RUNNING') sets.push('started_at = COALESCE(started_at, @at)');
      if (isFinal(update.status)) sets.push('finished_at = @at');
    }
    if (update.reason !== undefined) {
      sets.push('reason = @reason');
      params.reason = update.reason;
    }
    if (update.temporalRunId !== undefined) {
      sets.push('temporal_run_id = @temporalRunId');
      params.temporalRunId = update.temporalRunId;
    }
    if (update.error !== undefined) {
      sets.push('error_json = @error');
      params.error = jsonText(update.error);
    }
    for (const [key, column] of [
      ['workflowId', 'workflow_id'],
      ['versionId', 'version_id'],
      ['version', 'version'],
    ] as const) {
      if (update[key] === undefined) continue;
      sets.push(`${column} = @${key}`);
      params[key] = update[key];
    }
    // Entries can arrive twice or late (activity retries): never reopen a finished run.
    const guard = update.status && !isFinal(update.status) ? ` AND status NOT IN (${FINAL_SQL})` : '';
    this.db.prepare(`UPDATE runtime_runs SET ${sets.join(', ')} WHERE id = @id${guard}`).run(params);
  }

  async deleteRun(id: string, status: RunStatus): Promise<void> {
    this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM runtime_runs WHERE id = ? AND status = ?').run(id, status);
      if (gone.changes) this.db.prepare('DELETE FROM runtime_steps WHERE run_id = ?').run(id);
    })();
  }

  async writeStep(runId: string, stepKey: string, update: StepUpdate): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO runtime_steps (run_id, step_key, step_id, kind, status, attempt, seq, started_at, finished_at,
           input_json, output_json, error_type, error_message, error_retryable, updated_at)
         VALUES (@runId, @stepKey, @stepId, @kind, @status, @attempt,
           (SELECT COALESCE(MAX(seq), 0) + 1 FROM runtime_steps WHERE run_id = @runId),
           @startedAt, @finishedAt, @input, @output, @errorType, @errorMessage, @errorRetryable, @at)
         ON CONFLICT (run_id, step_key) DO UPDATE SET
           status = CASE WHEN status IN ('SUCCESS', 'FAILED', 'SKIPPED') AND excluded.attempt <= attempt
             AND excluded.status NOT IN ('SUCCESS', 'FAILED', 'SKIPPED') THEN status ELSE excluded.status END,
           attempt = MAX(attempt, excluded.attempt),
           started_at = COALESCE(started_at, excluded.started_at),
           finished_at = COALESCE(excluded.finished_at, finished_at),
           input_json = COALESCE(excluded.input_json, input_json),
           output_json = COALESCE(excluded.output_json, output_json),
           error_type = excluded.error_type,
           error_message = excluded.error_message,
           error_retryable = excluded.error_retryable,
           updated_at = excluded.updated_at`,
      )
      .run({ runId, stepKey, ...stepColumns(update) });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM runtime_runs WHERE id = ?').get(id) as Row | undefined;
    return row ? toRun(row) : undefined;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
    const { where, params } = runWhere(filter);
    const sql = `SELECT * FROM runtime_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, rowid DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all({ ...params, limit: filter.limit ?? 100 }) as Row[];
    return rows.map(toRun);
  }

  async steps(runId: string): Promise<StepRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM runtime_steps WHERE run_id = ? ORDER BY seq')
      .all(runId) as Row[];
    return rows.map(toStep);
  }

  async addNote(note: RunNote): Promise<void> {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO runtime_notes (run_id, step_key, note, data_json, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(note.runId, note.stepKey, note.note, jsonText(note.data), note.at);
  }

  async notes(runId: string): Promise<RunNote[]> {
    const rows = this.db
      .prepare('SELECT * FROM runtime_notes WHERE run_id = ? ORDER BY seq')
      .all(runId) as Row[];
    return rows.map(toNote);
  }

  async runsWaitingForEvent(eventType: string): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT s.run_id AS id FROM runtime_steps s JOIN runtime_runs r ON r.id = s.run_id
         WHERE s.status = 'WAITING' AND json_extract(s.input_json, '$.mode') = 'event'
           AND json_extract(s.input_json, '$.event') = ? AND r.status IN (${ACTIVE_SQL})`,
      )
      .all(eventType) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async activeRuns(automations: string[]): Promise<string[]> {
    if (automations.length === 0) return [];
    const marks = automations.map(() => '?').join(', ');
    const rows = this.db
      .prepare(`SELECT id FROM runtime_runs WHERE automation IN (${marks}) AND status IN (${ACTIVE_SQL})`)
      .all(...automations) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async countRuns(filter: RunCount): Promise<number> {
    const { where, params } = runWhere(countFilter(filter));
    if (filter.reason) {
      where.push('reason = @reason');
      params.reason = filter.reason;
    }
    const sql = `SELECT COUNT(*) AS n FROM runtime_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    return (this.db.prepare(sql).get(params) as { n: number }).n;
  }
}

function runWhere(filter: RunFilter): { where: string[]; params: Row } {
  const where: string[] = [];
  const params: Row = {};
  if (filter.automation) {
    where.push('automation = @automation');
    params.automation = filter.automation;
  }
  if (filter.eventIds) {
    where.push(`event_id IN (SELECT value FROM json_each(@eventIds))`);
    params.eventIds = JSON.stringify(filter.eventIds);
  }
  if (filter.status?.length) {
    where.push(`status IN (${filter.status.map((_, i) => `@s${i}`).join(', ')})`);
    filter.status.forEach((s, i) => {
      params[`s${i}`] = s;
    });
  }
  if (filter.since) {
    where.push('created_at >= @since');
    params.since = filter.since;
  }
  if (filter.until) {
    where.push('created_at < @until');
    params.until = filter.until;
  }
  return { where, params };
}
