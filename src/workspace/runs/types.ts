/**
 * The run log: one row per run (including SKIPPED runs, which never reach Temporal) and one per step
 * execution, written as steps start and finish so `aexy runs tail` sees changes within a second.
 * The SQLite implementation is src/workspace/sqlite/run-store.ts; a shared store implements the
 * same interface.
 */
import type { RuntimeEvent } from '../events/types.js';

/** The same statuses as the runtime contract (src/runtime/contract.ts); the store does not import it. */
export type RunStatus = 'PENDING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'WAITING' | 'RETRYING';

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];

/** Machine-readable reasons for SKIPPED and router-stopped runs. */
export type RunReason = 'conditions' | 'run_limit' | 'disabled' | 'causation_depth' | (string & {});

export interface RunError {
  type: string;
  message: string;
  retryable?: boolean;
}

export interface RunRecord {
  id: string;
  automation: string;
  versionId: number | null;
  version: number | null;
  status: RunStatus;
  reason: RunReason | null;
  eventId: string;
  eventType: string;
  event: RuntimeEvent;
  workflowId: string | null;
  temporalRunId: string | null;
  depth: number;
  causation: string[];
  error: RunError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface StepRecord {
  runId: string;
  /** Step id plus loop indices, e.g. `notify` or `each_deal[3].notify`: unique within a run. */
  stepKey: string;
  stepId: string;
  kind: string;
  status: StepStatus;
  attempt: number;
  /** Order of first appearance within the run. */
  seq: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Input with secrets redacted. */
  input: unknown;
  output: unknown;
  error: RunError | null;
  updatedAt: string;
}

/** A new run row: the router writes it before starting the workflow (or as SKIPPED instead). */
export interface NewRun {
  id: string;
  automation: string;
  versionId: number | null;
  version: number | null;
  status: RunStatus;
  reason?: RunReason;
  event: RuntimeEvent;
  workflowId?: string;
  error?: RunError;
  at?: string;
}

export interface RunUpdate {
  status?: RunStatus;
  reason?: RunReason | null;
  temporalRunId?: string;
  error?: RunError | null;
  workflowId?: string;
  versionId?: number | null;
  version?: number | null;
  at?: string;
}

export interface StepUpdate {
  stepId: string;
  kind: string;
  status: StepStatus;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  error?: RunError | null;
  at?: string;
}

/** A free-form line attached to a run (escalations, late agent results...). */
export interface RunNote {
  runId: string;
  stepKey: string | null;
  note: string;
  data: unknown;
  at: string;
}

export interface RunFilter {
  automation?: string;
  /** Only runs started (or skipped) for one of these event ids. */
  eventIds?: string[];
  status?: RunStatus[];
  /** Only runs created at or after this ISO time. */
  since?: string;
  /** Only runs created before this ISO time. */
  until?: string;
  limit?: number;
}

/** All methods are async so a shared (PostgreSQL, HTTP) store fits the same shape. */
export interface RunStore {
  /** Inserts a run; returns false (and changes nothing) when a run with this id exists. */
  createRun(run: NewRun): Promise<boolean>;
  /** Updates a run; a final status (COMPLETED, FAILED, CANCELLED, SKIPPED) is never replaced by a non-final one. */
  updateRun(id: string, update: RunUpdate): Promise<void>;
  /** Removes a run row that is still in `status` (a start that failed); steps go with it. */
  deleteRun(id: string, status: RunStatus): Promise<void>;
  /** Upserts a step row (first write fixes its `seq`; a finished attempt is not reopened by a late duplicate). */
  writeStep(runId: string, stepKey: string, update: StepUpdate): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  steps(runId: string): Promise<StepRecord[]>;
  /** Appends a note; the same (run, time, text) twice is stored once. */
  addNote(note: RunNote): Promise<void>;
  notes(runId: string): Promise<RunNote[]>;
  /** Ids of unfinished runs with an open WAITING event-wait step for this event type. */
  runsWaitingForEvent(eventType: string): Promise<string[]>;
  /** Ids of unfinished runs of these automations (events are buffered by runs not yet waiting). */
  activeRuns(automations: string[]): Promise<string[]>;
  countRuns(filter: {
    automation?: string;
    status?: RunStatus;
    reason?: string;
    since?: string;
  }): Promise<number>;
}
