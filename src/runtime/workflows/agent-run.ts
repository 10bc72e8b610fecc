/**
 * `agentRun`: one agent conversation as a deterministic workflow. Loop: a model call (activity; the
 * token budget is reserved first) -> for each tool call a policy decision and, when allowed, the tool
 * (activity) -> the results go back to the model; until a final answer (validated against the agent's
 * output schema, one repair attempt), `maxIterations` or the agent's timeout. REQUIRE_APPROVAL waits
 * for the `approve` update (standalone) or the `agentDecision` signal forwarded by the parent run.
 */
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  condition as waitFor,
  workflowInfo,
} from '@temporalio/workflow';
import {
  AGENT_ERROR_TYPES,
  type AgentActivities,
  type AgentApprovalNotice,
  type AgentDefinition,
  type AgentMessage,
  type AgentRunInput,
  type AgentRunResult,
  SIGNAL_AGENT_APPROVAL,
  SIGNAL_AGENT_DECISION,
  type ToolCallMessage,
  type ToolCallResult,
  type ToolSpec,
} from '../agents/contract.js';
import type { ApprovalDecision, ProgressEntry, RuntimeActivities } from '../contract.js';
import { withDeadline } from './deadline.js';
import { approveUpdate } from './handlers.js';

export const agentDecisionSignal = defineSignal<[ApprovalDecision]>(SIGNAL_AGENT_DECISION);
export const agentApprovalSignal = defineSignal<[AgentApprovalNotice]>(SIGNAL_AGENT_APPROVAL);

const local = proxyLocalActivities<Pick<RuntimeActivities, 'recordProgress'>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 10 },
});

function activities(input: AgentRunInput) {
  return proxyActivities<AgentActivities>({
    taskQueue: input.options?.activityTaskQueue,
    startToCloseTimeout: '2m',
    heartbeatTimeout: '20s',
    // The agent's timeout must not wait for a model call in flight.
    cancellationType: ActivityCancellationType.TRY_CANCEL,
    // Model and store hiccups retry; the activities throw non-retryable failures for the rest.
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
  });
}

interface PendingAgentApproval {
  stepId: string;
  stepKey: string;
  decision?: ApprovalDecision;
}

/** The run's mutable state: log rows not yet written, open approvals. */
class AgentRunState {
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

function installHandlers(state: AgentRunState): void {
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

export async function agentRun(input: AgentRunInput): Promise<AgentRunResult> {
  const state = new AgentRunState(input);
  installHandlers(state);
  state.status('RUNNING');
  try {
    const acts = activities(input);
    const { definition, tools } = await acts.agentPrepare({ agent: input.agent, workspace: input.workspace });
    const result = await withDeadline(
      definition.timeoutMs,
      () => converse(state, definition, tools),
      () =>
        ApplicationFailure.nonRetryable(
          `the agent did not finish within ${definition.timeoutMs} ms`,
          AGENT_ERROR_TYPES.timeout,
        ),
    );
    state.status('COMPLETED');
    await state.flush();
    return result;
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(async () => {
        state.status('CANCELLED', { reason: 'cancelled' });
        await state.flush();
      });
      throw error;
    }
    // The run fails with the failure that says why (an activity's, not its ActivityFailure wrapper).
    const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
    const type = cause instanceof ApplicationFailure ? (cause.type ?? 'error') : 'error';
    const message = cause instanceof Error ? cause.message : String(cause);
    await CancellationScope.nonCancellable(async () => {
      state.status('FAILED', { reason: type, error: { type, message, retryable: false } });
      await state.flush();
    });
    throw ApplicationFailure.nonRetryable(message, type);
  }
}

function firstMessages(definition: AgentDefinition, input: Record<string, unknown>): AgentMessage[] {
  const schema = definition.output
    ? `\n\nAnswer with one JSON value that satisfies this JSON Schema, and nothing else:\n${JSON.stringify(definition.output)}`
    : '';
  return [
    { role: 'system', content: `${definition.instructions}${schema}` },
    { role: 'user', content: JSON.stringify(input) },
  ];
}

async function converse(
  state: AgentRunState,
  definition: AgentDefinition,
  tools: ToolSpec[],
): Promise<AgentRunResult> {
  const { input } = state;
  const acts = activities(input);
  const messages = firstMessages(definition, input.input);
  const usage = { promptTokens: 0, completionTokens: 0 };
  let repaired = false;
  for (let iteration = 1; iteration <= definition.maxIterations; iteration++) {
    const reply = await acts.agentModelCall({
      ...logTarget(state),
      model: definition.model,
      messages,
      tools,
      iteration,
    });
    usage.promptTokens += reply.usage.promptTokens;
    usage.completionTokens += reply.usage.completionTokens;
    if (reply.refused || !reply.message)
      throw ApplicationFailure.nonRetryable(
        `the model call was refused (${reply.refused?.outcome}): ${reply.refused?.reason}`,
        AGENT_ERROR_TYPES.blocked,
      );
    const { content, toolCalls } = reply.message;
    messages.push({ role: 'assistant', content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
    if (toolCalls.length) {
      for (const call of toolCalls)
        messages.push({
          role: 'tool',
          tool_call_id: call.id,
          content: await runTool(state, definition, call, iteration),
        });
      continue;
    }
    const checked = await acts.agentCheckOutput({ schema: definition.output, text: content });
    if (checked.ok)
      return { runId: input.runId, agent: input.agent, output: checked.value, iterations: iteration, usage };
    if (repaired)
      throw ApplicationFailure.nonRetryable(
        `the final answer is still invalid after one repair attempt: ${checked.reason}`,
        AGENT_ERROR_TYPES.invalidOutput,
      );
    repaired = true;
    messages.push({
      role: 'user',
      content: `Your answer was not accepted: ${checked.reason}. Answer again with only the corrected JSON.`,
    });
  }
  throw ApplicationFailure.nonRetryable(
    `the agent gave no final answer within ${definition.maxIterations} iterations`,
    AGENT_ERROR_TYPES.maxIterations,
  );
}

function logTarget(state: AgentRunState) {
  const { input } = state;
  return {
    logRunId: state.logRunId,
    keyPrefix: state.keyPrefix,
    agentRunId: input.runId,
    agent: input.agent,
    workspace: input.workspace,
    progress: state.take(),
  };
}

/** One tool call: decided and run by the activity; an approval is awaited here. */
async function runTool(
  state: AgentRunState,
  definition: AgentDefinition,
  call: ToolCallMessage,
  iteration: number,
): Promise<string> {
  const { input } = state;
  const request = {
    ...logTarget(state),
    call,
    iteration,
    automation: input.parent?.automation ?? `agent:${input.agent}`,
    tools: definition.tools,
    dryRun: input.dryRun === true,
    causation: [...(input.parent?.causation ?? []), input.parent?.runId ?? input.runId],
    record: input.parent?.record,
  };
  const acts = activities(input);
  const first = await acts.agentToolCall(request);
  if (first.outcome !== 'REQUIRE_APPROVAL') return first.content;
  const decided = await awaitApproval(state, call, first);
  const again = { ...request, ...logTarget(state), approved: first.decision };
  if (decided?.decision === 'approve') return (await acts.agentToolCall(again)).content;
  const refusal =
    decided?.decision === 'reject'
      ? `${decided.by} rejected this call${decided.comment ? `: ${decided.comment}` : ''}`
      : 'no person approved this call before the approval timed out';
  return (await acts.agentToolCall({ ...again, refusal })).content;
}

async function awaitApproval(
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
