/**
 * The interpreter's control flow: blocks of steps, `next`/jumps/`end`/`fail`, branch targets that
 * rejoin after their step, error policies (`catch`, `onError`), and resuming a position after
 * continue-as-new. Each step kind's executor lives in its own file and is looked up by kind.
 */
import { ContinueAsNew, isCancellation } from '@temporalio/workflow';
import type { Step, Target } from '../../ir/types.js';
import { RUNTIME_ERROR_TYPES, type RunContinuation, type RunError, stepKeyOf } from '../contract.js';
import type { ExprScope } from './activation.js';
import type { ActivityCaller } from './activity-calls.js';
import { StepFailure, toStepFailure } from './failure.js';
import type { RunState } from './run-state.js';

/** What happens after a step. */
export type Control =
  | { kind: 'next' }
  | { kind: 'goto'; to: string }
  | { kind: 'end' }
  | { kind: 'fail'; error: RunError; terminal?: boolean };

/** How a block ended. */
export type BlockOutcome =
  | { kind: 'done' }
  | { kind: 'end' }
  | { kind: 'fail'; error: RunError; terminal?: boolean };

export type ResumeSegment = RunContinuation['resume'][number];

/** Where a step runs: loop indices, locals, visible step results, and its position for continue-as-new. */
export interface Scope extends ExprScope {
  iterationKey: string;
  /** Enclosing steps from the root (a loop segment carries its current iteration). */
  path: ResumeSegment[];
  /** False inside parallel branches and concurrent loop iterations. */
  canContinueAsNew: boolean;
  /** Remaining resume path; its first segment names a step of the block being entered. */
  resume?: ResumeSegment[];
}

/** Everything executors need. */
export interface Interp {
  state: RunState;
  calls: ActivityCaller;
  runBlock(steps: Step[], scope: Scope): Promise<BlockOutcome>;
  runTarget(target: Target | undefined, scope: Scope): Promise<Control>;
  /** A nested block/target result seen from its container step (see nestedControl). */
  nested(step: Step, control: Control, scope: Scope): Control;
  /** Continues as new at this position (never returns). */
  continueAsNew(resume: ResumeSegment[]): Promise<never>;
}

export type Executor<S extends Step = Step> = (step: S, scope: Scope, interp: Interp) => Promise<Control>;

/** Now, as the workflow clock sees it. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function keyOf(step: Step, scope: Scope): string {
  return stepKeyOf(step.id, scope.iterationKey);
}

/** Every branch target of a step (for resuming inside one). */
export function targetsOf(step: Step): Target[] {
  const list: Array<Target | undefined> = [step.catch];
  switch (step.kind) {
    case 'if':
      list.push(step.then, step.else);
      break;
    case 'switch':
      list.push(...step.cases.map((c) => c.next), step.default);
      break;
    case 'wait':
    case 'agent':
      list.push(step.onTimeout);
      break;
    case 'approval':
      list.push(step.onApprove, step.onReject, step.onTimeout);
      break;
    case 'loop':
      list.push({ kind: 'block', steps: step.steps });
      break;
    case 'parallel':
      list.push(...step.branches.map((b) => ({ kind: 'block' as const, steps: b.steps })));
      break;
  }
  return list.filter((t): t is Target => t !== undefined);
}

/** Runs a block from its first step (or the resume position) to its end, `end` or a failure. */
export async function runBlock(
  steps: Step[],
  scope: Scope,
  interp: Interp,
  executors: Executors,
): Promise<BlockOutcome> {
  let index = 0;
  let resume = scope.resume;
  if (resume?.length) {
    index = steps.findIndex((s) => s.id === resume?.[0].stepId);
    if (index < 0) return internalFail(`cannot resume at step ${resume[0].stepId}: not in this block`);
  }
  while (index < steps.length) {
    const step = steps[index];
    const control = await runStep(step, { ...scope, resume }, interp, executors);
    resume = undefined;
    const moved = move(steps, index, step, control);
    if (typeof moved !== 'number') return moved;
    index = moved;
  }
  return { kind: 'done' };
}

/** The index of the next step, or how the block ends. */
function move(steps: Step[], index: number, step: Step, control: Control): number | BlockOutcome {
  if (control.kind === 'end' || control.kind === 'fail') return control;
  const to = control.kind === 'goto' ? control.to : step.next;
  if (to === undefined) return index + 1;
  if (to === 'end') return { kind: 'end' };
  if (to === 'fail') return explicitFail(step.id);
  const target = steps.findIndex((s) => s.id === to);
  if (target <= index)
    return internalFail(`step ${step.id} jumps to ${to}, which is not a later step of its block`);
  return target;
}

