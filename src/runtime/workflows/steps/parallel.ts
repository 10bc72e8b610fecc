/**
 * Parallel steps: every branch runs concurrently; the step completes when the join is satisfied
 * (all / any / count), then cancels the branches still running (their steps end SKIPPED).
 * onBranchFailure `fail` fails the step at the first failed branch; `continue` keeps going as long
 * as the join can still be satisfied. Outputs of every branch's steps stay addressable by step id.
 */
import { CancellationScope, CancelledFailure, isCancellation } from '@temporalio/workflow';
import type { ParallelStep } from '../../../ir/types.js';
import type { RunError } from '../../contract.js';
import { StepFailure } from '../failure.js';
import { type BlockOutcome, type Executor, type Interp, keyOf, nowIso, type Scope } from '../interpreter.js';

type BranchStatus = 'RUNNING' | 'SUCCESS' | 'FAILED' | 'SKIPPED';

interface Join {
  needed: number;
  done: number;
  failed: number;
  firstError?: RunError;
  end: boolean;
}

function neededOf(step: ParallelStep): number {
  const total = step.branches.length;
  if (step.join.mode === 'any') return Math.min(1, total);
  if (step.join.mode === 'count') return Math.min(step.join.count, total);
  return total;
}

/** True once the join is satisfied or can no longer be. */
function settled(step: ParallelStep, join: Join): boolean {
  if (join.end || join.done >= join.needed) return true;
  if (join.failed > 0 && step.onBranchFailure === 'fail') return true;
  return join.failed > step.branches.length - join.needed;
}

async function runBranch(
  steps: ParallelStep['branches'][number]['steps'],
  scope: Scope,
  interp: Interp,
): Promise<BlockOutcome | 'cancelled'> {
  try {
    return await interp.runBlock(steps, scope);
  } catch (error) {
    if (isCancellation(error)) return 'cancelled';
    throw error;
  }
}

export const runParallel: Executor<ParallelStep> = async (step, scope, interp) => {
  const { state } = interp;
  const stepKey = keyOf(step, scope);
  state.stepProgress({ stepId: step.id, stepKey, stepKind: 'parallel', status: 'RUNNING', at: nowIso() });
  await interp.calls.flush();
  const join: Join = { needed: neededOf(step), done: 0, failed: 0, end: false };
  const statuses: Record<string, BranchStatus> = {};
  const branchScope: Scope = {
    ...scope,
    path: [...scope.path, { stepId: step.id }],
    canContinueAsNew: false,
    resume: undefined,
  };
  const cancellable = new CancellationScope();
  let wake: () => void = () => {};
  const changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const running = step.branches.map(async (branch) => {
    statuses[branch.name] = 'RUNNING';
    const outcome = await cancellable.run(() => runBranch(branch.steps, branchScope, interp));
    if (outcome === 'cancelled') statuses[branch.name] = 'SKIPPED';
    else if (outcome.kind === 'fail') {
      statuses[branch.name] = 'FAILED';
      join.failed++;
      join.firstError ??= outcome.error;
    } else {
      statuses[branch.name] = 'SUCCESS';
      join.done++;
      if (outcome.kind === 'end') join.end = true;
    }
    if (settled(step, join)) wake();
  });
  if (!step.branches.length) wake();
  await Promise.race([changed, Promise.all(running)]);
  cancellable.cancel();
  await Promise.all(running);
  // The whole run was cancelled (not just our branches): let the cancellation through.
  if (CancellationScope.current().consideredCancelled)
    throw new CancelledFailure('run cancelled during a parallel step');
  return conclude(step, scope, interp, join, statuses);
};

function conclude(
  step: ParallelStep,
  scope: Scope,
  interp: Interp,
  join: Join,
  statuses: Record<string, BranchStatus>,
) {
  const output = { branches: statuses, succeeded: join.done, failed: join.failed };
  const ok = join.done >= join.needed && !(join.failed > 0 && step.onBranchFailure === 'fail');
  if (!ok && !join.end) {
    scope.steps.set(step.id, { status: 'FAILED', output });
    const message = `parallel ${step.id}: ${join.done} of ${join.needed} needed branches succeeded${join.firstError ? ` (first failure: ${join.firstError.message})` : ''}`;
    throw new StepFailure({ type: join.firstError?.type ?? 'branch_failed', message, retryable: false });
  }
  interp.state.stepProgress({
    stepId: step.id,
    stepKey: keyOf(step, scope),
    stepKind: 'parallel',
    status: 'SUCCESS',
    at: nowIso(),
    output,
  });
  scope.steps.set(step.id, { status: 'SUCCESS', output });
  return Promise.resolve(join.end ? ({ kind: 'end' } as const) : ({ kind: 'next' } as const));
}
