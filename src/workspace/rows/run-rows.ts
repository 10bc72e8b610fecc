/**
 * The run log's rows (runtime_runs, runtime_steps, runtime_notes) and their mapping to the RunStore
 * types, shared by the SQLite and PostgreSQL run stores so both answer with equal values. Pure: the
 * SQL of each backend stays in its own run store.
 */
import type {
  NewRun,
  RunFilter,
  RunNote,
  RunRecord,
  RunStatus,
  RunStore,
  StepRecord,
  StepUpdate,
} from '../runs/types.js';
import { jsonText, parseJson } from './json-columns.js';

/** A row as a driver returns it (column name to value). */
export type Row = Record<string, unknown>;

/** Run statuses a run can still move from, as an SQL list. */
export const ACTIVE_SQL = "'PENDING', 'RUNNING', 'PAUSED'";
/** Run statuses that end a run, as an SQL list. */
export const FINAL_SQL = "'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'";

/** Whether a run in `status` is finished (and must never be reopened). */
export function isFinal(status: RunStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED' || status === 'SKIPPED';
}

/** The column values of a step write, in the order of both backends' upserts (seq aside). */
export interface StepColumns {
  stepId: string;
  kind: string;
  status: StepUpdate['status'];
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  input: string | null;
  output: string | null;
  errorType: string | null;
  errorMessage: string | null;
  errorRetryable: number | null;
  at: string;
}

/** What a step write stores: start and finish times from its status, JSON columns, error columns. */
export function stepColumns(update: StepUpdate): StepColumns {
  const at = update.at ?? new Date().toISOString();
  const starts = update.status === 'RUNNING' || update.status === 'WAITING' || update.status === 'RETRYING';
  const ends = update.status === 'SUCCESS' || update.status === 'FAILED' || update.status === 'SKIPPED';
  return {
    stepId: update.stepId,
    kind: update.kind,
    status: update.status,
    attempt: update.attempt ?? 1,
    startedAt: starts || ends ? at : null,
    finishedAt: ends ? at : null,
    input: jsonText(update.input),
    output: jsonText(update.output),
    errorType: update.error?.type ?? null,
    errorMessage: update.error?.message ?? null,
    errorRetryable: update.error ? (update.error.retryable ? 1 : 0) : null,
    at,
  };
}

/** A runtime_runs row as a RunRecord. */
export function toRun(row: Row): RunRecord {
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

/** A runtime_steps row as a StepRecord (an error when either error column is set). */
export function toStep(row: Row): StepRecord {
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

/** A runtime_notes row as a RunNote. */
export function toNote(row: Row): RunNote {
  return {
    runId: row.run_id as string,
    stepKey: (row.step_key as string | null) ?? null,
    note: row.note as string,
    data: parseJson(row.data_json),
    at: row.at as string,
  };
}

/**
 * The values of a new runtime_runs row, in the column order id, automation, version_id, version,
 * status, reason, event_id, event_type, event_json, workflow_id, depth, causation_json, error_json,
 * created_at, finished_at (a run born skipped or failed is finished when created).
 */
export function newRunValues(run: NewRun): unknown[] {
  const at = run.at ?? new Date().toISOString();
  const final = run.status === 'SKIPPED' || run.status === 'FAILED';
  return [
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
  ];
}

/** What `RunStore.countRuns` is given. */
export type RunCount = Parameters<RunStore['countRuns']>[0];

/** The RunFilter part of a count (the reason is matched by each backend's own condition). */
export function countFilter(filter: RunCount): RunFilter {
  return { automation: filter.automation, status: filter.status && [filter.status], since: filter.since };
}
