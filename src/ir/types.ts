/**
 * The checked intermediate representation (IR): what the compiler produces from YAML and what
 * plan, apply, graph and the runtime interpreter consume. Raw types (what the user wrote) live in
 * src/schema/generated; the IR is resolved, desugared and canonical:
 * - durations are milliseconds,
 * - flat `actions:` lists and structured conditions are desugared (actions become action steps,
 *   conditions become one CEL expression),
 * - every node carries the source reference it came from.
 *
 * The IR is plain JSON (no classes, no functions, no undefined-vs-missing tricks) so it can be
 * hashed, stored in the workspace, diffed by plan, and passed as Temporal workflow input.
 */
import type { SourceRef } from '../diagnostics/diagnostic.js';

export type ResourceKind = 'Automation' | 'Agent' | 'AgentPolicy';

/** `kind/name`, the identity plan and apply use. */
export type Address = `${ResourceKind}/${string}`;

/** A CEL expression as written, with where it was written. Compiled (and cached) where it is evaluated. */
export interface Expr {
  cel: string;
  ref?: SourceRef;
}

/**
 * A value tree from `with:` or `input:`. Strings may contain `${{ <cel> }}`; a string that is exactly
 * one `${{ }}` keeps the expression's type, otherwise the result is a string. Evaluated at run time.
 */
export type Template = unknown;

/** A branch target: a nested block of steps, or a forward jump to a step id in the same block, `end` or `fail`. */
export type Target = { kind: 'block'; steps: Step[] } | { kind: 'jump'; to: string };

export type ErrorPolicy = 'stop' | 'continue' | 'retry';
export type ErrorClass = 'timeout' | 'rate_limit' | 'server_error' | 'connection_error';

export interface RetryPolicy {
  maxAttempts: number;
  initialIntervalMs: number;
  backoff: number;
  maxIntervalMs: number;
  on: ErrorClass[];
}

interface StepBase {
  id: string;
  name?: string;
  /** Explicit successor: a step id forward in the same block, `end` or `fail`. */
  next?: string;
  onError?: ErrorPolicy;
  retry?: RetryPolicy;
  timeoutMs?: number;
  /** Where control goes when this step fails (after retries). */
  catch?: Target;
  ref?: SourceRef;
}

export interface ActionStep extends StepBase {
  kind: 'action';
  /** Canonical registry id, e.g. `send_email`, `update_record`. */
  action: string;
  with: Record<string, Template>;
}

export interface IfStep extends StepBase {
  kind: 'if';
  condition: Expr;
  then: Target;
  else?: Target;
}

export interface SwitchCase {
  when: Expr;
  next: Target;
}

export interface SwitchStep extends StepBase {
  kind: 'switch';
  cases: SwitchCase[];
  default?: Target;
}

export type JoinMode = { mode: 'all' } | { mode: 'any' } | { mode: 'count'; count: number };

export interface ParallelBranch {
  name: string;
  steps: Step[];
}

export interface ParallelStep extends StepBase {
  kind: 'parallel';
  branches: ParallelBranch[];
  join: JoinMode;
  onBranchFailure: 'fail' | 'continue';
}

export interface LoopStep extends StepBase {
  kind: 'loop';
  /** Exactly one of forEach / until is set. */
  forEach?: Expr;
  until?: Expr;
  /** Name under which the current item is visible (`vars.<as>` and `<as>`); default `item`. */
  as: string;
  maxIterations: number;
  concurrency: number;
  steps: Step[];
}

export type WaitSpec =
  | { mode: 'duration'; durationMs: number }
  | { mode: 'until'; until: Expr; offsetMs: number }
  | { mode: 'event'; event: string; match?: Expr; timeoutMs: number };

export interface WaitStep extends StepBase {
  kind: 'wait';
  wait: WaitSpec;
  onTimeout?: Target;
}

