/**
 * The activities of `agentRun` (see AgentActivities): prepare (the agent and its tools), one model
 * call (the token budget is reserved first and settled with the real usage), one tool call (policy
 * decision, then the registry action through the runtime's handlers), and the output check (ajv).
 * Each writes its row to the run log: the parent's for a child run, tokens per model call included.
 */

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { Ajv, type ValidateFunction } from 'ajv';
import { type EnforceContext, enforceCall, releaseReservations, settleTokens } from '../../policy/enforce.js';
import { MODEL_TOOL } from '../../policy/types.js';
import { registry } from '../../registry/index.js';
import { classifyError } from '../activities/errors.js';
import { type RuntimePorts, writeProgress } from '../activities/ports.js';
import { recordActionHandlers } from '../activities/record-actions.js';
import type { ProgressEntry } from '../contract.js';
import {
  AGENT_ERROR_TYPES,
  type AgentActivities,
  type AgentDefinition,
  MAX_OUTPUT_CHARS,
  type ModelCallRequest,
  type OutputCheckRequest,
  type OutputCheckResult,
  type ToolSpec,
} from './contract.js';
import { chatWithTools, estimateTokens } from './model-client.js';
import type { AgentPorts } from './ports.js';
import { runToolCall } from './tool-call.js';

type Deps = Pick<RuntimePorts, 'runLog' | 'records' | 'handlers'>;

/** The agent activities; without `agents` every agent run fails with `agent_unavailable`. */
export function createAgentActivities(deps: Deps, agents: AgentPorts | undefined): AgentActivities {
  const handlers = { ...recordActionHandlers(deps.records), ...deps.handlers };
  const log = (entries: ProgressEntry[]) => writeProgress(deps.runLog, entries);
  const ports = (): AgentPorts => {
    if (agents) return agents;
    throw ApplicationFailure.create({
      type: AGENT_ERROR_TYPES.unavailable,
      message: 'agents are not available yet in this worker (no model or workspace configured for agents)',
      nonRetryable: true,
    });
  };
  const enforcement = async (p: AgentPorts, run: string): Promise<EnforceContext> => ({
    index: (await p.catalog()).index,
    counters: p.counters,
    log: p.decisions,
    options: { now: (p.now?.() ?? new Date()).toISOString(), timeZone: p.timeZone },
    run,
  });

  return {
    async agentPrepare({ agent }) {
      const catalog = await ports().catalog();
      const ir = catalog.agents.get(agent);
      if (!ir)
        throw ApplicationFailure.create({
          type: AGENT_ERROR_TYPES.notFound,
          message: `no agent ${agent} is applied in this workspace`,
          nonRetryable: true,
        });
      const definition: AgentDefinition = {
        name: ir.metadata.name,
        instructions: ir.instructions,
        model: { name: ir.model.name, temperature: ir.model.temperature, baseUrl: ir.model.baseUrl },
        tools: ir.tools,
        output: ir.output,
        maxIterations: ir.maxIterations,
        timeoutMs: ir.timeoutMs,
      };
      return { definition, tools: toolSpecs(ir.tools) };
    },

    async agentModelCall(request) {
      const p = ports();
      await log(request.progress ?? []);
      const estimatedTokens = estimateTokens(request.messages, request.tools);
      const enforce = await enforcement(p, request.agentRunId);
      const call = {
        agent: request.agent,
        tool: MODEL_TOOL,
        args: {},
        access: 'read' as const,
        estimatedTokens,
      };
      const decision = await enforceCall(enforce, call);
      const row = modelRow(request);
      if (decision.outcome !== 'ALLOW') {
        const error = { type: AGENT_ERROR_TYPES.blocked, message: decision.reason, retryable: false };
        await log([{ ...row, status: 'FAILED', at: now(p), error }]);
        return { refused: { outcome: decision.outcome, reason: decision.reason }, usage: zero() };
      }
      try {
        const reply = await withHeartbeat(() =>
          chatWithTools(request.model, p.transport, request.messages, request.tools, {
            signal: Context.current().cancellationSignal,
          }),
        );
        await settleTokens(p.counters, decision, reply.usage.promptTokens + reply.usage.completionTokens);
        const output = { usage: reply.usage, toolCalls: reply.toolCalls.map((c) => c.function.name) };
        await log([{ ...row, status: 'SUCCESS', at: now(p), output }]);
        return { message: { content: reply.content, toolCalls: reply.toolCalls }, usage: reply.usage };
      } catch (error) {
        await releaseReservations(p.counters, decision).catch(() => undefined);
        throw toFailure(error);
      }
    },

    async agentToolCall(request) {
      const p = ports();
      await log(request.progress ?? []);
      const enforce = await enforcement(p, request.agentRunId);
      const result = await withHeartbeat(() => runToolCall(request, enforce, handlers));
      const stepKey = `${request.keyPrefix}tool/${request.iteration}/${request.call.id}`;
      const status =
        result.outcome === 'ALLOW' ? 'SUCCESS' : result.outcome === 'REQUIRE_APPROVAL' ? 'WAITING' : 'FAILED';
      await log([
        {
          kind: 'step',
          runId: request.logRunId,
          stepId: request.call.function.name || 'tool',
          stepKey,
          stepKind: 'agent_tool',
          status: result.outcome === 'REQUIRE_APPROVAL' ? 'RUNNING' : status,
          at: now(p),
          input: request.call.function.arguments,
          output: { outcome: result.outcome, content: result.content.slice(0, 2000) },
        },
      ]);
      return result;
    },

    async agentCheckOutput(request) {
      return checkOutput(request);
    },
  };
}

