/**
 * The simple step kinds: action (one activity), if, switch and set. Each returns the control that
 * follows it; failures are thrown as StepFailure and handled by the interpreter's error policy.
 */
import type { ActionStep, IfStep, SetStep, Step, SwitchStep } from '../../../ir/types.js';
import { idempotencyKeyOf } from '../../contract.js';
import { condition, evaluate, render } from '../activation.js';
import { policyOf } from '../activity-calls.js';
import { type Executor, keyOf, nowIso, type Scope } from '../interpreter.js';

/** The scope of a step's nested blocks: same loop indices, one more enclosing step. */
export function childScope(step: Step, scope: Scope): Scope {
  return { ...scope, path: [...scope.path, { stepId: step.id }], resume: undefined };
}

export const runAction: Executor<ActionStep> = async (step, scope, interp) => {
  const { state } = interp;
  const { input } = state;
  const stepKey = keyOf(step, scope);
  const rendered = render(state, scope, step.with, new Date()) as Record<string, unknown>;
  const policy = policyOf(step, input);
  state.view({ stepId: step.id, stepKey, kind: 'action', status: 'RUNNING' });
  const record = input.event.record
    ? { id: input.event.record.id, object: input.event.record.object }
    : undefined;
  const result = await interp.calls.runAction(
    {
      runId: input.runId,
      stepId: step.id,
      iterationKey: scope.iterationKey,
      action: step.action,
      input: rendered,
      idempotencyKey: idempotencyKeyOf(input.runId, step.id, scope.iterationKey),
      dryRun: input.dryRun === true,
      ...(input.dryRun && input.mocks && step.id in input.mocks
        ? { mock: { output: input.mocks[step.id] } }
        : {}),
      retryOn: policy.retryOn,
      maxAttempts: policy.maxAttempts,
      timeoutMs: policy.timeoutMs,
      workspace: input.workspace,
      automation: input.automation.metadata.name,
      causation: [...input.causation, input.runId],
      record,
    },
    policy,
  );
  scope.steps.set(step.id, { status: 'SUCCESS', output: result.output });
  state.view({ stepId: step.id, stepKey, kind: 'action', status: 'SUCCESS', attempt: result.attempt });
  return { kind: 'next' };
};

/** Logs a decision step as SUCCESS with its output (no activity: rides with the next flush). */
function decided(step: Step, scope: Scope, interp: Parameters<Executor>[2], output: unknown): void {
  interp.state.stepProgress({
    stepId: step.id,
    stepKey: keyOf(step, scope),
    stepKind: step.kind,
    status: 'SUCCESS',
    at: nowIso(),
    output,
  });
  scope.steps.set(step.id, { status: 'SUCCESS', output });
}

export const runIf: Executor<IfStep> = async (step, scope, interp) => {
  const value = condition(interp.state, scope, step.condition.cel, new Date());
  decided(step, scope, interp, { branch: value ? 'then' : 'else' });
  const control = await interp.runTarget(value ? step.then : step.else, childScope(step, scope));
  return interp.nested(step, control, scope);
};

export const runSwitch: Executor<SwitchStep> = async (step, scope, interp) => {
  const now = new Date();
  const index = step.cases.findIndex((c) => condition(interp.state, scope, c.when.cel, now));
  decided(step, scope, interp, { case: index >= 0 ? index : 'default' });
  const target = index >= 0 ? step.cases[index].next : step.default;
  const control = await interp.runTarget(target, childScope(step, scope));
  return interp.nested(step, control, scope);
};

export const runSet: Executor<SetStep> = async (step, scope, interp) => {
  const { state } = interp;
  const written: Record<string, unknown> = {};
  for (const { name, value } of step.vars) {
    written[name] = evaluate(state, scope, value.cel, new Date());
    state.vars = { ...state.vars, [name]: written[name] };
  }
  decided(step, scope, interp, written);
  return { kind: 'next' };
};
