/**
 * Deciding and cancelling runs on Temporal, shared by the CLI (`aexy approve|reject`, `aexy runs
 * cancel`) and `aexy serve` (POST /runs/{id}/approve|reject|cancel): one implementation of the
 * update sent and of what a cancelled run's open steps become.
 */
import type { Client } from '@temporalio/client';
import type { RunRecord, RunStore } from '../workspace/runs/types.js';
import { type ApprovalOutcome, UPDATE_APPROVE } from './contract.js';

/** Why a decision or cancellation did not happen, with a message a person can act on. */
export class RunControlError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unknown-workflow' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'RunControlError';
  }
}

export interface DecisionInput {
  decision: 'approve' | 'reject';
  stepId?: string;
  comment?: string;
  by: string;
}

/** Sends the approve update to the run's workflow and waits (up to `timeoutMs`) for its answer. */
export async function decideApproval(
  client: Client,
  run: RunRecord,
  input: DecisionInput,
  timeoutMs = 15_000,
): Promise<ApprovalOutcome> {
  const handle = client.workflow.getHandle(run.workflowId ?? run.id);
  const update = handle.executeUpdate(UPDATE_APPROVE, {
    args: [{ stepId: input.stepId, decision: input.decision, comment: input.comment, by: input.by }],
  });
  return (await withTimeout(update, timeoutMs).catch((error: Error) => {
    throw explain(error, run.id, timeoutMs);
  })) as ApprovalOutcome;
}

/** Turns an update failure into what the caller needs to know. */
function explain(error: Error, runId: string, timeoutMs: number): RunControlError {
  if (error.name === 'TimeoutError')
    return new RunControlError('timeout', `no worker answered for run ${runId} within ${timeoutMs / 1000}s`);
  if (error.name === 'WorkflowNotFoundError')
    return new RunControlError(
      'unknown-workflow',
      `run ${runId} is not known to Temporal (finished and expired?)`,
    );
  // A validator rejection: the workflow's own message says what is pending.
  const cause = (error as { cause?: Error }).cause;
  return new RunControlError('refused', cause?.message ?? error.message);
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
    throw explain(error, run.id, timeoutMs);
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
