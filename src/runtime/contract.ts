/**
 * The runtime contract: what the interpreter workflow (src/runtime/workflows) and everything around it
 * (worker, trigger router, CLI, run log) agree on. Pure types and constants, importable from workflow
 * code (no Node APIs) and from Node code alike.
 *
 * Who does what:
 * - The router starts `automationRun` with a `RunInput` (workflow id chosen by the router from the event
 *   id, search attributes set at start, see `RUN_SEARCH_ATTRIBUTES`).
 * - The workflow interprets `input.automation` (the immutable version passed at start), calls
 *   `RuntimeActivities`, and reports run/step progress through them (see `ProgressEntry`).
 * - Events for waiting runs arrive through the `deliverEvent` signal; approvals through the `approve`
 *   update; the current state is the `runState` query.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { AutomationIR, ErrorClass } from '../ir/types.js';

/** Workflow type names the worker registers. */
export const WORKFLOW_AUTOMATION_RUN = 'automationRun';

/** Names of the signal, update and query (also usable with `defineSignal` etc. by name). */
export const SIGNAL_DELIVER_EVENT = 'deliverEvent';
export const UPDATE_APPROVE = 'approve';
export const QUERY_RUN_STATE = 'runState';

export type RunStatus = 'PENDING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'SKIPPED';
export type StepStatus = 'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'WAITING' | 'RETRYING';

export const RUN_STATUSES: readonly RunStatus[] = [
  'PENDING',
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'SKIPPED',
];
export const STEP_STATUSES: readonly StepStatus[] = [
  'PENDING',
  'RUNNING',
  'SUCCESS',
  'FAILED',
  'SKIPPED',
  'WAITING',
  'RETRYING',
];

/**
 * Machine-readable reasons on a run. `conditions` (conditions not met: the workflow reports it; the run
 * must NOT count toward runsPerMonth), `run_limit` and `disabled` (the router records those without
 * starting a workflow), `causation_depth` (router), `failed_step` / `fail_jump` / `agent_unavailable`
 * (workflow), `cancelled`.
 */
export type RunReason =
  | 'conditions'
  | 'run_limit'
  | 'disabled'
  | 'causation_depth'
  | 'failed_step'
  | 'fail_jump'
  | 'end_jump'
  | 'cancelled'
  | (string & {});

/** A JSON-safe error as stored in the run log and returned in results. */
export interface RunError {
  /** An ErrorClass (`timeout`, `rate_limit`, `server_error`, `connection_error`) or another type, e.g. `expression_error`, `not_found`, `validation_error`, `agent_unavailable`, `max_iterations`, `explicit_fail`. */
  type: string;
  message: string;
  retryable: boolean;
  /** The step that failed, when a step failed. */
  stepId?: string;
}

/** The event that started a run (or one delivered to a waiting run). */
export interface RunEvent {
  /** Unique event id; duplicate deliveries are ignored by id. */
  id: string;
  /** Canonical trigger/event type, e.g. `record.created`, `email.replied`. */
  type: string;
  payload: Record<string, unknown>;
  /** For record events: the record the event is about (`record` root). */
  record?: { id: string; object: string; values: Record<string, unknown> };
  /** For record updates: slug -> {from, to}. */
  changes?: Record<string, { from: unknown; to: unknown }>;
  /** For record updates: the values before the change. */
  previous?: Record<string, unknown>;
  /** ISO time the event happened. */
  occurredAt: string;
  /** Causation chain carried by events that automations' own actions caused (run ids, oldest first). */
  causation?: string[];
}

/** Tunables a starter may pass (tests lower them; defaults in RUNTIME_DEFAULTS). */
export interface RunOptions {
  /** Heartbeat timeout of action activities: how fast a killed worker's activity is retried elsewhere. */
  heartbeatTimeoutMs?: number;
  /** Default per-step timeout when a step has none. */
  defaultStepTimeoutMs?: number;
  /** Task queue for activities (default: the workflow's). */
  activityTaskQueue?: string;
}

export const RUNTIME_DEFAULTS = {
  heartbeatTimeoutMs: 20_000,
  defaultStepTimeoutMs: 5 * 60_000,
  /** Extra attempts Temporal may spend on infrastructure failures (worker crash) beyond the user's retries. */
  infraExtraAttempts: 3,
  /** Buffered, not yet consumed events kept per run. */
  eventBufferSize: 200,
} as const;

/** Input of `automationRun`. */
export interface RunInput {
  /** The aexy run id (stable across continue-as-new; used in idempotency keys and the run log). */
  runId: string;
  /** Workspace name. */
  workspace: string;
  automation: AutomationIR;
  /** The applied version number of `automation`. */
  version: number;
  event: RunEvent;
  /** Run ids that caused this run's event (oldest first); this run's actions emit `[...causation, runId]`. */
  causation: string[];
  /** Dry run: side-effecting actions return their example output and record what they would do. */
  dryRun?: boolean;
  /** Dry run only: outputs by step id (actions return them; an event wait receives one as its event). */
  mocks?: Record<string, unknown>;
  options?: RunOptions;
  /** Set only by the workflow itself when it continues as new. Starters never set it. */
  continuation?: RunContinuation;
}

