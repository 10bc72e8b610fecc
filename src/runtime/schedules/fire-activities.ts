/**
 * The activities of `scheduleFire`: append a fire's event to the outbox (targeted at its automation,
 * id from the scheduled time) and report the status of the run it started.
 */
import type { RuntimeStores } from '../../workspace/backend.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';
import { runIdFor } from '../router/run-id.js';
import type { ScheduleFireActivities } from '../workflows/schedule-fire.js';
import { scheduleEventId } from './schedule-spec.js';

/** The fire activities over a workspace's runtime stores (outbox and run log). */
export function createScheduleActivities(
  stores: Pick<RuntimeStores, 'events' | 'runs'>,
  now = () => new Date(),
): ScheduleFireActivities {
  return {
    async emitScheduleEvent(input) {
      const id = scheduleEventId(input.automation, input.scheduledAt);
      const event: RuntimeEvent = {
        id,
        type: input.triggerType,
        payload: { scheduledAt: input.scheduledAt, firedAt: now().toISOString() },
        causation: [],
        occurredAt: input.scheduledAt,
        source: 'schedule',
        target: input.automation,
      };
      await stores.events.append([event]);
      return { runId: runIdFor(input.automation, id) };
    },
    async scheduledRunStatus(runId) {
      return (await stores.runs.getRun(runId))?.status ?? null;
    },
  };
}
