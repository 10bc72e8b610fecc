/**
 * Turns successive snapshots of the run log into change events: what `runs tail` prints one line per
 * change for, and emits as NDJSON with --output json. The event shape is a versioned contract
 * (docs/runs.md); bump TAIL_FORMAT_VERSION on a breaking change.
 */
import type { RunRecord, RunStatus, StepRecord, StepStatus } from '../../workspace/runs/types.js';
import { buildTimeline, type WaitInfo } from './view-model.js';

export const TAIL_FORMAT_VERSION = 1;

export interface RunSnapshot {
  run: RunRecord;
  steps: StepRecord[];
}

/** runId -> snapshot, newest run first (insertion order). */
export type Snapshot = Map<string, RunSnapshot>;

export interface RunChange {
  formatVersion: number;
  kind: 'run';
  at: string;
  runId: string;
  automation: string;
  version: number | null;
  status: RunStatus;
  previousStatus: RunStatus | null;
  reason: string | null;
  error: string | null;
}

export interface StepChange {
  formatVersion: number;
  kind: 'step';
  at: string;
  runId: string;
  automation: string;
  stepKey: string;
  stepId: string;
  stepKind: string;
  status: StepStatus;
  previousStatus: StepStatus | null;
  attempt: number;
  error: string | null;
  branch: string | null;
  waitingFor: WaitInfo | null;
}

export type Change = RunChange | StepChange;

/** Changes from `before` to `after`, in a stable order: per run (oldest first), the run, then its steps. */
export function diffSnapshots(before: Snapshot, after: Snapshot, now: Date): Change[] {
  const changes: Change[] = [];
  for (const current of [...after.values()].reverse()) {
    const previous = before.get(current.run.id);
    if (!previous || previous.run.status !== current.run.status) {
      changes.push(runChange(current.run, previous?.run.status ?? null));
    }
    changes.push(...stepChanges(current, previous, now));
  }
  return changes;
}

function runChange(run: RunRecord, previousStatus: RunStatus | null): RunChange {
  return {
    formatVersion: TAIL_FORMAT_VERSION,
    kind: 'run',
    at: run.updatedAt,
    runId: run.id,
    automation: run.automation,
    version: run.version,
    status: run.status,
    previousStatus,
    reason: run.reason,
    error: run.error ? `${run.error.type}: ${run.error.message}` : null,
  };
}

function stepChanges(current: RunSnapshot, previous: RunSnapshot | undefined, now: Date): StepChange[] {
  const before = new Map((previous?.steps ?? []).map((s) => [s.stepKey, s]));
  const changes: StepChange[] = [];
  for (const step of current.steps) {
    const old = before.get(step.stepKey);
    if (old && old.status === step.status && old.attempt === step.attempt) continue;
    const [entry] = buildTimeline([step], now);
    changes.push({
      formatVersion: TAIL_FORMAT_VERSION,
      kind: 'step',
      at: step.updatedAt,
      runId: current.run.id,
      automation: current.run.automation,
      stepKey: step.stepKey,
      stepId: step.stepId,
      stepKind: step.kind,
      status: step.status,
      previousStatus: old?.status ?? null,
      attempt: step.attempt,
      error: entry.error,
      branch: entry.branch,
      waitingFor: entry.waitingFor,
    });
  }
  return changes;
}
