/**
 * Step failures inside the interpreter: a StepFailure carries the RunError that the step's error
 * policy (`onError`, `catch`) acts on. Temporal failures from activities are converted here.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  isCancellation,
  TimeoutFailure,
} from '@temporalio/workflow';
import { RUNTIME_ERROR_TYPES, type RunError } from '../contract.js';

/** A step failed with this error; the interpreter applies the step's error policy. */
export class StepFailure extends Error {
  constructor(
    readonly error: RunError,
    /** True when the activity already wrote the FAILED row to the run log. */
    readonly logged = false,
  ) {
    super(error.message);
    this.name = 'StepFailure';
  }
}

/** Converts whatever an activity call threw into a StepFailure; cancellations are rethrown as they are. */
export function toStepFailure(error: unknown): StepFailure {
  if (error instanceof StepFailure) return error;
  if (isCancellation(error)) throw error;
  // Activities and child workflows (agent runs) wrap the failure that says what went wrong.
  let cause: unknown = error;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as { logged?: boolean; retryable?: boolean };
    return new StepFailure(
      {
        type: cause.type ?? 'error',
        message: cause.message,
        retryable: details.retryable ?? !cause.nonRetryable,
      },
      details.logged === true,
    );
  }
  if (cause instanceof TimeoutFailure) {
    // The activity enforces the step timeout itself; this is Temporal's safety net (worker gone, no heartbeat).
    const message = `the step's activity timed out in Temporal (${cause.message || 'no response from any worker'})`;
    return new StepFailure({ type: 'timeout', message, retryable: true });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StepFailure({ type: RUNTIME_ERROR_TYPES.internal, message, retryable: false });
}
