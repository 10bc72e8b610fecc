/**
 * The trigger router: turns an event into runs. For every enabled automation whose trigger matches
 * (see match.ts) it checks, in order: the causation depth (a chain deeper than `chainDepthLimit` is
 * stopped and recorded FAILED `causation_depth`), the conditions when they can be decided from the
 * event alone (SKIPPED `conditions`, not counted), the run limit (an atomic reservation; over the
 * limit: SKIPPED `run_limit`), then starts `automationRun` with the automation's current applied
 * version. The workflow id is the run id, a function of (automation, event id), started with
 * USE_EXISTING / REJECT_DUPLICATE: the same event twice never starts two runs. Every outcome is a
 * run row; nothing is dropped silently. It also delivers the event to runs waiting for its type.
 */
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { monthKey } from '../../workspace/counters.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';
import type { RuntimeStores } from '../../workspace/runtime-stores.js';
import {
  type RunEvent,
  type RunInput,
  type RunOptions,
  SA_AUTOMATION,
  SA_RUN_STATUS,
  SA_WORKSPACE,
  SIGNAL_DELIVER_EVENT,
  WORKFLOW_AUTOMATION_RUN,
} from '../contract.js';
import { precheckConditions } from './conditions.js';
import { AutomationIndex, type RoutableAutomation } from './match.js';
import { runIdFor } from './run-id.js';
import { automationsAwaiting } from './waits.js';

/** What happened for one matching automation. */
export interface RouteOutcome {
  automation: string;
  runId: string;
  outcome: 'started' | 'duplicate' | 'skipped' | 'stopped';
  reason?: string;
}

export interface RouteResult {
  eventId: string;
  runs: RouteOutcome[];
  /** Runs the event was delivered to (waiting or not yet waiting for its type). */
  delivered: string[];
}

export interface RouterOptions {
  client: Client;
  stores: RuntimeStores;
  /** The current applied version of every automation (the router re-reads it per batch). */
  automations: () => Promise<RoutableAutomation[]>;
  taskQueue: string;
  workspace: string;
  /** IANA zone in which `runsPerMonth` months are counted (default UTC). */
  timeZone?: string;
  /** Longest allowed causation chain (runs caused by runs); default 5. */
  chainDepthLimit?: number;
  runOptions?: RunOptions;
  now?: () => Date;
}

export const DEFAULT_CHAIN_DEPTH_LIMIT = 5;

/** Routes events to automations (see the file comment). */
export class Router {
  constructor(private readonly options: RouterOptions) {}

  /** Matches, checks and starts runs for one event, and delivers it to waiting runs. */
  async route(event: RuntimeEvent, snapshot?: RoutableAutomation[]): Promise<RouteResult> {
    const automations = snapshot ?? (await this.options.automations());
    const delivered = await this.deliver(event, automations);
    const index = new AutomationIndex(automations, { includeDisabled: true });
    const runs: RouteOutcome[] = [];
    for (const automation of index.match(event)) runs.push(await this.startFor(automation, event));
    return { eventId: event.id, runs, delivered };
  }

  /**
   * Runs one automation for an event (also `aexy run`, which skips trigger matching). A dry run
   * neither counts toward the run limit nor has side effects.
   */
  async startFor(
    automation: RoutableAutomation,
    event: RuntimeEvent,
    options: { dryRun?: boolean; mocks?: Record<string, unknown> } = {},
  ): Promise<RouteOutcome> {
    const runId = runIdFor(automation.name, event.id);
    const base = { automation: automation.name, runId };
    if (await this.options.stores.runs.getRun(runId)) return { ...base, outcome: 'duplicate' };
    const now = (this.options.now ?? (() => new Date()))();
    if (!automation.ir.enabled) return this.skip(automation, event, runId, 'disabled');
    const limit = this.options.chainDepthLimit ?? DEFAULT_CHAIN_DEPTH_LIMIT;
    if (event.causation.length >= limit) return this.stopDeep(automation, event, runId, limit);
    const context = { runId, workspace: this.options.workspace, version: automation.version ?? 0, now };
    if (precheckConditions(automation.ir, event, context) === 'fail') {
      return this.skip(automation, event, runId, 'conditions');
    }
    if (options.dryRun) return this.start(automation, event, runId, true, options.mocks);
    const reservation = await this.options.stores.counters.reserveRun({
      automation: automation.name,
      eventId: event.id,
      runId,
      period: monthKey(now, this.options.timeZone ?? 'UTC'),
      limit: automation.ir.limits.runsPerMonth,
    });
    if (reservation.outcome === 'over_limit') return this.skip(automation, event, runId, 'run_limit');
    return this.start(automation, event, runId);
  }

