/**
 * The run's signal, update and query: `deliverEvent` buffers events for waits (duplicates by id are
 * ignored), `approve` decides a pending approval (validated first, so a decision for a run with no
 * matching approval is rejected synchronously and leaves no trace in history), `runState` answers
 * the current state.
 */
import {
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  type AgentApprovalNotice,
  SIGNAL_AGENT_APPROVAL,
  SIGNAL_AGENT_DECISION,
} from '../agents/contract.js';
import {
  type ApprovalDecision,
  type ApprovalOutcome,
  type DeliveredEvent,
  QUERY_RUN_STATE,
  type RunStateView,
  SA_RUN_STATUS,
  SIGNAL_DELIVER_EVENT,
  UPDATE_APPROVE,
} from '../contract.js';
import type { PendingApprovalState, RunState } from './run-state.js';

export const deliverEventSignal = defineSignal<[DeliveredEvent]>(SIGNAL_DELIVER_EVENT);
export const approveUpdate = defineUpdate<ApprovalOutcome, [ApprovalDecision]>(UPDATE_APPROVE);
export const runStateQuery = defineQuery<RunStateView>(QUERY_RUN_STATE);
/** Child agent runs report their approvals to the parent run (which shows PAUSED meanwhile). */
export const agentApprovalNoticeSignal = defineSignal<[AgentApprovalNotice]>(SIGNAL_AGENT_APPROVAL);
const agentDecision = defineSignal<[ApprovalDecision]>(SIGNAL_AGENT_DECISION);

/** The pending approval a decision is for, or an Error saying why there is none. */
export function approvalFor(state: RunState, decision: ApprovalDecision): PendingApprovalState {
  if (decision?.decision !== 'approve' && decision?.decision !== 'reject') {
    throw new Error(`decision must be approve or reject, got ${JSON.stringify(decision?.decision)}`);
  }
  if (!decision.by) throw new Error('a decision needs `by` (who decided)');
  const pending = [...state.approvals.values()].filter((a) => a.decision === undefined);
  const keys = pending.map((a) => a.stepKey).join(', ');
  if (!pending.length) throw new Error(`run ${state.runId} has no pending approval`);
  if (decision.stepId) {
    const match =
      pending.find((a) => a.stepKey === decision.stepId) ?? pending.find((a) => a.stepId === decision.stepId);
    if (!match)
      throw new Error(
        `run ${state.runId} has no pending approval at step ${decision.stepId} (pending: ${keys})`,
      );
    return match;
  }
  if (pending.length > 1)
    throw new Error(`run ${state.runId} has several pending approvals (${keys}): name the step`);
  return pending[0];
}

export function installHandlers(state: RunState, flush: () => Promise<unknown> = async () => {}): void {
  setHandler(deliverEventSignal, (event) => {
    if (event && typeof event.id === 'string' && typeof event.type === 'string') state.deliver(event);
  });
  setHandler(runStateQuery, () => state.snapshot());
  setHandler(
    approveUpdate,
    async (decision) => {
      const approval = approvalFor(state, decision);
      approval.decision = decision;
      // A child agent's approval: the child takes the decision (and closes it with a notice).
      if (approval.forwardTo)
        await getExternalWorkflowHandle(approval.forwardTo).signal(agentDecision, {
          ...decision,
          stepId: approval.stepKey,
        });
      return {
        stepId: approval.stepId,
        stepKey: approval.stepKey,
        decision: decision.decision,
        by: decision.by,
      };
    },
    { validator: (decision) => void approvalFor(state, decision) },
  );
  setHandler(agentApprovalNoticeSignal, (notice) => agentApprovalNotice(state, notice, flush));
}

/** Opens or closes a child agent's approval in this run; the run is PAUSED while any is open. */
async function agentApprovalNotice(
  state: RunState,
  notice: AgentApprovalNotice,
  flush: () => Promise<unknown>,
): Promise<void> {
  const { open, childWorkflowId, ...approval } = notice;
  if (open)
    state.approvals.set(notice.stepKey, { ...approval, escalated: false, forwardTo: childWorkflowId });
  else state.approvals.delete(notice.stepKey);
  const status = state.approvals.size > 0 ? 'PAUSED' : 'RUNNING';
  if (state.status === status) return;
  state.setStatus(status, new Date().toISOString());
  upsertSearchAttributes([{ key: SA_RUN_STATUS, value: status }]);
  await flush();
}
