/**
 * Agent steps and automation agent hooks call the `runAgent` activity (the agents issue implements it;
 * until then it fails with `agent_unavailable`). With waitForCompletion false the run goes on and the
 * result is recorded when it arrives; the run waits for such agents before it finishes.
 */
import type { AgentHook, AgentStep } from '../../../ir/types.js';
import { idempotencyKeyOf } from '../../contract.js';
import { render } from '../activation.js';
import { policyOf } from '../activity-calls.js';
import { toStepFailure } from '../failure.js';
import { type Executor, type Interp, keyOf, nowIso, type Scope } from '../interpreter.js';
import { childScope } from './simple.js';

/** Runs an agent and returns its output (throws the activity failure). */
async function callAgent(
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
    interp.state.stepProgress({
      stepId: step.id,
      stepKey,
      stepKind: 'agent',
      status: 'SUCCESS',
      at: nowIso(),
      output: { detached: true },
    });
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