  private async start(
    automation: RoutableAutomation,
    event: RuntimeEvent,
    runId: string,
    dryRun = false,
    mocks?: Record<string, unknown>,
  ): Promise<RouteOutcome> {
    const base = { automation: automation.name, runId };
    // Creating the run row is the gate: of several routers handling the same event, one creates it
    // and starts the workflow; the others report a duplicate.
    const created = await this.options.stores.runs.createRun({
      id: runId,
      automation: automation.name,
      versionId: automation.versionId,
      version: automation.version,
      status: 'PENDING',
      event,
      workflowId: runId,
    });
    if (!created) return { ...base, outcome: 'duplicate' };
    try {
      const handle = await this.options.client.workflow.start(WORKFLOW_AUTOMATION_RUN, {
        workflowId: runId,
        taskQueue: this.options.taskQueue,
        args: [{ ...this.runInput(automation, event, runId), dryRun, ...(mocks ? { mocks } : {}) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: SA_WORKSPACE, value: this.options.workspace },
          { key: SA_AUTOMATION, value: automation.name },
          { key: SA_RUN_STATUS, value: 'PENDING' },
        ],
      });
      await this.options.stores.runs.updateRun(runId, { temporalRunId: handle.firstExecutionRunId });
      return { ...base, outcome: 'started' };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { ...base, outcome: 'duplicate' };
      // Undo the gate so routing the event again (it goes back to the outbox) starts it cleanly.
      await this.options.stores.runs.deleteRun(runId, 'PENDING');
      await this.options.stores.counters.cancelReservation(automation.name, event.id);
      throw error;
    }
  }

  private runInput(automation: RoutableAutomation, event: RuntimeEvent, runId: string): RunInput {
    return {
      runId,
      workspace: this.options.workspace,
      automation: automation.ir,
      version: automation.version ?? 0,
      event: toRunEvent(event),
      causation: event.causation,
      options: this.options.runOptions,
    };
  }

  private async skip(
    automation: RoutableAutomation,
    event: RuntimeEvent,
    runId: string,
    reason: string,
  ): Promise<RouteOutcome> {
    const created = await this.options.stores.runs.createRun({
      id: runId,
      automation: automation.name,
      versionId: automation.versionId,
      version: automation.version,
      status: 'SKIPPED',
      reason,
      event,
    });
    return { automation: automation.name, runId, outcome: created ? 'skipped' : 'duplicate', reason };
  }

  private async stopDeep(
    automation: RoutableAutomation,
    event: RuntimeEvent,
    runId: string,
    limit: number,
  ): Promise<RouteOutcome> {
    const chain = event.causation.join(' -> ');
    await this.options.stores.runs.createRun({
      id: runId,
      automation: automation.name,
      versionId: automation.versionId,
      version: automation.version,
      status: 'FAILED',
      reason: 'causation_depth',
      event,
      error: {
        type: 'causation_depth',
        message: `stopped: the event was caused by a chain of ${event.causation.length} runs (${chain}), the limit is ${limit} (chainDepthLimit in aexy.yaml)`,
        retryable: false,
      },
    });
    return { automation: automation.name, runId, outcome: 'stopped', reason: 'causation_depth' };
  }

  /** Signals the event to unfinished runs that wait (or may later wait) for its type. */
  private async deliver(event: RuntimeEvent, automations: RoutableAutomation[]): Promise<string[]> {
    const runs = this.options.stores.runs;
    const ids = new Set([
      ...(await runs.runsWaitingForEvent(event.type)),
      ...(await runs.activeRuns(automationsAwaiting(automations, event.type))),
    ]);
    // A run is never woken by an event its own actions caused.
    for (const id of event.causation) ids.delete(id);
    const delivered: string[] = [];
    for (const id of ids) {
      try {
        await this.options.client.workflow.getHandle(id).signal(SIGNAL_DELIVER_EVENT, toRunEvent(event));
        delivered.push(id);
      } catch {
        // The run finished between the query and the signal: nothing to deliver to.
      }
    }
    return delivered;
  }
}

/** The contract's RunEvent (what the workflow sees as `trigger`) from a stored event. */
export function toRunEvent(event: RuntimeEvent): RunEvent {
  const out: RunEvent = {
    id: event.id,
    type: event.type,
    payload: event.payload ?? {},
    occurredAt: event.occurredAt,
    causation: event.causation,
  };
  if (event.record) out.record = event.record;
  if (event.changes) out.changes = event.changes;
  if (event.previous) out.previous = event.previous;
  return out;
}
