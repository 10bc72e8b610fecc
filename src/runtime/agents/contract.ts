/**
 * The agent runtime contract: what the `agentRun` workflow (src/runtime/workflows/agent-run.ts), its
 * activities (src/runtime/agents/activities.ts), the interpreter's agent steps and `aexy agents run`
 * agree on. Pure types and constants, importable from workflow code and Node code alike.
 *
 * Identity: a child agent run's workflow id is `<parent run id>/agent/<step key>` (from the input, not
 * the workflow info, so histories replay under any workflow id) and its aexy run id is
 * `<parent run id>/<step key>`; it logs its model and tool calls into the PARENT's run log under
 * step keys starting with `<step key>/`. A standalone run (`aexy agents run`) has its own run row
 * (automation `agent:<name>`).
 */
import type { Decision, Outcome } from '../../policy/types.js';
import type { ProgressEntry } from '../contract.js';

export const WORKFLOW_AGENT_RUN = 'agentRun';
/** Child -> parent: an approval of the agent opened or closed (the parent shows PAUSED meanwhile). */
export const SIGNAL_AGENT_APPROVAL = 'agentApproval';
/** Parent -> child: a person's decision on a forwarded approval (`aexy approve PARENT_RUN`). */
export const SIGNAL_AGENT_DECISION = 'agentDecision';

/** Default approval timeout when the policy names none. */
export const DEFAULT_AGENT_APPROVAL_TIMEOUT_MS = 4 * 60 * 60_000;
/** Longest final answer accepted (longer answers get the repair attempt). */
export const MAX_OUTPUT_CHARS = 32_000;
/** Longest tool result passed back to the model (longer results are cut with a note). */
export const MAX_TOOL_RESULT_CHARS = 16_000;

/** The automation run an agent run is a child of. */
export interface AgentParent {
  runId: string;
  workflowId: string;
  stepId: string;
  stepKey: string;
  automation: string;
  causation: string[];
  record?: { id: string; object: string };
}

/** Input of `agentRun`. */
export interface AgentRunInput {
  /** The agent run's aexy id (see the file comment). */
  runId: string;
  agent: string;
  input: Record<string, unknown>;
  workspace: string;
  parent?: AgentParent;
  dryRun?: boolean;
  options?: { activityTaskQueue?: string };
}

/** Result of `agentRun`. Failures are thrown as ApplicationFailure with a type (see docs/agents.md). */
export interface AgentRunResult {
  runId: string;
  agent: string;
  output: unknown;
  iterations: number;
  usage: TokenUsage;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The agent definition as the workflow uses it (from the applied `kind: Agent`). */
export interface AgentDefinition {
  name: string;
  instructions: string;
  model: { name?: string; temperature?: number; baseUrl?: string };
  tools: string[];
  output?: Record<string, unknown>;
  maxIterations: number;
  timeoutMs: number;
}

/** A tool as offered to the model: a registry action with its input JSON Schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  access: 'read' | 'write';
}

/** OpenAI chat-completions message shapes. */
export interface ToolCallMessage {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}
export interface AgentMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: ToolCallMessage[];
  tool_call_id?: string;
}

interface LogTarget {
  /** The run whose log gets the rows (the parent's for a child, else the agent run's). */
  logRunId: string;
  /** Prefix of the step keys written (`<step key>/` for a child, `` standalone). */
  keyPrefix: string;
  agentRunId: string;
  agent: string;
  workspace: string;
  progress?: ProgressEntry[];
}

export interface ModelCallRequest extends LogTarget {
  model: AgentDefinition['model'];
  messages: AgentMessage[];
  tools: ToolSpec[];
  iteration: number;
}

export interface ModelCallResult {
  /** Set when the token budget (or another policy) refused the call; nothing was sent. */
  refused?: { outcome: Outcome; reason: string };
  message?: { content: string | null; toolCalls: ToolCallMessage[] };
  usage: TokenUsage;
}

export interface ToolCallRequest extends LogTarget {
  call: ToolCallMessage;
  /** The model call that asked for it (keys the tool's idempotency: model call ids may repeat). */
  iteration: number;
  /** The automation (or `agent:<name>` standalone), for the action context. */
  automation: string;
  /** The agent's tools (a call to anything else is an error for the model). */
  tools: string[];
  /** Set after a person decided: reserve the counters of this decision, then run... */
  approved?: Decision;
  /** ...unless the approval was refused (rejected, timed out): record BLOCK with this reason. */
  refusal?: string;
  dryRun: boolean;
  causation: string[];
  record?: { id: string; object: string };
}

export interface ToolCallResult {
  outcome: Outcome | 'ERROR';
  /** What the model is told (tool result, refusal or error). */
  content: string;
  /** REQUIRE_APPROVAL: the decision to pass back as `approved`, and who may approve. */
  decision?: Decision;
  approval?: { approvers: string[]; timeoutMs: number };
}

export interface OutputCheckRequest {
  schema?: Record<string, unknown>;
  text: string | null;
}
export type OutputCheckResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** Child -> parent approval signal payload. */
export interface AgentApprovalNotice {
  open: boolean;
  childWorkflowId: string;
  /** Step key in the parent run (`<agent step key>/approval/<call id>`). */
  stepKey: string;
  stepId: string;
  approvers: string[];
  message?: unknown;
  deadline: string;
  since: string;
}

/** The activities `agentRun` calls. */
export interface AgentActivities {
  agentPrepare(request: { agent: string; workspace: string }): Promise<{
    definition: AgentDefinition;
    tools: ToolSpec[];
  }>;
  agentModelCall(request: ModelCallRequest): Promise<ModelCallResult>;
  agentToolCall(request: ToolCallRequest): Promise<ToolCallResult>;
  agentCheckOutput(request: OutputCheckRequest): Promise<OutputCheckResult>;
}

/** Error types an agent run fails with. */
export const AGENT_ERROR_TYPES = {
  unavailable: 'agent_unavailable',
  notFound: 'agent_not_found',
  maxIterations: 'max_iterations',
  timeout: 'timeout',
  invalidOutput: 'agent_output_invalid',
  blocked: 'policy_blocked',
} as const;

/** Workflow id of the child agent run of a parent run's step. */
export function childAgentWorkflowId(parentRunId: string, stepKey: string): string {
  return `${parentRunId}/agent/${stepKey}`;
}
