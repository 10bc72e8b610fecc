/**
 * Cancelling runs on Temporal, shared by `aexy runs cancel` and `aexy serve`
 * (POST /runs/{id}/cancel): one implementation of the request and of what a cancelled run's open
 * steps become. (Approvals are decided by approvals.ts, shared the same way.)
 */
import type { Client } from '@temporalio/client';
import type { RunRecord, RunStore } from '../workspace/runs/types.js';

/** Why a cancellation did not happen, with a message a person can act on. */
export class RunControlError extends Error {
  constructor(
    readonly reason: 'unknown-workflow',
    message: string,
  ) {
    super(message);
    this.name = 'RunControlError';
  }
}

/**
 * Asks Temporal to cancel the run's workflow, waits (up to `timeoutMs`) for it to end, then marks
 * the steps it left open as FAILED (`cancelled`). Returns the run as the store has it afterwards.
 */
export async function cancelRun(
  client: Client,
  runs: RunStore,
  run: RunRecord,
  timeoutMs = 30_000,
): Promise<{ run: RunRecord | undefined; interruptedSteps: string[] }> {
  const handle = client.workflow.getHandle(run.workflowId ?? run.id);
  await handle.cancel().catch((error: Error) => {
    throw error.name === 'WorkflowNotFoundError'
      ? new RunControlError(
          'unknown-workflow',
          `run ${run.id} is not known to Temporal (finished and expired?)`,
        )
      : error;
  });
  await Promise.race([handle.result().catch(() => undefined), sleep(timeoutMs)]);
  const interruptedSteps = await markInterruptedSteps(runs, run.id);
  return { run: await runs.getRun(run.id), interruptedSteps };
}

/** Steps left RUNNING/WAITING/RETRYING by a cancelled run are marked FAILED with error type `cancelled`. */
export async function markInterruptedSteps(runs: RunStore, runId: string): Promise<string[]> {
  const run = await runs.getRun(runId);
  if (run?.status !== 'CANCELLED') return [];
  const open = (await runs.steps(runId)).filter((s) => ['RUNNING', 'WAITING', 'RETRYING'].includes(s.status));
  for (const step of open) {
    await runs.writeStep(runId, step.stepKey, {
      stepId: step.stepId,
      kind: step.kind,
      status: 'FAILED',
      error: {
        type: 'cancelled',
        message: 'the run was cancelled while this step was in progress',
        retryable: false,
      },
    });
  }
  return open.map((s) => s.stepKey);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
