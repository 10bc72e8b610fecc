/**
 * The router's early look at an automation's conditions: when no `on_start` agent runs before them,
 * conditions depend only on the event, so a run whose conditions do not hold is recorded SKIPPED
 * (`conditions`) without a workflow and without using the run limit. Anything the router cannot
 * decide (an evaluation error, on_start agents) is left to the workflow, which reports it.
 */
import { evaluateCondition } from '../../cel/index.js';
import type { AutomationIR } from '../../ir/types.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';

export type ConditionVerdict = 'pass' | 'fail' | 'undecided';

/** Evaluates the automation's conditions against the event the way the workflow would at its start. */
export function precheckConditions(
  automation: AutomationIR,
  event: RuntimeEvent,
  context: { runId: string; workspace: string; version: number; now: Date },
): ConditionVerdict {
  if (!automation.conditions) return 'pass';
  if (automation.agents.some((a) => a.at === 'on_start')) return 'undecided';
  const activation = {
    trigger: {
      id: event.id,
      type: event.type,
      payload: event.payload ?? {},
      changes: event.changes ?? {},
      previous: event.previous ?? {},
      occurredAt: event.occurredAt,
    },
    record: event.record ?? null,
    steps: {},
    vars: {},
    run: {
      id: context.runId,
      attempt: 1,
      started_at: context.now.toISOString(),
      version: context.version,
      dry_run: false,
    },
    automation: {
      name: automation.metadata.name,
      labels: automation.metadata.labels,
      module: automation.module,
      version: context.version,
    },
    workspace: { name: context.workspace },
    now: context.now,
  };
  const result = evaluateCondition(automation.conditions.cel, activation);
  if (!result.ok) return 'undecided';
  return result.value ? 'pass' : 'fail';
}