function explicitFail(stepId: string): BlockOutcome {
  const message = `step ${stepId} ended the run with \`fail\``;
  return {
    kind: 'fail',
    terminal: true,
    error: { type: RUNTIME_ERROR_TYPES.explicitFail, message, retryable: false, stepId },
  };
}

function internalFail(message: string): BlockOutcome {
  return {
    kind: 'fail',
    terminal: true,
    error: { type: RUNTIME_ERROR_TYPES.internal, message, retryable: false },
  };
}

export type Executors = { [K in Step['kind']]: Executor<Extract<Step, { kind: K }>> };

/** Runs one step with its error policy. */
export async function runStep(
  step: Step,
  scope: Scope,
  interp: Interp,
  executors: Executors,
): Promise<Control> {
  try {
    if (scope.resume && scope.resume.length > 1 && step.kind !== 'loop')
      return await resumeInside(step, scope, interp);
    const executor = executors[step.kind] as Executor;
    return await executor(step, scope, interp);
  } catch (error) {
    if (isCancellation(error) || error instanceof ContinueAsNew) throw error;
    return handleFailure(step, toStepFailure(error), scope, interp);
  }
}

/** After continue-as-new: re-enter the branch of `step` that holds the next resume segment. */
async function resumeInside(step: Step, scope: Scope, interp: Interp): Promise<Control> {
  const child = scope.resume?.[1].stepId;
  const target = targetsOf(step).find((t) => t.kind === 'block' && t.steps.some((s) => s.id === child));
  if (target?.kind !== 'block')
    throw new StepFailure({
      type: RUNTIME_ERROR_TYPES.internal,
      message: `cannot resume inside ${step.id}`,
      retryable: false,
    });
  const inner: Scope = {
    ...scope,
    path: [...scope.path, { stepId: step.id }],
    resume: scope.resume?.slice(1),
  };
  const outcome = await interp.runBlock(target.steps, inner);
  return interp.nested(step, outcomeToControl(outcome), scope);
}

export function outcomeToControl(outcome: BlockOutcome): Control {
  return outcome.kind === 'done' ? { kind: 'next' } : outcome;
}

/** A failed step: log it, then `catch`, else `onError` (continue or stop). */
export async function handleFailure(
  step: Step,
  failure: StepFailure,
  scope: Scope,
  interp: Interp,
): Promise<Control> {
  const { state } = interp;
  const error: RunError = { ...failure.error, stepId: step.id };
  const stepKey = keyOf(step, scope);
  state.stepProgress(
    { stepId: step.id, stepKey, stepKind: step.kind, status: 'FAILED', at: nowIso(), error },
    { log: !failure.logged },
  );
  scope.steps.set(step.id, { status: 'FAILED', error });
  if (step.catch)
    return interp.runTarget(step.catch, {
      ...scope,
      path: [...scope.path, { stepId: step.id }],
      resume: undefined,
    });
  const policy = step.onError ?? state.automation.onError;
  if (policy === 'continue') return { kind: 'next' };
  return { kind: 'fail', error };
}

/**
 * A nested block's result seen from its container (if, switch, loop, parallel...). A failure inside
 * was already handled by the inner step's own policy; the container only intercepts it when it has
 * its own `catch` or explicit `onError` (a `fail` jump is never intercepted).
 */
export function nestedControl(step: Step, control: Control, scope: Scope, interp: Interp): Control {
  if (control.kind !== 'fail' || control.terminal) return control;
  if (step.catch || step.onError) throw new StepFailure(control.error);
  interp.state.view({
    stepId: step.id,
    stepKey: keyOf(step, scope),
    kind: step.kind,
    status: 'FAILED',
    error: control.error,
  });
  return control;
}

/** Runs a branch target: a block (then rejoin after the step) or a jump. */
export async function runTarget(target: Target | undefined, scope: Scope, interp: Interp): Promise<Control> {
  if (!target) return { kind: 'next' };
  if (target.kind === 'jump') {
    if (target.to === 'end') return { kind: 'end' };
    if (target.to === 'fail') return explicitFail(scope.path.at(-1)?.stepId ?? 'unknown') as Control;
    return { kind: 'goto', to: target.to };
  }
  return outcomeToControl(await interp.runBlock(target.steps, scope));
}
