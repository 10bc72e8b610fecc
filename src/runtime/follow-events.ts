/**
 * Following what some events caused: waits until a router has routed them (the events leave the
 * outbox), then follows every run they started through the run log until each finishes. Used by
 * `--wait` on `aexy records ...` and `aexy events emit`.
 */

import type { RunRecord } from '../workspace/runs/types.js';
import type { RuntimeStores } from '../workspace/runtime-stores.js';
import { type FollowOptions, followRun } from './follow-run.js';

export interface FollowEventsResult {
  /** False when some event was still unrouted at the deadline (no router running?). */
  routed: boolean;
  /** The runs the events caused, finished or as last seen. */
  runs: RunRecord[];
}

/** Waits for the events to be routed, then for their runs to finish (within `timeoutMs` overall). */
export async function followEvents(
  stores: RuntimeStores,
  eventIds: string[],
  options: FollowOptions & { onRunStart?: (run: RunRecord) => void },
): Promise<FollowEventsResult> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 150;
  while (!(await allRouted(stores, eventIds))) {
    if (Date.now() > deadline) return { routed: false, runs: await stores.runs.listRuns({ eventIds }) };
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const runs = (await stores.runs.listRuns({ eventIds })).reverse();
  const finished: RunRecord[] = [];
  for (const run of runs) {
    options.onRunStart?.(run);
    const left = Math.max(deadline - Date.now(), 0);
    finished.push((await followRun(stores.runs, run.id, { ...options, timeoutMs: left })) ?? run);
  }
  return { routed: true, runs: finished };
}

/** Routed means finished: a claimed event's runs may not exist yet while its router is still at work. */
async function allRouted(stores: RuntimeStores, eventIds: string[]): Promise<boolean> {
  for (const id of eventIds) {
    const stored = await stores.events.get(id);
    if (!stored?.finishedAt) return false;
  }
  return true;
}
