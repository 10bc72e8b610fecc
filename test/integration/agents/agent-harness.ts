/**
 * Set-up of the agent runtime tests: the runtime harness (real worker, real activities, SQLite ports)
 * plus the agent activities over a catalog the test fills (agents and policies as IR), the workspace's
 * real policy counters and decisions log, and a fake model server on loopback.
 */
import { randomUUID } from 'node:crypto';
import type { AgentIR, AgentPolicyIR } from '../../../src/ir/types.js';
import { compilePolicies } from '../../../src/policy/compile-index.js';
import type { AgentRunInput, AgentRunResult } from '../../../src/runtime/agents/contract.js';
import type { AgentCatalog, AgentPorts } from '../../../src/runtime/agents/ports.js';
import { workspacePorts } from '../../../src/runtime/ports/workspace-ports.js';
import { EMPTY_ALLOW_LIST } from '../../../src/runtime/transports/ssrf.js';
import { agentRun } from '../../../src/runtime/workflows/index.js';
import type { SqliteDecisionLog } from '../../../src/workspace/sqlite/decision-log.js';
import { type FakeModelServer, startFakeModelServer } from '../../helpers/fake-model-server.js';
import { type Harness, startHarness } from '../runtime/harness.js';

export interface AgentHarness extends Harness {
  model: FakeModelServer;
  /** Replaces the applied agents and policies. */
  apply(agents: AgentIR[], policies?: AgentPolicyIR[]): void;
  decisions: SqliteDecisionLog;
  /** Starts a standalone agent run. */
  runAgent(agent: string, input: Record<string, unknown>): ReturnType<typeof startAgent>;
  /** Creates a record in the workspace store; returns its id. */
  record(object: string, values: Record<string, unknown>): Promise<string>;
}

type StartAgent = (
  h: Harness,
  agent: string,
  input: Record<string, unknown>,
) => Promise<{
  runId: string;
  handle: Awaited<ReturnType<Harness['temporal']['client']['workflow']['start']>>;
  result: () => Promise<AgentRunResult>;
}>;

const startAgent: StartAgent = async (h, agent, input) => {
  const runId = `agent-${agent}-${randomUUID().slice(0, 8)}`;
  const args: AgentRunInput = { runId, agent, input, workspace: 'test' };
  const handle = await h.temporal.client.workflow.start(agentRun, {
    taskQueue: h.taskQueue,
    workflowId: runId,
    args: [args],
  });
  return { runId, handle, result: () => handle.result() as Promise<AgentRunResult> };
};

export async function startAgentHarness(): Promise<AgentHarness> {
  const model = await startFakeModelServer();
  let catalog: AgentCatalog = { agents: new Map(), policies: [], index: compilePolicies([]) };
  const ports: AgentPorts = {
    catalog: async () => catalog,
    // Replaced by the workspace's stores once the harness has opened its database.
    counters: undefined as unknown as AgentPorts['counters'],
    decisions: undefined as unknown as AgentPorts['decisions'],
    transport: {
      http: { allow: EMPTY_ALLOW_LIST },
      model: { baseUrl: model.baseUrl, name: 'fake-model', temperature: 0 },
    },
  };
  const h = await startHarness({}, ports);
  ports.counters = h.backend.policyCounters;
  ports.decisions = h.backend.decisions;
  const records = workspacePorts(h.backend).records;
  return {
    ...h,
    model,
    decisions: ports.decisions as SqliteDecisionLog,
    apply(agents, policies = []) {
      model.clear();
      catalog = {
        agents: new Map(agents.map((a) => [a.metadata.name, a])),
        policies,
        index: compilePolicies(policies),
      };
    },
    runAgent: (agent, input) => startAgent(h, agent, input),
    async record(object, values) {
      const ctx = {
        idempotencyKey: randomUUID(),
        workspace: 'test',
        runId: 'setup',
        automation: 'setup',
        causation: [],
      };
      return (await records.create(object, values, ctx)).id;
    },
    async close() {
      await h.close();
      await model.close();
    },
  };
}

/** An agent IR with test defaults. */
export function agent(name: string, over: Partial<AgentIR> = {}): AgentIR {
  return {
    kind: 'Agent',
    metadata: { name, labels: {}, protected: false },
    type: 'custom',
    model: { provider: 'openai', name: 'fake-model', temperature: 0 },
    instructions: 'Classify the reply.',
    tools: ['get_record', 'update_record'],
    output: {
      type: 'object',
      required: ['label'],
      properties: { label: { enum: ['interested', 'not_now', 'unsubscribe'] } },
    },
    maxIterations: 6,
    timeoutMs: 60_000,
    source: { file: `${name}.yaml`, text: '' },
    ...over,
  };
}

/** A policy IR with test defaults. */
export function policy(
  name: string,
  spec: Omit<Partial<AgentPolicyIR>, 'kind' | 'metadata'> & Pick<AgentPolicyIR, 'type'>,
): AgentPolicyIR {
  return {
    kind: 'AgentPolicy',
    metadata: { name, labels: {}, protected: false },
    source: { file: `${name}.yaml`, text: '' },
    ...spec,
  };
}

/** The content of the tool message answering `callId` in a recorded model request. */
export function toolResult(model: FakeModelServer, request: number, callId?: string): string | undefined {
  const messages = model.requests[request]?.messages ?? [];
  const tool = messages.filter((m) => m.role === 'tool' && (!callId || m.tool_call_id === callId));
  return tool.at(-1)?.content ?? undefined;
}
