/**
 * The one view model behind `aexy runs list`, `runs show` and the three faces of `runs tail` (Ink on a
 * TTY, one line per change otherwise, NDJSON with --output json). Pure: built from run-log records and
 * a clock, so frames and lines are reproducible in tests.
 */
import type { RunRecord, RunStatus, StepRecord, StepStatus } from '../../workspace/runs/types.js';

/** One run as a row of the list. */
export interface RunRow {
  id: string;
  automation: string;
  version: number | null;
  status: RunStatus;
  reason: string | null;
  eventType: string;
  createdAt: string;
  /** Milliseconds from start (or creation) to finish, or to now while unfinished. */
  durationMs: number;
  /** The step that is running or waiting, if any. */
  currentStep: string | null;
  /** What the run waits for, when it waits ("approval by role:admin until 2026-…", "email.replied until …"). */
  waitingFor: WaitInfo | null;
  error: string | null;
  /** The run this one retries (`aexy runs retry`). */
  retryOf: string | null;
}

export interface WaitInfo {
  kind: 'approval' | 'event' | 'timer';
  stepKey: string;
  /** Approvers or the event type. */
  what: string;
  deadline: string | null;
  message?: string;
}

/** One line of a run's timeline; loop iterations of one step are folded into one entry. */
export interface TimelineEntry {
  /** Step key with loop indices folded (`notify[*]`), or the plain key. */
  key: string;
  stepId: string;
  kind: string;
  status: StepStatus;
  startedAt: string | null;
  durationMs: number | null;
  attempt: number;
  error: string | null;
  /** The branch an if/switch took, or an approval's decision. */
  branch: string | null;
  waitingFor: WaitInfo | null;
  /** For folded loop iterations: how many there were, by status. */
  iterations: { total: number; byStatus: Partial<Record<StepStatus, number>> } | null;
  /** Depth of loop nesting (indentation). */
  depth: number;
  input?: unknown;
  output?: unknown;
}

export const FINAL: ReadonlySet<RunStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);

export function buildRunRow(run: RunRecord, steps: readonly StepRecord[], now: Date): RunRow {
  const active = [...steps]
    .reverse()
    .find((s) => s.status === 'RUNNING' || s.status === 'WAITING' || s.status === 'RETRYING');
  return {
    id: run.id,
    automation: run.automation,
    version: run.version,
    status: run.status,
    reason: run.reason,
    eventType: run.eventType,
    createdAt: run.createdAt,
    durationMs: elapsed(run.startedAt ?? run.createdAt, run.finishedAt, now),
    currentStep: active?.stepKey ?? null,
    waitingFor: steps.map(waitInfo).find((w) => w !== null && isOpen(steps, w.stepKey)) ?? null,
    error: run.error ? `${run.error.type}: ${run.error.message}` : null,
    retryOf: run.event.retryOf ?? null,
  };
}

/** The run's steps in order of first appearance, loop iterations folded with counts. */
export function buildTimeline(steps: readonly StepRecord[], now: Date, verbose = false): TimelineEntry[] {
  const entries = new Map<string, TimelineEntry>();
  for (const step of steps) {
    const key = foldKey(step.stepKey);
    const entry = entries.get(key);
    if (!entry) {
      entries.set(key, toEntry(step, key, now, verbose));
      continue;
    }
    mergeIteration(entry, step, now);
  }
  return [...entries.values()];
}

function toEntry(step: StepRecord, key: string, now: Date, verbose: boolean): TimelineEntry {
  const folded = key !== step.stepKey;
  const entry: TimelineEntry = {
    key,
    stepId: step.stepId,
    kind: step.kind,
    status: step.status,
    startedAt: step.startedAt,
    durationMs: step.startedAt ? elapsed(step.startedAt, step.finishedAt, now) : null,
    attempt: step.attempt,
    error: step.error ? `${step.error.type}: ${step.error.message}` : null,
    branch: branchOf(step),
    waitingFor: step.status === 'WAITING' ? waitInfo(step) : null,
    iterations: folded ? { total: 1, byStatus: { [step.status]: 1 } } : null,
    depth: (key.match(/\[\*\]/g) ?? []).length,
  };
  if (verbose) {
    entry.input = step.input;
    entry.output = step.output;
  }
  return entry;
}

/** Folds another iteration of a loop body step into its entry: the entry shows the "worst" status. */
function mergeIteration(entry: TimelineEntry, step: StepRecord, now: Date): void {
  const iterations = entry.iterations ?? { total: 0, byStatus: {} };
  iterations.total += 1;
  iterations.byStatus[step.status] = (iterations.byStatus[step.status] ?? 0) + 1;
  entry.iterations = iterations;
  if (statusWeight(step.status) > statusWeight(entry.status)) {
    entry.status = step.status;
    entry.error = step.error ? `${step.error.type}: ${step.error.message}` : entry.error;
    entry.waitingFor = step.status === 'WAITING' ? waitInfo(step) : entry.waitingFor;
  }
  entry.attempt = Math.max(entry.attempt, step.attempt);
  const end = step.finishedAt ? Date.parse(step.finishedAt) : now.getTime();
  if (entry.startedAt) entry.durationMs = Math.max(0, end - Date.parse(entry.startedAt));
}

/** Failed beats waiting beats running beats the rest, so a folded loop never hides a problem. */
function statusWeight(status: StepStatus): number {
  return { FAILED: 6, WAITING: 5, RETRYING: 4, RUNNING: 3, PENDING: 2, SUCCESS: 1, SKIPPED: 0 }[status];
}

/** `notify[3]` -> `notify[*]`, `send[2][10]` -> `send[*][*]` (loop indices of the step key). */
export function foldKey(stepKey: string): string {
  return stepKey.replace(/\[\d+\]/g, '[*]');
}

function branchOf(step: StepRecord): string | null {
  const output = step.output as Record<string, unknown> | null | undefined;
  if (!output || typeof output !== 'object') return null;
  if (typeof output.branch === 'string') return output.branch;
  if (typeof output.decision === 'string') return output.decision;
  return null;
}

function waitInfo(step: StepRecord): WaitInfo | null {
  if (step.status !== 'WAITING') return null;
  const input = (step.input ?? {}) as Record<string, unknown>;
  const deadline = typeof input.deadline === 'string' ? input.deadline : null;
  if (step.kind === 'approval') {
    const approvers = Array.isArray(input.approvers) ? input.approvers.join(', ') : 'anyone';
    const message = typeof input.message === 'string' ? input.message : undefined;
    return { kind: 'approval', stepKey: step.stepKey, what: approvers, deadline, message };
  }
  if (input.mode === 'event' && typeof input.event === 'string') {
    return { kind: 'event', stepKey: step.stepKey, what: input.event, deadline };
  }
  return { kind: 'timer', stepKey: step.stepKey, what: 'timer', deadline };
}

function isOpen(steps: readonly StepRecord[], stepKey: string): boolean {
  return steps.some((s) => s.stepKey === stepKey && s.status === 'WAITING');
}

function elapsed(from: string, to: string | null, now: Date): number {
  const end = to ? Date.parse(to) : now.getTime();
  return Math.max(0, end - Date.parse(from));
}
