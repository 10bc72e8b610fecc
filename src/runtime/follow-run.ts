/**
 * Following a run through the run log until it finishes: polls the store (the activities write
 * steps as they start and finish) and reports each step change once, as a line.
 */
import type { RunRecord, RunStore, StepRecord } from '../workspace/runs/types.js';

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);

export interface FollowOptions {
  timeoutMs: number;
  /** Also stop when the run is PAUSED (waiting for a person): the follower cannot move it on. */
  untilPaused?: boolean;
  intervalMs?: number;
  onStep?: (line: string, step: StepRecord) => void;
  onRun?: (run: RunRecord) => void;
}

/** Resolves with the finished (or, with untilPaused, paused) run, or undefined when time ran out. */
export async function followRun(
  runs: RunStore,
  runId: string,
  options: FollowOptions,
): Promise<RunRecord | undefined> {
  const seen = new Map<string, string>();
  let lastStatus = '';
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const run = await runs.getRun(runId);
    for (const step of await runs.steps(runId)) {
      const signature = `${step.status}/${step.attempt}`;
      if (seen.get(step.stepKey) === signature) continue;
      seen.set(step.stepKey, signature);
      options.onStep?.(stepLine(step), step);
    }
    if (run && run.status !== lastStatus) {
      lastStatus = run.status;
      options.onRun?.(run);
    }
    if (run && (FINAL.has(run.status) || (options.untilPaused && run.status === 'PAUSED'))) return run;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
  return undefined;
}

/** `  step_key  STATUS  (attempt 2) error` */
export function stepLine(step: StepRecord): string {
  const attempt = step.attempt > 1 ? ` (attempt ${step.attempt})` : '';
  const error = step.error ? `  ${step.error.type}: ${step.error.message}` : '';
  return `  ${step.stepKey.padEnd(24)} ${step.status}${attempt}${error}`;
}
