/**
 * Deciding a run's pending approval: a Temporal update on the run's workflow, validated by the
 * workflow against its state (it refuses when nothing is pending or the step does not match), and
 * answered synchronously. Shared by `aexy approve|reject` and the `runs tail` view.
 */
import type { Client } from '@temporalio/client';
import type { RunStore } from '../workspace/runs/types.js';
import { type ApprovalOutcome, UPDATE_APPROVE } from './contract.js';

export interface ApprovalRequest {
  runId: string;
  stepId?: string;
  decision: 'approve' | 'reject';
  comment?: string;
  by: string;
  /** How long to wait for a worker to answer (default 15 s). */
  timeoutMs?: number;
}

/** A decision that could not be taken, with what to do about it. */
export class ApprovalError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** What went wrong, for callers that answer differently per case (the HTTP API's status codes). */
    readonly reason: 'no-run' | 'finished' | 'timeout' | 'unknown-workflow' | 'refused' = 'refused',
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}

export interface ApprovalDeps {
  runs: RunStore;
  client: Client;
}

export async function decideApproval(deps: ApprovalDeps, request: ApprovalRequest): Promise<ApprovalOutcome> {
  const run = await deps.runs.getRun(request.runId);
  if (!run)
    throw new ApprovalError(
      `no run ${request.runId} in this workspace`,
      'list runs with: aexy runs list',
      'no-run',
    );
  if (['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'].includes(run.status)) {
    throw new ApprovalError(
      `run ${request.runId} is ${run.status}: nothing to ${request.decision}`,
      undefined,
      'finished',
    );
  }
  const timeoutMs = request.timeoutMs ?? 15_000;
  const handle = deps.client.workflow.getHandle(run.workflowId ?? request.runId);
  const update = handle.executeUpdate(UPDATE_APPROVE, {
    args: [{ stepId: request.stepId, decision: request.decision, comment: request.comment, by: request.by }],
  }) as Promise<ApprovalOutcome>;
  return withTimeout(update, timeoutMs).catch((error: Error) => {
    throw explain(error, request.runId, timeoutMs);
  });
}

/** Turns an update failure into what the person needs to know. */
function explain(error: Error, runId: string, timeoutMs: number): Error {
  if (error.name === 'TimeoutError') {
    return new ApprovalError(
      `no worker answered for run ${runId} within ${timeoutMs / 1000}s`,
      'start `aexy dev` (or `aexy worker`) so the run can take the decision',
      'timeout',
    );
  }
  if (error.name === 'WorkflowNotFoundError') {
    return new ApprovalError(
      `run ${runId} is not known to Temporal (finished and expired?)`,
      undefined,
      'unknown-workflow',
    );
  }
  // A validator rejection: the workflow's own message says what is pending.
  const cause = (error as { cause?: Error }).cause;
  return new ApprovalError(cause?.message ?? error.message);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
