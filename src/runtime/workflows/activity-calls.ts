/**
 * How the interpreter calls its activities: per-step activity options (activity id = step key, so
 * ids are stable across continue-as-new; retry and timeout from the step's error policy), and the
 * progress flush (a local activity: one marker event, no task-queue round trip).
 */
import {
  ActivityCancellationType,
  type ActivityOptions,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { ErrorClass, RetryPolicy, Step } from '../../ir/types.js';
import {
  type ActionRequest,
  type ActionResult,
  type AgentRequest,
  type ProgressEntry,
  RUNTIME_DEFAULTS,
  type RunInput,
  type RuntimeActivities,
} from '../contract.js';
import type { RunState } from './run-state.js';

/** Slack on top of the step timeout, which the activity enforces itself (and reports as `timeout`). */
const TIMEOUT_GRACE_MS = 10_000;

/** Retries for infrastructure failures only (a worker died mid-attempt) when the step does not retry. */
const INFRA_RETRY = { initialIntervalMs: 1_000, backoff: 2, maxIntervalMs: 30_000 };

/** The effective error policy of a step: its own or the automation's. */
export interface StepPolicy {
  retry: boolean;
  maxAttempts: number;
  retryOn: ErrorClass[];
  timeoutMs: number;
  interval: { initialIntervalMs: number; backoff: number; maxIntervalMs: number };
}

export function policyOf(step: Step, input: RunInput, timeoutMs?: number): StepPolicy {
  const automation = input.automation;
  const onError = step.onError ?? automation.onError;
  const policy: RetryPolicy = step.retry ?? automation.retry;
  const retry = onError === 'retry';
  return {
    retry,
    maxAttempts: retry ? Math.max(1, policy.maxAttempts) : 1,
    retryOn: retry ? policy.on : [],
    timeoutMs:
      timeoutMs ??
      step.timeoutMs ??
      input.options?.defaultStepTimeoutMs ??
      RUNTIME_DEFAULTS.defaultStepTimeoutMs,
    interval: retry ? policy : INFRA_RETRY,
  };
}

function activityOptions(activityId: string, policy: StepPolicy, input: RunInput): ActivityOptions {
  return {
    activityId,
    taskQueue: input.options?.activityTaskQueue,
    startToCloseTimeout: policy.timeoutMs + TIMEOUT_GRACE_MS,
    heartbeatTimeout: input.options?.heartbeatTimeoutMs ?? RUNTIME_DEFAULTS.heartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.TRY_CANCEL,
    retry: {
      initialInterval: policy.interval.initialIntervalMs,
      backoffCoefficient: Math.max(1, policy.interval.backoff),
      maximumInterval: Math.max(policy.interval.maxIntervalMs, policy.interval.initialIntervalMs),
      maximumAttempts: policy.maxAttempts + RUNTIME_DEFAULTS.infraExtraAttempts,
    },
  };
}

const local = proxyLocalActivities<Pick<RuntimeActivities, 'recordProgress'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 10 },
});

/** The activity calls of one run. */
export class ActivityCaller {
  constructor(private readonly state: RunState) {}

  /** Runs an action; pending progress rides along and is written by the activity first. */
  runAction(request: Omit<ActionRequest, 'progress'>, policy: StepPolicy): Promise<ActionResult> {
    const id = `${request.stepId}${request.iterationKey}`;
    const acts = proxyActivities<RuntimeActivities>(activityOptions(id, policy, this.state.input));
    return this.carrying((progress) => acts.runAction({ ...request, progress }));
  }

  runAgent(
    request: Omit<AgentRequest, 'progress'>,
    policy: StepPolicy,
    activityId: string,
  ): Promise<ActionResult> {
    const acts = proxyActivities<RuntimeActivities>(activityOptions(activityId, policy, this.state.input));
    return this.carrying((progress) => acts.runAgent({ ...request, progress }));
  }

  /**
   * Sends the pending progress with an activity call. When the call fails (maybe before it ever ran,
   * e.g. cancelled by a parallel join), the entries go back to the front of the queue: the next flush
   * writes them again, which is harmless because run log writes are upserts.
   */
  private async carrying<T>(call: (progress: ProgressEntry[]) => Promise<T>): Promise<T> {
    const progress = this.state.takeProgress();
    try {
      return await call(progress);
    } catch (error) {
      this.state.pending.unshift(...progress);
      throw error;
    }
  }

  /** Writes pending progress now (before blocking on a wait or approval, and at the end). */
  async flush(): Promise<boolean> {
    const batch = this.state.takeProgress();
    if (!batch.length) return true;
    try {
      await local.recordProgress(batch);
      return true;
    } catch (error) {
      if (isCancellation(error)) throw error;
      // The run log is unavailable (after the local activity's own retries): keep the entries for the
      // next flush rather than failing the run over its log.
      this.state.pending.unshift(...batch);
      return false;
    }
  }
}