/**
 * Heartbeats while `work` runs: a dead worker's call is retried elsewhere quickly, and a cancelled
 * agent (its timeout, the step's) reaches the call through the cancellation signal.
 */
async function withHeartbeat<T>(work: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const beat = setInterval(() => ctx.heartbeat(), 2_000);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

function modelRow(request: ModelCallRequest) {
  return {
    kind: 'step' as const,
    runId: request.logRunId,
    stepId: 'model',
    stepKey: `${request.keyPrefix}model/${request.iteration}`,
    stepKind: 'agent_model',
  };
}

const now = (p: AgentPorts) => (p.now?.() ?? new Date()).toISOString();
const zero = () => ({ promptTokens: 0, completionTokens: 0 });

/** Registry actions as tools: their input JSON Schemas, read or write by `sideEffect`. */
export function toolSpecs(names: readonly string[]): ToolSpec[] {
  return names.flatMap((name) => {
    const action = registry.actions.get(name);
    if (!action) return [];
    const parameters = { type: 'object', ...(action.input as Record<string, unknown>) };
    return [{ name, description: action.summary, parameters, access: action.sideEffect ? 'write' : 'read' }];
  });
}

/** Transport failures keep their class (the activity retry policy retries the retryable ones). */
function toFailure(error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const failure = classifyError(error);
  return ApplicationFailure.create({
    type: failure.type,
    message: failure.message,
    nonRetryable: !failure.retryable,
    nextRetryDelay: failure.nextRetryDelayMs,
  });
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

/** The final answer parsed and checked against the agent's output schema. */
export function checkOutput({ schema, text }: OutputCheckRequest): OutputCheckResult {
  if (!text?.trim()) return { ok: false, reason: 'the answer is empty' };
  if (text.length > MAX_OUTPUT_CHARS)
    return {
      ok: false,
      reason: `the answer is ${text.length} characters long, over the limit of ${MAX_OUTPUT_CHARS}`,
    };
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let value: unknown;
  try {
    value = JSON.parse(unfenced);
  } catch {
    if (!schema) return { ok: true, value: text };
    return { ok: false, reason: 'the answer is not JSON' };
  }
  if (!schema) return { ok: true, value };
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  if (validate(value)) return { ok: true, value };
  return {
    ok: false,
    reason: `the answer does not match the output schema: ${ajv.errorsText(validate.errors)}`,
  };
}
