/**
 * `scheduleFire`: the workflow a Temporal Schedule starts for an automation with a `schedule.*`
 * trigger. It appends the fire's event to the workspace outbox (event id from the scheduled time, so
 * a repeated fire never runs twice; the router starts the run as for any event) and then waits for
 * that run to finish, so the Schedule's overlap policy (from the automation's concurrency mode)
 * sees the run as in progress.
 */
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

/** Input the Schedule passes (set by reconciliation). */
export interface ScheduleFireInput {
  workspace: string;
  automation: string;
  triggerType: string;
}

/** The activities of a fire (implemented in src/runtime/schedules/fire-activities.ts). */
export interface ScheduleFireActivities {
  emitScheduleEvent(input: ScheduleFireInput & { scheduledAt: string }): Promise<{ runId: string }>;
  scheduledRunStatus(runId: string): Promise<string | null>;
}

const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);
/** Stop waiting when the router has not picked the event up by then (it stays in the outbox). */
const UNROUTED_LIMIT_MS = 10 * 60_000;

const acts = proxyActivities<ScheduleFireActivities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 10, initialInterval: '1s', maximumInterval: '30s' },
});

/** Emits one fire's event and follows its run (see the file comment). */
export async function scheduleFire(
  input: ScheduleFireInput,
): Promise<{ runId: string; status: string | null }> {
  const scheduledAt = scheduledTime();
  const { runId } = await acts.emitScheduleEvent({ ...input, scheduledAt });
  let delay = 1000;
  let unroutedFor = 0;
  for (;;) {
    const status = await acts.scheduledRunStatus(runId);
    if (status !== null && FINAL.has(status)) return { runId, status };
    if (status === null && unroutedFor >= UNROUTED_LIMIT_MS) return { runId, status };
    await sleep(delay);
    if (status === null) unroutedFor += delay;
    delay = Math.min(delay * 2, 30_000);
  }
}

/** The fire's scheduled time: Temporal appends it to the workflow id (`<id>-2026-01-05T09:00:00Z`). */
function scheduledTime(): string {
  const info = workflowInfo();
  const match = /-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/.exec(info.workflowId);
  if (match?.[1]) return new Date(match[1]).toISOString();
  return new Date(info.startTime.getTime()).toISOString();
}