export interface ApprovalStep extends StepBase {
  kind: 'approval';
  approvers: string[];
  message?: Template;
  timeoutMs: number;
  escalate?: { afterMs: number; to: string[] };
  onApprove?: Target;
  onReject?: Target;
  onTimeout?: Target;
}

export interface AgentStep extends StepBase {
  kind: 'agent';
  agent: string;
  input: Record<string, Template>;
  waitForCompletion: boolean;
  timeoutMs: number;
  onTimeout?: Target;
}

export interface SetStep extends StepBase {
  kind: 'set';
  /** Variable name -> expression; written to `vars.<name>` in order. */
  vars: Array<{ name: string; value: Expr }>;
}

export type Step =
  | ActionStep
  | IfStep
  | SwitchStep
  | ParallelStep
  | LoopStep
  | WaitStep
  | ApprovalStep
  | AgentStep
  | SetStep;
export type StepKind = Step['kind'];

export interface TriggerIR {
  /** Canonical registry id, dot style, e.g. `record.created`, `stage.changed`, `schedule.cron`. */
  type: string;
  /** The trigger's configuration (everything under `trigger:` except `type`), validated by its registry schema. */
  config: Record<string, unknown>;
  ref?: SourceRef;
}

export type AgentHookPoint = 'on_start' | 'on_condition_match';

export interface AgentHook {
  agent: string;
  at: AgentHookPoint;
  input: Record<string, Template>;
  waitForCompletion: boolean;
  timeoutMs: number;
  ref?: SourceRef;
}

export type ConcurrencyMode = 'single' | 'queued' | 'parallel';

export interface Metadata {
  name: string;
  description?: string;
  labels: Record<string, string>;
  /** Former name; plan turns delete+create into a rename that keeps history. */
  previousName?: string;
  /** Protected resources are never deleted by apply, even with --prune. */
  protected: boolean;
}

export interface AutomationIR {
  kind: 'Automation';
  metadata: Metadata;
  module: string;
  enabled: boolean;
  trigger: TriggerIR;
  /** Structured conditions desugared into one CEL expression; absent means "always". */
  conditions?: Expr;
  agents: AgentHook[];
  limits: { runsPerMonth?: number; concurrency: { mode: ConcurrencyMode; max?: number } };
  onError: ErrorPolicy;
  retry: RetryPolicy;
  /** Time limit of a whole run (waits included), from `spec.timeout`; absent: none. */
  timeoutMs?: number;
  steps: Step[];
  source: SourceInfo;
}

export interface AgentIR {
  kind: 'Agent';
  metadata: Metadata;
  type: 'sales_outreach' | 'lead_scoring' | 'email_drafter' | 'data_enrichment' | 'custom';
  model: { provider: string; name: string; temperature?: number; baseUrl?: string };
  instructions: string;
  tools: string[];
  /** JSON Schema the final answer must satisfy. */
  output?: Record<string, unknown>;
  maxIterations: number;
  timeoutMs: number;
  source: SourceInfo;
}

export type PolicyType =
  | 'tool_block'
  | 'tool_require_approval'
  | 'field_restriction'
  | 'rate_limit'
  | 'token_budget';

export interface AgentPolicyIR {
  kind: 'AgentPolicy';
  metadata: Metadata;
  /** Absent: applies to every agent of the workspace. */
  agent?: string;
  type: PolicyType;
  /** Absent: every tool. */
  tools?: string[];
  when?: Expr;
  approval?: { approvers: string[]; timeoutMs: number };
  read?: string[];
  write?: string[];
  limit?: number;
  perMs?: number;
  source: SourceInfo;
}

export interface SourceInfo {
  file: string;
  /** The YAML text of this one document, as written (stored with every applied version). */
  text: string;
}

export type Resource = AutomationIR | AgentIR | AgentPolicyIR;

export function addressOf(resource: Pick<Resource, 'kind' | 'metadata'>): Address {
  return `${resource.kind}/${resource.metadata.name}`;
}