/** Result of `automationRun`. */
export interface RunResult {
  runId: string;
  status: Extract<RunStatus, 'COMPLETED' | 'FAILED' | 'SKIPPED' | 'CANCELLED'>;
  reason?: RunReason;
  error?: RunError;
  /** Final variables (`vars`). */
  vars: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  /** How many times the run continued as new. */
  continuedAsNew: number;
}

/** `deliverEvent` signal argument: an event for runs waiting on its type. Unmatched events are buffered. */
export type DeliveredEvent = RunEvent;

/** `approve` update argument. */
export interface ApprovalDecision {
  /** The approval step; optional when exactly one approval is pending. */
  stepId?: string;
  decision: 'approve' | 'reject';
  comment?: string;
  /** Who decided (user id or email). */
  by: string;
}

/** `approve` update result. The validator rejects (error) when nothing matches. */
export interface ApprovalOutcome {
  stepId: string;
  /** Step key (step id + loop indices) of the approval that was decided. */
  stepKey: string;
  decision: 'approve' | 'reject';
  by: string;
}

export interface PendingWait {
  stepId: string;
  stepKey: string;
  mode: 'duration' | 'until' | 'event';
  /** Event type for event waits. */
  event?: string;
  /** ISO time when the wait times out / ends. */
  deadline: string;
  since: string;
}

export interface PendingApproval {
  stepId: string;
  stepKey: string;
  approvers: string[];
  message?: unknown;
  deadline: string;
  since: string;
  escalated: boolean;
}

/** Summary of one step (latest iteration) in the `runState` query. */
export interface StepView {
  stepId: string;
  stepKey: string;
  kind: string;
  status: StepStatus;
  attempt?: number;
  error?: RunError;
}

/** `runState` query result. */
export interface RunStateView {
  runId: string;
  status: RunStatus;
  reason?: RunReason;
  version: number;
  automation: string;
  waits: PendingWait[];
  approvals: PendingApproval[];
  /** Latest state per step key, in first-seen order (bounded: the last 500 keys). */
  steps: StepView[];
  vars: Record<string, unknown>;
  continuedAsNew: number;
}

/** Search attribute names set on every run (registered by the dev server; keys in search-attributes.ts). */
export const RUN_SEARCH_ATTRIBUTES = {
  workspace: 'AexyWorkspace',
  automation: 'AexyAutomation',
  status: 'AexyRunStatus',
} as const;

/** Typed search attribute keys (for `typedSearchAttributes` at start and `upsertSearchAttributes`). */
export const SA_WORKSPACE = defineSearchAttributeKey(
  RUN_SEARCH_ATTRIBUTES.workspace,
  SearchAttributeType.KEYWORD,
);
export const SA_AUTOMATION = defineSearchAttributeKey(
  RUN_SEARCH_ATTRIBUTES.automation,
  SearchAttributeType.KEYWORD,
);
export const SA_RUN_STATUS = defineSearchAttributeKey(
  RUN_SEARCH_ATTRIBUTES.status,
  SearchAttributeType.KEYWORD,
);

// ---------------------------------------------------------------------------------------------------
// Progress: what the workflow reports to the run log. Entries are batched and flushed either
// piggy-backed on the next `runAction` call or through the local activity `recordProgress` (before a
// wait/approval and at the end), so logging costs at most one history event per flush.
// Entries may be delivered more than once (activity retries): RunLog writes must be upserts.
// Waits and approvals are step entries with status WAITING whose `input` says what they wait for:
//   wait:     {mode: 'duration'|'until'|'event', event?: string, deadline: ISO}  (the router delivers
//             events of type `event` to runs with such an open WAITING step, via `deliverEvent`)
//   approval: {approvers: string[], message?: unknown, deadline: ISO}  (the run is PAUSED meanwhile)
// and they are closed by the next step entry for the same stepKey (SUCCESS / FAILED / SKIPPED).
// ---------------------------------------------------------------------------------------------------

export type ProgressEntry =
  | {
      kind: 'run';
      runId: string;
      status: RunStatus;
      reason?: RunReason;
      error?: RunError;
      at: string;
      meta?: RunMeta;
    }
  | {
      kind: 'step';
      runId: string;
      stepId: string;
      stepKey: string;
      stepKind: string;
      status: StepStatus;
      at: string;
      attempt?: number;
      input?: unknown;
      output?: unknown;
      error?: RunError;
    }
  | {
      kind: 'note';
      runId: string;
      stepId?: string;
      stepKey?: string;
      note: string;
      data?: unknown;
      at: string;
    };

