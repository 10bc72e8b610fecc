/**
 * Loop steps: forEach over a list (bounded concurrency) or until a condition holds (checked after
 * each iteration), both capped by maxIterations. Iterations get loop indices in their step keys
 * (`send[3]`), so activity ids and idempotency keys stay stable across continue-as-new. When Temporal
 * suggests it, the loop continues as new between iterations, carrying its position and items.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { LoopStep } from '../../../ir/types.js';
import { RUNTIME_ERROR_TYPES } from '../../contract.js';
import { condition, evaluate } from '../activation.js';
import { StepFailure } from '../failure.js';
import {
  type Control,
  type Executor,
  type Interp,
  keyOf,
  nowIso,
  outcomeToControl,
  type ResumeSegment,
  type Scope,
} from '../interpreter.js';
import { StepResults } from '../run-state.js';

interface LoopRun {
  step: LoopStep;
  scope: Scope;
  interp: Interp;
  items?: unknown[];
  /** Resume path below this loop, for the first iteration after continue-as-new. */
  inner?: ResumeSegment[];
  start: number;
}

function maxIterations(step: LoopStep, detail: string): StepFailure {
  const message = `loop ${step.id} exceeded maxIterations (${step.maxIterations}): ${detail}`;
  return new StepFailure({ type: RUNTIME_ERROR_TYPES.maxIterations, message, retryable: false });
}

function itemsOf(step: LoopStep, scope: Scope, interp: Interp): unknown[] {
  const cel = step.forEach?.cel ?? '[]';
  const value = evaluate(interp.state, scope, cel, new Date());
  if (!Array.isArray(value)) {
    const message = `forEach \`${cel}\` must give a list, got ${value === null ? 'null' : typeof value}`;
    throw new StepFailure({ type: RUNTIME_ERROR_TYPES.expression, message, retryable: false });
  }
  if (value.length > step.maxIterations) throw maxIterations(step, `the list has ${value.length} items`);
  return value;
}

function iterationScope(run: LoopRun, i: number, concurrent: boolean): Scope {
  const { step, scope, items } = run;
  const item = items ? items[i] : i;
  return {
    ...scope,
    iterationKey: `${scope.iterationKey}[${i}]`,
    locals: { ...scope.locals, [step.as]: item },
    steps: concurrent ? new StepResults(scope.steps) : scope.steps,
    path: [...scope.path, { stepId: step.id, iteration: i, items }],
    canContinueAsNew: scope.canContinueAsNew && !concurrent,
    resume: i === run.start ? run.inner : undefined,
  };
}

/** True when the loop should continue as new before starting iteration i. */
function shouldContinueAsNew(run: LoopRun, i: number): boolean {
  return run.scope.canContinueAsNew && i > run.start && workflowInfo().continueAsNewSuggested;
}

function continueAt(run: LoopRun, i: number): Promise<never> {
  return run.interp.continueAsNew([
    ...run.scope.path,
    { stepId: run.step.id, iteration: i, items: run.items },
  ]);
}

async function sequential(run: LoopRun): Promise<Control | number> {
  const { step, interp } = run;
  for (let i = run.start; ; i++) {
    if (run.items && i >= run.items.length) return i;
    if (!run.items && i >= step.maxIterations) throw maxIterations(step, 'the until condition never held');
    if (shouldContinueAsNew(run, i)) await continueAt(run, i);
    const scope = iterationScope(run, i, false);
    const outcome = await interp.runBlock(step.steps, scope);
    if (outcome.kind !== 'done') return outcomeToControl(outcome);
    if (step.until && condition(interp.state, scope, step.until.cel, new Date())) return i + 1;
  }
}

async function concurrent(run: LoopRun, items: unknown[]): Promise<Control | number> {
  let next = run.start;
  let stop: Control | undefined;
  let drain = false;
  const lane = async () => {
    while (!stop && !drain && next < items.length) {
      if (shouldContinueAsNew(run, next)) {
        drain = true;
        return;
      }
      const i = next++;
      const outcome = await run.interp.runBlock(run.step.steps, iterationScope(run, i, true));
      if (outcome.kind !== 'done') stop ??= outcomeToControl(outcome);
    }
  };
  const lanes = Math.min(Math.max(1, run.step.concurrency), Math.max(1, items.length - run.start));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (stop) return stop;
  if (drain && next < items.length) await continueAt(run, next);
  return next;
}

export const runLoop: Executor<LoopStep> = async (step, scope, interp) => {
  const resume = scope.resume?.[0]?.stepId === step.id ? scope.resume : undefined;
  const items = step.forEach ? (resume?.[0].items ?? itemsOf(step, scope, interp)) : undefined;
  const run: LoopRun = {
    step,
    scope,
    interp,
    items,
    start: resume?.[0].iteration ?? 0,
    inner: resume && resume.length > 1 ? resume.slice(1) : undefined,
  };
  const stepKey = keyOf(step, scope);
  if (!resume)
    interp.state.stepProgress({
      stepId: step.id,
      stepKey,
      stepKind: 'loop',
      status: 'RUNNING',
      at: nowIso(),
      input: items ? { items: items.length } : undefined,
    });
  const concurrentRun = items && step.concurrency > 1;
  const result = concurrentRun ? await concurrent(run, items) : await sequential(run);
  if (typeof result !== 'number') return closeEarly(step, scope, interp, interp.nested(step, result, scope));
  const output = { iterations: result };
  interp.state.stepProgress({
    stepId: step.id,
    stepKey,
    stepKind: 'loop',
    status: 'SUCCESS',
    at: nowIso(),
    output,
  });
  scope.steps.set(step.id, { status: 'SUCCESS', output });
  return { kind: 'next' };
};

/** Closes the loop's RUNNING row when its body ended the loop early (failure, `end`, `fail`). */
function closeEarly(step: LoopStep, scope: Scope, interp: Interp, control: Control): Control {
  const at = nowIso();
  const base = { stepId: step.id, stepKey: keyOf(step, scope), stepKind: 'loop', at };
  if (control.kind === 'fail') interp.state.stepProgress({ ...base, status: 'FAILED', error: control.error });
  else interp.state.stepProgress({ ...base, status: 'SUCCESS', output: { ended: control.kind } });
  return control;
}
