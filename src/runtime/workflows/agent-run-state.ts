/**
 * The state of one agent run (log rows not yet written, open approvals), its `approve` update and
 * `agentDecision` signal, and the wait for a person on a REQUIRE_APPROVAL call: the run (standalone)
 * or its parent automation run (child) is PAUSED meanwhile; the parent forwards decisions.
 */
import {
  CancellationScope,
  defineSignal,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
  condition as waitFor,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type AgentApprovalNotice,
  type AgentRunInput,
  SIGNAL_AGENT_APPROVAL,
  SIGNAL_AGENT_DECISION,
  type ToolCallMessage,
  type ToolCallResult,
} from '../agents/contract.js';
import type { ApprovalDecision, ProgressEntry, RuntimeActivities } from '../contract.js';
import { approveUpdate } from './handlers.js';

export const agentDecisionSignal = defineSignal<[ApprovalDecision]>(SIGNAL_AGENT_DECISION);
export const agentApprovalSignal = defineSignal<[AgentApprovalNotice]>(SIGNAL_AGENT_APPROVAL);

const local = proxyLocalActivities<Pick<RuntimeActivities, 'recordProgress'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 10 },
});

interface PendingAgentApproval {
  stepId: string;
  stepKey: string;
  decision?: ApprovalDecision;
}

/** The run's mutable state: log rows not yet written, open approvals. */
export class AgentRunState {
  pending: ProgressEntry[] = [];
  readonly approvals = new Map<string, PendingAgentApproval>();
  readonly logRunId: string;
  readonly keyPrefix: string;
  private started = false;

  constructor(readonly input: AgentRunInput) {
    this.logRunId = input.parent?.runId ?? input.runId;
    this.keyPrefix = input.parent ? `${input.parent.stepKey}/` : '';
  }

  take(): ProgressEntry[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  async flush(): Promise<void> {
    const batch = this.take();
    if (batch.length) await local.recordProgress(batch);
  }

  status(status: 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED', extra = {}): void {
    if (this.input.parent) return; // a child's status is its step's, written by the parent
    const at = new Date().toISOString();
    // The first RUNNING row carries the run's facts (the run log creates the run from it).
    const meta = this.started ? {} : { meta: standaloneMeta(this.input) };
    this.started = true;
    this.pending.push({ kind: 'run', runId: this.logRunId, status, at, ...meta, ...extra });
  }
}

function standaloneMeta(input: AgentRunInput) {
  const info = workflowInfo();
  return {
    workspace: input.workspace,
    automation: `agent:${input.agent}`,
    version: 0,
    eventId: input.runId,
    eventType: 'agent.run',
    workflowId: info.workflowId,
    temporalRunId: info.runId,
    causation: [],
    dryRun: input.dryRun === true,
  };
}

/** The pending approval a decision is for (same rules as automation approvals). */
function approvalFor(state: AgentRunState, decision: ApprovalDecision): PendingAgentApproval {
  if (decision?.decision !== 'approve' && decision?.decision !== 'reject')
    throw new Error(`decision must be approve or reject, got ${JSON.stringify(decision?.decision)}`);
  if (!decision.by) throw new Error('a decision needs `by` (who decided)');
  const pending = [...state.approvals.values()].filter((a) => a.decision === undefined);
  if (!pending.length) throw new Error(`agent run ${state.input.runId} has no pending approval`);
  const match = decision.stepId
    ? pending.find((a) => a.stepKey === decision.stepId || a.stepId === decision.stepId)
    : pending[0];
  if (!match) throw new Error(`agent run ${state.input.runId} has no pending approval at ${decision.stepId}`);
  return match;
}

export function installAgentHandlers(state: AgentRunState): void {
  setHandler(
    approveUpdate,
    (decision) => {
      const approval = approvalFor(state, decision);
      approval.decision = decision;
      return {
        stepId: approval.stepId,
        stepKey: approval.stepKey,
        decision: decision.decision,
        by: decision.by,
      };
    },
    { validator: (decision) => void approvalFor(state, decision) },
  );
  setHandler(agentDecisionSignal, (decision) => {
    try {
      approvalFor(state, decision).decision = decision;
    } catch {
      // Nothing pending any more (timed out meanwhile): the decision comes too late.
    }
  });
}

export async function awaitApproval(
  state: AgentRunState,
  call: ToolCallMessage,
  result: ToolCallResult,
): Promise<ApprovalDecision | undefined> {
  const { input } = state;
  const timeoutMs = result.approval?.timeoutMs ?? 0;
  const stepKey = `${state.keyPrefix}approval/${call.id}`;
  const stepId = input.parent?.stepId ?? 'approval';
  const since = new Date().toISOString();
  const deadline = new Date(Date.now() + timeoutMs).toISOString();
  const approvers = result.approval?.approvers ?? [];
  const message = { tool: call.function.name, arguments: call.function.arguments };
  const approval: PendingAgentApproval = { stepId, stepKey };
  state.approvals.set(stepKey, approval);
  const row = { kind: 'step' as const, runId: state.logRunId, stepId, stepKey, stepKind: 'approval' };
  state.pending.push({ ...row, status: 'WAITING', at: since, input: { approvers, message, deadline } });
  state.status('PAUSED');
  await state.flush();
  const notice = {
    childWorkflowId: workflowInfo().workflowId,
    stepKey,
    stepId,
    approvers,
    message,
    deadline,
    since,
  };
  const parent = input.parent;
  // A parent that has ended (cancelled: the agent was abandoned) cannot be told; the agent goes on.
  const tell = (open: boolean) =>
    parent
      ? CancellationScope.nonCancellable(() =>
          getParent(parent.workflowId).signal(agentApprovalSignal, { ...notice, open }),
        ).catch(() => undefined)
      : Promise.resolve();
  await tell(true);
  try {
    await waitFor(() => approval.decision !== undefined, Math.max(1, timeoutMs));
  } finally {
    state.approvals.delete(stepKey);
    await tell(false);
  }
  const d = approval.decision;
  const output = { decision: d?.decision ?? 'timeout', by: d?.by ?? null, comment: d?.comment ?? null };
  state.pending.push({
    ...row,
    status: d?.decision === 'approve' ? 'SUCCESS' : 'FAILED',
    at: new Date().toISOString(),
    output,
  });
  state.status('RUNNING');
  return d;
}

function getParent(workflowId: string) {
  return getExternalWorkflowHandle(workflowId);
}
