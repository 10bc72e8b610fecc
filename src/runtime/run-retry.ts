/**
 * Retrying a finished run, shared by `aexy runs retry` and `aexy serve`
 * (POST /runs/{id}/retry): a new event, a copy of the old run's event linked to it by `retryOf`,
 * is appended to the outbox and routed to that run's automation only (its current applied
 * version). The event is claimed and finished at once, so no router routes it to every match later.
 */
import type { Client } from '@temporalio/client';
import type { RuntimeEvent } from '../workspace/events/types.js';
import type { RunRecord } from '../workspace/runs/types.js';
import type { RuntimeStores } from '../workspace/runtime-stores.js';
import type { WorkspaceStore } from '../workspace/store.js';
import { createRouter } from './router/create-router.js';
import type { RouteOutcome } from './router/router.js';
import type { RuntimeSettings } from './settings.js';

const FINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];

/** Why a retry did not happen, with a message (and hint) a person can act on. */
export class RunRetryError extends Error {
  constructor(
    readonly reason: 'not-finished' | 'automation-gone',
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'RunRetryError';
  }
}

/** What a retry needs: a Temporal client, the workspace with its runtime stores, and the settings. */
export interface RetryDeps {
  client: Client;
  store: WorkspaceStore;
  stores: RuntimeStores;
  settings: RuntimeSettings;
  /** Who claims the new event in the outbox (`cli:PID`, `serve:TOKEN`). */
  claimant: string;
}

/** The new run's outcome (started, or why not), linked to the run it retries. */
export type RetryOutcome = RouteOutcome & { retryOf: string; eventId: string };

/** Retries a finished run (see the file comment); throws RunRetryError when it cannot. */
export async function retryRun(deps: RetryDeps, old: RunRecord): Promise<RetryOutcome> {
  assertRetryable(old);
  const { router, automations } = createRouter(deps);
  const automation = (await automations()).find((a) => a.name === old.automation);
  if (!automation)
    throw new RunRetryError(
      'automation-gone',
      `automation ${old.automation} is no longer applied in this workspace`,
    );
  const event = await retryEvent(deps.stores, old);
  await deps.stores.events.append([event]);
  await deps.stores.events.claimOne(event.id, deps.claimant);
  // Routed to this automation only: mark it done, or a router would route it to every match later.
  await deps.stores.events.finish(event.id);
  const outcome = await router.startFor(automation, event, {});
  return { retryOf: old.id, eventId: event.id, ...outcome };
}

/** Throws RunRetryError unless the run has ended (a run still going is cancelled first). */
export function assertRetryable(run: RunRecord): void {
  if (!FINAL.includes(run.status))
    throw new RunRetryError(
      'not-finished',
      `run ${run.id} is still ${run.status}`,
      `cancel it first: aexy runs cancel ${run.id}`,
    );
}

/** The old run's event with a new id (`~retryN`, N counting earlier retries) and `retryOf`. */
async function retryEvent(stores: RuntimeStores, old: RunRecord): Promise<RuntimeEvent> {
  const earlier = await stores.runs.listRuns({ automation: old.automation, limit: 1000 });
  const attempt = earlier.filter((r) => r.event.retryOf === old.id).length;
  return {
    ...old.event,
    id: `${old.event.id}~retry${attempt + 1}`,
    retryOf: old.id,
    occurredAt: new Date().toISOString(),
  };
}
