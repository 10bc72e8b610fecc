/**
 * Reconciles the workspace's schedule triggers with Temporal Schedules: creates the missing ones,
 * updates those whose cron, zone, overlap policy or task queue changed, pauses the schedules of
 * disabled automations (and unpauses them again), and deletes schedules of this workspace whose
 * automation is gone or no longer has a schedule trigger. Apply only writes the workspace; the
 * runtime calls this at start and whenever the workspace serial changes.
 */
import { createHash } from 'node:crypto';
import { type Client, ScheduleAlreadyRunning, ScheduleNotFoundError } from '@temporalio/client';
import type { AutomationIR } from '../../ir/types.js';
import type { ScheduleFireInput } from '../workflows/schedule-fire.js';
import { isTimeZone, parseCron } from './cron.js';
import { type ScheduleDef, scheduleIdFor, scheduleOf, schedulePrefix } from './schedule-spec.js';

export interface ReconcileOptions {
  client: Client;
  workspace: string;
  taskQueue: string;
  /** Zone of schedules without `timezone` (the project's). */
  timeZone: string;
  automations: AutomationIR[];
}

/** What reconciliation did, by schedule id. */
export interface ReconcileResult {
  created: string[];
  updated: string[];
  paused: string[];
  unpaused: string[];
  deleted: string[];
  unchanged: string[];
  /** Schedules not created or updated: the cron expression or time zone is invalid. */
  invalid: Array<{ id: string; message: string }>;
}

/** The fire input the schedule passes, with a hash of everything that defines the schedule. */
type FireArgs = ScheduleFireInput & { hash: string };

/** Brings Temporal's schedules of the workspace in line with its automations. */
export async function reconcileSchedules(options: ReconcileOptions): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    created: [],
    updated: [],
    paused: [],
    unpaused: [],
    deleted: [],
    unchanged: [],
    invalid: [],
  };
  const wanted = new Map<string, ScheduleDef & { triggerType: string }>();
  for (const automation of options.automations) {
    const def = scheduleOf(automation, options.timeZone);
    if (def)
      wanted.set(scheduleIdFor(options.workspace, def.automation), {
        ...def,
        triggerType: automation.trigger.type,
      });
  }
  for (const [id, def] of wanted) {
    const problem = invalidReason(def);
    if (problem) result.invalid.push({ id, message: `${def.automation}: ${problem}` });
    else await ensure(options, id, def, result);
  }
  for (const id of await existingIds(options.client, options.workspace)) {
    if (wanted.has(id)) continue;
    await deleteSchedule(options.client, id);
    result.deleted.push(id);
  }
  return result;
}

async function ensure(
  options: ReconcileOptions,
  id: string,
  def: ScheduleDef & { triggerType: string },
  result: ReconcileResult,
): Promise<void> {
  const handle = options.client.schedule.getHandle(id);
  const desired = scheduleOptions(options, id, def);
  const current = await handle.describe().catch((error) => {
    if (error instanceof ScheduleNotFoundError) return undefined;
    throw error;
  });
  if (!current) {
    try {
      await options.client.schedule.create({ scheduleId: id, ...desired, state: { paused: def.paused } });
      result.created.push(id);
    } catch (error) {
      // Another host (a second `aexy worker`) created it between our describe and create.
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      result.unchanged.push(id);
    }
    return;
  }
  const args = (current.action.args?.[0] ?? {}) as Partial<FireArgs>;
  const changed = args.hash !== desired.action.args[0].hash;
  if (changed) {
    await handle.update(() => ({ ...desired, state: { paused: def.paused } }));
    result.updated.push(id);
  } else if (current.state.paused !== def.paused) {
    await (def.paused ? handle.pause('automation disabled') : handle.unpause('automation enabled'));
    result[def.paused ? 'paused' : 'unpaused'].push(id);
  } else result.unchanged.push(id);
}

function scheduleOptions(options: ReconcileOptions, id: string, def: ScheduleDef & { triggerType: string }) {
  const hash = createHash('sha256')
    .update(JSON.stringify([def.cron, def.timeZone, def.overlap, options.taskQueue, def.triggerType]))
    .digest('hex')
    .slice(0, 16);
  const args: FireArgs = {
    workspace: options.workspace,
    automation: def.automation,
    triggerType: def.triggerType,
    hash,
  };
  return {
    spec: { cronExpressions: [def.cron], timezone: def.timeZone },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'scheduleFire',
      workflowId: id.replace('aexy-schedule/', 'aexy-fire/'),
      taskQueue: options.taskQueue,
      args: [args] as [FireArgs],
    },
    policies: { overlap: def.overlap, catchupWindow: '1 day' },
  };
}

/** Why Temporal would refuse the schedule, checked here so the message names the automation. */
function invalidReason(def: ScheduleDef): string | undefined {
  if (!isTimeZone(def.timeZone)) return `unknown time zone "${def.timeZone}"`;
  try {
    parseCron(def.cron);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Ids of this workspace's schedules (listing is eventually consistent; the next pass catches up). */
async function existingIds(client: Client, workspace: string): Promise<string[]> {
  const prefix = schedulePrefix(workspace);
  const ids: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (summary.scheduleId.startsWith(prefix)) ids.push(summary.scheduleId);
  }
  return ids;
}

async function deleteSchedule(client: Client, id: string): Promise<void> {
  await client.schedule
    .getHandle(id)
    .delete()
    .catch((error) => {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    });
}
