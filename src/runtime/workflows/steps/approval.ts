/**
 * Approval steps: the run is PAUSED (status, search attribute, run log) until a person approves or
 * rejects through the `approve` update, or the timeout fires. An optional escalation after a delay
 * adds approvers and is written to the run log.
 */
import { upsertSearchAttributes, condition as waitFor } from '@temporalio/workflow';
import type { ApprovalStep } from '../../../ir/types.js';
import { SA_RUN_STATUS } from '../../contract.js';
import { render } from '../activation.js';
import { StepFailure } from '../failure.js';
import { type Control, type Executor, type Interp, keyOf, nowIso, type Scope } from '../interpreter.js';
import type { PendingApprovalState } from '../run-state.js';
import { childScope } from './simple.js';

function setPaused(interp: Interp, paused: boolean): void {
  const { state } = interp;
  const status = paused ? 'PAUSED' : 'RUNNING';
  if (state.status === status) return;
  state.setStatus(status, nowIso());
  upsertSearchAttributes([{ key: SA_RUN_STATUS, value: status }]);
}

/** Waits for a decision up to `ms`; true when one arrived. */
function decision(approval: PendingApprovalState, ms: number): Promise<boolean> {
  return waitFor(() => approval.decision !== undefined, Math.max(1, ms));
}

async function awaitDecision(
  step: ApprovalStep,
  approval: PendingApprovalState,
  interp: Interp,
): Promise<boolean> {
  if (!step.escalate || step.escalate.afterMs >= step.timeoutMs) return decision(approval, step.timeoutMs);
  if (await decision(approval, step.escalate.afterMs)) return true;
  approval.escalated = true;
  approval.approvers = [...new Set([...approval.approvers, ...step.escalate.to])];
  interp.state.note(nowIso(), `approval escalated to ${step.escalate.to.join(', ')}`, {
    stepId: step.id,
    stepKey: approval.stepKey,
    data: { escalatedTo: step.escalate.to },
  });
  await interp.calls.flush();
  return decision(approval, step.timeoutMs - step.escalate.afterMs);
}

export const runApproval: Executor<ApprovalStep> = async (step, scope, interp) => {
  const { state } = interp;
  const stepKey = keyOf(step, scope);
  const since = nowIso();
  const message = step.message === undefined ? undefined : render(state, scope, step.message, new Date());
  const deadline = new Date(Date.now() + step.timeoutMs).toISOString();
  const approval: PendingApprovalState = {
    stepId: step.id,
    stepKey,
    approvers: [...step.approvers],
    message,
    deadline,
    since,
    escalated: false,
  };
  state.approvals.set(stepKey, approval);
  state.stepProgress({
    stepId: step.id,
    stepKey,
    stepKind: 'approval',
    status: 'WAITING',
    at: since,
    input: { approvers: approval.approvers, message, deadline },
  });
  if (state.input.dryRun) return dryRunDecision(step, scope, interp, approval);
  setPaused(interp, true);
  await interp.calls.flush();
  const decided = await awaitDecision(step, approval, interp);
  state.approvals.delete(stepKey);
  setPaused(interp, state.approvals.size > 0);
  return finish(step, scope, interp, decided ? approval : undefined);
};

async function finish(
  step: ApprovalStep,
  scope: Scope,
  interp: Interp,
  approval?: PendingApprovalState,
): Promise<Control> {
  const d = approval?.decision;
  const outcome = d ? d.decision : 'timeout';
  const output = {
    decision: outcome,
    by: d?.by ?? null,
    comment: d?.comment ?? null,
    escalated: approval?.escalated ?? false,
  };
  const target =
    outcome === 'approve' ? step.onApprove : outcome === 'reject' ? step.onReject : step.onTimeout;
  if (outcome !== 'approve' && !target) {
    const type = outcome === 'reject' ? 'approval_rejected' : 'timeout';
    const message =
      outcome === 'reject'
        ? `rejected by ${d?.by}${d?.comment ? `: ${d.comment}` : ''}`
        : 'no decision before the approval timed out';
    scope.steps.set(step.id, { status: 'FAILED', output });
    throw new StepFailure({ type, message, retryable: false });
  }
  const stepKey = keyOf(step, scope);
  interp.state.stepProgress({
    stepId: step.id,
    stepKey,
    stepKind: 'approval',
    status: 'SUCCESS',
    at: nowIso(),
    output,
  });
  scope.steps.set(step.id, { status: 'SUCCESS', output });
  return interp.nested(step, await interp.runTarget(target, childScope(step, scope)), scope);
}

/**
 * A dry run never pauses for a person: the step's mock decides (`approve`, `reject`, `timeout`, or
 * `{decision, by?, comment?}`), by default it is approved by `dry-run`.
 */
function dryRunDecision(step: ApprovalStep, scope: Scope, interp: Interp, approval: PendingApprovalState) {
  interp.state.approvals.delete(approval.stepKey);
  const mock = interp.state.input.mocks?.[step.id];
  const given = (typeof mock === 'string' ? { decision: mock } : (mock ?? {})) as Record<string, unknown>;
  const decision = given.decision === 'reject' || given.decision === 'timeout' ? given.decision : 'approve';
  if (decision === 'timeout') return finish(step, scope, interp);
  const by = typeof given.by === 'string' ? given.by : 'dry-run';
  const comment = typeof given.comment === 'string' ? given.comment : undefined;
  return finish(step, scope, interp, { ...approval, decision: { decision, by, comment } });
}
