/**
 * The mutable state of one interpreter run: status, step results (`steps.<id>`), variables, pending
 * waits and approvals, buffered events and the progress entries not yet written to the run log.
 * Plain data plus small methods; deterministic (lives inside the workflow sandbox).
 */
import type { AutomationIR } from '../../ir/types.js';
import {
  type ApprovalDecision,
  type PendingApproval,
  type PendingWait,
  type ProgressEntry,
  RUNTIME_DEFAULTS,
  type RunError,
  type RunEvent,
  type RunInput,
  type RunReason,
  type RunStateView,
  type RunStatus,
  type StepStatus,
  type StepView,
} from '../contract.js';

/** `steps.<id>` as expressions see it. */
export interface StepResult {
  status: StepStatus;
  output?: unknown;
  error?: RunError;
}

/** Step results visible in one scope; concurrent loop iterations get their own layer over the parent. */
export class StepResults {
  private readonly own: Record<string, StepResult> = {};

  constructor(private readonly parent?: StepResults) {}

  set(stepId: string, result: StepResult): void {
    this.own[stepId] = result;
    this.parent?.set(stepId, result);
  }

  get(stepId: string): StepResult | undefined {
    return this.own[stepId] ?? this.parent?.get(stepId);
  }

  /** A plain object for CEL (innermost layer wins). */
  all(): Record<string, StepResult> {
    return { ...(this.parent?.all() ?? {}), ...this.own };
  }
}

export interface PendingApprovalState extends PendingApproval {
  decision?: ApprovalDecision;
  /** An approval of a child agent run: decisions are forwarded to this workflow id. */
  forwardTo?: string;
}

const MAX_STEP_VIEWS = 500;
const MAX_SEEN_EVENTS = 1000;

export class RunState {
  status: RunStatus = 'RUNNING';
  reason?: RunReason;
  readonly steps: StepResults;
  vars: Record<string, unknown>;
  readonly waits = new Map<string, PendingWait>();
  readonly approvals = new Map<string, PendingApprovalState>();
  /** Delivered events not consumed by a wait yet (oldest first). */
  events: RunEvent[];
  readonly seenEventIds: string[];
  readonly views = new Map<string, StepView>();
  /** Progress not yet written to the run log. */
  pending: ProgressEntry[] = [];
  /** Agents started with waitForCompletion false; the run waits for them before it finishes. */
  readonly detached: Promise<void>[] = [];
  readonly startedAt: string;
  readonly continuedAsNew: number;

  constructor(
    readonly input: RunInput,
    now: string,
  ) {
    const c = input.continuation;
    this.steps = new StepResults();
    for (const [id, result] of Object.entries(c?.steps ?? {})) this.steps.set(id, result);
    this.vars = { ...(c?.vars ?? {}) };
    this.events = [...(c?.bufferedEvents ?? [])];
    this.seenEventIds = [...(c?.seenEventIds ?? [])];
    this.startedAt = c?.startedAt ?? now;
    this.continuedAsNew = c?.continuedAsNew ?? 0;
  }

  get automation(): AutomationIR {
    return this.input.automation;
  }

  get runId(): string {
    return this.input.runId;
  }

  /** Records a run status change for the log. */
  setStatus(status: RunStatus, at: string, extra: { reason?: RunReason; error?: RunError } = {}): void {
    this.status = status;
    this.reason = extra.reason;
    this.pending.push({ kind: 'run', runId: this.runId, status, at, ...extra });
  }

  /** Records a step status change for the log and the query view. */
  stepProgress(
    entry: Omit<Extract<ProgressEntry, { kind: 'step' }>, 'kind' | 'runId'>,
    options: { log?: boolean } = {},
  ): void {
    this.view({
      stepId: entry.stepId,
      stepKey: entry.stepKey,
      kind: entry.stepKind,
      status: entry.status,
      attempt: entry.attempt,
      error: entry.error,
    });
    if (options.log !== false) this.pending.push({ kind: 'step', runId: this.runId, ...entry });
  }

  note(at: string, note: string, extra: { stepId?: string; stepKey?: string; data?: unknown } = {}): void {
    this.pending.push({ kind: 'note', runId: this.runId, note, at, ...extra });
  }

  /** Updates the query view of a step (bounded: the oldest keys are dropped). */
  view(view: StepView): void {
    this.views.delete(view.stepKey);
    this.views.set(view.stepKey, view);
    if (this.views.size > MAX_STEP_VIEWS) this.views.delete(this.views.keys().next().value as string);
  }

  /** Takes the pending progress (to piggy-back on an activity or flush). */
  takeProgress(): ProgressEntry[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** Buffers a delivered event unless its id was seen before. Returns false for duplicates. */
  deliver(event: RunEvent): boolean {
    if (this.seenEventIds.includes(event.id)) return false;
    this.seenEventIds.push(event.id);
    if (this.seenEventIds.length > MAX_SEEN_EVENTS) this.seenEventIds.shift();
    this.events.push(event);
    if (this.events.length > RUNTIME_DEFAULTS.eventBufferSize) this.events.shift();
    return true;
  }

  /** Removes a buffered event once a wait consumed it. */
  consume(eventId: string): void {
    this.events = this.events.filter((e) => e.id !== eventId);
  }

  /** The `runState` query result. */
  snapshot(): RunStateView {
    return {
      runId: this.runId,
      status: this.status,
      reason: this.reason,
      version: this.input.version,
      automation: this.automation.metadata.name,
      waits: [...this.waits.values()],
      approvals: [...this.approvals.values()].map(({ decision: _d, forwardTo: _f, ...approval }) => approval),
      steps: [...this.views.values()],
      vars: this.vars,
      continuedAsNew: this.continuedAsNew,
    };
  }
}
