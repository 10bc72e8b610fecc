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
  isCancellation,
  proxyActivities,
} from '@temporalio/workflow';
import {
  AGENT_ERROR_TYPES,
  type AgentActivities,
  type AgentDefinition,
  type AgentMessage,
  type AgentRunInput,
  type AgentRunResult,
  type ToolCallMessage,
  type ToolSpec,
} from '../agents/contract.js';
import { AgentRunState, awaitApproval, installAgentHandlers } from './agent-run-state.js';
import { withDeadline } from './deadline.js';

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

export async function agentRun(input: AgentRunInput): Promise<AgentRunResult> {
  const state = new AgentRunState(input);
  installAgentHandlers(state);
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
