/**
 * One tool call of an agent: parse the model's arguments, decide with the workspace policies
 * (reserving rate limits), run the registry action through the runtime's handlers, filter what the
 * agent may read, and say what the model is told. Mistakes of the model (unknown tool, arguments that
 * are not a JSON object) are returned to it as errors: the run goes on.
 */
import { Context } from '@temporalio/activity';
import { decisionRecord } from '../../policy/decisions-log.js';
import { type EnforceContext, enforceCall, reserveApproved } from '../../policy/enforce.js';
import { filterToolResult } from '../../policy/fields.js';
import type { Decision, PolicyCall } from '../../policy/types.js';
import { registry } from '../../registry/index.js';
import type { ActionContext, ActionHandlers } from '../activities/ports.js';
import {
  DEFAULT_AGENT_APPROVAL_TIMEOUT_MS,
  MAX_TOOL_RESULT_CHARS,
  type ToolCallRequest,
  type ToolCallResult,
} from './contract.js';

type Json = Parameters<typeof filterToolResult>[0];

/** The arguments as an object, or the reason they are not one. */
export function parseArguments(text: string): { args: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch (error) {
    return { error: `the arguments are not valid JSON (${(error as Error).message})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { error: 'the arguments must be a JSON object' };
  return { args: value as Record<string, unknown> };
}

/** Cuts an over-long text for the model, saying so. */
export function clip(text: string, max = MAX_TOOL_RESULT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}... [cut: ${text.length - max} more characters]`;
}

/** Decides the call (or, after an approval, reserves its counters) and runs it when allowed. */
export async function runToolCall(
  request: ToolCallRequest,
  enforce: EnforceContext,
  handlers: ActionHandlers,
): Promise<ToolCallResult> {
  const name = request.call.function.name;
  if (!request.tools.includes(name) || !handlers[name])
    return {
      outcome: 'ERROR',
      content: `error: unknown tool "${name}"; the tools are: ${request.tools.join(', ')}`,
    };
  const parsed = parseArguments(request.call.function.arguments);
  if ('error' in parsed) return { outcome: 'ERROR', content: `error: ${name}: ${parsed.error}` };
  const access = registry.actions.get(name)?.sideEffect === false ? 'read' : 'write';
  const call: PolicyCall = { agent: request.agent, tool: name, args: parsed.args, access };
  if (request.approved && request.refusal) return refuse(request.approved, request.refusal, call, enforce);
  const decision = request.approved
    ? await reserveApproved(enforce, call, request.approved)
    : await enforceCall(enforce, call);
  if (decision.outcome === 'REQUIRE_APPROVAL') {
    const approval = decision.approval;
    return {
      outcome: 'REQUIRE_APPROVAL',
      content: `REQUIRE_APPROVAL: ${decision.reason}`,
      decision,
      approval: {
        approvers: approval?.approvers ?? [],
        timeoutMs: approval?.timeoutMs ?? DEFAULT_AGENT_APPROVAL_TIMEOUT_MS,
      },
    };
  }
  if (decision.outcome !== 'ALLOW')
    return { outcome: decision.outcome, content: `${decision.outcome}: ${decision.reason}` };
  return { outcome: 'ALLOW', content: await execute(request, parsed.args, decision, handlers[name], access) };
}

/** A refused approval is a BLOCK decision, recorded like every other. */
async function refuse(
  approved: Decision,
  reason: string,
  call: PolicyCall,
  enforce: EnforceContext,
): Promise<ToolCallResult> {
  const decision: Decision = { ...approved, outcome: 'BLOCK', reason, reservations: [], approval: undefined };
  const at = new Date().toISOString();
  await enforce.log.record(
    decisionRecord(call, decision, { at, run: enforce.run, secrets: enforce.secrets }),
  );
  return { outcome: 'BLOCK', content: `BLOCK: ${reason}` };
}

async function execute(
  request: ToolCallRequest,
  args: Record<string, unknown>,
  decision: Decision,
  handler: ActionHandlers[string],
  access: 'read' | 'write',
): Promise<string> {
  if (request.dryRun && access === 'write') return 'dry run: the call was allowed but not executed';
  try {
    const result = await handler(args, actionContext(request));
    const visible = filterToolResult((result ?? null) as Json, decision.readMasks);
    return clip(JSON.stringify(visible) ?? 'null');
  } catch (error) {
    return clip(`error: ${(error as Error)?.message ?? String(error)}`);
  }
}

function actionContext(request: ToolCallRequest): ActionContext {
  const stepKey = `${request.keyPrefix}tool/${request.iteration}/${request.call.id}`;
  let signal: AbortSignal;
  try {
    signal = Context.current().cancellationSignal;
  } catch {
    signal = new AbortController().signal;
  }
  return {
    // One key per tool call of the run: a retried activity never applies a record change twice.
    idempotencyKey: `${request.agentRunId}:${request.iteration}:${request.call.id}`,
    runId: request.logRunId,
    stepId: request.call.function.name,
    stepKey,
    dryRun: request.dryRun,
    attempt: 1,
    workspace: request.workspace,
    automation: request.automation,
    causation: request.causation,
    record: request.record,
    signal,
  };
}
