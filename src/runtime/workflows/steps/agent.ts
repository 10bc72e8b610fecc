/**
 * Agent steps and automation agent hooks start the `agentRun` workflow as a CHILD of the run
 * (docs/agents.md); histories recorded before that (patch AGENT_CHILD_PATCH absent) replay the old
 * `runAgent` activity call. With waitForCompletion false the run goes on and the result is recorded
 * when it arrives; the run waits for such agents before it finishes. The step's timeout cancels the
 * agent and fails the step with type `timeout`.
 */
import {
  ChildWorkflowCancellationType,
  ParentClosePolicy,
  patched,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { AgentHook, AgentStep } from '../../../ir/types.js';
import {
  type AgentRunInput,
  type AgentRunResult,
  childAgentWorkflowId,
  WORKFLOW_AGENT_RUN,
} from '../../agents/contract.js';
import { idempotencyKeyOf } from '../../contract.js';
import { render } from '../activation.js';
import { policyOf } from '../activity-calls.js';
import { withDeadline } from '../deadline.js';
import { StepFailure, toStepFailure } from '../failure.js';
import { type Executor, type Interp, keyOf, nowIso, type Scope } from '../interpreter.js';
import { childScope } from './simple.js';

/** Marks histories in which agents run as child workflows (older ones called the runAgent activity). */
export const AGENT_CHILD_PATCH = 'aexy-agent-child-workflow';

/** Runs an agent and returns its output (throws the step failure). */
async function callAgent(
  interp: Interp,
  scope: Scope,
  id: string,
  agent: string,
  template: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ output: unknown }> {
  if (!patched(AGENT_CHILD_PATCH)) return callAgentActivity(interp, scope, id, agent, template, timeoutMs);
  const { input } = interp.state;
  const stepKey = `${id}${scope.iterationKey}`;
  const rendered = render(interp.state, scope, template, new Date()) as Record<string, unknown>;
  const childInput = childInputOf(interp, id, stepKey, agent, rendered);
  // A dry run with a mock for this step (`aexy run --dry-run --mocks`) does not ask the model.
  if (input.dryRun && input.mocks && id in input.mocks) {
    const output = input.mocks[id];
    const at = nowIso();
    interp.state.stepProgress({
      stepId: id,
      stepKey,
      stepKind: 'agent',
      status: 'SUCCESS',
      at,
      input: rendered,
      output,
    });
    return { output };
  }
  interp.state.stepProgress({
    stepId: id,
    stepKey,
    stepKind: 'agent',
    status: 'RUNNING',
    at: nowIso(),
    input: rendered,
  });
  // The child logs into this run's log: what this run has pending goes first.
  await interp.calls.flush();
  try {
    const result = await childWithTimeout(childInput, stepKey, timeoutMs);
    interp.state.stepProgress({
      stepId: id,
      stepKey,
      stepKind: 'agent',
      status: 'SUCCESS',
      at: nowIso(),
      output: result.output,
    });
    return { output: result.output };
  } catch (error) {
    const failure = toStepFailure(error);
    interp.state.stepProgress(
      { stepId: id, stepKey, stepKind: 'agent', status: 'FAILED', at: nowIso(), error: failure.error },
      { log: true },
    );
    throw new StepFailure(failure.error, true);
  }
}

/** The input of the child agent run of step `id`. */
function childInputOf(
  interp: Interp,
  id: string,
  stepKey: string,
  agent: string,
  rendered: Record<string, unknown>,
): AgentRunInput {
  const { input } = interp.state;
  return {
    runId: `${input.runId}/${stepKey}`,
    agent,
    input: rendered,
    workspace: input.workspace,
    dryRun: input.dryRun === true,
    options: { activityTaskQueue: input.options?.activityTaskQueue },
    parent: {
      runId: input.runId,
      workflowId: workflowInfo().workflowId,
      stepId: id,
      stepKey,
      automation: input.automation.metadata.name,
      causation: input.causation,
      record: input.event.record
        ? { id: input.event.record.id, object: input.event.record.object }
        : undefined,
    },
  };
}

/** Starts the child agent run and waits for it up to `timeoutMs` (then cancels it: `timeout`). */
function childWithTimeout(
  childInput: AgentRunInput,
  stepKey: string,
  timeoutMs: number,
): Promise<AgentRunResult> {
  const run = async () => {
    const child = await startChild<(i: AgentRunInput) => Promise<AgentRunResult>>(WORKFLOW_AGENT_RUN, {
      workflowId: childAgentWorkflowId(childInput.parent?.runId ?? childInput.runId, stepKey),
      args: [childInput],
      // A fire-and-forget agent finishes (and records its result) even when this run has ended.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      cancellationType: ChildWorkflowCancellationType.TRY_CANCEL,
    });
    return child.result();
  };
  const message = `the agent did not finish within ${timeoutMs} ms (it was cancelled)`;
  return withDeadline(timeoutMs, run, () => new StepFailure({ type: 'timeout', message, retryable: false }));
}

/** Before AGENT_CHILD_PATCH: the runAgent activity (kept so old histories replay). */
async function callAgentActivity(
  interp: Interp,
  scope: Scope,
  id: string,
  agent: string,
  template: Record<string, unknown>,
  timeoutMs: number,
) {
  const { input } = interp.state;
  const rendered = render(interp.state, scope, template, new Date()) as Record<string, unknown>;
  const stepLike = { id, kind: 'agent', timeoutMs } as AgentStep;
  const policy = policyOf(stepLike, input, timeoutMs);
  const request = {
    runId: input.runId,
    stepId: id,
    iterationKey: scope.iterationKey,
    agent,
    input: rendered,
    idempotencyKey: idempotencyKeyOf(input.runId, id, scope.iterationKey),
    dryRun: input.dryRun === true,
    timeoutMs,
    workspace: input.workspace,
    automation: input.automation.metadata.name,
  };
  return interp.calls.runAgent(request, policy, `${id}${scope.iterationKey}`);
}

/** Records a detached agent's result (or failure) when it arrives; never fails the run. */
function detach(interp: Interp, scope: Scope, stepId: string, promise: Promise<{ output: unknown }>): void {
  const stepKey = `${stepId}${scope.iterationKey}`;
  const settled = promise.then(
    (result) => {
      scope.steps.set(stepId, { status: 'SUCCESS', output: result.output });
      interp.state.note(nowIso(), 'agent result arrived', { stepId, stepKey, data: result.output });
    },
    (error) => {
      const failure = toStepFailure(error);
      scope.steps.set(stepId, { status: 'FAILED', error: failure.error });
      interp.state.note(nowIso(), `agent failed: ${failure.error.message}`, {
        stepId,
        stepKey,
        data: failure.error,
      });
    },
  );
  interp.state.detached.push(settled);
}

export const runAgentStep: Executor<AgentStep> = async (step, scope, interp) => {
  const stepKey = keyOf(step, scope);
  interp.state.view({ stepId: step.id, stepKey, kind: 'agent', status: 'RUNNING' });
  const call = callAgent(interp, scope, step.id, step.agent, step.input, step.timeoutMs);
  if (!step.waitForCompletion) {
    detach(interp, scope, step.id, call);
    // The step row stays RUNNING until the agent's result arrives (a finished row is never reopened).
    interp.state.note(nowIso(), 'agent continues in the background', { stepId: step.id, stepKey });
    return { kind: 'next' };
  }
  try {
    const result = await call;
    scope.steps.set(step.id, { status: 'SUCCESS', output: result.output });
    interp.state.view({ stepId: step.id, stepKey, kind: 'agent', status: 'SUCCESS' });
    return { kind: 'next' };
  } catch (error) {
    const failure = toStepFailure(error);
    if (failure.error.type !== 'timeout' || !step.onTimeout) throw failure;
    interp.state.stepProgress(
      { stepId: step.id, stepKey, stepKind: 'agent', status: 'FAILED', at: nowIso(), error: failure.error },
      { log: !failure.logged },
    );
    return interp.nested(step, await interp.runTarget(step.onTimeout, childScope(step, scope)), scope);
  }
};

/** Runs the automation's agent hooks of one point (`on_start`, `on_condition_match`); returns a failure message or undefined. */
export async function runHooks(
  interp: Interp,
  scope: Scope,
  at: AgentHook['at'],
): Promise<ReturnType<typeof toStepFailure> | undefined> {
  const hooks = interp.state.automation.agents.filter((h) => h.at === at);
  for (const [index, hook] of hooks.entries()) {
    const id = `agent_${at}_${index}`;
    const call = callAgent(interp, scope, id, hook.agent, hook.input, hook.timeoutMs);
    if (!hook.waitForCompletion) {
      detach(interp, scope, id, call);
      continue;
    }
    try {
      const result = await call;
      scope.steps.set(id, { status: 'SUCCESS', output: result.output });
    } catch (error) {
      const failure = toStepFailure(error);
      scope.steps.set(id, { status: 'FAILED', error: failure.error });
      if (interp.state.automation.onError !== 'continue') return failure;
    }
  }
  return undefined;
}