/** Facts about the run, sent with its first RUNNING entry. */
export interface RunMeta {
  workspace: string;
  automation: string;
  version: number;
  eventId: string;
  eventType: string;
  workflowId: string;
  temporalRunId: string;
  causation: string[];
  dryRun: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Activities
// ---------------------------------------------------------------------------------------------------

/** Argument of `runAction`. */
export interface ActionRequest {
  runId: string;
  stepId: string;
  /** Loop indices, e.g. `` (none), `[3]`, `[3][1]`. stepKey = stepId + iterationKey. */
  iterationKey: string;
  action: string;
  /** Rendered input; `${{ secrets.NAME }}` references stay unresolved until the activity. */
  input: Record<string, unknown>;
  /** `${runId}:${stepKey}`: a repeated key returns the first result, never a second side effect. */
  idempotencyKey: string;
  dryRun: boolean;
  /** Dry run: the output to return instead of the action's example output (from `aexy run --mocks`). */
  mock?: { output: unknown };
  /** The user's retry policy as the activity applies it: errors of these classes are retryable... */
  retryOn: ErrorClass[];
  /** ...up to this many attempts (1 when the step's policy is not `retry`). */
  maxAttempts: number;
  /** The step's own timeout (the activity enforces it and reports type `timeout`). */
  timeoutMs: number;
  workspace: string;
  automation: string;
  /** Causation chain for events the action causes: `[...input.causation, runId]`. */
  causation: string[];
  /** Trigger record (default target of record actions). */
  record?: { id: string; object: string };
  /** Progress to write before the step starts (piggy-backed, see ProgressEntry). */
  progress?: ProgressEntry[];
}

/** Result of `runAction`. Failures are thrown as ApplicationFailure with `type` = RunError.type. */
export interface ActionResult {
  output: unknown;
  /** The attempt that succeeded. */
  attempt: number;
  /** True when the idempotency key had already completed and the stored result was returned. */
  replayed: boolean;
}

/** Argument of `runAgent` (agent steps and agent hooks). */
export interface AgentRequest {
  runId: string;
  stepId: string;
  iterationKey: string;
  agent: string;
  input: Record<string, unknown>;
  idempotencyKey: string;
  dryRun: boolean;
  timeoutMs: number;
  workspace: string;
  automation: string;
  progress?: ProgressEntry[];
}

/** The activities the interpreter calls (implemented by createRuntimeActivities). */
export interface RuntimeActivities {
  /** Runs one action; writes its step RUNNING/RETRYING/SUCCESS/FAILED rows to the run log itself. */
  runAction(request: ActionRequest): Promise<ActionResult>;
  /**
   * Before agents ran as child workflows (`agentRun`, docs/agents.md) agent steps called this; only
   * histories recorded then still do. It fails with `agent_unavailable` unless RuntimePorts.agents is set.
   */
  runAgent(request: AgentRequest): Promise<ActionResult>;
  /** LOCAL activity: writes a batch of progress entries to the run log. */
  recordProgress(batch: ProgressEntry[]): Promise<void>;
}

/** Error types (ApplicationFailure.type) produced by the runtime itself. */
export const RUNTIME_ERROR_TYPES = {
  expression: 'expression_error',
  agentUnavailable: 'agent_unavailable',
  unknownAction: 'unknown_action',
  maxIterations: 'max_iterations',
  explicitFail: 'explicit_fail',
  validation: 'validation_error',
  notFound: 'not_found',
  internal: 'internal_error',
} as const;

/** Error classes a retry policy may name (mirrors ErrorClass in the IR). */
export const ERROR_CLASSES: readonly ErrorClass[] = [
  'timeout',
  'rate_limit',
  'server_error',
  'connection_error',
];

/** The step key (step id + loop indices) under which a step appears in the log and the state. */
export function stepKeyOf(stepId: string, iterationKey: string): string {
  return `${stepId}${iterationKey}`;
}

/** The idempotency key of one step execution of one run. */
export function idempotencyKeyOf(runId: string, stepId: string, iterationKey: string): string {
  return `${runId}:${stepKeyOf(stepId, iterationKey)}`;
}

/** Continue-as-new state (internal to the workflow; opaque to starters). */
export interface RunContinuation {
  /**
   * Where to resume: enclosing steps from the root; a loop segment carries its iteration (and forEach
   * items), so the resumed loops rebuild the same step keys, activity ids and idempotency keys.
   */
  resume: Array<{ stepId: string; iteration?: number; items?: unknown[] }>;
  vars: Record<string, unknown>;
  steps: Record<string, { status: StepStatus; output?: unknown; error?: RunError }>;
  bufferedEvents: RunEvent[];
  seenEventIds: string[];
  startedAt: string;
  continuedAsNew: number;
}
